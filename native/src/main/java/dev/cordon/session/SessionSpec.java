package dev.cordon.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a session is started with. {@code env} are extra variables for every command; {@code secrets} are vault names
 * handed to commands as environment variables, only while the session is online.
 */
public record SessionSpec(Path workspace, NetworkMode network, List<Path> writable, Map<String, String> env,
                          List<String> secrets, Limits limits) {
    /** Bounds of the whole session tree. */
    public record Limits(long maxPids, long maxMemoryBytes) {
        public static final Limits DEFAULT = new Limits(512, 4L << 30);
    }

    public SessionSpec {
        writable = List.copyOf(writable);
        env = Map.copyOf(env);
        secrets = List.copyOf(secrets);
    }
}
