package dev.cordon.platform.linux.spawn;

import dev.cordon.platform.ConfinedProcess;
import dev.cordon.platform.linux.cgroup.CommandCgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A command started through {@code ProcessBuilder} (the runner's portable path), in its cgroup when the session has
 * one. Two pump threads read stdout and stderr and a third waits for the exit; each hands what it saw to the thread
 * that follows the command through a small queue (bounded: a slow host stops the pumps, so memory stays bounded).
 */
final class JdkProcess implements ConfinedProcess {
    private static final int CHUNK = 64 * 1024;

    private record Chunk(int stream, byte[] data) {
    }

    private final Process process;
    private final CommandCgroup cgroup;
    private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(4);
    private volatile boolean closed;

    /** @param cgroup the command's own cgroup, or null when the session has none */
    JdkProcess(Process process, CommandCgroup cgroup, Executor io) {
        this.process = process;
        this.cgroup = cgroup;
        io.execute(() -> pump(process.getInputStream(), STDOUT));
        io.execute(() -> pump(process.getErrorStream(), STDERR));
        io.execute(this::awaitExit);
    }

    private void pump(InputStream stream, int fd) {
        byte[] buf = new byte[CHUNK];
        try (stream) {
            int n;
            while ((n = stream.read(buf)) > 0) {
                hand(new Chunk(fd, Arrays.copyOf(buf, n)));
            }
        } catch (IOException e) {
            // the pipe closes when the command's tree is killed: the end of output, not an error
        }
        hand(new OutputEnd(fd));
    }

    private void awaitExit() {
        hand(new Exit(exitCode()));
    }

    /** Waits for the exit even if interrupted (the interrupt is kept): the command must not be left unreaped. */
    private int exitCode() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits while the follower is behind; drops the event once nobody follows any more. */
    private void hand(Object event) {
        try {
            while (!closed && !events.offer(event, 100, TimeUnit.MILLISECONDS)) {
                // the host is slow: keep the command waiting rather than its output in memory
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Event next(byte[] buffer, int timeoutMillis) throws IOException {
        Object event;
        try {
            event = timeoutMillis < 0 ? events.take() : events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while following " + process.pid());
        }
        if (event instanceof Chunk c) {
            System.arraycopy(c.data(), 0, buffer, 0, c.data().length);
            return new Output(c.stream(), c.data().length);
        }
        return (Event) event;
    }

    @Override
    public void writeStdin(byte[] data) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(data);
        in.flush();
    }

    @Override
    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the command exited: there is nothing left to close
        }
    }

    /**
     * Stops following the streams without closing them: a pump may be blocked reading one, and a descriptor closed
     * under a blocked read could be reused by the next open. The pumps end (and close them) when the last holder does.
     */
    @Override
    public void closeOutput() {
        closed = true;
        events.clear();
    }

    @Override
    public boolean containerEmpty() throws IOException {
        return cgroup == null || cgroup.empty(); // without a cgroup nothing is known of what the command left
    }

    @Override
    public void killTree() throws IOException {
        if (cgroup != null) {
            cgroup.kill();
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public void killMain() {
        process.destroyForcibly();
    }

    @Override
    public void reap() {
        exitCode();
    }

    @Override
    public boolean awaitEmpty(long millis) throws IOException, InterruptedException {
        return cgroup == null || cgroup.awaitEmpty(millis);
    }

    @Override
    public void close() {
        closeOutput();
    }
}
