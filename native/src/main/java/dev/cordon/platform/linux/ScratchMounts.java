package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.cordon.core.ByteSize;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.MountInfo;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Size-bounded scratch space: a tmpfs of its own mounted (in the caller's mount namespace, as root) on a directory
 * the host made, and taken off again without ever following a symlink. A session's HOME and TMPDIR are such mounts,
 * so filling them ends in ENOSPC inside the session instead of filling the disk of the ledger and the audit log.
 */
public final class ScratchMounts {
    /** The mount source every scratch mount carries; the mount table tells ours from anything else by it. */
    public static final String SOURCE = "cordon-scratch";
    static final long MS_NOSUID = 2;
    static final long MS_NODEV = 4;
    static final int MNT_DETACH = 2;
    static final int UMOUNT_NOFOLLOW = 8;
    static final int EBUSY = 16;
    /** One inode per 4 KiB of size: a scratch mount cannot hold more empty files than it could hold pages. */
    static final long BYTES_PER_INODE = 4096;

    private ScratchMounts() {
    }

    /** The tmpfs options of a scratch mount of {@code sizeBytes}, owned root:{@code gid} with {@code mode}. */
    static String options(long sizeBytes, int gid, int mode) {
        return "size=" + sizeBytes + ",nr_inodes=" + Math.max(1024, sizeBytes / BYTES_PER_INODE) + ",mode="
                + Integer.toOctalString(mode) + ",uid=0,gid=" + gid;
    }

    /**
     * Mounts a tmpfs of {@code sizeBytes} on {@code dir} (an existing, empty, real directory, not a symlink), owned by
     * root and group {@code gid} with {@code mode}, nosuid and nodev; then reads the mount table back to verify.
     */
    public static void mount(Path dir, long sizeBytes, int gid, int mode) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw CordonException.internal("Cannot mount scratch space on " + dir + ": not a directory (or a symlink).",
                    null);
        }
        String options = options(sizeBytes, gid, mode);
        try {
            LinuxLibc.libc().mount(SOURCE, dir.toString(), "tmpfs", new NativeLong(MS_NOSUID | MS_NODEV), options);
        } catch (LastErrorException e) {
            throw new CordonException(ExitCode.UNAVAILABLE, "Cannot mount a tmpfs of " + ByteSize.format(sizeBytes)
                    + " on " + dir + ": errno " + e.getErrorCode() + ".",
                    "The host needs root in the initial mount namespace (CAP_SYS_ADMIN) to bound a session's HOME "
                            + "and TMPDIR; run `cordon doctor`.", e);
        }
        MountInfo m = ours(dir).orElseThrow(() -> CordonException.internal("The tmpfs mounted on " + dir
                + " is not in " + MountInfo.SELF + " as " + SOURCE + ".", null));
        long pageKib = LinuxLibc.libc().sysconf(LinuxLibc.SC_PAGESIZE).longValue() / 1024;
        long expectedKib = (sizeBytes / 1024 + pageKib - 1) / pageKib * pageKib;
        if (!superOption(m, "size").equals(expectedKib + "k")) {
            unmount(dir);
            throw CordonException.internal("The tmpfs on " + dir + " has " + m.superOptions() + ", not size="
                    + expectedKib + "k: it was taken off again.", null);
        }
    }

    private static String superOption(MountInfo m, String key) {
        for (String o : m.superOptions().split(",")) {
            if (o.startsWith(key + "=")) {
                return o.substring(key.length() + 1);
            }
        }
        return "";
    }

    /** The scratch mount on exactly {@code dir}, the top-most if several are stacked there. */
    public static java.util.Optional<MountInfo> ours(Path dir) {
        MountInfo found = null;
        for (MountInfo m : MountInfo.current()) {
            if (m.mountPoint().equals(dir)) {
                found = m; // later lines are mounted on top of earlier ones
            }
        }
        return found != null && isOurs(found) ? java.util.Optional.of(found) : java.util.Optional.empty();
    }

    private static boolean isOurs(MountInfo m) {
        return m.fstype().equals("tmpfs") && m.source().equals(SOURCE);
    }

    /** The size a scratch mount on {@code dir} was given, in bytes, if one is mounted there. */
    public static java.util.Optional<Long> sizeOf(Path dir) {
        return ours(dir).map(m -> superOption(m, "size")).filter(s -> s.endsWith("k"))
                .map(s -> Long.parseLong(s.substring(0, s.length() - 1)) * 1024);
    }

    /**
     * Takes the mount on {@code dir} off without following a symlink there ({@code UMOUNT_NOFOLLOW}); a mount still
     * in use by a process of this namespace is detached (gone from the tree now, freed when the last user lets go).
     * False when nothing was mounted on {@code dir}.
     */
    public static boolean unmount(Path dir) {
        try {
            LinuxLibc.libc().umount2(dir.toString(), UMOUNT_NOFOLLOW);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LinuxLibc.EINVAL || e.getErrorCode() == LinuxLibc.ENOENT) {
                return false; // not a mount point (or a symlink, which is never followed), or gone
            }
            if (e.getErrorCode() != EBUSY) {
                throw unmountFailed(dir, e);
            }
        }
        try {
            LinuxLibc.libc().umount2(dir.toString(), UMOUNT_NOFOLLOW | MNT_DETACH);
            return true;
        } catch (LastErrorException e) {
            throw unmountFailed(dir, e);
        }
    }

    private static CordonException unmountFailed(Path dir, LastErrorException e) {
        return new CordonException(ExitCode.INTERNAL, "Cannot unmount the scratch space on " + dir + ": errno "
                + e.getErrorCode() + ".", "Run as root; `findmnt " + dir + "` shows what is mounted there.", e);
    }

    /** The scratch mounts at or below {@code root}, per the mount table. */
    public static List<Path> under(Path root) {
        return MountInfo.current().stream().filter(m -> m.mountPoint().startsWith(root) && isOurs(m))
                .map(MountInfo::mountPoint).toList();
    }

    /**
     * Takes off every scratch mount at or below {@code root}, deepest first, and verifies with the mount table that
     * none is left; returns their mount points. Refuses (CONFLICT, nothing unmounted) when something that is not a
     * scratch mount is mounted below {@code root}: deleting {@code root} afterwards would walk into it.
     */
    public static List<Path> unmountAllUnder(Path root) {
        List<MountInfo> below = new ArrayList<>();
        for (MountInfo m : MountInfo.current()) {
            if (m.mountPoint().startsWith(root)) {
                below.add(m);
            }
        }
        List<String> foreign = below.stream().filter(m -> !isOurs(m))
                .map(m -> m.mountPoint() + " (" + m.fstype() + " " + m.source() + ")").toList();
        if (!foreign.isEmpty()) {
            throw new CordonException(ExitCode.CONFLICT, "Something other than Cordon's scratch space is mounted below "
                    + root + ": " + String.join(", ", foreign) + "; nothing was unmounted or removed.",
                    "Unmount it yourself (`umount PATH`), then retry.");
        }
        List<Path> done = new ArrayList<>();
        for (int i = below.size() - 1; i >= 0; i--) { // the mount table lists a mount after what it sits on
            Path p = below.get(i).mountPoint();
            if (unmount(p) && !done.contains(p)) {
                done.add(p);
            }
        }
        List<Path> left = MountInfo.current().stream().map(MountInfo::mountPoint).filter(p -> p.startsWith(root))
                .toList();
        if (!left.isEmpty()) {
            throw CordonException.internal("Still mounted after unmounting: " + left + ".", null);
        }
        return done;
    }
}
