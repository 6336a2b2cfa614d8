package dev.cordon.app.processes;

import dev.cordon.session.SessionInfo;

import java.util.Set;

/** A live session and every pid in its process tree (runner, commands, descendants). */
public record SessionProcesses(SessionInfo info, Set<Long> pids) {
    public SessionProcesses {
        pids = Set.copyOf(pids);
    }
}
