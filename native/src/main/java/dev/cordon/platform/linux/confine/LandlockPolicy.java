package dev.cordon.platform.linux.confine;

import java.nio.file.Path;
import java.util.List;

/**
 * What a confined command may touch. Everything is readable and executable except {@code hiddenPaths}; writes (create,
 * remove, rename, truncate, ...) are allowed only beneath {@code writable} roots and to {@code /dev/null},
 * {@code /dev/zero}, {@code /dev/full} and {@code /dev/tty}.
 *
 * @param writable    directories the command may change freely beneath
 * @param hiddenPaths paths the command may neither read nor list (e.g. the Cordon state directory); a hidden path
 *                    need not exist yet, and if it is created later it stays hidden
 * @param socketDirs  the only directories beneath which the command may bind a pathname Unix socket
 *                    ({@code LANDLOCK_ACCESS_FS_MAKE_SOCK}): a session's private HOME and TMPDIR, so that no other
 *                    session can find its sockets; each must lie beneath a writable root
 * @param executables single files the command may read and execute even beneath a hidden path (the portable spawn
 *                    path's exec helper, staged in the state directory); nothing else of a hidden path is granted
 */
public record LandlockPolicy(List<Path> writable, List<Path> hiddenPaths, List<Path> socketDirs, List<Path> executables) {
    public LandlockPolicy {
        writable = List.copyOf(writable);
        hiddenPaths = List.copyOf(hiddenPaths);
        socketDirs = List.copyOf(socketDirs);
        executables = List.copyOf(executables);
    }

    /** No single files granted beneath hidden paths. */
    public LandlockPolicy(List<Path> writable, List<Path> hiddenPaths, List<Path> socketDirs) {
        this(writable, hiddenPaths, socketDirs, List.of());
    }

    /** Sockets may be bound beneath every writable root. */
    public LandlockPolicy(List<Path> writable, List<Path> hiddenPaths) {
        this(writable, hiddenPaths, writable);
    }
}
