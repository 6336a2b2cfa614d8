package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import dev.cordon.platform.linux.sys.LinuxLibc;

import java.io.IOException;
import dev.cordon.platform.linux.sys.MountInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An inode's identity that survives a rename and a host that died: the file handle {@code name_to_handle_at} gives (on
 * ext4, xfs, btrfs and tmpfs it holds the inode number and its generation, so an inode that was deleted, and a new one that
 * took its number, do not open), with the mount it was taken on. {@link #open} finds the inode wherever it has been moved
 * with {@code open_by_handle_at} (root: {@code CAP_DAC_READ_SEARCH}); {@code ESTALE} means it is really gone. Text form,
 * as records store it: {@code <type>:<hex bytes>@<mount id>}.
 */
record FileHandle(int type, String hex, int mountId) {
    private static final int MAX_HANDLE_SZ = 128;
    /** {@code struct file_handle}: {@code handle_bytes} (u32) and {@code handle_type} (int), then the bytes. */
    static final int HANDLE_HEADER = 8;
    private static final int ESTALE = 116;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int O_DIRECTORY = 0200000;

    /** glibc's wrappers of the handle syscalls (same names on every architecture). */
    interface Calls extends Library {
        int name_to_handle_at(int dirfd, byte[] path, Memory handle, IntByReference mountId, int flags)
                throws LastErrorException;

        int open_by_handle_at(int mountFd, Memory handle, int flags) throws LastErrorException;
    }

    private static final class Holder {
        static final Calls CALLS = Native.load("c", Calls.class);
    }

    @Override
    public String toString() {
        return type + ":" + hex + "@" + mountId;
    }

    /** The form {@link #toString} writes, or empty for null/blank (records of an older Cordon have none). */
    static Optional<FileHandle> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        int at = text.lastIndexOf('@');
        if (colon < 0 || at < colon) {
            throw new IllegalArgumentException("not a file handle: " + text);
        }
        String hex = text.substring(colon + 1, at);
        HexFormat.of().parseHex(hex); // damaged records fail here
        return Optional.of(new FileHandle(Integer.parseInt(text.substring(0, colon)), hex,
                Integer.parseInt(text.substring(at + 1))));
    }

    /** The handle of {@code fd}'s inode; empty when its filesystem gives none ({@code EOPNOTSUPP}, e.g. some FUSE). */
    static Optional<FileHandle> of(PathFd fd) throws IOException {
        try (Memory h = new Memory(HANDLE_HEADER + MAX_HANDLE_SZ)) {
            h.clear();
            h.setInt(0, MAX_HANDLE_SZ);
            IntByReference mount = new IntByReference();
            Holder.CALLS.name_to_handle_at(fd.descriptor(), new byte[] {0}, h, mount, LinuxFileSyscalls.AT_EMPTY_PATH);
            int bytes = h.getInt(0);
            return Optional.of(new FileHandle(h.getInt(4), HexFormat.of().formatHex(h.getByteArray(8, bytes)),
                    mount.getValue()));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxFileSyscalls.EOPNOTSUPP) {
                return Optional.empty();
            }
            throw new IOException("Cannot take a file handle of " + fd.path() + ": errno " + e.getErrorCode(), e);
        }
    }

    /** {@code AT_HANDLE_FID} (Linux 6.5): a handle for identity only, given also where handles cannot be opened (overlayfs). */
    static final int AT_HANDLE_FID = 0x200;

    /**
     * The handle of descriptor {@code fd}'s inode, for identity ({@code AT_HANDLE_FID}; on a kernel before 6.5 a plain
     * handle), as {@code <type>x<hex>}: on ext4, xfs, btrfs and tmpfs it holds the inode number and its generation, which a
     * number taken again does not keep. Null where the file system gives none.
     */
    static String fid(int fd) {
        try (Memory h = new Memory(HANDLE_HEADER + MAX_HANDLE_SZ)) {
            IntByReference mount = new IntByReference();
            for (int flags : new int[] {LinuxFileSyscalls.AT_EMPTY_PATH | AT_HANDLE_FID, LinuxFileSyscalls.AT_EMPTY_PATH}) {
                h.clear();
                h.setInt(0, MAX_HANDLE_SZ);
                try {
                    Holder.CALLS.name_to_handle_at(fd, new byte[] {0}, h, mount, flags);
                    return h.getInt(4) + "x" + HexFormat.of().formatHex(h.getByteArray(HANDLE_HEADER, h.getInt(0)));
                } catch (LastErrorException e) {
                    int errno = e.getErrorCode();
                    if (errno == LinuxLibc.EINVAL && flags != LinuxFileSyscalls.AT_EMPTY_PATH) {
                        continue; // a kernel without AT_HANDLE_FID
                    }
                    // EOPNOTSUPP, EOVERFLOW (none this small: MAX_HANDLE_SZ is the kernel's) or another refusal:
                    // none from this file system; a key without it is known by the rest, and a lend needs more than
                    // the number (WorkspaceGrants.lendRoot)
                    return null;
                }
            }
            return null;
        }
    }

    /**
     * Opens the inode ({@code O_PATH}) wherever it is now, on the filesystem of {@code device} ({@code major << 32 |
     * minor}, as {@link FileStat} has it); empty when it no longer exists ({@code ESTALE}). The descriptor is named by
     * its current path.
     */
    Optional<PathFd> open(long device) throws IOException {
        int mountFd = openMount(device);
        try {
            return openAt(mountFd);
        } finally {
            LinuxFileSyscalls.libc().close(mountFd);
        }
    }

    /**
     * Opens many handles, each on the filesystem of its device, with one mount descriptor per device read from the mount
     * table once (R26 looks for every saved inode the hand-back did not meet: thousands when a session deleted a tree).
     */
    static final class Opener implements AutoCloseable {
        private final java.util.Map<Long, Integer> mounts = new java.util.HashMap<>();

        /** As {@link FileHandle#open}. */
        Optional<PathFd> open(FileHandle handle, long device) throws IOException {
            Integer mountFd = mounts.get(device);
            if (mountFd == null) {
                mountFd = handle.openMount(device);
                mounts.put(device, mountFd);
            }
            return handle.openAt(mountFd);
        }

        @Override
        public void close() {
            mounts.values().forEach(fd -> LinuxFileSyscalls.libc().close(fd));
            mounts.clear();
        }
    }

    /** A descriptor of a mount of {@code device}'s filesystem (the recorded one when it still is), to open handles on. */
    private int openMount(long device) throws IOException {
        Path mountPoint = mountPoint(device).orElseThrow(() -> new IOException("no mount of device "
                + (device >>> 32) + ":" + (device & 0xffffffffL) + " (mount id " + mountId + ") is left to open "
                + "the recorded file handle on"));
        try {
            return LinuxFileSyscalls.libc().open(mountPoint.toString(), LinuxLibc.O_RDONLY | O_DIRECTORY
                    | LinuxLibc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("Cannot open the mount point " + mountPoint + ": errno " + e.getErrorCode(), e);
        }
    }

    private Optional<PathFd> openAt(int mountFd) throws IOException {
        byte[] bytes = HexFormat.of().parseHex(hex);
        try (Memory h = new Memory(HANDLE_HEADER + Math.max(1, bytes.length))) {
            h.setInt(0, bytes.length);
            h.setInt(4, type);
            h.write(8, bytes, 0, bytes.length);
            int fd = Holder.CALLS.open_by_handle_at(mountFd, h, LinuxFileSyscalls.O_PATH | LinuxLibc.O_CLOEXEC);
            return Optional.of(PathFd.adopt(fd, currentPath(fd)));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESTALE) {
                return Optional.empty();
            }
            throw new IOException("Cannot open the recorded file handle (errno " + e.getErrorCode() + ")", e);
        }
    }

    /** A second descriptor of {@code fd}'s inode, named by its path now (where it has been moved since). */
    static PathFd duplicate(PathFd fd) throws IOException {
        try {
            int copy = LinuxFileSyscalls.libc().fcntl(fd.descriptor(), F_DUPFD_CLOEXEC, 0);
            return PathFd.adopt(copy, currentPath(copy));
        } catch (LastErrorException e) {
            throw new IOException("Cannot duplicate the descriptor of " + fd.path() + ": errno " + e.getErrorCode(), e);
        }
    }

    /** What {@code /proc/self/fd/N} says: the inode's path now (" (deleted)" appended by the kernel when it is gone). */
    private static String currentPath(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            return "/proc/self/fd/" + fd;
        }
    }

    /**
     * A directory where the filesystem of {@code device} is mounted: the recorded mount when it still is one of that
     * device, else any mount of it (a handle names an inode of the filesystem, whichever mount opens it).
     */
    private Optional<Path> mountPoint(long device) throws IOException {
        String majorMinor = (device >>> 32) + ":" + (device & 0xffffffffL);
        Path any = null;
        // bytes, one char each (R62): a mount point that is no valid file name is skipped, no path reaches it
        for (String line : Files.readString(MountInfo.SELF, StandardCharsets.ISO_8859_1).split("\n")) {
            List<String> f = List.of(line.split(" "));
            Optional<Path> valid = f.size() < 5 || !f.get(2).equals(majorMinor) ? Optional.empty() : MountInfo.path(f.get(4));
            if (valid.isEmpty()) {
                continue;
            }
            Path point = valid.get();
            if (f.get(0).equals(Integer.toString(mountId))) {
                return Optional.of(point);
            }
            if (any == null) {
                any = point;
            }
        }
        return Optional.ofNullable(any);
    }
}
