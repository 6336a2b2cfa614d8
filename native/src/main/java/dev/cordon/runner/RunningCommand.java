package dev.cordon.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A command started through {@code ProcessBuilder} (the runner's portable path): streams stdout/stderr as frames (blocking when the host is slow, so memory stays bounded),
 * forwards stdin, enforces the timeout, and when the main process exits kills whatever it left in its cgroup
 * (daemons) before reporting the exit.
 */
final class RunningCommand implements RunnerCommand {
    private static final int CHUNK = 64 * 1024;
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runner-timeouts");
        t.setDaemon(true);
        return t;
    });
    /** Pump, stdin and wait threads are reused across commands: creating four threads per command costs ~1 ms here. */
    static final java.util.concurrent.ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runner-io");
        t.setDaemon(true);
        return t;
    });

    private final String id;
    private final Process process;
    private final CommandCgroup cgroup;
    private final RunnerFrames.Writer writer;
    private final AtomicReference<String> killedBecause = new AtomicReference<>();
    private final StdinQueue stdin;
    private final long timeoutMillis;
    private final Runnable onDone;
    private volatile ScheduledFuture<?> timeout;

    RunningCommand(String id, Process process, CommandCgroup cgroup, long timeoutMillis, RunnerFrames.Writer writer,
                   Runnable onDone) {
        this.id = id;
        this.process = process;
        this.cgroup = cgroup;
        this.writer = writer;
        this.timeoutMillis = timeoutMillis;
        this.onDone = onDone;
        this.stdin = new StdinQueue(bytes -> writer.write(CommandFrames.stdinAck(id, bytes)));
    }

    /** Reports the start and begins streaming, waiting and timing; register the command before (it may end at once). */
    void begin() {
        writer.write(CommandFrames.started(id, process.pid()));
        java.util.concurrent.Future<?> out = pump(process.getInputStream(), 1);
        java.util.concurrent.Future<?> err = pump(process.getErrorStream(), 2);
        IO.execute(this::feedStdin);
        timeout = timeoutMillis > 0 ? TIMERS.schedule(() -> kill("timeout"), timeoutMillis, TimeUnit.MILLISECONDS) : null;
        IO.execute(() -> waitAndReport(out, err, onDone));
    }

    private java.util.concurrent.Future<?> pump(InputStream stream, int fd) {
        return IO.submit(() -> {
            byte[] buf = new byte[CHUNK];
            try (stream) {
                int n;
                while ((n = stream.read(buf)) > 0) {
                    writer.write(CommandFrames.output(id, fd, buf, n));
                }
            } catch (IOException e) {
                // the pipe closes when the command's tree is killed: the end of output, not an error
            }
        });
    }

    @Override
    public void stdin(byte[] data, boolean eof) {
        stdin.put(data, eof);
    }

    private void feedStdin() {
        try (OutputStream in = process.getOutputStream()) {
            byte[] chunk;
            while ((chunk = stdin.take()) != null) {
                in.write(chunk);
                in.flush();
                stdin.written(chunk.length);
            }
        } catch (IOException e) {
            // the command closed its stdin or exited: further input has nowhere to go
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stdin.close();
        }
    }

    @Override
    public void kill(String reason) {
        if (!killedBecause.compareAndSet(null, reason)) {
            return;
        }
        try {
            if (cgroup != null) {
                cgroup.kill();
            } else {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("cordon-runner: kill of " + id + " failed: " + e);
            process.destroyForcibly();
        }
    }

    private void waitAndReport(java.util.concurrent.Future<?> out, java.util.concurrent.Future<?> err, Runnable onDone) {
        int code;
        try {
            code = process.waitFor();
            if (timeout != null) {
                timeout.cancel(false);
            }
            // what the command left running (a double-forked daemon) goes with it, and its pipes close
            if (cgroup != null) {
                cgroup.kill();
            }
            out.get();
            err.get();
            if (cgroup != null) {
                cgroup.remove();
            }
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
            code = 125;
            System.err.println("cordon-runner: waiting for " + id + " failed: " + e);
        }
        stdin.close(); // lets the stdin thread end (it may already have) and the main thread never wait on it
        onDone.run();
        writer.write(CommandFrames.exit(id, code, killedBecause.get()));
    }
}
