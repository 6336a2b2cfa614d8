package dev.cordon.runner;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A command's stdin on its way from the runner's main thread (which reads the host's frames) to the thread that
 * writes it into the command. {@link #put} never blocks: the main thread also carries the session's kill and exec
 * frames. The host keeps it small instead (flow control: it sends at most a window ahead of what {@link #written}
 * acknowledged). Once the command can take no more input ({@link #close}) chunks are dropped.
 */
final class StdinQueue {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final IntConsumer acknowledge;
    private volatile boolean closed;

    /** @param acknowledge tells the host how many bytes went into the command */
    StdinQueue(IntConsumer acknowledge) {
        this.acknowledge = acknowledge;
    }

    /** Queues {@code data}, then the end of input if {@code eof}; drops both once closed. */
    void put(byte[] data, boolean eof) {
        if (closed) {
            return;
        }
        if (data.length > 0) {
            chunks.add(data);
        }
        if (eof) {
            chunks.add(EOF);
        }
    }

    /** The next chunk, or null at the end of input or once closed. */
    byte[] take() throws InterruptedException {
        while (!closed) {
            byte[] chunk = chunks.poll(50, TimeUnit.MILLISECONDS);
            if (chunk == EOF) {
                return null;
            }
            if (chunk != null) {
                return chunk;
            }
        }
        return null;
    }

    /** {@code bytes} were written into the command. */
    void written(int bytes) {
        acknowledge.accept(bytes);
    }

    /** No more input can be delivered: pending chunks are dropped and further puts ignored. */
    void close() {
        closed = true;
        chunks.clear();
    }
}
