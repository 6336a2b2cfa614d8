package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.cordon.platform.linux.sys.LinuxLibc;

/**
 * The libc calls that act on a file through a descriptor rather than by name: {@code openat2} with resolve flags,
 * {@code statx}, {@code fchownat}, the extended-attribute calls (through {@code /proc/self/fd/N}, which reaches the
 * descriptor's own inode) and directory listing. Paths are NUL-terminated byte arrays, so a file name that is not
 * valid UTF-8 is passed through unchanged.
 */
public interface LinuxFileSyscalls extends LinuxLibc {
    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int AT_EMPTY_PATH = 0x1000;
    int O_PATH = 010000000;
    int O_NOFOLLOW = 0400000;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int EEXIST = 17;
    /** {@code openat2} is in the generic syscall table: the same number on every architecture. */
    long SYS_OPENAT2 = 437;
    long RESOLVE_NO_MAGICLINKS = 0x02;
    long RESOLVE_NO_SYMLINKS = 0x04;
    long RESOLVE_BENEATH = 0x08;
    /** {@code faccessat2} is in the generic syscall table too. */
    long SYS_FACCESSAT2 = 439;
    long AT_EACCESS = 0x200;
    int R_OK = 4;
    int W_OK = 2;
    int X_OK = 1;
    int EROFS = 30;
    /** {@code sizeof(struct open_how)}: flags, mode, resolve, each a u64. */
    int OPEN_HOW_SIZE = 24;
    int STATX_BASIC_STATS = 0x7ff;
    int STATX_BTIME = 0x800;
    /** The clock file systems stamp new inodes with (a tick behind the fine one, never ahead of their stamps). */
    int CLOCK_REALTIME_COARSE = 5;
    int STATX_SIZE = 256;
    /** {@code sizeof(struct statfs)} on x86-64 and arm64: eleven 8-byte words and {@code f_spare[4]}; {@code f_type} first. */
    int STATFS_SIZE = 120;
    /** {@code statfs.f_type} of overlayfs ({@code OVERLAYFS_SUPER_MAGIC}). */
    long OVERLAYFS_SUPER_MAGIC = 0x794c7630L;
    int ENOTDIR = 20;
    int EXDEV = 18;
    int AT_REMOVEDIR = 0x200;
    /** {@code renameat2}'s flag: fail with {@code EEXIST} rather than replace what is at the new name. */
    int RENAME_NOREPLACE = 1;
    int ERANGE = 34;
    int ELOOP = 40;
    int ENODATA = 61;
    int EOPNOTSUPP = 95;
    int ENXIO = 6;
    int O_NOATIME = 01000000;
    int AT_SYMLINK_FOLLOW = 0x400;
    int SEEK_SET = 0;
    int SEEK_END = 2;
    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;
    int S_IFIFO = 0010000;
    int S_IFSOCK = 0140000;

    /** Loaded on first use, so code that never walks a tree by descriptor never loads libc through this interface. */
    final class Holder {
        static final LinuxFileSyscalls INSTANCE = Native.load("c", LinuxFileSyscalls.class);

        private Holder() {
        }
    }

    static LinuxFileSyscalls libc() {
        return Holder.INSTANCE;
    }

    /** {@code openat2(dirfd, path, how, size)}; {@code how} is a {@code struct open_how}. */
    long syscall(long number, long dirfd, byte[] path, Memory how, long size) throws LastErrorException;

    /** {@code faccessat2(dirfd, path, mode, flags)}. */
    long syscall(long number, long dirfd, byte[] path, long mode, long flags) throws LastErrorException;

    /** {@code openat(dirfd, path, flags, mode)}. */
    int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

    int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags) throws LastErrorException;

    int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

    int statx(int dirfd, byte[] path, int flags, int mask, Memory statx) throws LastErrorException;

    /** {@code fstatfs(fd, buf)}; {@code buf} is a {@code struct statfs} ({@link #STATFS_SIZE}). Allowed on O_PATH. */
    int fstatfs(int fd, Memory buf) throws LastErrorException;

    /** {@code clock_gettime(clockid, ts)}; {@code ts} is a {@code struct timespec} (two 64-bit fields on x86-64). */
    int clock_gettime(int clockId, Memory ts) throws LastErrorException;

    int fchownat(int dirfd, byte[] path, int uid, int gid, int flags) throws LastErrorException;

    int chmod(String path, int mode) throws LastErrorException;

    NativeLong getxattr(String path, String name, byte[] value, NativeLong size) throws LastErrorException;

    int setxattr(String path, String name, byte[] value, NativeLong size, int flags) throws LastErrorException;

    int removexattr(String path, String name) throws LastErrorException;

    int dup(int fd) throws LastErrorException;

    /** {@code readlinkat(dirfd, path, buf, size)}: with an empty path, the symlink an {@code O_PATH} descriptor names. */
    NativeLong readlinkat(int dirfd, byte[] path, byte[] buf, NativeLong size) throws LastErrorException;

    int symlinkat(byte[] target, int newdirfd, byte[] linkpath) throws LastErrorException;

    /** {@code mknodat(dirfd, path, mode, dev)}: FIFOs and sockets only here (dev 0). */
    int mknodat(int dirfd, byte[] path, int mode, long dev) throws LastErrorException;

    int linkat(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags) throws LastErrorException;

    /** {@code utimensat(dirfd, path, times, flags)}; {@code times} is {@code struct timespec[2]} (access, modification). */
    int utimensat(int dirfd, byte[] path, Memory times, int flags) throws LastErrorException;

    /** {@code sendfile(out, in, offset, count)}; {@code offset} an {@code off_t} that it advances. */
    NativeLong sendfile(int out, int in, Memory offset, NativeLong count) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    int ftruncate(int fd, long length) throws LastErrorException;

    NativeLong listxattr(String path, byte[] list, NativeLong size) throws LastErrorException;

    /** Takes ownership of {@code fd}: {@link #closedir} closes it. */
    Pointer fdopendir(int fd) throws LastErrorException;

    /** NULL at the end and on error; errno tells them apart, so no {@link LastErrorException} here. */
    Pointer readdir64(Pointer dir);

    int closedir(Pointer dir) throws LastErrorException;
}
