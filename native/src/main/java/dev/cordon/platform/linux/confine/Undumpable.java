package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

/**
 * Makes the calling process non-dumpable ({@code PR_SET_DUMPABLE 0}): its {@code /proc/PID} entries (mem, maps, fd,
 * environ, and every {@code task/TID/...}) belong to root and ptrace access needs {@code CAP_SYS_PTRACE}, so a process
 * of the same uid (a command of the session) cannot read the runner's memory through a confined worker thread. The
 * flag belongs to the memory map: a child sharing it until exec (the native spawn) is covered too; a command's own
 * image gets the default again at exec. Root still manages the process (signals, cgroups, /proc).
 */
public final class Undumpable {
    private Undumpable() {
    }

    /** Sets the flag and reads it back; a failure is an {@code INTERNAL} error (the runner must not go on without it). */
    public static void apply() {
        try {
            LinuxSyscalls.libc().prctl(LinuxSyscalls.PR_SET_DUMPABLE, 0, 0, 0, 0);
            int now = LinuxSyscalls.libc().prctl(LinuxSyscalls.PR_GET_DUMPABLE, 0, 0, 0, 0);
            if (now != 0) {
                throw new CordonException(ExitCode.INTERNAL, "prctl(PR_SET_DUMPABLE, 0) did not hold: dumpable is " + now,
                        "Report this: the kernel ignored the request.");
            }
        } catch (LastErrorException e) {
            throw new CordonException(ExitCode.INTERNAL, "prctl(PR_SET_DUMPABLE, 0) failed: errno " + e.getErrorCode(),
                    "Report this with `cordon doctor` output.", e);
        }
    }
}
