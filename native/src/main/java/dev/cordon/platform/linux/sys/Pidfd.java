package dev.cordon.platform.linux.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One process pinned by a pidfd: signals and waits reach exactly that process even after its pid has been given to
 * another one. Close it when done; the process itself is not affected.
 */
public final class Pidfd implements AutoCloseable {
    public static final int SIGTERM = 15;
    public static final int SIGKILL = 9;
    /** The same number on x86_64 and aarch64. */
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    /** {@code siginfo_t} offsets: si_code, si_pid and si_status (the same on x86_64 and aarch64). */
    private static final int SI_CODE = 8;
    private static final int SI_PID = 16;
    private static final int SI_STATUS = 24;
    private static final int CLD_EXITED = 1;

    private final LinuxLibc libc;
    private final int fd;
    private final long pid;
    private boolean closed;

    private Pidfd(LinuxLibc libc, int fd, long pid) {
        this.libc = libc;
        this.fd = fd;
        this.pid = pid;
    }

    /** Pins {@code pid}; empty when the process has already exited. */
    public static Optional<Pidfd> open(long pid) {
        return open(LinuxLibc.libc(), pid);
    }

    /** As {@link #open(long)}, through {@code libc} (a test's recording one). */
    public static Optional<Pidfd> open(LinuxLibc libc, long pid) {
        try {
            return Optional.of(new Pidfd(libc, (int) libc.syscall(LinuxLibc.SYS_PIDFD_OPEN, pid, 0, 0, 0), pid));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxLibc.ESRCH) {
                return Optional.empty();
            }
            throw new IllegalStateException("pidfd_open(" + pid + ") failed: errno " + e.getErrorCode(), e);
        }
    }

    /** Takes ownership of a pidfd the kernel gave us (clone3 with CLONE_PIDFD). */
    public static Pidfd adopt(int fd, long pid) {
        return new Pidfd(LinuxLibc.libc(), fd, pid);
    }

    public long pid() {
        return pid;
    }

    /** The descriptor, for a poll set (readable once the process has exited); -1 once closed. */
    public synchronized int number() {
        return closed ? -1 : fd;
    }

    /** 0 when delivered, else the errno ({@link LinuxLibc#ESRCH}: the process has exited, or this pidfd is closed). */
    public synchronized int signal(int signal) {
        if (closed) {
            return LinuxLibc.ESRCH;
        }
        try {
            libc.syscall(LinuxLibc.SYS_PIDFD_SEND_SIGNAL, fd, signal, 0, 0);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /**
     * Waits for our child to exit and reaps it; the status as {@link Process#waitFor()} gives it: the exit code, or 128
     * plus the signal that ended it.
     */
    public int awaitExit() {
        requireOpen();
        return waitid(LinuxLibc.WEXITED).orElseThrow(); // not under the lock: signal() must work while we wait
    }

    /** Our child's status if it has exited, without waiting and without reaping it; empty while it runs. */
    public synchronized OptionalInt peekExit() {
        requireOpen();
        return waitid(LinuxLibc.WEXITED | LinuxLibc.WNOHANG | LinuxLibc.WNOWAIT);
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the pidfd of " + pid + " is closed");
        }
    }

    /** Callers must not close this pidfd while it runs (a reused descriptor number would be waited on). */
    private OptionalInt waitid(int options) {
        try (Memory info = new Memory(LinuxLibc.SIGINFO_SIZE)) {
            info.clear();
            while (true) {
                try {
                    libc.waitid(LinuxLibc.P_PIDFD, fd, info, options);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LinuxLibc.EINTR) {
                        throw new IllegalStateException("waitid(pidfd of " + pid + ") failed: errno " + e.getErrorCode(), e);
                    }
                }
            }
            if (info.getInt(SI_PID) == 0) {
                return OptionalInt.empty();
            }
            int status = info.getInt(SI_STATUS);
            return OptionalInt.of(info.getInt(SI_CODE) == CLD_EXITED ? status : 128 + status);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
