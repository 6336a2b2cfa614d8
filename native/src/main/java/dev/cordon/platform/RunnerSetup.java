package dev.cordon.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * One step of a runner's setup, applied in order by the {@link RunnerLauncher} before the runner becomes its account
 * (the way bubblewrap takes a list of setup operations): what the runner and its commands see and may change, never
 * what the host and the developer see. Each step is an intent; how it is made real is the platform's.
 */
public sealed interface RunnerSetup {
    /**
     * Local channels out of reach: the directories where anyone may create sockets get a private, empty replacement,
     * every other socket bound now is covered. Kept reachable: {@code sessionRoots} (the session's writable roots and
     * directory), {@code allowedSockets}, and {@code keep} (paths the session's tools need, e.g. the repositories around
     * its roots). {@code stagingDir} is the session's own root-only directory for the platform's mount points.
     * Linux: {@code platform.linux.mount.SocketIsolation} (private {@code /tmp}, {@code /var/tmp}, {@code /dev/shm},
     * {@code /run}, {@code /dev/null} bound over the others).
     */
    record IsolateLocalSockets(List<Path> sessionRoots, List<Path> allowedSockets, List<Path> keep, Path stagingDir)
            implements RunnerSetup {
        public IsolateLocalSockets {
            sessionRoots = List.copyOf(sessionRoots);
            allowedSockets = List.copyOf(allowedSockets);
            keep = List.copyOf(keep);
        }
    }

    /**
     * Other paths to places the session may not read, where a mount shows them (a bind mount of another person's home,
     * or of {@code /}: R59, R60), made unreachable in the runner's own view of the file system: the confinement's path
     * rules alone do not hold there (Landlock's rules follow inodes, and a directory it grants may be the same inode as
     * one inside such a mount). Applied first; a path that cannot be covered stops the start.
     * Linux: an empty tmpfs over a directory, {@code /dev/null} over a file.
     */
    record Cover(List<Path> paths) implements RunnerSetup {
        public Cover {
            paths = List.copyOf(paths);
        }
    }

    /**
     * Nothing changeable, metadata included, but what later steps make {@link Writable} (Linux: every mount read-only
     * but the kernel's views and the runner's own shared memory and queues).
     */
    record ReadOnlyEverything() implements RunnerSetup {
    }

    /** {@code path} (a directory or file, with what lies below it) writable again. */
    record Writable(Path path) implements RunnerSetup {
    }

    /** {@code path} (a {@code directory} or a regular file) neither changeable nor renamable nor removable. */
    record ReadOnly(Path path, boolean directory) implements RunnerSetup {
    }

    /** SysV IPC and POSIX message queues of the runner's own, none of the host's (Linux: a new IPC namespace). */
    record PrivateIpc() implements RunnerSetup {
    }

    /**
     * Only the runner's own processes visible to it and its commands, none of the host's or other sessions' (Linux: a
     * pid namespace of its own with its own {@code /proc}, R46; only where the compiled {@code cordon-mounts} runs).
     */
    record PrivateProcesses() implements RunnerSetup {
    }

    /**
     * A network of the runner's own with only its loopback, for an offline runner (Y4): what its commands bind, listen
     * on or name (abstract Unix sockets, ports) is neither listed to nor reachable from other sessions and local users,
     * nor theirs to it (Linux: a new network namespace, its loopback up; the account's firewall rule stays too).
     */
    record PrivateNetwork() implements RunnerSetup {
    }

    /** No controlling terminal (Linux: a new session, {@code setsid}; Windows: {@code DETACHED_PROCESS}). */
    record NoControllingTerminal() implements RunnerSetup {
    }
}
