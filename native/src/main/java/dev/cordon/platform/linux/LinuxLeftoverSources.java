package dev.cordon.platform.linux;

import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources;

import dev.cordon.platform.linux.FileStat.InodeKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** {@link LeftoverSources} from {@code lstat}, {@code /proc} and {@code /proc/sysvipc}. */
public final class LinuxLeftoverSources implements LeftoverSources {
    private static final List<Path> TEMPORARY_ROOTS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"));
    private static final int S_IFMT = 0170000;

    @Override
    public List<Path> temporaryRoots() {
        return TEMPORARY_ROOTS;
    }

    /**
     * Owner, group, mode and identity from the inode opened without a symlink on the way ({@link PathFd}); size and
     * modification time from {@code lstat} of the path, which must name the same inode (else it changed meanwhile).
     */
    @Override
    public Optional<PathFacts> inspect(Path path) throws IOException {
        FileStat st;
        try (PathFd fd = open(path.toAbsolutePath(), path)) {
            st = fd.stat();
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        if ((Long) a.get("ino") != st.inode() || !sameDevice((Long) a.get("dev"), st.device())) {
            throw new Refused(path + " changed while it was read; scan again");
        }
        return Optional.of(new PathFacts(kind(st.mode()), Principal.uid(st.uid()), Principal.gid(st.gid()),
                String.format("%04o", st.permissions()), (Long) a.get("dev"), st.inode(), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toInstant(), st.key().toString()));
    }

    /** {@code st_dev} (glibc's {@code makedev}) against {@link FileStat#device()} ({@code major << 32 | minor}). */
    private static boolean sameDevice(long stDev, long device) {
        long major = ((stDev >>> 8) & 0xfff) | ((stDev >>> 32) & ~0xfffL);
        long minor = (stDev & 0xff) | ((stDev >>> 12) & ~0xffL);
        return (major << 32 | minor) == device;
    }

    @Override
    public void moveOut(Path path, String identity, String parentIdentity, Path into, String name, Set<Principal> owners)
            throws IOException {
        byte[] leaf = leaf(path);
        byte[] newName = name.getBytes(StandardCharsets.UTF_8);
        try (PathFd parent = directory(path.getParent(), parentIdentity, path);
             PathFd item = parent.child(leaf);
             PathFd dest = open(into, into)) {
            FileStat st = item.stat();
            requireSame(st, identity, path);
            try {
                parent.rename(leaf, dest, newName);
            } catch (AtomicMoveNotSupportedException across) {
                copyOut(parent, leaf, item, st, identity, path, dest, newName, into.resolve(name), owners);
                return;
            }
            FileStat moved;
            try (PathFd m = dest.child(newName)) {
                moved = m.stat();
            }
            if (!moved.key().sameInode(InodeKey.parse(identity))) {
                // the name was given to another inode between the check and the rename: it goes back where it was
                try {
                    dest.rename(newName, parent, leaf);
                } catch (IOException back) {
                    throw new IOException(path + " was replaced between the check and the move; what was moved ("
                            + describe(moved) + ") could not be put back (" + back.getMessage() + ") and is kept in "
                            + into.resolve(name) + ": look at it and move it back by hand");
                }
                throw new Refused(path + " was replaced between the check and the move (it is " + describe(moved)
                        + " now); that was put back and nothing was quarantined; scan again");
            }
        }
    }

    /**
     * The move across filesystems: a copy of exactly the checked inode and what is below it, by descriptors
     * ({@link TreeCopy}: nothing is read through a directory swapped for a symlink meanwhile, nothing off the leftover's
     * file system, every inode a sandbox account's, as the scan saw the tree), then the original's deletion by
     * descriptors once its name is still that inode. A copy that is not whole is our own partial copy and is deleted.
     */
    private static void copyOut(PathFd parent, byte[] leaf, PathFd item, FileStat st, String identity, Path path,
                                PathFd dest, byte[] newName, Path copy, Set<Principal> owners) throws IOException {
        // R32/R34/R35: cp -a walked below the pinned inode by path, so a subdirectory exchanged for a symlink during
        // the copy was read through (other owners' files, the other sandbox account's, /proc/<pid>/environ)
        TreeCopy.Outcome copied = TreeCopy.copy(item, st, dest, newName, uid -> owners.contains(Principal.uid(uid)));
        if (!copied.whole()) {
            List<String> failures = new ArrayList<>();
            TreeWalk.delete(dest, newName, failures); // our partial copy of the checked inode
            String removed = failures.isEmpty() ? "" : "; the partial copy could not be removed fully: "
                    + String.join("; ", failures);
            if (!copied.refused().isEmpty()) {
                throw new Refused(path + " changed while it was copied across filesystems: it held "
                        + copied.refused().size() + " file(s) of other owners, on another file system or device nodes "
                        + "(first: " + copied.refused().get(0) + "), none of which is copied; the copy was deleted"
                        + removed + " and nothing was quarantined; scan again");
            }
            throw new IOException("Copying " + path + " to " + copy + " failed: " + copied.failures().get(0)
                    + (copied.failures().size() > 1 ? " (and " + (copied.failures().size() - 1) + " more)" : "")
                    + "; it was left where it was" + removed);
        }
        boolean same;
        try (PathFd now = parent.child(leaf)) {
            same = now.stat().key().sameInode(InodeKey.parse(identity));
        } catch (NoSuchFileException gone) {
            same = false;
        }
        if (!same) {
            throw new IOException(path + " was copied to " + copy + " but was moved or replaced before its removal: "
                    + "the copy is kept in the quarantine and what is at " + path + " now was not touched");
        }
        List<String> failures = new ArrayList<>();
        TreeWalk.delete(parent, leaf, item, st, failures); // below it through its own descriptor
        if (!failures.isEmpty()) {
            throw new IOException(path + " was copied to " + copy + " but could not be removed fully: "
                    + String.join("; ", failures) + "; the copy is kept in the quarantine");
        }
    }

    @Override
    public void moveBack(Path from, Path to, String parentIdentity) throws IOException {
        byte[] leaf = leaf(to);
        try (PathFd source = open(from.getParent(), from.getParent());
             PathFd parent = directory(to.getParent(), parentIdentity, to)) {
            try {
                source.rename(leaf(from), parent, leaf);
            } catch (FileAlreadyExistsException taken) {
                throw new Refused(to + " exists now");
            } catch (AtomicMoveNotSupportedException across) {
                copyBack(source, from, parent, to);
            }
        }
    }

    /**
     * The move back across filesystems: a copy by descriptors ({@link TreeCopy}, as the move out) into a root-only
     * directory made in {@code to}'s directory and reached through its descriptor (nobody else can change what is below
     * it), then one rename beneath the checked directory, which never replaces anything; then the quarantine's item is
     * deleted.
     */
    private static void copyBack(PathFd source, Path from, PathFd parent, Path to) throws IOException {
        byte[] stageName = (".cordon-restore-" + Long.toHexString(System.nanoTime())).getBytes(StandardCharsets.UTF_8);
        byte[] leaf = leaf(to);
        parent.makeDirectory(stageName, 0700);
        List<String> failures = new ArrayList<>();
        try (PathFd stage = parent.child(stageName)) {
            FileStat st = stage.stat();
            if (!st.isDirectory() || st.uid() != 0 || (st.permissions() & 0777) != 0700 || !stage.list().isEmpty()) {
                throw new Refused(to.getParent() + " was changed while " + to + " was restored into it (" + stage.path()
                        + ", made for the copy, is not root's own empty directory now); nothing was restored");
            }
            try {
                TreeCopy.Outcome copied;
                try (PathFd item = source.child(leaf(from))) {
                    copied = TreeCopy.copy(item, item.stat(), stage, leaf, null); // the quarantine: root's own
                }
                if (!copied.whole()) {
                    List<String> all = new ArrayList<>(copied.refused());
                    all.addAll(copied.failures());
                    throw new IOException("Copying " + from + " back to " + to + " failed: " + all.get(0)
                            + (all.size() > 1 ? " (and " + (all.size() - 1) + " more)" : "") + "; it stays in the quarantine");
                }
                stage.rename(leaf, parent, leaf);
            } catch (FileAlreadyExistsException taken) {
                throw new Refused(to + " exists now");
            } finally {
                TreeWalk.delete(stage, leaf, failures); // a copy that did not go to its place (root's own directory)
                try {
                    parent.remove(stageName, true); // only ever an empty directory
                } catch (IOException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException(to + " was restored, but the copy's staging directory in " + to.getParent()
                    + " could not be removed: " + String.join("; ", failures));
        }
        TreeWalk.delete(source, leaf(from), failures);
        if (!failures.isEmpty()) {
            throw new IOException(to + " was restored, but " + from + " could not be removed from the quarantine: "
                    + String.join("; ", failures));
        }
    }

    @Override
    public void delete(Path path, String identity) throws IOException {
        byte[] leaf = leaf(path);
        try (PathFd parent = directory(path.getParent(), null, path);
             PathFd item = parent.child(leaf)) {
            FileStat st = item.stat();
            if (identity != null) {
                requireSame(st, identity, path);
            }
            List<String> failures = new ArrayList<>();
            TreeWalk.delete(parent, leaf, item, st, failures); // below it through its own descriptor
            if (!failures.isEmpty()) {
                throw new IOException("Cannot delete " + path + " fully: " + String.join("; ", failures));
            }
        } catch (NoSuchFileException gone) {
            // nothing there: the goal is reached
        }
    }

    /**
     * Directory {@code dir}, opened without following a symlink anywhere on the way, and (when {@code identity} is
     * given) the same directory as then; {@code of} is what the caller acts on, for messages.
     */
    private static PathFd directory(Path dir, String identity, Path of) throws IOException {
        PathFd fd = open(dir, of);
        try {
            FileStat st = fd.stat();
            if (st.isSymlink()) {
                throw new Refused(dir + " is a symlink now, on the way to " + of + ": it was swapped since, and root "
                        + "does not follow it");
            }
            if (!st.isDirectory()) {
                throw new Refused(dir + " is no directory now (" + describe(st) + "), so " + of + " is not where it was");
            }
            if (identity != null && !st.key().sameInode(InodeKey.parse(identity))) {
                throw new Refused(dir + " is not the directory " + of + " was in: it was moved or replaced since (it "
                        + "was " + identity + ", it is " + st.key() + " now)");
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** {@link PathFd#open}, a symlink on the way {@link Refused} naming it. */
    private static PathFd open(Path path, Path of) throws IOException {
        try {
            return PathFd.open(path);
        } catch (IOException e) {
            if (PathFd.symlinkOnTheWay(e)) {
                throw new Refused("a directory on the way to " + of + " is a symlink now (" + e.getMessage()
                        + "): it was swapped since, and root does not follow it");
            }
            throw e;
        }
    }

    private static void requireSame(FileStat st, String identity, Path path) throws Refused {
        if (!st.key().sameInode(InodeKey.parse(identity))) {
            throw new Refused(path + " is another file now (" + describe(st) + "; it was " + identity + "); scan again");
        }
    }

    private static String describe(FileStat st) {
        return st.key() + ", owner " + st.uid() + ", mode " + String.format("%06o", st.mode());
    }

    private static byte[] leaf(Path path) {
        if (path.getFileName() == null || path.getParent() == null) {
            throw new IllegalArgumentException("not a path below a directory: " + path);
        }
        return path.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static PathFacts.Kind kind(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> PathFacts.Kind.FILE;
            case 0040000 -> PathFacts.Kind.DIRECTORY;
            case 0120000 -> PathFacts.Kind.SYMLINK;
            case 0140000 -> PathFacts.Kind.SOCKET;
            case 0010000 -> PathFacts.Kind.FIFO;
            default -> PathFacts.Kind.OTHER;
        };
    }

    @Override
    public HeldPaths heldPaths(Consumer<String> warnings) {
        return new HeldPathsReader(warnings).read();
    }

    @Override
    public List<SystemObject> systemObjects(Set<Principal> owners, Consumer<String> warnings) {
        List<SystemObject> objects = new ArrayList<>(SysvIpc.owned(owners, warnings));
        objects.addAll(UserKeys.owned(owners, warnings));
        return objects;
    }

    @Override
    public Removal remove(SystemObject object) {
        return object.kind() == SystemObject.Kind.KEY ? UserKeys.remove(object) : SysvIpc.remove(object);
    }
}
