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

    /**
     * The whole argv and working directory of exactly that process, read now; empty when it has exited. An argv that
     * cannot be read is empty, a cwd null (the view says "not available").
     */
    java.util.Optional<ProcessTable.Details> details(ProcessInfo process);

    /**
     * What a live session's process container reports now ({@code cordon session usage}): procs, pids.current/max/peak,
     * memory.current/max/peak, as far as the OS gives them; empty when the session has gone.
     */
    java.util.Map<String, String> usage(String sessionId);

    void stopSession(String id);

    int liveSessions();
}
