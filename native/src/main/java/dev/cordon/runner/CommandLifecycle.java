package dev.cordon.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.platform.ConfinedCommands;
import dev.cordon.platform.ConfinedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One command's life in the runner, however the platform starts it: the started frame, then one loop over what the
 * process reports — output becomes frames (blocking when the host is slow, so memory stays bounded), the timeout is
 * the wait's, and when the main process exits whatever it left in its container (daemons) is killed before the exit
 * is reported. No pump, wait or timer threads of its own and no hand-offs on the way to the exit frame; stdin gets a
 * feeder thread only when the host actually sends data.
 */
final class CommandLifecycle implements RunnerCommand, ConfinedCommands.Lifecycle {
    static final int CHUNK = 64 * 1024;
    /** After the exit and the container kill, pipes close at once; a pipe handed to a process elsewhere would not. */
    static final long DRAIN_AFTER_EXIT_NANOS = 2_000_000_000L;
    static final long EMPTY_WAIT_MILLIS = 5_000;
    /**
     * The started frame waits this long in the buffer: a short command's exit frame takes it along in one write (one
     * wake-up of the host instead of two); a longer one's pid reaches the host this late.
     */
    static final long STARTED_FLUSH_DELAY_NANOS = 2_000_000;

    private final String id;
    private final long timeoutMillis;
    private final RunnerFrames.Writer writer;
    private final Runnable onDone;
    private final Executor io;
    private final AtomicReference<String> killedBecause = new AtomicReference<>();
    private final CountDownLatch spawnDone = new CountDownLatch(1);
    private final StdinQueue stdinChunks;
    /** Guarded by this: the started process (null before and if it never starts) and the stdin hand-over. */
    private ConfinedProcess process;
    private boolean feeding;
    private boolean stdinEnded;

    /**
     * @param onDone called once the command is over, before its exit frame (the runner forgets it)
     * @param io     threads for the stdin feeder (not the platform's: those may be confined)
     */
    CommandLifecycle(String id, long timeoutMillis, RunnerFrames.Writer writer, Runnable onDone, Executor io) {
        this.id = id;
        this.timeoutMillis = timeoutMillis;
        this.writer = writer;
        this.onDone = onDone;
        this.io = io;
        this.stdinChunks = new StdinQueue(bytes -> writer.write(CommandFrames.stdinAck(id, bytes)));
    }

    @Override
    public void run(ConfinedProcess p) {
        boolean killedBefore;
        synchronized (this) {
            process = p;
            // a kill decided before this point found no process to kill: it is ours; one after it kills itself
            killedBefore = killedBecause.get() != null;
            if (stdinEnded && !feeding) {
                p.closeStdin();
            }
        }
        spawnDone.countDown();
        int code;
        try {
            writer.writeBuffered(CommandFrames.started(id, p.pid()));
            if (killedBefore) {
                killTree(p); // a kill that arrived before the spawn
            }
            code = follow(p);
            if (!p.awaitEmpty(EMPTY_WAIT_MILLIS)) {
                System.err.println("cordon-runner: " + id + "'s container still has processes after its kill");
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cordon-runner: running " + id + " failed: " + e);
            killAndReap(p);
            code = 125;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAndReap(p);
            code = 125;
        }
        synchronized (this) {
            if (!feeding) {
                p.closeStdin(); // a feeder closes it itself: it may be inside a write
            }
        }
        stdinChunks.close();
        p.close();
        finish(CommandFrames.exit(id, code, killedBecause.get()));
    }

    /** Output to frames until the process has exited and both streams have ended; returns the exit status. */
    private int follow(ConfinedProcess p) throws IOException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : Long.MAX_VALUE;
        byte[] buffer = new byte[CHUNK];
        Integer code = null;
        int openStreams = 2;
        long drainUntil = Long.MAX_VALUE;
        long flushAt = System.nanoTime() + STARTED_FLUSH_DELAY_NANOS;
        boolean flushPending = true;
        while (code == null || openStreams > 0) {
            // deadlines are checked on every turn: a command that never stops writing still times out
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
                p.closeOutput();
                break;
            }
            long wakeAt = code != null ? drainUntil : killedBecause.get() == null ? deadline : Long.MAX_VALUE;
            if (flushPending) {
                wakeAt = Math.min(wakeAt, flushAt);
            }
            ConfinedProcess.Event event = p.next(buffer, waitMillis(wakeAt));
            if (event instanceof ConfinedProcess.Output out) {
                writer.write(CommandFrames.output(id, out.stream(), buffer, out.length()));
                flushPending = false;
            } else if (event instanceof ConfinedProcess.OutputEnd) {
                openStreams--;
            } else if (event instanceof ConfinedProcess.Exit exit) {
                code = exit.code();
                if (!p.containerEmpty()) {
                    killTree(p); // what the command left running (a double-forked daemon) goes with it; pipes close
                }
                drainUntil = System.nanoTime() + DRAIN_AFTER_EXIT_NANOS;
            }
        }
        return code;
    }

    /** Milliseconds until {@code wakeAt} (rounded up), or -1 for none. */
    static int waitMillis(long wakeAt) {
        if (wakeAt == Long.MAX_VALUE) {
            return -1;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (wakeAt - System.nanoTime() + 999_999) / 1_000_000));
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
                if (eof && process != null) {
                    process.closeStdin(); // no data ever: close at once, no thread needed
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
        ConfinedProcess p;
        try {
            spawnDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return; // it never started
        }
        try {
            byte[] chunk;
            while ((chunk = stdinChunks.take()) != null) {
                p.writeStdin(chunk);
                stdinChunks.written(chunk.length);
            }
        } catch (IOException e) {
            // the command closed its stdin or exited: further input has nowhere to go
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stdinChunks.close();
            p.closeStdin();
        }
    }

    @Override
    public void kill(String reason) {
        ConfinedProcess p;
        synchronized (this) { // with run's hand-over of the process: exactly one of the two kills the tree
            if (!killedBecause.compareAndSet(null, reason)) {
                return;
            }
            p = process;
        }
        if (p != null) {
            killTree(p);
        }
    }

    /** After a failure mid-way: no process of the command may live on, nor stay a zombie of the runner. */
    private void killAndReap(ConfinedProcess p) {
        killTree(p);
        p.reap();
    }

    private void killTree(ConfinedProcess p) {
        try {
            p.killTree();
        } catch (IOException e) {
            System.err.println("cordon-runner: the container kill of " + id + " failed: " + e + "; killing its main process");
            p.killMain();
        }
    }

    @Override
    public void notStarted(int code, String error) {
        stdinChunks.close();
        spawnDone.countDown();
        finish(CommandFrames.notStarted(id, code, error));
    }

    /** The runner forgets the command, then reports its exit. */
    private void finish(ObjectNode exitFrame) {
        onDone.run();
        writer.write(exitFrame);
    }
}
