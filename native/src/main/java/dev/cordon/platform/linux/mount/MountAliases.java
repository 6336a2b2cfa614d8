package dev.cordon.platform.linux.mount;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The other paths by which a place is reached in one mount namespace (R59): Landlock hides a place by the path it is
 * given, and a bind mount shows the same directories at another path. A mount is named by what it shows: its file
 * system ({@code major:minor}, the same for every mount of it) and the directory of that file system at its mount point
 * ({@code root} in {@code mountinfo}). A place is where it is in its file system (the mount that holds it, and every
 * mount inside it); each other mount of the same file system whose root is that directory, or lies inside it (a bind
 * mount of the place or of a subdirectory of it), is reached at its mount point; one whose root holds it (a bind mount
 * of a directory above it, or the file system mounted again) at the place's path below its mount point.
 *
 * <p>A mount whose point or root is not valid in the JVM's file name encoding ({@link MountInfo#faithful()}, R62)
 * cannot be named as a path: one that would show a place refuses ({@link #unnamable}); one that shows none is no
 * concern here.
 */
public final class MountAliases {
    private MountAliases() {
    }

    /**
     * The operations that cover {@code aliases} (paths {@link #of} named) in a runner's own mount namespace (R60):
     * Landlock's rules follow inodes, so a directory it grants (a sibling of {@code /home}) may be the same inode as one
     * inside a mount of {@code /} elsewhere, and everything below that mount is granted with it; an empty tmpfs over
     * the alias (a file: {@code /dev/null}) holds whatever Landlock grants. The outermost of nested ones; none that is
     * not there now (nothing is shown there). At most {@link SocketIsolation#MAX_COVERS}, and each a directory or a
     * regular file reached without symlinks: otherwise no runner starts, and the refusal names the path and the fix.
     */
    public static List<MountOp> covers(Collection<Path> aliases) {
        List<MountOp> out = new ArrayList<>();
        for (Path alias : SocketIsolation.outermost(aliases)) {
            if (!Files.exists(alias, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            boolean plain;
            try {
                plain = alias.toRealPath().equals(alias) && (Files.isDirectory(alias, LinkOption.NOFOLLOW_LINKS)
                        || Files.isRegularFile(alias, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                plain = false;
            }
            if (!plain) {
                throw new CordonException(ExitCode.UNAVAILABLE, alias + " is another path to a place the session's"
                        + " commands may not read (a mount shows it there), and it is neither a directory nor a regular"
                        + " file reached without symlinks, so it cannot be covered: no runner was started.",
                        "Take that mount off: `findmnt -T " + alias + "` names it; umount it.");
            }
            out.add(MountOp.cover(alias));
        }
        if (out.size() > SocketIsolation.MAX_COVERS) {
            throw new CordonException(ExitCode.UNAVAILABLE, "No runner was started: " + out.size() + " paths where mounts"
                    + " show places the session's commands may not read would need covering, more than "
                    + SocketIsolation.MAX_COVERS + " (" + out.subList(0, 5).stream().map(MountOp::path).toList()
                    + ", …).", "Take those mounts off (`findmnt` lists them; umount them).");
        }
        return out;
    }

    /** Where a place lies: the file system and the directory in it. */
    private record Location(String device, Path directory, boolean faithful) {
    }

    /**
     * Every other path by which one of {@code places} (real paths: no symlink on the way) is reached in the namespace
     * whose {@code mounts} these are, each with the place it reaches; none inside a place (those it hides already).
     */
    public static Map<Path, Path> of(Collection<Path> places, List<MountInfo> mounts) {
        Map<Path, Path> out = new TreeMap<>();
        for (Path place : places) {
            for (Location l : locations(place, mounts)) {
                for (MountInfo m : mounts) {
                    if (!m.device().equals(l.device())) {
                        continue;
                    }
                    Path alias = null;
                    if (m.root().startsWith(l.directory())) {
                        alias = m.mountPoint(); // shows the place, or a directory inside it
                    } else if (l.directory().startsWith(m.root())) {
                        alias = m.mountPoint().resolve(m.root().relativize(l.directory()).toString());
                    }
                    if (alias != null && !alias.startsWith(place)) {
                        if (!m.faithful() || !l.faithful()) {
                            throw unnamable(m, place);
                        }
                        out.putIfAbsent(alias, place);
                    }
                }
            }
        }
        // R61: a mount of a file system of its own built on directories of others (an overlay's layers, a FUSE bind
        // such as bindfs): those directories, by path, against the places and the paths found so far — again with
        // what each round found, for an overlay built on another one (its layer the other's mount point, R64). A layer
        // shows what lies beneath it on its own file system only: a path below it past another mount point is not
        // shown through it (without that rule overlays of / would prefix each other's aliases without end: RV17-3).
        // A bind of a directory of such a mount (its root not /) shows that directory of each layer (RV17-1).
        List<Path> mountPoints = mounts.stream().map(MountInfo::mountPoint).distinct().toList();
        Map<Path, Path> reached = new TreeMap<>(out);
        places.forEach(p -> reached.putIfAbsent(p, p));
        Map<Path, Path> fresh = new TreeMap<>(reached);
        for (int round = 0; round <= mounts.size() && !fresh.isEmpty(); round++) {
            Map<Path, Path> found = new TreeMap<>();
            for (MountInfo m : mounts) {
                String inside = m.root().toString().substring(1);
                for (Path layerOfFs : layers(m)) {
                    Path layer = layerOfFs.resolve(inside);
                    fresh.forEach((shown, place) -> {
                        if (shown.startsWith(m.mountPoint())) {
                            return; // seen through this very mount
                        }
                        Path alias = layer.startsWith(shown) ? m.mountPoint()
                                : shown.startsWith(layer) && !pastAMountPoint(layer, shown, mountPoints)
                                        ? m.mountPoint().resolve(layer.relativize(shown).toString()) : null;
                        if (alias != null && !alias.startsWith(place)) {
                            if (!m.faithful()) {
                                throw unnamable(m, place);
                            }
                            if (out.putIfAbsent(alias, place) == null) {
                                found.put(alias, place);
                            }
                        }
                    });
                }
            }
            fresh = found;
        }
        return out;
    }

    /** Whether the way from {@code layer} down to {@code shown} enters another mount (at {@code shown} itself too). */
    private static boolean pastAMountPoint(Path layer, Path shown, List<Path> mountPoints) {
        return mountPoints.stream().anyMatch(p -> !p.equals(layer) && p.startsWith(layer) && shown.startsWith(p));
    }

    /**
     * The directories a mount of a file system of its own shows, by their paths in this namespace (R61): an overlay's
     * {@code lowerdir} (layers split at {@code :}, {@code \:} kept), {@code upperdir} and {@code datadir+}/{@code
     * lowerdir+} from its super options (not {@code workdir}: nothing in it shows); a {@code fuse.*} mount's source when it is an absolute
     * path (bindfs; mergerfs's branches split at {@code :}). Each taken at its real path where it exists. None for
     * other mounts; a relative layer (as given to {@code mount}) cannot be placed and is left out.
     */
    static List<Path> layers(MountInfo m) {
        List<String> values = new ArrayList<>();
        if (m.fstype().equals("overlay")) {
            for (String option : m.superOptions().split(",(?=[a-z_]+\\+?(=|,|$))")) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                if (List.of("lowerdir", "upperdir", "lowerdir+", "datadir+").contains(key)) {
                    values.addAll(List.of(option.substring(eq + 1).split("(?<!\\\\):")));
                }
            }
        } else if (m.fstype().startsWith("fuse.") && m.source().startsWith("/")) {
            values.addAll(List.of(m.source().split(":")));
        }
        List<Path> out = new ArrayList<>();
        for (String v : values) {
            String path = v.replace("\\:", ":");
            if (path.startsWith("/")) {
                Path p;
                try {
                    p = Path.of(path).toRealPath(); // as the kernel resolved it: ".." after a symlink (RV17-5)
                } catch (IOException | SecurityException e) {
                    p = Path.of(path).normalize(); // not there (any more) in this namespace: judged as written
                }
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Where {@code place} lies: in the mount that holds it (the topmost of those at the longest mount point above it),
     * and every mount inside it.
     */
    private static List<Location> locations(Path place, List<MountInfo> mounts) {
        List<Location> out = new ArrayList<>();
        MountInfo holder = null;
        for (MountInfo m : mounts) { // in mount order: a mount made on top of another at the same point comes later
            if (place.startsWith(m.mountPoint()) && m.faithful() // an unnamable point is no real path's ancestor
                    && (holder == null || m.mountPoint().getNameCount() >= holder.mountPoint().getNameCount())) {
                holder = m;
            }
            if (m.mountPoint().startsWith(place) && !m.mountPoint().equals(place)) {
                out.add(new Location(m.device(), m.root(), m.faithful()));
            }
        }
        if (holder != null) {
            out.add(new Location(holder.device(), holder.root().resolve(holder.mountPoint().relativize(place).toString()),
                    true));
        }
        return out;
    }

    private static CordonException unnamable(MountInfo m, Path place) {
        return new CordonException(ExitCode.CONFLICT, "The mount at " + m.mountPoint() + " (" + m.fstype() + " "
                + m.source() + ", root " + m.root() + "; \uFFFD marks bytes that are not " + MountInfo.FILE_NAMES
                + ") shows " + place + ", which this session must not see, but its mount point or root is not a valid "
                + MountInfo.FILE_NAMES + " file name, so it cannot be hidden by path; no runner was started.",
                "Unmount it (`umount` the mount point findmnt shows), or rename the directory to a valid "
                        + MountInfo.FILE_NAMES + " name and mount it again, then retry.");
    }
}
