package dev.cordon.app.network;

import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;

import java.time.Duration;
import java.util.List;

/** The panel's sessions as the Network page switches them. Blocking calls: run them through the TaskExecutor. */
public interface SessionSwitchService {
    /** The live sessions, oldest first; empty while the broker does not exist (it is never created just to list). */
    List<SessionInfo> live();

    SessionInfo setNetwork(String id, NetworkMode mode, Duration forOrNull, String reason);
}
