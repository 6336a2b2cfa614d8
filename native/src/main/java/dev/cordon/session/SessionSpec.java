package dev.cordon.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a session is started with. {@code env} are extra variables for every command; {@code secrets} are vault names
 * handed to commands as environment variables, only while the session is online. {@code allowedSockets} are pathname
 * Unix sockets outside the session that its commands may still reach ({@code --allow-socket}; see
 * {@link dev.cordon.platform.linux.mount.SocketIsolation}). {@code allowConfigDirs} ({@code --allow-config-dir}): the
 * workspace or a writable root may be, or lie inside, a home's configuration directory (refused otherwise, R43;
 * {@link WorkspaceGuard#configDirectory}).
 */
public record SessionSpec(Path workspace, NetworkMode network, List<Path> writable, Map<String, String> env,
                          List<String> secrets, Limits limits, List<Path> allowedSockets, boolean allowConfigDirs) {
    /**
     * Bounds of the whole session tree; {@code tmpSizeBytes} bounds each of the session's HOME and TMPDIR (a tmpfs
     * each, in memory: its pages count toward the memory limit of the process that writes them).
     */
    public record Limits(long maxPids, long maxMemoryBytes, long tmpSizeBytes) {
        /** 1 GiB each for HOME and TMPDIR: room for caches and builds' temporary files, half the memory limit. */
        public static final Limits DEFAULT = new Limits(512, 4L << 30, 1L << 30);
        public static final long MIN_TMP_SIZE = 1L << 20;
        public static final long MAX_TMP_SIZE = 1L << 40;

        public Limits withTmpSize(long bytes) {
            return new Limits(maxPids, maxMemoryBytes, bytes);
        }

        /** {@code 512M}, {@code 2G} …, as {@code --tmp-size} or the API's {@code tmpSize} give it. */
        public static long parseTmpSize(String text, String what) {
            return dev.cordon.core.ByteSize.parse(text, what, MIN_TMP_SIZE, MAX_TMP_SIZE);
        }
    }

    /** A session that reaches no socket outside itself. */
    public SessionSpec(Path workspace, NetworkMode network, List<Path> writable, Map<String, String> env,
                       List<String> secrets, Limits limits) {
        this(workspace, network, writable, env, secrets, limits, List.of());
    }

    /** A session whose roots are no home's configuration directory. */
    public SessionSpec(Path workspace, NetworkMode network, List<Path> writable, Map<String, String> env,
                       List<String> secrets, Limits limits, List<Path> allowedSockets) {
        this(workspace, network, writable, env, secrets, limits, allowedSockets, false);
    }

    public SessionSpec {
        allowedSockets = List.copyOf(allowedSockets);
        writable = List.copyOf(writable);
        env = Map.copyOf(env);
        secrets = List.copyOf(secrets);
    }
}
