package dev.cordon.platform.linux.mount;

import java.nio.file.Path;
import java.util.List;

/**
 * One change to a runner's private mount namespace, made as root before the runner drops to its sandbox account
 * (see {@link PrivateMounts}). It is visible to the runner and its commands only: the host's and the developer's view
 * of the file system stays as it is.
 *
 * @param kind   what to do
 * @param path   the absolute path it is done at; checked again, just before the mount, to still be of the kind's type
 *               and not a symlink
 * @param source the second path of the kinds that take one ({@link Kind#twoPaths()}): what is bound, moved or copied
 *               from; null for the others
 * @param hex    for the kinds given a path as bytes ({@link Kind#hex()}, R63: a path that is not valid UTF-8, which no
 *               {@link Path} names and no argument of a Java process can carry) the path's bytes in lower-case hex,
 *               which is what the interpreter gets; {@code path} is then only its name in messages. Null for the others
 */
public record MountOp(Kind kind, Path path, Path source, String hex) {
    public MountOp {
        if (!path.isAbsolute() || source != null && !source.isAbsolute()) {
            throw new IllegalArgumentException("mount operations take absolute paths: " + path + " " + source);
        }
        if ((source != null) != kind.twoPaths()) {
            throw new IllegalArgumentException(kind + " takes " + (kind.twoPaths() ? "two paths" : "one path"));
        }
        if ((hex != null) != kind.hex() || hex != null && !hex.matches("2f(?:(?!00)[0-9a-f]{2})*")) {
            throw new IllegalArgumentException(kind + (kind.hex() ? " takes an absolute path's bytes in hex: " + hex
                    : " takes no bytes"));
        }
    }

    public MountOp(Kind kind, Path path, Path source) {
        this(kind, path, source, null);
    }

    public MountOp(Kind kind, Path path) {
        this(kind, path, null);
    }

    /** The operation's path as the interpreter is given it: the path, or for {@link Kind#hex()} kinds its hex bytes. */
    public String argument() {
        return hex != null ? hex : path.toString();
    }

    public static MountOp readOnlyDir(Path dir) {
        return new MountOp(Kind.READ_ONLY_DIR, dir);
    }

    public static MountOp readOnlyFile(Path file) {
        return new MountOp(Kind.READ_ONLY_FILE, file);
    }

    /**
     * Every mount of the namespace, recursively, made read-only at the mount level (except those of {@link
     * PrivateMounts#WRITABLE_MOUNTS}): metadata changes (chmod, chown, setfacl, setxattr, utimensat), which Landlock
     * does not govern, fail there with {@code EROFS} whoever owns the inode. {@link #writable} binds follow.
     */
    public static MountOp readOnlyEverything() {
        return new MountOp(Kind.READ_ONLY_EVERYTHING, Path.of("/"));
    }

    /** A directory or file (with the mounts below it) bound read-write onto itself, after {@link #readOnlyEverything}. */
    public static MountOp writable(Path path) {
        return new MountOp(Kind.WRITABLE, path);
    }

    /**
     * Mount the IPC namespace's own POSIX message queue instance on {@code dir} if the host has one mounted there: the
     * host's queues are out of sight, the session's own are there. Only with a new IPC namespace ({@link
     * PrivateMounts#command(List, boolean, List)}); in the host's the mount fails and nothing starts.
     */
    public static MountOp freshMqueue(Path dir) {
        return new MountOp(Kind.FRESH_MQUEUE, dir);
    }

    /** A fresh, small, empty tmpfs on the staging point {@code dir}, to be filled and then {@link #move}d in place. */
    public static MountOp stageTmpfs(Path dir) {
        return new MountOp(Kind.STAGE_TMPFS, dir);
    }

    /** {@code dir} (just made) gets the owner, group, mode and ACL of {@code reference}. */
    public static MountOp like(Path dir, Path reference) {
        return new MountOp(Kind.LIKE, dir, reference);
    }

    /** A new directory (its parent exists): a mount point on the way to something kept. */
    public static MountOp mkdir(Path dir) {
        return new MountOp(Kind.MKDIR, dir);
    }

    /** A new empty file: the mount point of a kept file or socket. */
    public static MountOp touch(Path file) {
        return new MountOp(Kind.TOUCH, file);
    }

    /** {@code source} (with the mounts below it) bound onto {@code target}. */
    public static MountOp bind(Path source, Path target) {
        return new MountOp(Kind.BIND, target, source);
    }

    /** The mount on {@code source} moved onto {@code target}. */
    public static MountOp move(Path source, Path target) {
        return new MountOp(Kind.MOVE, target, source);
    }

    /** {@code /dev/null} bound over a socket file (still a socket, not a link, when its turn comes). */
    public static MountOp coverSocket(Path socket) {
        return new MountOp(Kind.COVER_SOCKET, socket);
    }

    /**
     * As {@link #coverSocket}, for a socket whose path {@code bytes} is not valid UTF-8 (R63): the interpreter gets the
     * bytes in hex, decodes them and makes the same checks. {@code shown} names it in messages.
     */
    public static MountOp coverSocketBytes(byte[] bytes, Path shown) {
        return new MountOp(Kind.COVER_SOCKET_HEX, shown, null, java.util.HexFormat.of().formatHex(bytes));
    }

    /**
     * A fresh, empty, tiny tmpfs ({@link PrivateMounts#HIDE_TMPFS_OPTIONS}, with {@code dir}'s owner, group and mode)
     * mounted over {@code dir}, hiding everything in it: a directory holding many sockets to cover ({@link
     * SocketIsolation}). Nothing happens when {@code dir} is no longer a directory reached without symlinks when its turn
     * comes: whoever moved it moved its sockets (a directory's parent decides who may), as with {@link #coverSocket}.
     */
    public static MountOp hideDir(Path dir) {
        return new MountOp(Kind.HIDE_DIR, dir);
    }

    /**
     * Another path to a place the session may not read, where a mount shows it (R60): an empty tiny tmpfs over it when
     * it is a directory (as {@link #hideDir}), {@code /dev/null} bound over it when it is a regular file. Unlike
     * {@link #hideDir} it must be there, of one of those types and reached without symlinks: otherwise the start fails
     * (exit 90), never leaving it uncovered.
     */
    public static MountOp cover(Path path) {
        return new MountOp(Kind.COVER, path);
    }

    /** Each kind is one case of {@link PrivateMounts}' script; its verb is the word the script dispatches on. */
    public enum Kind {
        /** Bind a directory read-only onto itself: nothing in it can be created, changed, renamed or removed. */
        READ_ONLY_DIR("ro-dir"),
        /** Bind a regular file read-only onto itself: it can be neither changed nor renamed nor removed. */
        READ_ONLY_FILE("ro-file"),
        /** Remount every mount read-only, but those of {@link PrivateMounts#WRITABLE_MOUNTS}; the path is "/". */
        READ_ONLY_EVERYTHING("ro-all"),
        /** Bind a directory or regular file recursively onto itself, the top mount read-write. */
        WRITABLE("rw"),
        /** Mount a fresh mqueue filesystem over a mount point of the host's (nothing when none is mounted there). */
        FRESH_MQUEUE("mqueue"),
        /** Mount a fresh tmpfs ({@link PrivateMounts#STAGE_TMPFS_OPTIONS}) on an empty staging directory. */
        STAGE_TMPFS("stage-tmpfs"),
        /** Copy owner, group, mode and ACL of the source onto the path (a directory just made). */
        LIKE("like", true),
        /** Make a directory (not there yet). */
        MKDIR("mkdir"),
        /** Make an empty regular file (not there yet). */
        TOUCH("touch"),
        /** Bind the source, recursively, onto the path. */
        BIND("bind", true),
        /** Move the mount on the source onto the path. */
        MOVE("move", true),
        /** Bind /dev/null over a socket file. */
        COVER_SOCKET("cover-socket"),
        /** {@link #COVER_SOCKET} for a path given as its bytes in hex (R63: not valid UTF-8). */
        COVER_SOCKET_HEX("cover-socket-hex"),
        /** Mount an empty tmpfs of the directory's owner, group and mode over it (nothing when it is no directory). */
        HIDE_DIR("hide-dir"),
        /** An empty tmpfs over a directory, /dev/null over a regular file; anything else (or nothing) there fails. */
        COVER("cover");

        private final String verb;
        private final boolean twoPaths;

        Kind(String verb) {
            this(verb, false);
        }

        Kind(String verb, boolean twoPaths) {
            this.verb = verb;
            this.twoPaths = twoPaths;
        }

        public String verb() {
            return verb;
        }

        /** The script's arguments for this kind: the verb, the path, then (these kinds only) the source. */
        public boolean twoPaths() {
            return twoPaths;
        }

        /** Whether the path is given as its bytes in hex ({@link MountOp#hex()}). */
        public boolean hex() {
            return verb.endsWith("-hex");
        }
    }
}
