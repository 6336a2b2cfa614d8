package dev.cordon.app.network;

import dev.cordon.app.backend.AppSessions;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** {@link SessionSwitchService} on the panel's embedded session broker. */
public final class BackendSessionSwitchService implements SessionSwitchService {
    private final AppSessions sessions;

    public BackendSessionSwitchService(AppSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<SessionInfo> live() {
        if (sessions.liveCount() == 0) {
            return List.of();
        }
        return sessions.get().list().stream().filter(s -> s.state().live())
                .sorted(Comparator.comparing(SessionInfo::started).thenComparing(SessionInfo::id)).toList();
    }

    @Override
    public SessionInfo setNetwork(String id, NetworkMode mode, Duration forOrNull, String reason) {
        return sessions.get().setNetwork(id, mode, forOrNull, reason);
    }
}
