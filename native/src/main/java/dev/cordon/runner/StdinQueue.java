package dev.cordon.runner;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A command's stdin on its way from the runner's main thread (which reads the host's frames) to the thread that
 * writes it into the command. Bounded, so a host that sends faster than the command reads is slowed down; but once
 * the command can take no more input ({@link #close}: it exited, or closed its stdin) a put returns at once — the
 * main thread must never hang there, or the session's kill and exec frames would wait behind it.
 */
final class StdinQueue {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
    private volatile boolean closed;

    /** Queues {@code data}, then the end of input if {@code eof}; drops both once closed. */
    void put(byte[] data, boolean eof) throws InterruptedException {
        if (data.length > 0) {
            offer(data);
        }
        if (eof) {
            offer(EOF);
        }
    }

    private void offer(byte[] chunk) throws InterruptedException {
        while (!closed && !chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
            // full: the command reads slowly; wait, unless it can no longer read at all
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

    /** No more input can be delivered: pending chunks are dropped and further puts return at once. */
    void close() {
        closed = true;
        chunks.clear();
    }
}
