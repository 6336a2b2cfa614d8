package dev.cordon.app.processes;

import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;

import java.util.List;

/** What the process tree needs from the backend. Blocking calls: view-models run them through the executor. */
public interface ProcessesService {
    /** The processes a mode shows, read now (for SESSIONS: the sandbox accounts' processes). */
    ProcessSnapshot snapshot(ProcessMode mode);

    /** The live sessions with the pids of their trees (empty before the first session). */
    List<SessionProcesses> sessions();

    /** Asks exactly that process (same pid and start time) to end; false when it has exited. */
    boolean terminate(ProcessInfo process);

    /** Ends exactly that process now; false when it has exited. */
    boolean kill(ProcessInfo process);

    /**
     * Ends that process and its whole tree now (read when it acts, frozen then killed, a reused pid never touched);
     * one entry per process, whether it was signalled.
     */
    List<ProcessTable.Signalled> killTree(ProcessInfo root);

    /** Whether exactly that process still runs. */
    boolean isRunning(ProcessInfo process);

    void stopSession(String id);

    int liveSessions();
}
