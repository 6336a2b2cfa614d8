package dev.cordon.host.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stdin of one request: chunks pushed by the connection's reader, read by the handler. Bounded in bytes; a
 * push into a full buffer waits until the handler reads or the request ends, which in turn stops the connection
 * reading frames: backpressure reaches the client through the socket instead of through memory.
 */
final class RequestInput extends InputStream {
    private final int limitBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int buffered;
    private int headOffset;
    /** The client sent {@code eof: true}: further input frames break the protocol. */
    private boolean clientEof;
    /** The request ended, was cancelled or lost its client: pushes are dropped, reads drain then see EOF. */
    private boolean closed;
    /** Whether an input frame was pushed; {@link #firstInput} runs once, after the first. */
    private boolean anyInput;
    private Runnable firstInput;

    RequestInput(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Adds a chunk, waiting while the buffer is full (a single chunk always fits into an empty buffer). */
    void push(long id, byte[] data, boolean eof) throws WireException, InterruptedIOException {
        Runnable first = null;
        lock.lock();
        try {
            if (clientEof) {
                throw new WireException(WireException.Kind.INVALID_MESSAGE,
                        "input frame for request " + id + " after its input was ended with \"eof\": true");
            }
            while (!closed && buffered > 0 && buffered + data.length > limitBytes) {
                changed.await();
            }
            clientEof = eof;
            if (closed) {
                return;
            }
            if (data.length > 0) {
                chunks.addLast(data);
                buffered += data.length;
            }
            if (!anyInput) {
                anyInput = true;
                first = firstInput;
                firstInput = null;
            }
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while passing input to request " + id);
        } finally {
            lock.unlock();
        }
        if (first != null) {
            first.run();
        }
    }

    /** Runs {@code action} after the first push, or now if there was one. */
    void onFirstInput(Runnable action) {
        lock.lock();
        try {
            if (!anyInput) {
                firstInput = action;
                return;
            }
        } finally {
            lock.unlock();
        }
        action.run();
    }

    /** Ends the stream for the reader and releases a waiting pusher. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (chunks.isEmpty() && !clientEof && !closed) {
                changed.await();
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] head = chunks.peekFirst();
            int n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, b, off, n);
            headOffset += n;
            buffered -= n;
            if (headOffset == head.length) {
                chunks.removeFirst();
                headOffset = 0;
            }
            changed.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }
}
