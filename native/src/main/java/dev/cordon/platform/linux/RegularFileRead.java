package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import dev.cordon.platform.linux.sys.LinuxLibc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.cordon.platform.linux.LinuxFileSyscalls.libc;

/**
 * Reads a small file someone else may have written (a repository's git config and what it includes, R37) on the
 * calling thread's filesystem identity, without ever opening what is not a regular file: the path is resolved
 * ({@code realpath}), its inode is looked at through an {@code O_PATH} descriptor (which opens no FIFO and no device),
 * and only a regular file is then opened for reading, by the same symlink-free path, {@code O_NONBLOCK}, and checked to
 * be the same inode. A FIFO, socket, device or directory is refused and nothing waits on it; so is a file larger than
 * the bound. Swapping the file between the two opens for a FIFO gains nothing ({@code O_NONBLOCK}, then refused); for a
 * device it needs a device node on the same file system, which nobody but root can make.
 */
final class RegularFileRead {
    private static final int O_NONBLOCK = 04000;
    private static final int O_NOCTTY = 0400;

    private RegularFileRead() {
    }

    /** The bytes of the regular file at {@code file}; {@link NoSuchFileException} when nothing is there. */
    static byte[] read(Path file, int maxBytes) throws IOException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (java.nio.file.FileSystemException e) {
            if (e instanceof NoSuchFileException || "Not a directory".equals(e.getReason())) {
                throw new NoSuchFileException(file.toString());
            }
            throw new IOException("cannot resolve " + file + ": " + (e.getReason() == null ? e.getMessage() : e.getReason()), e);
        }
        FileStat first;
        try (PathFd inode = PathFd.open(real)) {
            first = inode.stat();
        }
        requireRegular(file, first);
        int fd;
        try (Memory how = new Memory(LinuxFileSyscalls.OPEN_HOW_SIZE)) {
            how.setLong(0, LinuxLibc.O_RDONLY | O_NONBLOCK | O_NOCTTY | LinuxLibc.O_CLOEXEC);
            how.setLong(8, 0);
            how.setLong(16, LinuxFileSyscalls.RESOLVE_NO_SYMLINKS | LinuxFileSyscalls.RESOLVE_NO_MAGICLINKS);
            byte[] path = (real + "\0").getBytes(StandardCharsets.UTF_8);
            fd = (int) libc().syscall(LinuxFileSyscalls.SYS_OPENAT2, LinuxFileSyscalls.AT_FDCWD, path, how,
                    LinuxFileSyscalls.OPEN_HOW_SIZE);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + file + ": " + errno(e.getErrorCode()), e);
        }
        try {
            try (Memory st = new Memory(LinuxFileSyscalls.STATX_SIZE)) {
                st.clear();
                libc().statx(fd, new byte[] {0}, LinuxFileSyscalls.AT_EMPTY_PATH, LinuxFileSyscalls.STATX_BASIC_STATS, st);
                int mode = st.getShort(28) & 0xffff;
                long inode = st.getLong(32);
                long device = ((long) st.getInt(136) << 32) | (st.getInt(140) & 0xffffffffL);
                if ((mode & FileStat.S_IFMT) != FileStat.S_IFREG || inode != first.inode() || device != first.device()) {
                    throw new IOException(file + " was replaced while it was read");
                }
            }
            byte[] buf = new byte[maxBytes + 1];
            int at = 0;
            while (at < buf.length) {
                byte[] chunk = new byte[buf.length - at];
                int n = libc().read(fd, chunk, new NativeLong(chunk.length)).intValue();
                if (n <= 0) {
                    break;
                }
                System.arraycopy(chunk, 0, buf, at, n);
                at += n;
            }
            if (at > maxBytes) {
                throw new IOException(file + " is larger than " + maxBytes + " bytes");
            }
            return Arrays.copyOf(buf, at);
        } catch (LastErrorException e) {
            throw new IOException("cannot read " + file + ": " + errno(e.getErrorCode()), e);
        } finally {
            libc().close(fd);
        }
    }

    private static void requireRegular(Path file, FileStat st) throws IOException {
        int type = st.mode() & FileStat.S_IFMT;
        if (type != FileStat.S_IFREG) {
            String what = switch (type) {
                case LinuxFileSyscalls.S_IFIFO -> "a FIFO";
                case LinuxFileSyscalls.S_IFSOCK -> "a socket";
                case FileStat.S_IFDIR -> "a directory";
                default -> "a device";
            };
            throw new IOException(file + " is not a regular file but " + what);
        }
    }

    private static String errno(int errno) {
        return switch (errno) {
            case LinuxLibc.EACCES, LinuxLibc.EPERM -> "permission denied";
            case LinuxFileSyscalls.ELOOP -> "a symlink on the way (replaced while read)";
            case LinuxLibc.ENOENT -> "no such file (removed while read)";
            default -> "errno " + errno;
        };
    }
}
