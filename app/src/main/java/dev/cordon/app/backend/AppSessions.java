package dev.cordon.app.backend;

import dev.cordon.Backend;
import dev.cordon.session.SessionManager;

/**
 * The panel's session broker, shared by the Sessions, Processes, Network and Overview pages. As root the panel is
 * its own host (embedded); the manager is created on first use, off the FX thread (it stages the runner's classpath
 * and checks that Cordon is set up), and every session it owns is stopped when the panel closes.
 */
public final class AppSessions implements AutoCloseable {
    private final Backend backend;
    private SessionManager manager;

    public AppSessions(Backend backend) {
        this.backend = backend;
    }

    /** The manager; throws the backend's CordonException (not set up, not elevated) until it can exist. */
    public synchronized SessionManager get() {
        if (manager == null) {
            manager = backend.sessions();
            manager.reapStale(); // only sessions whose host died: a running `cordon serve` keeps its own
        }
        return manager;
    }

    /** The live sessions' count without creating the manager (0 before the first session). */
    public synchronized int liveCount() {
        return manager == null ? 0 : (int) manager.list().stream().filter(s -> s.state().live()).count();
    }

    /**
     * Every session the manager lists (live ones, and STUCK ones whose workspace is still to be given back), without
     * creating the manager (none before the first session).
     */
    public synchronized java.util.List<dev.cordon.session.SessionInfo> listed() {
        return manager == null ? java.util.List.of() : manager.list();
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
