package dev.cordon.app.sessions;

import dev.cordon.session.CommandListener;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager.CommandHandle;
import dev.cordon.session.SessionSpec;
import dev.cordon.vault.Vault.SecretStatus;

import java.time.Duration;
import java.util.List;

/** What the Sessions page needs from the session broker. Blocking calls: view-models run them through the executor. */
public interface SessionsService {
    List<SessionInfo> list();

    /**
     * Writes a console's saved output to the file the person chose, replacing it. The backend's writes it as that
     * person, never through a symlink ({@link dev.cordon.platform.FileSecurity#replaceFile}): the panel may run as root.
     */
    default void save(java.nio.file.Path target, byte[] content) throws java.io.IOException {
        java.nio.file.Files.write(target, content);
    }

    SessionInfo start(SessionSpec spec);

    void stop(String id);

    /**
     * Starts a command; {@code listener} hears it from the backend's reader thread. {@code timeoutOrNull} kills its
     * whole tree when it runs longer (as {@code cordon session exec --timeout}).
     */
    CommandHandle exec(String id, List<String> argv, Duration timeoutOrNull, CommandListener listener);

    SessionInfo setNetwork(String id, NetworkMode mode, Duration forOrNull, String reason);

    /** The vault's secrets, for the chooser (names and states, values never read). */
    List<SecretStatus> secrets();

    /** Live sessions now, for the overview. */
    int liveCount();

    /**
     * Why this platform hosts no sessions in this build (Windows until its session launcher lands), as one sentence; empty
     * where sessions work. Known at start-up, not a blocking call.
     */
    java.util.Optional<String> unavailable();
}
