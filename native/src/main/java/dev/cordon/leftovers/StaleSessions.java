package dev.cordon.leftovers;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Sessions whose host process is gone (crashed, killed) and that no host has reaped yet: their directory (with its
 * scratch mounts holding memory), cgroup and workspace grants are leftovers too. The session side implements it.
 */
public interface StaleSessions {
    StaleSessions NONE = new StaleSessions() {
        @Override
        public List<StaleSession> find() {
            return List.of();
        }

        @Override
        public boolean reap(String sessionId) {
            return false;
        }
    };

    /**
     * @param host         the host record of the session, or a note that it has none
     * @param mounts       its scratch mounts (HOME, TMPDIR)
     * @param scratchBytes what those mounts hold
     */
    record StaleSession(String id, Path dir, String host, List<Path> mounts, long scratchBytes, Instant since) {
    }

    /** The stale sessions now. */
    List<StaleSession> find();

    /**
     * Reaps one, after checking again that its host is gone: kills what is left in its cgroup, gives back its workspace
     * grants, takes its scratch mounts off and removes its directory. False when it was already gone.
     */
    boolean reap(String sessionId);
}
