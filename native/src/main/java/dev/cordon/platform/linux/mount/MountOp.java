package dev.cordon.platform.linux.mount;

import java.nio.file.Path;
import java.util.List;

/**
 * One change to a runner's private mount namespace, made as root before the runner drops to its sandbox account
 * (see {@link PrivateMounts}). It is visible to the runner and its commands only: the host's and the developer's view
 * of the file system stays as it is.
 *
 * @param kind what to do
 * @param path the absolute path it is done at; checked again, just before the mount, to still be of the kind's type
 *             and not a symlink
 */
public record MountOp(Kind kind, Path path) {
    public MountOp {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("mount operations take absolute paths: " + path);
        }
    }

    public static MountOp readOnlyDir(Path dir) {
        return new MountOp(Kind.READ_ONLY_DIR, dir);
    }

    public static MountOp readOnlyFile(Path file) {
        return new MountOp(Kind.READ_ONLY_FILE, file);
    }

    /**
     * Mount the IPC namespace's own POSIX message queue instance on {@code dir} if the host has one mounted there: the
     * host's queues are out of sight, the session's own are there. Only with a new IPC namespace ({@link
     * PrivateMounts#command(List, boolean, List)}); in the host's the mount fails and nothing starts.
     */
    public static MountOp freshMqueue(Path dir) {
        return new MountOp(Kind.FRESH_MQUEUE, dir);
    }

    /** Each kind is one case of {@link PrivateMounts}' script; its verb is the word the script dispatches on. */
    public enum Kind {
        /** Bind a directory read-only onto itself: nothing in it can be created, changed, renamed or removed. */
        READ_ONLY_DIR("ro-dir"),
        /** Bind a regular file read-only onto itself: it can be neither changed nor renamed nor removed. */
        READ_ONLY_FILE("ro-file"),
        /** Mount a fresh mqueue filesystem over a mount point of the host's (nothing when none is mounted there). */
        FRESH_MQUEUE("mqueue");

        private final String verb;

        Kind(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }
}
