package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import dev.cordon.platform.linux.PathFd.Times;
import dev.cordon.platform.linux.sys.LinuxLibc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import static dev.cordon.platform.linux.LinuxFileSyscalls.libc;

/**
 * A copy of a tree by descriptors ({@link TreeWalk}), for a tree someone else can change while root copies it (R32,
 * R34, R35): every entry is opened beneath its directory's own descriptor without following a symlink, so a directory
 * swapped for a symlink meanwhile is copied as that symlink, never read through; a symlink is copied as a symlink (its
 * target read from its own descriptor); a regular file's content is read from the inode that descriptor names. Only
 * what lies on the top's own file system is copied: an inode on another device (a mount point, {@code /proc}) is
 * refused, and so are device nodes. Regular files, directories, symlinks, FIFOs and sockets (a socket is a new, unbound
 * node, as {@code cp -a} makes it) are copied with their owner, group, mode (setuid, setgid and sticky as they were),
 * extended attributes (ACLs, not on symlinks), access and modification times and, within the copy, hard links between
 * regular files. Sparse files stay sparse. The copy is made below a directory only root can write (the quarantine, a
 * staging directory of root's own), so what is written there is reached by name.
 */
final class TreeCopy {
    /** At most this many copied inodes with other links are kept open to link the next names of them to. */
    private static final int MAX_LINKED = 1024;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private TreeCopy() {
    }

    /**
     * What stopped a copy: {@code refused} the inodes that are not the tree's own (another file system, an owner not
     * {@code owners}, a device node) — what a tree changed meanwhile gives —, {@code failures} everything else (errors
     * of reading or writing). Both empty: the copy is whole.
     */
    record Outcome(List<String> refused, List<String> failures) {
        boolean whole() {
            return refused.isEmpty() && failures.isEmpty();
        }
    }

    /**
     * Copies {@code top} (opened and checked by the caller; {@code topStat} its stat) as the new entry {@code name} of
     * directory {@code into}; {@code owners} (null: any) are the uids every copied inode must have. The caller deletes
     * what was copied when the outcome is not whole.
     */
    static Outcome copy(PathFd top, FileStat topStat, PathFd into, byte[] name, IntPredicate owners) {
        Copier copier = new Copier(top, topStat, name, owners);
        List<String> failures = new ArrayList<>();
        try {
            TreeWalk.walk(top, topStat, new Into(into, null, null, null), copier, failures);
        } finally {
            copier.linked.values().forEach(PathFd::close);
        }
        failures.removeAll(copier.refused);
        return new Outcome(copier.refused, failures);
    }

    /**
     * A directory of the copy, the children's place: the entry {@code name} of {@code parent} (open until this one is
     * left); {@code times}, its source's, are set once the children are written.
     */
    private record Into(PathFd dir, PathFd parent, byte[] name, Times times) {
    }

    private static final class Copier implements TreeWalk.Visitor<Into> {
        private final PathFd top;
        private final FileStat topStat;
        private final byte[] topName;
        private final IntPredicate owners;
        private final List<String> refused = new ArrayList<>();
        /** Source inode (device:number) of a copied regular file with other links, to its copy. */
        private final Map<String, PathFd> linked = new HashMap<>();
        private final Map<String, Integer> linksLeft = new HashMap<>();

        Copier(PathFd top, FileStat topStat, byte[] topName, IntPredicate owners) {
            this.top = top;
            this.topStat = topStat;
            this.topName = topName;
            this.owners = owners;
        }

        @Override
        public Into visit(PathFd fd, FileStat stat, Into parent) throws IOException {
            byte[] name = fd == top ? topName : fd.name();
            if (stat.device() != topStat.device()) {
                throw refuse(fd.path() + " is on another file system (device " + (stat.device() >>> 32) + ":"
                        + (stat.device() & 0xffffffffL) + ", not the tree's): not copied");
            }
            if (owners != null && !owners.test(stat.uid())) {
                throw refuse(fd.path() + " (uid " + stat.uid() + ") is not a sandbox account's: not copied");
            }
            Times times = fd.times();
            int type = stat.mode() & FileStat.S_IFMT;
            PathFd dir = parent.dir();
            switch (type) {
                case FileStat.S_IFDIR -> {
                    dir.makeDirectory(name, 0700);
                    PathFd made = dir.child(name);
                    try {
                        own(fd, stat, made);
                    } catch (IOException e) {
                        made.close();
                        throw e;
                    }
                    return new Into(made, dir, name, times); // its times once its children are written (leave)
                }
                case FileStat.S_IFREG -> copyFile(fd, stat, dir, name);
                case FileStat.S_IFLNK -> {
                    dir.makeSymlink(name, fd.readLink());
                    try (PathFd made = dir.child(name)) {
                        made.chown(stat.uid(), stat.gid());
                    }
                }
                case LinuxFileSyscalls.S_IFIFO, LinuxFileSyscalls.S_IFSOCK -> {
                    dir.makeNode(name, type, 0600);
                    try (PathFd made = dir.child(name)) {
                        own(fd, stat, made);
                    }
                }
                case S_IFCHR, S_IFBLK -> throw refuse(fd.path() + " is a device node: not copied");
                default -> throw refuse(fd.path() + " is of an unknown type (mode " + Integer.toOctalString(stat.mode())
                        + "): not copied");
            }
            dir.setTimes(name, times);
            return null;
        }

        @Override
        public void leave(Into children) throws IOException {
            try (PathFd ignored = children.dir()) {
                children.parent().setTimes(children.name(), children.times());
            }
        }

        private IOException refuse(String why) {
            refused.add(why);
            return new IOException(why);
        }

        /** Owner, group, mode (after the owner: chown clears setuid) and extended attributes of {@code from} on {@code to}. */
        private static void own(PathFd from, FileStat stat, PathFd to) throws IOException {
            to.chown(stat.uid(), stat.gid());
            to.chmod(stat.permissions());
            for (String attribute : from.xattrNames()) {
                java.util.Optional<byte[]> value = from.xattr(attribute);
                if (value.isPresent()) {
                    to.setXattr(attribute, value.get());
                }
            }
        }

        private void copyFile(PathFd fd, FileStat stat, PathFd dir, byte[] name) throws IOException {
            String key = stat.device() + ":" + stat.inode();
            PathFd first = linked.get(key);
            if (first != null) {
                dir.link(first, name);
                if (linksLeft.merge(key, -1, Integer::sum) <= 0) {
                    linked.remove(key).close();
                    linksLeft.remove(key);
                }
                return;
            }
            writeContent(fd, dir, name);
            PathFd made = dir.child(name);
            boolean kept = false;
            try {
                own(fd, stat, made);
                if (stat.links() > 1 && linked.size() < MAX_LINKED) {
                    linked.put(key, made);
                    linksLeft.put(key, stat.links() - 1);
                    kept = true;
                }
            } finally {
                if (!kept) {
                    made.close();
                }
            }
        }
    }

    /**
     * The content of the regular file {@code fd} names, read from that inode (its descriptor's magic link, opened for
     * reading with {@code O_NOATIME}), into the new file {@code name} of {@code dir} ({@code O_EXCL|O_NOFOLLOW}); holes
     * are kept ({@code SEEK_DATA}/{@code SEEK_HOLE}).
     */
    private static void writeContent(PathFd fd, PathFd dir, byte[] name) throws IOException {
        String source = "/proc/self/fd/" + fd.descriptor();
        int in;
        try {
            in = libc().open(source, LinuxLibc.O_RDONLY | LinuxFileSyscalls.O_NOATIME | LinuxLibc.O_CLOEXEC);
        } catch (LastErrorException noatime) {
            try { // O_NOATIME needs the owner or CAP_FOWNER
                in = libc().open(source, LinuxLibc.O_RDONLY | LinuxLibc.O_CLOEXEC);
            } catch (LastErrorException e) {
                throw new IOException("Cannot read " + fd.path() + ": errno " + e.getErrorCode(), e);
            }
        }
        try {
            int out;
            try {
                out = libc().openat(dir.descriptor(), terminated(name), LinuxLibc.O_WRONLY | LinuxFileSyscalls.O_CREAT
                        | LinuxFileSyscalls.O_EXCL | LinuxFileSyscalls.O_NOFOLLOW | LinuxLibc.O_CLOEXEC, 0600);
            } catch (LastErrorException e) {
                throw new IOException("Cannot create " + dir.path() + "/" + PathFd.display(name) + ": errno "
                        + e.getErrorCode(), e);
            }
            try (Memory offset = new Memory(8)) {
                long size = libc().lseek(in, 0, LinuxFileSyscalls.SEEK_END);
                long at = 0;
                while (at < size) {
                    long data;
                    long hole;
                    try {
                        data = libc().lseek(in, at, LinuxFileSyscalls.SEEK_DATA);
                        hole = libc().lseek(in, data, LinuxFileSyscalls.SEEK_HOLE);
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() == LinuxFileSyscalls.ENXIO) {
                            break; // only a hole up to the end
                        }
                        if (e.getErrorCode() != LinuxLibc.EINVAL) {
                            throw e;
                        }
                        data = at; // no SEEK_DATA here: all of it
                        hole = size;
                    }
                    libc().lseek(out, data, LinuxFileSyscalls.SEEK_SET);
                    offset.setLong(0, data);
                    while (offset.getLong(0) < hole) {
                        long n = libc().sendfile(out, in, offset, new NativeLong(Math.min(hole - offset.getLong(0),
                                1L << 30))).longValue();
                        if (n == 0) {
                            break; // shrunk meanwhile
                        }
                    }
                    at = Math.max(hole, offset.getLong(0));
                }
                libc().ftruncate(out, size);
            } catch (LastErrorException e) {
                throw new IOException("Cannot copy " + fd.path() + " to " + dir.path() + "/" + PathFd.display(name)
                        + ": errno " + e.getErrorCode(), e);
            } finally {
                libc().close(out);
            }
        } finally {
            libc().close(in);
        }
    }

    private static byte[] terminated(byte[] name) {
        return java.util.Arrays.copyOf(name, name.length + 1);
    }
}
