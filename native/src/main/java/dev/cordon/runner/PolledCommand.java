package dev.cordon.runner;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.OwnedFd;
import dev.cordon.platform.linux.sys.Pidfd;
import dev.cordon.platform.linux.confine.ConfinedWorkers;
import dev.cordon.platform.linux.confine.SeccompFilter;
import dev.cordon.platform.linux.spawn.CgroupSpawner;
import dev.cordon.platform.linux.spawn.SpawnedCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A command whose whole life runs on one confined worker: spawned straight into its cgroup, then one {@code poll}
 * loop over its stdout, stderr and pidfd — output becomes frames (blocking when the host is slow, so memory stays
 * bounded), the timeout is the poll's, and when the main process exits whatever it left (daemons) is killed through
 * the cgroup before the exit is reported. No pump, wait or timer threads and no hand-offs on the way to the exit
 * frame; stdin gets a feeder thread only when the host actually sends data.
 */
final class PolledCommand implements RunnerCommand, ConfinedWorkers.Task {
    private static final int CHUNK = 64 * 1024;
    /** After the exit and the cgroup kill, pipes close at once; a pipe handed to a process elsewhere would not. */
    private static final long DRAIN_AFTER_EXIT_NANOS = 2_000_000_000L;
    private static final long EMPTY_WAIT_MILLIS = 5_000;
    /**
     * The started frame waits this long in the buffer: a short command's exit frame takes it along in one write (one
     * wake-up of the host instead of two); a longer one's pid reaches the host this late.
     */
    private static final long STARTED_FLUSH_DELAY_NANOS = 2_000_000;
    private static final int POLLFD_SIZE = 8;
    private static final int REVENTS = 6;

    private final String id;
    private final ExecRequest request;
    private final CommandCgroup cgroup;
    private final RunnerFrames.Writer writer;
    private final Runnable onDone;
    private final Executor io;
    private final Executor cleanup;
    private final SeccompFilter childFilter;
    private final AtomicReference<String> killedBecause = new AtomicReference<>();
    private final CountDownLatch spawnDone = new CountDownLatch(1);
    private final StdinQueue stdinChunks;
    /** Guarded by this: the spawned command (null before and if it never starts) and the stdin hand-over. */
    private SpawnedCommand spawned;
    private boolean feeding;
    private boolean stdinEnded;

    /**
     * @param io      unconfined threads (the stdin feeder)
     * @param cleanup an unconfined thread that removes the cgroup afterwards (a confined worker may not)
     * @param childFilter what the child stacks on the worker's filter before exec (null: nothing)
     */
    PolledCommand(String id, ExecRequest request, CommandCgroup cgroup, RunnerFrames.Writer writer, Runnable onDone,
                  Executor io, Executor cleanup, SeccompFilter childFilter) {
        this.id = id;
        this.request = request;
        this.cgroup = cgroup;
        this.writer = writer;
        this.onDone = onDone;
        this.io = io;
        this.cleanup = cleanup;
        this.childFilter = childFilter;
        this.stdinChunks = new StdinQueue(bytes -> writer.write(CommandFrames.stdinAck(id, bytes)));
    }

    @Override
    public void run() {
        SpawnedCommand c;
        try {
            c = CgroupSpawner.start(request.argv(), request.env(), request.cwd(), OptionalInt.of(cgroup.dirFd().number()),
                    childFilter);
        } catch (IOException e) {
            notStarted(CommandSpawner.startFailureCode(e), e.getMessage());
            return;
        } catch (RuntimeException e) {
            notStarted(126, "Starting the command failed: " + e.getMessage());
            return;
        }
        synchronized (this) {
            spawned = c;
            if (stdinEnded && !feeding) {
                c.stdin().close();
            }
        }
        spawnDone.countDown();
        int code;
        try {
            writer.writeBuffered(CommandFrames.started(id, c.pid()));
            if (killedBecause.get() != null) {
                killTree(); // a kill that arrived before the spawn
            }
            code = pollUntilDone(c);
            if (!cgroup.awaitEmpty(EMPTY_WAIT_MILLIS)) {
                System.err.println("cordon-runner: " + id + "'s cgroup still has processes after its kill");
            }
        } catch (IOException | UncheckedIOException | LastErrorException e) {
            System.err.println("cordon-runner: running " + id + " failed: " + e);
            killAndReap(c);
            code = 125;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAndReap(c);
            code = 125;
        }
        synchronized (this) {
            if (!feeding) {
                c.stdin().close(); // a feeder closes it itself: it may be inside a write
            }
        }
        stdinChunks.close();
        c.stdout().close();
        c.stderr().close();
        c.pidfd().close();
        finish(CommandFrames.exit(id, code, killedBecause.get()));
    }

    @Override
    public void refused(RuntimeException why) {
        notStarted(126, why.getMessage());
    }

    /** Output to frames until the process has exited and both pipes are closed; returns the exit status. */
    private int pollUntilDone(SpawnedCommand c) throws IOException {
        long deadline = request.timeoutMillis() > 0 ? System.nanoTime() + request.timeoutMillis() * 1_000_000 : Long.MAX_VALUE;
        OwnedFd[] pipes = {c.stdout(), c.stderr()};
        Pidfd pidfd = c.pidfd();
        byte[] buffer = new byte[CHUNK];
        Integer code = null;
        long drainUntil = Long.MAX_VALUE;
        long flushAt = System.nanoTime() + STARTED_FLUSH_DELAY_NANOS;
        boolean flushPending = true;
        try (Memory fds = new Memory(3L * POLLFD_SIZE)) {
            while (code == null || pipes[0].isOpen() || pipes[1].isOpen()) {
                fds.clear();
                watch(fds, 0, pipes[0].number());
                watch(fds, 1, pipes[1].number());
                watch(fds, 2, code == null ? pidfd.number() : -1);
                long wakeAt = code != null ? drainUntil : killedBecause.get() == null ? deadline : Long.MAX_VALUE;
                if (flushPending) {
                    wakeAt = Math.min(wakeAt, flushAt);
                }
                int ready;
                try {
                    ready = LinuxLibc.libc().poll(fds, 3, pollTimeout(wakeAt));
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LinuxLibc.EINTR) {
                        continue;
                    }
                    throw e;
                }
                if (ready == 0) {
                    long now = System.nanoTime();
                    if (flushPending && now >= flushAt) {
                        writer.flush();
                        flushPending = false;
                    }
                    if (code == null && killedBecause.get() == null && now >= deadline) {
                        kill("timeout");
                    } else if (code != null && now >= drainUntil) {
                        System.err.println("cordon-runner: " + id + "'s output pipes are still open 2 s after its exit "
                                + "(passed to a process outside the command?); closing them");
                        pipes[0].close();
                        pipes[1].close();
                    }
                    continue;
                }
                for (int i = 0; i < 2; i++) {
                    if (fds.getShort((long) i * POLLFD_SIZE + REVENTS) != 0) {
                        int n = pipes[i].read(buffer);
                        if (n <= 0) {
                            pipes[i].close();
                        } else {
                            writer.write(CommandFrames.output(id, i + 1, buffer, n));
                            flushPending = false;
                        }
                    }
                }
                if (code == null && fds.getShort(2L * POLLFD_SIZE + REVENTS) != 0) {
                    code = pidfd.awaitExit();
                    if (!cgroup.empty()) {
                        killTree(); // what the command left running (a double-forked daemon) goes with it; pipes close
                    }
                    drainUntil = System.nanoTime() + DRAIN_AFTER_EXIT_NANOS;
                }
            }
        }
        return code;
    }

    /** Milliseconds until {@code wakeAt} (rounded up), or -1 for none. */
    private static int pollTimeout(long wakeAt) {
        if (wakeAt == Long.MAX_VALUE) {
            return -1;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (wakeAt - System.nanoTime() + 999_999) / 1_000_000));
    }

    private static void watch(Memory fds, int index, int fd) {
        fds.setInt((long) index * POLLFD_SIZE, fd); // a negative fd is skipped by poll
        fds.setShort((long) index * POLLFD_SIZE + 4, LinuxLibc.POLLIN);
    }

    @Override
    public void stdin(byte[] data, boolean eof) {
        boolean startFeeder;
        synchronized (this) {
            if (stdinEnded) {
                return;
            }
            stdinEnded = eof;
            if (!feeding && data.length == 0) {
                if (eof && spawned != null) {
                    spawned.stdin().close(); // no data ever: close at once, no thread needed
                }
                return;
            }
            startFeeder = !feeding;
            feeding = true;
        }
        if (startFeeder) {
            io.execute(this::feedStdin);
        }
        stdinChunks.put(data, eof);
    }

    private void feedStdin() {
        SpawnedCommand c;
        try {
            spawnDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            c = spawned;
        }
        if (c == null) {
            return; // it never started
        }
        try {
            byte[] chunk;
            while ((chunk = stdinChunks.take()) != null) {
                c.stdin().write(chunk);
                stdinChunks.written(chunk.length);
            }
        } catch (IOException e) {
            // the command closed its stdin or exited: further input has nowhere to go
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stdinChunks.close();
            c.stdin().close();
        }
    }

    @Override
    public void kill(String reason) {
        if (killedBecause.compareAndSet(null, reason)) {
            boolean started;
            synchronized (this) {
                started = spawned != null;
            }
            if (started) {
                killTree();
            }
        }
    }

    /** After a failure mid-way: no process of the command may live on, nor stay a zombie of the runner. */
    private void killAndReap(SpawnedCommand c) {
        killTree();
        try {
            c.pidfd().awaitExit();
        } catch (IllegalStateException alreadyReaped) {
            // waitid: ECHILD, the loop had reaped it before the failure
        }
    }

    private void killTree() {
        try {
            cgroup.kill();
        } catch (IOException e) {
            System.err.println("cordon-runner: the cgroup kill of " + id + " failed: " + e + "; killing its main process");
            SpawnedCommand c;
            synchronized (this) {
                c = spawned;
            }
            if (c != null) {
                c.pidfd().signal(Pidfd.SIGKILL);
            }
        }
    }

    private void notStarted(int code, String error) {
        stdinChunks.close();
        spawnDone.countDown();
        finish(CommandFrames.notStarted(id, code, error));
    }

    /** Reports the exit, then has the cleanup thread remove the cgroup (it is empty, or reported as not). */
    private void finish(com.fasterxml.jackson.databind.node.ObjectNode exitFrame) {
        onDone.run();
        try {
            writer.write(exitFrame);
        } finally {
            cleanup.execute(() -> {
                try {
                    cgroup.remove();
                } catch (IOException e) {
                    System.err.println("cordon-runner: cannot remove the cgroup of " + id + ": " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
