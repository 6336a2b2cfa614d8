package dev.cordon.platform.linux;

import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.AsUser;
import dev.cordon.platform.linux.FileStat;
import dev.cordon.platform.linux.LinuxFileSyscalls;
import dev.cordon.platform.linux.PathFd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a caller that is not root may lend to a session (as its workspace or a writable root): only a tree it could read
 * and write itself. The kernel decides, with the caller's own credentials ({@link AsUser}: a host thread that switched
 * only its filesystem uid, gid and groups), so there is no permission logic of ours to get wrong:
 * <ul>
 *   <li>the root is opened as the caller ({@link PathFd}: {@code openat2} with {@code RESOLVE_NO_SYMLINKS}), so the
 *   caller must be able to reach it;</li>
 *   <li>every inode the grant will open up, the root included, is the caller's own or one the caller may read and write
 *   (and enter, for a directory): {@code faccessat2} on the inode's descriptor ({@link PathFd#mayAccess}). The grant's
 *   recording walk runs on the caller's thread and calls {@link #requireInode} for each inode it saves, and the grant
 *   acts only on the inodes it saved: the inodes checked are exactly the inodes lent.</li>
 * </ul>
 */
final class LendCheck {
    private LendCheck() {
    }

    /** Opens {@code root} as the caller; a refusal when the caller cannot reach it. Call on any thread. */
    static PathFd openAs(Caller caller, Path root) {
        return AsUser.call(caller, () -> {
            try {
                return PathFd.open(root);
            } catch (IOException e) {
                throw refusal(caller, root, caller.describe() + " cannot open it (" + e.getMessage() + ")");
            }
        });
    }

    /** The caller may reach {@code root} and read, write and enter it (or owns it). For roots no grant walks. */
    static void requireRoot(Caller caller, Path root) {
        try (PathFd top = openAs(caller, root)) {
            AsUser.call(caller, () -> {
                FileStat st = top.stat();
                if (!st.isDirectory()) {
                    throw refusal(caller, root, "it is not a directory" + (st.isSymlink() ? " but a symlink" : ""));
                }
                requireInode(caller, root, top, st);
                return null;
            });
        }
    }

    /**
     * On a thread running as {@code caller}: the inode is the caller's own, or the caller may read and write it (and
     * enter it, for a directory); otherwise the refusal naming it. A symlink's own permissions mean nothing (and the
     * grant neither follows nor changes it).
     */
    static void requireInode(Caller caller, Path root, PathFd fd, FileStat st) throws IOException {
        if (st.isSymlink() || st.uid() == PosixIds.uid(caller)) {
            return;
        }
        int mode = LinuxFileSyscalls.R_OK | LinuxFileSyscalls.W_OK | (st.isDirectory() ? LinuxFileSyscalls.X_OK : 0);
        if (!fd.mayAccess(mode)) {
            throw refusal(caller, root, fd.path() + " belongs to uid " + st.uid() + " and " + caller.describe()
                    + " may not read and write it");
        }
    }

    /**
     * The caller could connect to {@code socket} itself: reach it (search on every directory on the way, no symlink) and
     * write it, which is what {@code connect(2)} asks of a pathname socket. {@code --allow-socket} only un-hides a
     * socket; a member must not un-hide one for the sandbox that it could not use itself.
     */
    static void requireSocket(Caller caller, Path socket) {
        AsUser.call(caller, () -> {
            try (PathFd fd = PathFd.open(socket)) {
                if (fd.stat().uid() != PosixIds.uid(caller) && !fd.mayAccess(LinuxFileSyscalls.W_OK)) {
                    throw socketRefusal(caller, socket, caller.describe() + " may not connect to it");
                }
                return null;
            } catch (IOException e) {
                throw socketRefusal(caller, socket, caller.describe() + " cannot reach it (" + e.getMessage() + ")");
            }
        });
    }

    private static CordonException socketRefusal(Caller caller, Path socket, String why) {
        return new CordonException(ExitCode.FORBIDDEN, "Refused to allow the socket " + socket + " for a session of "
                + caller.describe() + ": " + why + ". --allow-socket un-hides only a socket you could connect to yourself.",
                "Allow a socket you can use, or have root start the session (`sudo cordon run --allow-socket …`).");
    }

    /** The recording walk, as the caller, could not read parts of the tree. */
    static CordonException unreadable(Caller caller, Path root, List<String> failures) {
        return refusal(caller, root, "parts of it cannot be read by " + caller.describe() + ": "
                + String.join("; ", failures.subList(0, Math.min(3, failures.size())))
                + (failures.size() > 3 ? " (and " + (failures.size() - 3) + " more)" : ""));
    }

    private static CordonException refusal(Caller caller, Path root, String why) {
        return new CordonException(ExitCode.FORBIDDEN, "Refused to lend " + root + " to a session of " + caller.describe()
                + ": " + why + ". A session may be lent only a directory tree you could read and write yourself.",
                "Lend a directory of your own (or a copy of this one), or have root start the session (`sudo cordon run …`).");
    }
}
