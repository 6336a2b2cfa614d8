package dev.cordon.session;

/**
 * How much of a command's stdin may be on its way to the runner and not yet written into the command: the host's
 * side of stdin flow control. A sender of stdin waits here, on its own thread, until the runner acknowledges what
 * the command has read; so the runner never has to block (its main thread also carries the session's kill and exec
 * frames) and never has to hold more than this window per command.
 */
final class StdinWindow {
    static final int BYTES = 1 << 20;
    private long available = BYTES;
    private boolean closed;

    /**
     * Takes {@code bytes} of the window, waiting while the command has not read enough of what was sent before.
     * A chunk larger than the whole window waits for the window to be free. False once closed (the command ended).
     */
    synchronized boolean acquire(int bytes) throws InterruptedException {
        while (!closed && available < Math.min(bytes, BYTES)) {
            wait();
        }
        if (closed) {
            return false;
        }
        available -= bytes;
        return true;
    }

    /** The runner wrote {@code bytes} into the command. */
    synchronized void release(long bytes) {
        available += bytes;
        notifyAll();
    }

    /** The command ended: waiting senders give up, and nothing more is taken. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
