package dev.cordon.platform.linux.cgroup;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.cordon.core.CordonException;

import java.util.OptionalInt;

/** SIGKILL through pidfds, so a pid the kernel gives to another process in the meantime is never signalled. */
final class PidfdSignals {
    private static final long SYS_PIDFD_SEND_SIGNAL = 424; // same number on every architecture (>= 424 are unified)
    private static final long SYS_PIDFD_OPEN = 434;
    static final int SIGKILL = 9;
    private static final int ESRCH = 3;

    interface Syscalls extends Library {
        long syscall(long number, Object... args) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** Loaded on first use, so detecting the layout never loads libc. */
    private static final class Holder {
        static final Syscalls INSTANCE = Native.load("c", Syscalls.class);
    }

    private PidfdSignals() {
    }

    /** A pidfd for {@code pid}, or empty when the process has already exited. */
    static OptionalInt open(long pid) {
        try {
            return OptionalInt.of((int) Holder.INSTANCE.syscall(SYS_PIDFD_OPEN, (int) pid, 0));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return OptionalInt.empty();
            }
            throw CordonException.internal("pidfd_open(" + pid + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    /** Sends SIGKILL; an exit between open and send is fine: the process is gone either way. */
    static void kill(int pidfd, long pid) {
        try {
            Holder.INSTANCE.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, SIGKILL, null, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ESRCH) {
                throw CordonException.internal("pidfd_send_signal(" + pid + ", SIGKILL) failed: errno "
                        + e.getErrorCode(), e);
            }
        }
    }

    static void close(int pidfd) {
        Holder.INSTANCE.close(pidfd);
    }
}
