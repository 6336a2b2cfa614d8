package dev.cordon.testing;

import dev.cordon.session.SessionManager;

/**
 * The smoke suites' sessions with runners prepared ahead, as `cordon serve` keeps them by default
 * ({@link SessionManager#startSpareRunners}); {@code -Dsmoke.spareRunner=off} runs them as a host started with
 * {@code --no-spare-runner} does.
 */
public final class SpareRunners {
    private SpareRunners() {
    }

    /** {@code sessions}, keeping spares unless {@code -Dsmoke.spareRunner=off}. */
    public static SessionManager unlessOff(SessionManager sessions) {
        if (!"off".equals(System.getProperty("smoke.spareRunner"))) {
            sessions.startSpareRunners();
        }
        return sessions;
    }
}
