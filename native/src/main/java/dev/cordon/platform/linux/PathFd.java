package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.OwnedFd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.cordon.platform.linux.LinuxFileSyscalls.libc;

/**
 * An {@code O_PATH} descriptor of one inode, reached without following a symlink anywhere on the way: every open is
 * {@code openat2} with {@code RESOLVE_NO_SYMLINKS} (and {@code RESOLVE_BENEATH} below a directory descriptor), so a
 * directory swapped for a symlink is opened as the symlink itself, never as its target. What is done to the inode is
 * done through the descriptor (ownership with {@code fchownat(AT_EMPTY_PATH)}, mode and extended attributes through
 * {@code /proc/self/fd/N}, which names exactly this inode), never again by name: root acting on a tree someone else can
 * write acts on the inode it checked.
 */
public final class PathFd implements AutoCloseable {
    private final OwnedFd fd;
    private final String path;
    private final byte[] name;

    private PathFd(int fd, String path, byte[] name) {
        this.fd = new OwnedFd(fd, path);
        this.path = path;
        this.name = name;
    }

    /** Opens an absolute path; fails with ELOOP ("a symlink on the way") if any component of it is a symlink. */
    public static PathFd open(Path absolute) throws IOException {
        if (!absolute.isAbsolute()) {
            throw new IllegalArgumentException("not absolute: " + absolute);
        }
        Path normal = absolute.normalize();
        PathFd root = at(LinuxFileSyscalls.AT_FDCWD, "/".getBytes(StandardCharsets.UTF_8), 0, "/", new byte[0]);
        if (normal.getNameCount() == 0) {
            return root;
        }
        try (root) {
            String relative = Path.of("/").relativize(normal).toString();
            return at(root.number(), relative.getBytes(StandardCharsets.UTF_8), LinuxFileSyscalls.RESOLVE_BENEATH,
                    normal.toString(), normal.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The entry {@code name} (one component, as {@link #list} returns it) of this directory; a symlink is not followed. */
    public PathFd child(byte[] name) throws IOException {
        single(name);
        return at(number(), name, LinuxFileSyscalls.RESOLVE_BENEATH, path + "/" + display(name), name.clone());
    }

    private static PathFd at(int dirFd, byte[] name, long resolve, String display, byte[] last) throws IOException {
        try (Memory how = new Memory(LinuxFileSyscalls.OPEN_HOW_SIZE)) {
            how.setLong(0, LinuxFileSyscalls.O_PATH | LinuxFileSyscalls.O_NOFOLLOW | LinuxLibc.O_CLOEXEC);
            how.setLong(8, 0);
            how.setLong(16, resolve | LinuxFileSyscalls.RESOLVE_NO_SYMLINKS | LinuxFileSyscalls.RESOLVE_NO_MAGICLINKS);
            long fd = libc().syscall(LinuxFileSyscalls.SYS_OPENAT2, dirFd, terminated(name), how, LinuxFileSyscalls.OPEN_HOW_SIZE);
            return new PathFd((int) fd, display, last);
        } catch (LastErrorException e) {
            throw failure("open", display, e);
        }
    }

    /**
     * Creates the entry {@code name} of this directory, new, with {@code mode} (narrowed by the umask) and
     * {@code content}, as the calling thread's filesystem identity (its owner). {@code O_CREAT|O_EXCL|O_NOFOLLOW}: an
     * existing entry — a symlink included, whatever it points to — is refused with
     * {@link java.nio.file.FileAlreadyExistsException} and nothing is written; a write that fails removes the file.
     */
    public void createFile(byte[] name, int mode, byte[] content) throws IOException {
        single(name);
        String display = path + "/" + display(name);
        int fd;
        try {
            fd = libc().openat(number(), terminated(name), LinuxLibc.O_WRONLY | LinuxFileSyscalls.O_CREAT
                    | LinuxFileSyscalls.O_EXCL | LinuxFileSyscalls.O_NOFOLLOW | LinuxLibc.O_CLOEXEC, mode & 0777);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxFileSyscalls.EEXIST) {
                throw new java.nio.file.FileAlreadyExistsException(display, null, "it exists (a symlink counts)");
            }
            throw failure("create", display, e);
        }
        boolean written = false;
        try {
            int at = 0;
            while (at < content.length) {
                byte[] chunk = at == 0 ? content : Arrays.copyOfRange(content, at, content.length);
                at += libc().write(fd, chunk, new NativeLong(chunk.length)).intValue();
            }
            written = true;
        } catch (LastErrorException e) {
            throw failure("write", display, e);
        } finally {
            libc().close(fd);
            if (!written) {
                try {
                    libc().unlinkat(number(), terminated(name), 0);
                } catch (LastErrorException ignored) {
                    // the write's failure is the one to report
                }
            }
        }
    }

    /**
     * Renames the entry {@code name} of this directory to the entry {@code toName} of directory {@code to}
     * ({@code renameat2} with {@code RENAME_NOREPLACE}): whatever {@code name} is then — a symlink is moved as itself.
     * An existing {@code toName} is refused with {@link java.nio.file.FileAlreadyExistsException}, a move across
     * filesystems with {@link java.nio.file.AtomicMoveNotSupportedException}; nothing is moved then.
     */
    public void rename(byte[] name, PathFd to, byte[] toName) throws IOException {
        String from = path + "/" + display(single(name));
        String into = to.path + "/" + display(single(toName));
        try {
            libc().renameat2(number(), terminated(name), to.number(), terminated(toName), LinuxFileSyscalls.RENAME_NOREPLACE);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxFileSyscalls.EEXIST) {
                throw new java.nio.file.FileAlreadyExistsException(into, null, "it exists (a symlink counts)");
            }
            if (e.getErrorCode() == LinuxFileSyscalls.EXDEV) {
                throw new java.nio.file.AtomicMoveNotSupportedException(from, into, "on another filesystem");
            }
            throw failure("move " + from + " to", into, e);
        }
    }

    /** Removes the entry {@code name} of this directory ({@code unlinkat}; {@code directory}: an empty directory). */
    public void remove(byte[] name, boolean directory) throws IOException {
        try {
            libc().unlinkat(number(), terminated(single(name)), directory ? LinuxFileSyscalls.AT_REMOVEDIR : 0);
        } catch (LastErrorException e) {
            throw failure("remove", path + "/" + display(name), e);
        }
    }

    /** Makes the directory {@code name} in this directory with {@code mode} (narrowed by the umask), as the caller. */
    public void makeDirectory(byte[] name, int mode) throws IOException {
        try {
            libc().mkdirat(number(), terminated(single(name)), mode & 07777);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxFileSyscalls.EEXIST) {
                throw new java.nio.file.FileAlreadyExistsException(path + "/" + display(name));
            }
            throw failure("make the directory", path + "/" + display(name), e);
        }
    }

    /**
     * {@code /proc/<this process>/fd/N}: a path that names exactly this descriptor's inode for another process of
     * ours (root's), whatever has been renamed since — for a tool such as {@code cp} run on the inode checked.
     */
    public String processPath() throws IOException {
        return "/proc/" + ProcessHandle.current().pid() + "/fd/" + number();
    }

    /** True when {@code e} (from this class) failed because a symlink was on the way ({@code ELOOP}). */
    public static boolean symlinkOnTheWay(IOException e) {
        return e.getCause() instanceof LastErrorException l && l.getErrorCode() == LinuxFileSyscalls.ELOOP;
    }

    private static byte[] single(byte[] name) {
        for (byte b : name) {
            if (b == '/' || b == 0) {
                throw new IllegalArgumentException("not a single file name: " + display(name));
            }
        }
        return name;
    }

    public String path() {
        return path;
    }

    /** The last component this inode was opened by (empty for {@code /} and an adopted descriptor). */
    public byte[] name() {
        return name.clone();
    }

    /** Takes ownership of descriptor {@code fd} (an {@code O_PATH} one of an inode found otherwise: {@link FileHandle}). */
    static PathFd adopt(int fd, String display) {
        return new PathFd(fd, display, new byte[0]);
    }

    /** The descriptor's number, for calls made on it elsewhere ({@link FileHandle}); it stays this object's. */
    int descriptor() throws IOException {
        return number();
    }

    private int number() throws IOException {
        int n = fd.number();
        if (n < 0) {
            throw new IOException(path + " is closed");
        }
        return n;
    }

    /** {@code /proc/self/fd/N}: the magic link to exactly this descriptor's inode. */
    private String procPath() throws IOException {
        return "/proc/self/fd/" + number();
    }

    public FileStat stat() throws IOException {
        try (Memory buf = statx()) {
            long device = ((long) buf.getInt(136) << 32) | (buf.getInt(140) & 0xffffffffL);
            // stx_btime (a statx_timestamp at 80: tv_sec, tv_nsec) only when stx_mask says the file system filled it
            long birth = (buf.getInt(0) & LinuxFileSyscalls.STATX_BTIME) == 0 ? 0
                    : buf.getLong(80) * 1_000_000_000L + (buf.getInt(88) & 0xffffffffL);
            // overlayfs: the birth time is the layer inode's, and a copy-up (the grant's first ACL change) makes a new
            // one (R23); the handle it gives for identity is the lower inode's across the copy-up
            boolean birthStable = birth == 0 || fsType() != LinuxFileSyscalls.OVERLAYFS_SUPER_MAGIC;
            return new FileStat(device, buf.getLong(32), buf.getShort(28) & 0xffff, buf.getInt(20), buf.getInt(24),
                    buf.getInt(16), birth, FileHandle.fid(number()), birthStable);
        }
    }

    /** {@code statx} of this inode itself (a symlink's own), the caller closing the buffer. */
    private Memory statx() throws IOException {
        Memory buf = new Memory(LinuxFileSyscalls.STATX_SIZE);
        buf.clear();
        try {
            libc().statx(number(), new byte[] {0}, LinuxFileSyscalls.AT_EMPTY_PATH | LinuxFileSyscalls.AT_SYMLINK_NOFOLLOW,
                    LinuxFileSyscalls.STATX_BASIC_STATS | LinuxFileSyscalls.STATX_BTIME, buf);
            return buf;
        } catch (LastErrorException e) {
            buf.close();
            throw failure("stat", path, e);
        }
    }

    /** Access and modification time of an inode, as {@code statx} gives them and {@code utimensat} takes them. */
    public record Times(long accessSeconds, long accessNanos, long modifiedSeconds, long modifiedNanos) {
    }

    /** This inode's access and modification times (a symlink's own). */
    public Times times() throws IOException {
        try (Memory buf = statx()) { // stx_atime at 64, stx_mtime at 112: tv_sec s64, tv_nsec u32
            return new Times(buf.getLong(64), buf.getInt(72) & 0xffffffffL, buf.getLong(112), buf.getInt(120) & 0xffffffffL);
        }
    }

    /** Sets the times of the entry {@code name} of this directory itself (a symlink's own: never followed). */
    public void setTimes(byte[] name, Times times) throws IOException {
        try (Memory ts = new Memory(32)) {
            ts.setLong(0, times.accessSeconds());
            ts.setLong(8, times.accessNanos());
            ts.setLong(16, times.modifiedSeconds());
            ts.setLong(24, times.modifiedNanos());
            libc().utimensat(number(), terminated(single(name)), ts, LinuxFileSyscalls.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("set the times of", path + "/" + display(name), e);
        }
    }

    /** The target of the symlink this descriptor names ({@code readlinkat(fd, "")}), as raw bytes. */
    public byte[] readLink() throws IOException {
        for (int size = 256; ; size *= 2) {
            byte[] buf = new byte[size];
            int n;
            try {
                n = libc().readlinkat(number(), new byte[] {0}, buf, new NativeLong(size)).intValue();
            } catch (LastErrorException e) {
                throw failure("read the symlink", path, e);
            }
            if (n < size) {
                return Arrays.copyOf(buf, n);
            }
        }
    }

    /** Makes the symlink {@code name} in this directory pointing to {@code target}, as the caller. */
    public void makeSymlink(byte[] name, byte[] target) throws IOException {
        try {
            libc().symlinkat(terminated(target), number(), terminated(single(name)));
        } catch (LastErrorException e) {
            throw failure("make the symlink", path + "/" + display(name), e);
        }
    }

    /** Makes the FIFO or socket node {@code name} in this directory ({@code type}: {@code S_IFIFO} or {@code S_IFSOCK}). */
    public void makeNode(byte[] name, int type, int mode) throws IOException {
        if (type != LinuxFileSyscalls.S_IFIFO && type != LinuxFileSyscalls.S_IFSOCK) {
            throw new IllegalArgumentException("not a FIFO or socket type: " + Integer.toOctalString(type));
        }
        try {
            libc().mknodat(number(), terminated(single(name)), type | (mode & 0777), 0);
        } catch (LastErrorException e) {
            throw failure("make the node", path + "/" + display(name), e);
        }
    }

    /** Links the inode {@code existing} names (not a directory) as the entry {@code name} of this directory. */
    public void link(PathFd existing, byte[] name) throws IOException {
        try {
            libc().linkat(LinuxFileSyscalls.AT_FDCWD, terminated(existing.procPath().getBytes(StandardCharsets.UTF_8)),
                    number(), terminated(single(name)), LinuxFileSyscalls.AT_SYMLINK_FOLLOW);
        } catch (LastErrorException e) {
            throw failure("link " + existing.path + " as", path + "/" + display(name), e);
        }
    }

    /** The names of this inode's extended attributes (not for a symlink: they would be its target's). */
    public List<String> xattrNames() throws IOException {
        String proc = procPath();
        while (true) {
            try {
                int size = libc().listxattr(proc, null, new NativeLong(0)).intValue();
                byte[] list = new byte[size];
                int got = size == 0 ? 0 : libc().listxattr(proc, list, new NativeLong(size)).intValue();
                List<String> names = new ArrayList<>();
                for (int at = 0; at < got; ) {
                    int end = at;
                    while (end < got && list[end] != 0) {
                        end++;
                    }
                    names.add(new String(list, at, end - at, StandardCharsets.UTF_8));
                    at = end + 1;
                }
                return names;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LinuxFileSyscalls.EOPNOTSUPP) {
                    return List.of();
                }
                if (e.getErrorCode() != LinuxFileSyscalls.ERANGE) {
                    throw failure("list the attributes of", path, e);
                }
            }
        }
    }

    /** {@code statfs.f_type} of the file system this inode lies on (a {@code *_SUPER_MAGIC}). */
    long fsType() throws IOException {
        try (Memory buf = new Memory(LinuxFileSyscalls.STATFS_SIZE)) {
            buf.clear();
            libc().fstatfs(number(), buf);
            return buf.getLong(0);
        } catch (LastErrorException e) {
            throw failure("statfs", path, e);
        }
    }

    /**
     * Whether the calling thread's filesystem identity may access this inode with {@code mode} ({@code R_OK|W_OK|X_OK}
     * of {@link LinuxFileSyscalls}): {@code faccessat2(fd, "", mode, AT_EMPTY_PATH|AT_EACCESS)}, the kernel's own check
     * (mode bits, ACLs, a read-only mount). Meant for a thread running as another user ({@link AsUser}); root's threads
     * pass nearly everything.
     */
    public boolean mayAccess(int mode) throws IOException {
        try {
            libc().syscall(LinuxFileSyscalls.SYS_FACCESSAT2, number(), new byte[] {0}, mode,
                    LinuxFileSyscalls.AT_EMPTY_PATH | LinuxFileSyscalls.AT_EACCESS);
            return true;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LinuxLibc.EACCES || errno == LinuxLibc.EPERM || errno == LinuxFileSyscalls.EROFS) {
                return false;
            }
            throw failure("check access to", path, e);
        }
    }

    /** The names in this directory, without "." and "..", as the raw bytes the filesystem holds. */
    public List<byte[]> list() throws IOException {
        int dirFd;
        try (Memory how = new Memory(LinuxFileSyscalls.OPEN_HOW_SIZE)) {
            how.setLong(0, LinuxLibc.O_RDONLY | LinuxLibc.O_DIRECTORY | LinuxLibc.O_CLOEXEC);
            how.setLong(8, 0);
            how.setLong(16, LinuxFileSyscalls.RESOLVE_BENEATH | LinuxFileSyscalls.RESOLVE_NO_SYMLINKS);
            dirFd = (int) libc().syscall(LinuxFileSyscalls.SYS_OPENAT2, number(), terminated(".".getBytes(StandardCharsets.UTF_8)),
                    how, LinuxFileSyscalls.OPEN_HOW_SIZE);
        } catch (LastErrorException e) {
            throw failure("open the directory", path, e);
        }
        Pointer dir;
        try {
            dir = libc().fdopendir(dirFd);
        } catch (LastErrorException e) {
            libc().close(dirFd);
            throw failure("list", path, e);
        }
        List<byte[]> names = new ArrayList<>();
        try {
            while (true) {
                Native.setLastError(0);
                Pointer entry = libc().readdir64(dir);
                if (entry == null) {
                    int errno = Native.getLastError();
                    if (errno != 0) {
                        throw new IOException("Cannot list " + path + ": errno " + errno);
                    }
                    return names;
                }
                // struct dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name[]
                byte[] name = entry.getString(19, "ISO-8859-1").getBytes(StandardCharsets.ISO_8859_1);
                if (!Arrays.equals(name, new byte[] {'.'}) && !Arrays.equals(name, new byte[] {'.', '.'})) {
                    names.add(name);
                }
            }
        } finally {
            libc().closedir(dir);
        }
    }

    /** The value of extended attribute {@code name}, empty when the inode has none of that name. */
    public Optional<byte[]> xattr(String name) throws IOException {
        String proc = procPath();
        while (true) {
            try {
                int size = libc().getxattr(proc, name, null, new NativeLong(0)).intValue();
                byte[] value = new byte[size];
                int got = size == 0 ? 0 : libc().getxattr(proc, name, value, new NativeLong(size)).intValue();
                return Optional.of(Arrays.copyOf(value, got));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LinuxFileSyscalls.ENODATA) {
                    return Optional.empty();
                }
                if (e.getErrorCode() != LinuxFileSyscalls.ERANGE) { // ERANGE: it grew between the two calls
                    throw failure("read attribute " + name + " of", path, e);
                }
            }
        }
    }

    public void setXattr(String name, byte[] value) throws IOException {
        try {
            libc().setxattr(procPath(), name, value, new NativeLong(value.length), 0);
        } catch (LastErrorException e) {
            throw failure("set attribute " + name + " of", path, e);
        }
    }

    /** Removes extended attribute {@code name}; none of that name is fine. */
    public void removeXattr(String name) throws IOException {
        try {
            libc().removexattr(procPath(), name);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != LinuxFileSyscalls.ENODATA) {
                throw failure("remove attribute " + name + " of", path, e);
            }
        }
    }

    /** Sets or removes ({@code value} empty) extended attribute {@code name}. */
    public void putXattr(String name, Optional<byte[]> value) throws IOException {
        if (value.isPresent()) {
            setXattr(name, value.get());
        } else {
            removeXattr(name);
        }
    }

    /** Owner and group of this inode itself (a symlink's own, never its target's). */
    public void chown(int uid, int gid) throws IOException {
        try {
            libc().fchownat(number(), new byte[] {0}, uid, gid, LinuxFileSyscalls.AT_EMPTY_PATH | LinuxFileSyscalls.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("change the owner of", path, e);
        }
    }

    /** Mode bits of this inode; refused for a symlink (Linux has no symlink modes, and the call would follow it). */
    public void chmod(int permissions) throws IOException {
        if (stat().isSymlink()) {
            throw new IOException("Cannot chmod " + path + ": it is a symlink");
        }
        try {
            libc().chmod(procPath(), permissions & 07777);
        } catch (LastErrorException e) {
            throw failure("change the mode of", path, e);
        }
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return path;
    }

    private static byte[] terminated(byte[] name) {
        return Arrays.copyOf(name, name.length + 1);
    }

    /** A name for messages: UTF-8 where it decodes, with replacement characters where it does not. */
    public static String display(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    private static IOException failure(String op, String path, LastErrorException e) {
        int errno = e.getErrorCode();
        String what = switch (errno) {
            case LinuxLibc.ENOENT -> "no such file";
            case LinuxFileSyscalls.ELOOP -> "a symlink on the way";
            case LinuxFileSyscalls.ENOTDIR -> "not a directory";
            case LinuxFileSyscalls.EOPNOTSUPP -> "not supported by this filesystem";
            case LinuxLibc.EACCES, LinuxLibc.EPERM -> "permission denied";
            default -> "errno " + errno;
        };
        String message = "Cannot " + op + " " + path + ": " + what;
        return errno == LinuxLibc.ENOENT ? new NoSuchFileException(path, null, message) : new IOException(message, e);
    }
}
