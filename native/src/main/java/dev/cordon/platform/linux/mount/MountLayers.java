package dev.cordon.platform.linux.mount;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.MountInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The directories a mount of a file system of its own is built on (an overlay's layers, a FUSE bind's source), read from
 * the mount table as the kernel wrote and used them (R61, R69), for {@link MountAliases} and {@link OpaqueMounts}.
 */
final class MountLayers {
    private MountLayers() {
    }

    /**
     * A directory a mount of a file system of its own is built on, where it really is; not {@code faithful}: its real
     * path is not a valid {@link MountInfo#FILE_NAMES} name (the invalid bytes replaced, U+FFFD), or a layer of such a
     * name that is not there in this namespace (judged as written).
     */
    record Layer(Path path, boolean faithful) {
    }

    /** The paths of {@link #of}. */
    static List<Path> paths(MountInfo m) {
        return of(m).stream().map(Layer::path).toList();
    }

    /**
     * The directories a mount of a file system of its own shows, by their paths in this namespace (R61), read as the
     * kernel wrote them and used them (R69, measured on 6.18): an overlay's super options are split at their commas
     * first (a comma in a value is written {@code \054}), then each value unescaped to the bytes given to the kernel;
     * {@code lowerdir} is split at its unescaped {@code :} ({@code ::} before data layers) and each layer's backslash
     * escapes undone, as the kernel does, and so is {@code upperdir}'s; a {@code lowerdir+}/{@code datadir+} value is one
     * layer as given (the kernel undoes nothing in it). Not {@code workdir}: nothing in it shows. A FUSE mount's source
     * ({@code fuse}, as bindfs run through libfuse 3 without a subtype shows, or {@code fuse.*}; root's only: {@link
     * #rootsFuse}) when it is an absolute path, whole (a bindfs source may hold a {@code :});
     * mergerfs's branches as the pool itself tells them ({@link #mergerfsBranches}; an older one's source split at
     * {@code :}). Each taken at its real path where it exists
     * ({@link #placed}). None for other mounts; a relative layer (as given to {@code mount}) cannot be placed and is
     * left out.
     */
    static List<Layer> of(MountInfo m) {
        List<Layer> out = new ArrayList<>();
        for (byte[] v : values(m)) {
            if (v.length > 0 && v[0] == '/') {
                out.addAll(placed(v));
            }
        }
        return out;
    }

    /**
     * A layer of {@link #of} as the table names it ({@code name}: its bytes as given to the kernel, read as {@link
     * MountInfo#FILE_NAMES}, an invalid byte replaced, U+FFFD) and where that name leads now ({@code now}: its real
     * path, or itself where it is not there), for {@link OpaqueMounts}: the kernel resolved the name when mounting, so
     * where it leads now is what it led to then only when no symlink, rename or removal came between.
     */
    record Written(String name, List<Layer> now) {
    }

    /** The layers {@link #of} reads, each {@link Written as written} (absolute ones only, as there). */
    static List<Written> written(MountInfo m) {
        List<Written> out = new ArrayList<>();
        for (byte[] v : values(m)) {
            if (v.length > 0 && v[0] == '/') {
                out.add(new Written(new String(v, MountInfo.FILE_NAMES), placed(v)));
            }
        }
        return out;
    }

    /** The names {@link #of} reads from a mount's options or source, as given to the kernel (bytes), in table order. */
    private static List<byte[]> values(MountInfo m) {
        List<byte[]> values = new ArrayList<>();
        if (m.fstype().equals("overlay")) {
            for (String option : m.rawSuperOptions().split(",")) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                byte[] value = MountInfo.unescaped(option.substring(eq + 1));
                switch (key) {
                    case "lowerdir" -> splitLowerdir(value).forEach(v -> values.add(backslashesUndone(v)));
                    case "upperdir" -> values.add(backslashesUndone(value));
                    case "lowerdir+", "datadir+" -> values.add(value);
                    default -> { }
                }
            }
        } else if (isFuse(m) && rootsFuse(m)) {
            byte[] source = MountInfo.unescaped(m.rawSource());
            Optional<List<byte[]>> branches = isMergerfs(m) ? mergerfsBranches(m) : Optional.empty();
            if (branches.isPresent()) {
                values.addAll(branches.get());
            } else if (isMergerfs(m)) {
                values.addAll(split(source, (byte) ':')); // its branches, as an older mergerfs names them
            } else {
                values.add(source); // one path, a ':' in it kept (bindfs)
            }
        }
        return values;
    }

    /** A mergerfs pool (or a bind of part of one): it looks its branches up by path at every call. */
    static boolean isMergerfs(MountInfo m) {
        return m.fstype().equals("fuse.mergerfs");
    }

    /**
     * A mergerfs pool's branches as it tells them ({@code user.mergerfs.branches} of {@code .mergerfs} at its root:
     * {@code /srv/a=RW:/home=RW}; a branch's path can hold neither {@code :} nor {@code =}), each without its mode: the
     * table's source is only a name, by default the branches without their common prefix ({@code srv/a:home}, RV23-2),
     * or whatever {@code fsname=} says. Empty when it does not tell them (not mergerfs, or too old to have it).
     */
    static Optional<List<byte[]>> mergerfsBranches(MountInfo m) {
        if (!m.faithful() || !m.root().toString().equals("/")) {
            return Optional.empty(); // only a pool's root has it: a .mergerfs in a subdirectory is anyone's file
        }
        byte[] told = new byte[65536]; // the most an attribute holds
        int length;
        try {
            length = LinuxLibc.libc().lgetxattr(m.mountPoint().resolve(".mergerfs").toString(), "user.mergerfs.branches",
                    told, new NativeLong(told.length)).intValue();
        } catch (LastErrorException e) {
            return Optional.empty();
        }
        told = Arrays.copyOf(told, length);
        return Optional.of(parsedBranches(told));
    }

    /** {@code /srv/a=RW:/home=RO,10G} as {@code /srv/a} and {@code /home}. */
    static List<byte[]> parsedBranches(byte[] told) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] branch : split(told, (byte) ':')) {
            int eq = 0;
            while (eq < branch.length && branch[eq] != '=') {
                eq++;
            }
            if (eq > 0) {
                out.add(Arrays.copyOf(branch, eq));
            }
        }
        return out;
    }

    /**
     * Whether a mount is a member's FUSE mount, not root's ({@code user_id=0}: its daemon may read anything). A member's
     * ({@code user_id} their uid: made through fusermount, {@code allow_other} or not) runs its daemon as that member and
     * shows only what they may read themself — a member acting as themself, like copying their files anywhere. Judging a member's mount by
     * what it names would let any member have any path covered in every other session ({@code bindfs /usr ~}: /usr
     * covered, no command runs, RV18-2), refuse every start (a mount point that is no valid file name, R62's refusal,
     * RV18-3) or stall them (a thousand mounts of {@code /}, RV18-4).
     */
    static boolean membersFuse(MountInfo m) {
        return isFuse(m) && !rootsFuse(m);
    }

    /**
     * FUSE file systems that serve no directory by path: lxcfs makes its files up; squashfuse and snapfuse read one
     * image file they opened once. Every other FUSE file system of root's is taken to serve files by path.
     */
    private static final List<String> SERVE_NO_PATH = List.of("fuse.lxcfs", "fuse.squashfuse", "fuse.squashfuse_ll",
            "fuse.snapfuse");

    /**
     * Whether a mount is of a FUSE file system of root's that other accounts may use ({@code allow_other}: without it
     * the kernel refuses every call but root's) and that may serve files by path ({@link MountAliases#servingByPath}):
     * any but those known to serve none ({@link #SERVE_NO_PATH}).
     */
    static boolean servesByPath(MountInfo m) {
        return isFuse(m) && rootsFuse(m)
                && Arrays.asList(m.rawSuperOptions().split(",")).contains("allow_other")
                && !SERVE_NO_PATH.contains(m.fstype());
    }

    /**
     * Whether a mount is of a FUSE file system: {@code fuse} or {@code fuse.<subtype>}, and {@code fuseblk} or {@code
     * fuseblk.<subtype>}, as the kernel names one mounted with {@code blkdev} (ntfs-3g; and any daemon root runs so,
     * mergerfs included: R131).
     */
    static boolean isFuse(MountInfo m) {
        String t = m.fstype();
        return t.equals("fuse") || t.startsWith("fuse.") || t.equals("fuseblk") || t.startsWith("fuseblk.");
    }

    /** Whether a FUSE mount is root's (see {@link #membersFuse}). */
    static boolean rootsFuse(MountInfo m) {
        for (String option : m.rawSuperOptions().split(",")) {
            if (option.startsWith("user_id=")) {
                return option.equals("user_id=0");
            }
        }
        return true; // the kernel always shows it; without it, judged
    }

    /**
     * An overlay's {@code lowerdir} as given, split into layers as the kernel splits it: at each {@code :} not escaped
     * by a backslash ({@code ::} before data layers: no empty layer); the escapes kept for {@link #backslashesUndone}.
     */
    private static List<byte[]> splitLowerdir(byte[] value) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream piece = new ByteArrayOutputStream();
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '\\' && i + 1 < value.length) {
                piece.write(value[i++]);
                piece.write(value[i]);
            } else if (value[i] == ':') {
                if (piece.size() > 0) {
                    out.add(piece.toByteArray());
                }
                piece.reset();
            } else {
                piece.write(value[i]);
            }
        }
        if (piece.size() > 0) {
            out.add(piece.toByteArray());
        }
        return out;
    }

    /**
     * A layer's name as the kernel takes it from {@code lowerdir}/{@code upperdir}: each backslash escapes the next byte,
     * and a backslash at the end escapes the end of the string: it is dropped ({@code lowerdir=/home/bob\\} is
     * {@code /home/bob}, RV19-2).
     */
    private static byte[] backslashesUndone(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length; i++) {
            if (value[i] == '\\' && ++i == value.length) {
                break;
            }
            out.write(value[i]);
        }
        return out.toByteArray();
    }

    private static List<byte[]> split(byte[] value, byte separator) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= value.length; i++) {
            if (i == value.length || value[i] == separator) {
                out.add(Arrays.copyOfRange(value, from, i));
                from = i + 1;
            }
        }
        return out;
    }

    /**
     * Where the layer named {@code name} (bytes) is: its real path, as the kernel resolved it ({@code ..} after a
     * symlink, RV17-5), or, not there (any more) in this namespace, as written. A name that is not valid in {@link
     * MountInfo#FILE_NAMES} cannot be a {@link Path}: it is followed through the directory entries that stand for it (a
     * {@link Path} listed keeps its bytes; each entry whose name reads the same, invalid bytes replaced), so a symlink of
     * such a name to a place is found; the real path is faithful when it is valid itself.
     */
    private static List<Layer> placed(byte[] name) {
        Optional<String> valid = decoded(name);
        if (valid.isPresent()) {
            Path p = Path.of(valid.get());
            try {
                Path real = p.toRealPath();
                return List.of(new Layer(real, faithful(real)));
            } catch (IOException | SecurityException e) {
                return List.of(new Layer(p.normalize(), true)); // not there (any more) in this namespace: judged as written
            }
        }
        List<Path> at = List.of(Path.of("/"));
        for (byte[] component : split(name, (byte) '/')) {
            if (component.length == 0) {
                continue;
            }
            Optional<String> part = decoded(component);
            List<Path> next = new ArrayList<>();
            for (Path dir : at) {
                if (part.isPresent()) {
                    next.add(dir.resolve(part.get()));
                    continue;
                }
                String shown = new String(component, MountInfo.FILE_NAMES);
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path e : entries) {
                        if (e.getFileName().toString().equals(shown)) {
                            next.add(e);
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // not there in this namespace: no entry stands for it
                }
            }
            at = next;
        }
        List<Layer> out = new ArrayList<>();
        for (Path p : at) {
            try {
                Path real = p.toRealPath();
                out.add(new Layer(real, faithful(real)));
            } catch (IOException | SecurityException e) {
                // an entry on the way that is not a directory: not this layer
            }
        }
        if (out.isEmpty()) {
            out.add(new Layer(Path.of(new String(name, MountInfo.FILE_NAMES)).normalize(), false));
        }
        return out;
    }

    /** {@code bytes} decoded in {@link MountInfo#FILE_NAMES}; empty when they are not valid there. */
    private static Optional<String> decoded(byte[] bytes) {
        try {
            return Optional.of(MountInfo.FILE_NAMES.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code p} (its bytes the file system's, from a listing) is the path its own text names. */
    private static boolean faithful(Path p) {
        return Path.of(p.toString()).equals(p);
    }
}
