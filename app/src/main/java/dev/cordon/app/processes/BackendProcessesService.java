package dev.cordon.app.processes;

import dev.cordon.Backend;
import dev.cordon.app.backend.AppSessions;
import dev.cordon.core.CordonException;
import dev.cordon.core.Principal;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;
import dev.cordon.session.SessionInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link ProcessesService} on the platform's process table (one instance: CPU% is a delta) and the panel's sessions. */
public final class BackendProcessesService implements ProcessesService {
    private final Backend backend;
    private final AppSessions sessions;
    private final ProcessTable table;

    public BackendProcessesService(Backend backend, AppSessions sessions) {
        this.backend = backend;
        this.sessions = sessions;
        this.table = backend.platform().processTable();
    }

    @Override
    public ProcessSnapshot snapshot(ProcessMode mode) {
        if (mode == ProcessMode.WHOLE_SYSTEM) {
            return table.snapshot();
        }
        java.util.function.Predicate<Principal> sandbox = sandboxUids();
        if (mode == ProcessMode.SANDBOX_ACCOUNTS) {
            return table.snapshot(sandbox);
        }
        // a session's tree holds root's processes too: the keeper and the init of its runner's pid namespace (R46)
        Principal root = backend.platform().accounts().superuser().map(a -> a.id()).orElse(null);
        return table.snapshot(id -> sandbox.test(id) || id.equals(root));
    }

    /** The instance's offline and online accounts; none before setup. */
    private java.util.function.Predicate<Principal> sandboxUids() {
        return backend.platform().accounts().idsOf(backend.instance().sandboxAccounts())::contains;
    }

    @Override
    public List<SessionProcesses> sessions() {
        if (sessions.liveCount() == 0) {
            return List.of(); // no broker yet: creating one needs setup, and there is nothing to show
        }
        List<SessionProcesses> out = new ArrayList<>();
        for (SessionInfo info : sessions.get().list().stream().sorted(Comparator.comparing(SessionInfo::started)
                .thenComparing(SessionInfo::id)).toList()) {
            if (!info.state().live()) {
                continue;
            }
            try {
                out.add(new SessionProcesses(info, sessions.get().pids(info.id())));
            } catch (CordonException e) {
                if (sessions.get().list().stream().anyMatch(s -> s.id().equals(info.id()))) {
                    throw e;
                } // stopped between list() and pids(): it is simply gone
            }
        }
        return out;
    }

    @Override
    public boolean terminate(ProcessInfo process) {
        return audited(process, false, "TERM", () -> table.terminate(process));
    }

    @Override
    public boolean kill(ProcessInfo process) {
        return audited(process, false, "KILL", () -> table.kill(process));
    }

    @Override
    public List<ProcessTable.Signalled> killTree(ProcessInfo root) {
        return audited(root, true, "KILL", () -> table.killTree(root));
    }

    /**
     * A signal the panel sends is written to the audit log as {@code cordon kill} writes it ({@code kill}, pid, tree,
     * signal), with the result: ok, or the refusal in words.
     */
    private <T> T audited(ProcessInfo process, boolean tree, String signal, java.util.function.Supplier<T> send) {
        java.util.Map<String, Object> args = java.util.Map.of("pid", process.pid(), "tree", tree, "signal", signal,
                "name", process.name(), "from", "panel");
        try {
            T result = send.get();
            backend.audit().record("kill", args, "ok", null);
            return result;
        } catch (RuntimeException e) {
            backend.audit().record("kill", args, "error", e.getMessage());
            throw e;
        }
    }

    @Override
    public boolean isRunning(ProcessInfo process) {
        return table.isRunning(process);
    }

    @Override
    public java.util.Optional<ProcessTable.Details> details(ProcessInfo process) {
        return table.details(process);
    }

    @Override
    public java.util.Map<String, String> usage(String sessionId) {
        if (sessions.liveCount() == 0) {
            return java.util.Map.of();
        }
        try {
            return sessions.get().usage(sessionId);
        } catch (CordonException e) {
            return java.util.Map.of(); // stopped meanwhile: nothing to report
        }
    }

    @Override
    public void stopSession(String id) {
        sessions.get().stop(id);
    }

    @Override
    public int liveSessions() {
        return sessions.liveCount();
    }
}
