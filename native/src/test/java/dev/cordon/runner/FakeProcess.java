package dev.cordon.runner;

import dev.cordon.platform.ConfinedProcess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process in memory for the runner's lifecycle: the test scripts what {@link #next} reports; a tree kill ends it
 * (exit 137 and both streams' end) unless told otherwise. Records what the lifecycle did to it.
 */
final class FakeProcess implements ConfinedProcess {
    private record Chunk(int stream, byte[] data) {
    }

    private final LinkedBlockingQueue<Object> script = new LinkedBlockingQueue<>();
    final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    final AtomicInteger treeKills = new AtomicInteger();
    final AtomicInteger mainKills = new AtomicInteger();
    final AtomicInteger reaps = new AtomicInteger();
    volatile boolean stdinClosed;
    volatile boolean outputClosed;
    volatile boolean closed;
    /** What the container holds after the main process exited (a daemon): emptied by a tree kill. */
    volatile boolean leftovers;
    volatile boolean treeKillFails;
    volatile IOException nextFails;
    /** Output forever (until killed): every {@link #next} returns a chunk. */
    volatile boolean flood;
    private volatile boolean ended;
    /** An exit, and the streams' ends, are in the script or were handed out. */
    private boolean exitScripted;
    private boolean endsScripted;

    FakeProcess out(String text) {
        script.add(new Chunk(STDOUT, text.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    FakeProcess err(String text) {
        script.add(new Chunk(STDERR, text.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** The main process exits with {@code code}; both streams end. */
    synchronized FakeProcess exit(int code) {
        exitLeavingStreamsOpen(code);
        endStreams();
        return this;
    }

    /** The main process exits with {@code code}; the streams stay open (a leftover holds them) until a tree kill. */
    synchronized FakeProcess exitLeavingStreamsOpen(int code) {
        exitScripted = true;
        script.add(new Exit(code));
        return this;
    }

    private synchronized void endStreams() {
        if (!endsScripted) {
            endsScripted = true;
            script.add(new OutputEnd(STDOUT));
            script.add(new OutputEnd(STDERR));
        }
    }

    @Override
    public long pid() {
        return 4242;
    }

    @Override
    public Event next(byte[] buffer, int timeoutMillis) throws IOException {
        if (nextFails != null) {
            throw nextFails;
        }
        if (flood && !ended) {
            byte[] x = {'y', '\n'};
            System.arraycopy(x, 0, buffer, 0, x.length);
            return new Output(STDOUT, x.length);
        }
        Object item;
        try {
            item = timeoutMillis < 0 ? script.take() : script.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
        if (item instanceof Chunk c) {
            System.arraycopy(c.data(), 0, buffer, 0, c.data().length);
            return new Output(c.stream(), c.data().length);
        }
        return (Event) item;
    }

    @Override
    public synchronized void writeStdin(byte[] data) throws IOException {
        if (stdinClosed) {
            throw new IOException("Broken pipe");
        }
        stdin.writeBytes(data);
    }

    @Override
    public void closeStdin() {
        stdinClosed = true;
    }

    @Override
    public void closeOutput() {
        outputClosed = true;
    }

    @Override
    public boolean containerEmpty() {
        return !leftovers;
    }

    @Override
    public void killTree() throws IOException {
        treeKills.incrementAndGet();
        if (treeKillFails) {
            throw new IOException("cgroup.kill: permission denied");
        }
        end();
    }

    @Override
    public void killMain() {
        mainKills.incrementAndGet();
        end();
    }

    /** Whatever was running ends now: the main process (if still there) with 137, the streams close. */
    private synchronized void end() {
        ended = true;
        leftovers = false;
        if (!exitScripted) {
            exitLeavingStreamsOpen(137);
        }
        endStreams();
    }

    @Override
    public void reap() {
        reaps.incrementAndGet();
    }

    @Override
    public boolean awaitEmpty(long millis) {
        return !leftovers;
    }

    @Override
    public void close() {
        closed = true;
    }

    String stdinText() {
        synchronized (this) {
            return stdin.toString(StandardCharsets.UTF_8);
        }
    }
}
