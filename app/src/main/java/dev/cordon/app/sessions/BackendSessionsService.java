package dev.cordon.app.sessions;

import dev.cordon.Backend;
import dev.cordon.app.backend.AppSessions;
import dev.cordon.session.CommandListener;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager.CommandHandle;
import dev.cordon.session.SessionSpec;
import dev.cordon.vault.Vault.SecretStatus;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@link SessionsService} on the panel's embedded session broker ({@link AppSessions}) and the real vault. */
public final class BackendSessionsService implements SessionsService {
    private final Backend backend;
    private final AppSessions sessions;

    public BackendSessionsService(Backend backend, AppSessions sessions) {
        this.backend = backend;
        this.sessions = sessions;
    }

    /**
     * Oldest first, STUCK ones included (a stuck session has no live process but still holds its workspace: the page
     * shows it, with Retry hand-back); before the first session the broker is not created (that needs setup and root).
     */
    @Override
    public List<SessionInfo> list() {
        return sessions.listed().stream().sorted(Comparator.comparing(SessionInfo::started)
                .thenComparing(SessionInfo::id)).toList();
    }

    @Override
    public void save(java.nio.file.Path target, byte[] content) throws java.io.IOException {
        backend.platform().fileSecurity().replaceFile(target, content,
                dev.cordon.platform.InvokingUser.of(System.getenv(), backend.platform().accounts()));
    }

    @Override
    public SessionInfo start(SessionSpec spec) {
        return sessions.get().start(spec);
    }

    @Override
    public void stop(String id) {
        sessions.get().stop(id);
    }

    @Override
    public CommandHandle exec(String id, List<String> argv, Duration timeoutOrNull, CommandListener listener) {
        return sessions.get().exec(id, argv, Map.of(), timeoutOrNull, listener, true); // the console masks secret values
    }

    @Override
    public SessionInfo setNetwork(String id, NetworkMode mode, Duration forOrNull, String reason) {
        return sessions.get().setNetwork(id, mode, forOrNull, reason);
    }

    @Override
    public List<SecretStatus> secrets() {
        return backend.vault().list(false);
    }

    @Override
    public int liveCount() {
        return sessions.liveCount();
    }

    @Override
    public java.util.Optional<String> unavailable() {
        return backend.platform().sessionsUnavailable();
    }
}
