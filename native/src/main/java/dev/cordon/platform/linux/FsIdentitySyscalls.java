package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.cordon.platform.linux.sys.LinuxLibc;

/**
 * The raw syscalls that set one thread's filesystem identity, for {@link AsUser}: {@code setfsuid}, {@code setfsgid},
 * {@code setgroups} and {@code getgroups}. Raw syscalls, never the libc wrappers: glibc's {@code setgroups} changes the
 * groups of <em>every</em> thread of the process (its "setxid broadcast"); the kernel call changes only the calling
 * thread's credentials. Arguments are {@code long} (see {@link dev.cordon.platform.linux.confine.LinuxSyscalls}).
 */
interface FsIdentitySyscalls extends LinuxLibc {
    final class Holder {
        static final FsIdentitySyscalls INSTANCE = Native.load("c", FsIdentitySyscalls.class);

        private Holder() {
        }
    }

    static FsIdentitySyscalls libc() {
        return Holder.INSTANCE;
    }

    /** {@code setfsuid(id)}, {@code setfsgid(id)}: return the previous id; never fail (an invalid id changes nothing). */
    long syscall(long number, long id);

    /** {@code setgroups(size, list)} and {@code getgroups(size, list)}. */
    long syscall(long number, long size, int[] list) throws LastErrorException;

    /** The numbers of these calls: the old, per-architecture part of the syscall table. */
    record Numbers(long setfsuid, long setfsgid, long setgroups, long getgroups) {
        static Numbers current() {
            String arch = System.getProperty("os.arch");
            return switch (arch) {
                case "amd64", "x86_64" -> new Numbers(122, 123, 116, 115);
                case "aarch64", "arm64" -> new Numbers(151, 152, 159, 158);
                default -> throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.UNAVAILABLE,
                        "Cordon cannot check file access as another user on the CPU architecture `" + arch + "`.",
                        "Run Cordon on x86_64 or aarch64.");
            };
        }
    }
}
