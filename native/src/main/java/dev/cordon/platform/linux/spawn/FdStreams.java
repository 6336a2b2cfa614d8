package dev.cordon.platform.linux.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.cordon.platform.linux.LinuxLibc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** Blocking streams over raw pipe descriptors we own (the JDK offers no public way to wrap an int descriptor). */
final class FdStreams {
    private FdStreams() {
    }

    /** Closes {@code fd} once, however many times it is asked; errors on close are not actionable for a pipe. */
    private static final class Fd {
        private final int fd;
        private final AtomicBoolean closed = new AtomicBoolean();

        Fd(int fd) {
            this.fd = fd;
        }

        void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                try {
                    LinuxLibc.libc().close(fd);
                } catch (LastErrorException e) {
                    throw new IOException("close(" + fd + ") failed: errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    static InputStream input(int fd) {
        return new Input(fd);
    }

    static OutputStream output(int fd) {
        return new Output(fd);
    }

    private static final class Input extends InputStream {
        private final int fd;
        private final Fd owned;

        Input(int fd) {
            this.fd = fd;
            this.owned = new Fd(fd);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (owned.closed.get()) {
                throw new IOException("Stream closed");
            }
            byte[] target = off == 0 ? b : new byte[len];
            while (true) {
                try {
                    int n = LinuxLibc.libc().read(fd, target, new NativeLong(len)).intValue();
                    if (n == 0) {
                        return -1;
                    }
                    if (target != b) {
                        System.arraycopy(target, 0, b, off, n);
                    }
                    return n;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LinuxLibc.EINTR) {
                        throw new IOException("read from the command's pipe failed: errno " + e.getErrorCode(), e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            owned.close();
        }
    }

    private static final class Output extends OutputStream {
        private final int fd;
        private final Fd owned;

        Output(int fd) {
            this.fd = fd;
            this.owned = new Fd(fd);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (owned.closed.get()) {
                throw new IOException("Stream closed");
            }
            byte[] rest = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            int done = 0;
            while (done < len) {
                try {
                    byte[] chunk = done == 0 ? rest : java.util.Arrays.copyOfRange(rest, done, len);
                    done += LinuxLibc.libc().write(fd, chunk, new NativeLong(len - done)).intValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LinuxLibc.EINTR) {
                        throw new IOException(e.getErrorCode() == LinuxLibc.EPIPE ? "Broken pipe"
                                : "write to the command's pipe failed: errno " + e.getErrorCode(), e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            owned.close();
        }
    }
}
