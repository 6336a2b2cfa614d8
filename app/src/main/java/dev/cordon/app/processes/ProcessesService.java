package dev.cordon.app.processes;

import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;

import java.util.List;

/** What the process tree needs from the backend. Blocking calls: view-models run them through the executor. */
public interface ProcessesService {
    /** The processes a mode shows, read now (for SESSIONS: the sandbox accounts' processes). */
    ProcessSnapshot snapshot(ProcessMode mode);

    /** The live sessions with the pids of their trees (empty before the first session). */
    List<SessionProcesses> sessions();

    /**
     * Sends {@code signal} to exactly that process (same pid and start time); false when it has exited (signal 0
     * only asks whether it is still there).
     */
    boolean signal(ProcessInfo process, int signal);

    void stopSession(String id);

    int liveSessions();
}
