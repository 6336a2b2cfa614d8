package dev.cordon.platform.linux.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file descriptor we own: closed exactly once, and never used after closing (a closed number may already belong
 * to another file). Reads and writes block; {@link #write} and {@link #close} exclude each other, so a writer on one
 * thread cannot hit a number another thread has just closed and the kernel has handed out again.
 */
public final class OwnedFd implements AutoCloseable {
    private final int fd;
    private final String what;
    private boolean closed;

    public OwnedFd(int fd, String what) {
        this.fd = fd;
        this.what = what;
    }

    /** Opens {@code path} with {@code flags} (O_CLOEXEC is added). */
    public static OwnedFd open(Path path, int flags) throws IOException {
        try {
            return new OwnedFd(LinuxLibc.libc().open(path.toString(), flags | LinuxLibc.O_CLOEXEC), path.toString());
        } catch (LastErrorException e) {
            throw new IOException("Cannot open " + path + ": errno " + e.getErrorCode(), e);
        }
    }

    /** The number, for a poll set or a syscall of the owner's thread; -1 once closed. */
    public synchronized int number() {
        return closed ? -1 : fd;
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** Reads up to {@code buffer.length} bytes: the count, 0 at the end of the stream. Only the owning thread reads. */
    public int read(byte[] buffer) throws IOException {
        if (!isOpen()) {
            throw new IOException(what + " is closed");
        }
        return retryingInterrupts("read from", () -> LinuxLibc.libc().read(fd, buffer, new NativeLong(buffer.length)));
    }

    /** Reads up to {@code buffer.length} bytes from the start of the file (a cgroupfs file is generated anew). */
    public synchronized int readFromStart(byte[] buffer) throws IOException {
        if (closed) {
            throw new IOException(what + " is closed");
        }
        return retryingInterrupts("read from", () -> LinuxLibc.libc().pread(fd, buffer, new NativeLong(buffer.length), 0));
    }

    /** Writes all of {@code data}; "Broken pipe" when the reader is gone. */
    public synchronized void write(byte[] data) throws IOException {
        if (closed) {
            throw new IOException(what + " is closed");
        }
        int done = 0;
        while (done < data.length) {
            byte[] rest = done == 0 ? data : java.util.Arrays.copyOfRange(data, done, data.length);
            done += retryingInterrupts("write to", () -> LinuxLibc.libc().write(fd, rest, new NativeLong(rest.length)));
        }
    }

    /** One read or write, repeated when a signal interrupts it; "Broken pipe" when a pipe's reader is gone. */
    private int retryingInterrupts(String op, java.util.function.Supplier<NativeLong> call) throws IOException {
        while (true) {
            try {
                return call.get().intValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LinuxLibc.EPIPE) {
                    throw new IOException("Broken pipe", e);
                }
                if (e.getErrorCode() != LinuxLibc.EINTR) {
                    throw new IOException(op + " " + what + " failed: errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                LinuxLibc.libc().close(fd);
            } catch (LastErrorException e) {
                // the descriptor is released even when close reports an error (EIO on a pipe is not actionable)
                System.err.println("cordon: close(" + what + ") reported errno " + e.getErrorCode());
            }
        }
    }

    @Override
    public String toString() {
        return what + (closed ? " (closed)" : " (fd " + fd + ")");
    }
}
