package dev.cordon.session;

import dev.cordon.platform.ProcessInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each of a session's processes is to someone diagnosing it, one answer for {@code cordon session ps} and the
 * panel's process tree: {@link Role#RUNNER}; {@link Role#COMMAND} (the runner's children); in a runner's pid namespace
 * of its own (R46) the runner's parent in the session, {@link Role#NAMESPACE_INIT} (the namespace's pid 1: it reaps
 * orphaned commands and ends with the runner), and that one's parent, {@link Role#NAMESPACE_KEEPER} (the
 * {@code cordon-mounts} the host started, in the host's namespace: the session's exit status and signals go through
 * it); every other one {@link Role#DESCENDANT}. They keep rows of their own rather than folding into the runner's: each
 * is a real pid in the session's cgroup that {@code ps}, {@code top} or a kill shows, and a session whose runner is
 * gone while they remain (or the reverse) is what a support person needs to see.
 */
public final class SessionProcessRoles {
    public enum Role {
        RUNNER, COMMAND, NAMESPACE_INIT, NAMESPACE_KEEPER, DESCENDANT;

        /** As {@code session ps} prints it and its JSON says it: {@code namespace-keeper}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private SessionProcessRoles() {
    }

    /** The role of each of {@code members} (the session's processes), given the session's runner pid (or null). */
    public static Map<Integer, Role> of(List<ProcessInfo> members, Long runnerPid) {
        Map<Integer, ProcessInfo> byPid = new HashMap<>();
        members.forEach(pi -> byPid.put(pi.pid(), pi));
        Map<Integer, Role> roles = new HashMap<>();
        members.forEach(pi -> roles.put(pi.pid(), Role.DESCENDANT));
        if (runnerPid == null) {
            return roles;
        }
        int runner = runnerPid.intValue();
        for (ProcessInfo pi : members) {
            if (pi.ppid() == runner && pi.pid() != runner) {
                roles.put(pi.pid(), Role.COMMAND);
            }
        }
        ProcessInfo r = byPid.get(runner);
        if (r != null) {
            roles.put(runner, Role.RUNNER);
            ProcessInfo init = byPid.get(r.ppid());
            if (init != null && init.pid() != runner) {
                roles.put(init.pid(), Role.NAMESPACE_INIT);
                ProcessInfo keeper = byPid.get(init.ppid());
                if (keeper != null && keeper.pid() != runner && keeper.pid() != init.pid()) {
                    roles.put(keeper.pid(), Role.NAMESPACE_KEEPER);
                }
            }
        }
        return roles;
    }
}
