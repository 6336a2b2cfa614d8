package dev.cordon.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes one thread makes while it handles input that arrived together, sent together: a thread that reads frames
 * opens a batch around all the frames its last read brought (the runner's {@code started} and {@code exit} of a short
 * command come in one pipe write), and a sink that takes part ({@link Sink}, the host's client connections) holds what
 * is written to it on that thread until the batch closes, then writes it at once — one socket write and one wake-up
 * of the client instead of one per frame.
 *
 * <p>A sink must keep its own order: whatever it writes while it holds bytes (a result written by another thread)
 * goes out after them, in the same write. Nothing waits for a batch but the bytes held, and only until its thread has
 * handled what was already there to read.
 */
public final class OutputBatch implements AutoCloseable {
    /** Something that holds writes made during a batch and sends them when it closes. */
    public interface Sink {
        /** Sends what it holds; failures are the sink's to handle (it must not throw). */
        void flushBatch();
    }

    private static final ThreadLocal<OutputBatch> OPEN = new ThreadLocal<>();

    private final List<Sink> sinks = new ArrayList<>(2);

    private OutputBatch() {
    }

    /** Opens a batch on this thread (none may be open already); close it in a finally or try-with-resources. */
    public static OutputBatch open() {
        if (OPEN.get() != null) {
            throw new IllegalStateException("an output batch is open on this thread already");
        }
        OutputBatch b = new OutputBatch();
        OPEN.set(b);
        return b;
    }

    /**
     * Whether a batch is open on this thread; if so, {@code sink} is flushed when it closes (once however often it
     * joins). A sink that joins holds its writes; one that is not told a batch is open writes at once.
     */
    public static boolean join(Sink sink) {
        OutputBatch b = OPEN.get();
        if (b == null) {
            return false;
        }
        for (Sink s : b.sinks) {
            if (s == sink) {
                return true;
            }
        }
        b.sinks.add(sink);
        return true;
    }

    /** Flushes every sink that joined, in the order they joined, and ends the batch. */
    @Override
    public void close() {
        OPEN.remove();
        for (Sink s : sinks) {
            s.flushBatch();
        }
        sinks.clear();
    }
}
