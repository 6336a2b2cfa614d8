package dev.cordon.platform.linux.spawn;

import dev.cordon.platform.linux.LinuxLibc;
import dev.cordon.platform.linux.Pidfd;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;

/**
 * A command started by {@link CgroupSpawner}: pipes for its stdin, stdout and stderr, and a pidfd through which it is
 * waited for and signalled. The thread in {@link #waitFor()} reaps it (no JDK reaper thread is involved) and then
 * closes the pidfd; signals after that are no-ops, never a signal to a reused pid.
 */
final class SpawnedProcess extends Process {
    private final Pidfd pidfd;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final Object reapLock = new Object();
    private volatile Integer exit;

    SpawnedProcess(Pidfd pidfd, OutputStream stdin, InputStream stdout, InputStream stderr) {
        this.pidfd = pidfd;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() {
        Integer known = exit;
        if (known != null) {
            return known;
        }
        synchronized (reapLock) {
            if (exit == null) {
                exit = pidfd.awaitExit();
                pidfd.close();
            }
            return exit;
        }
    }

    @Override
    public int exitValue() {
        Integer known = exit;
        if (known != null) {
            return known;
        }
        OptionalInt status = peek();
        if (status.isEmpty()) {
            throw new IllegalThreadStateException("process " + pid() + " has not exited");
        }
        return status.getAsInt();
    }

    @Override
    public boolean isAlive() {
        return exit == null && peek().isEmpty();
    }

    /** The status without reaping; a closed pidfd means {@link #waitFor} has reaped it meanwhile. */
    private OptionalInt peek() {
        try {
            return pidfd.peekExit();
        } catch (IllegalStateException closedMeanwhile) {
            Integer known = exit;
            if (known == null) {
                throw closedMeanwhile;
            }
            return OptionalInt.of(known);
        }
    }

    @Override
    public void destroy() {
        pidfd.signal(Pidfd.SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        pidfd.signal(Pidfd.SIGKILL);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public long pid() {
        return pidfd.pid();
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid()).orElseThrow(() -> new IllegalStateException(
                "process " + pid() + " has exited (errno " + LinuxLibc.ESRCH + ")"));
    }
}
