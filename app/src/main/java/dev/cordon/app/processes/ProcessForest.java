package dev.cordon.app.processes;

import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.session.SessionProcessRoles;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a snapshot (and the sessions' trees) into the rows of one mode. Pure; runs off the UI thread. */
public final class ProcessForest {
    private ProcessForest() {
    }

    public static FlatTree build(ProcessMode mode, ProcessSnapshot snapshot, List<SessionProcesses> sessions) {
        return mode == ProcessMode.SESSIONS ? bySession(snapshot, sessions) : byParent(mode, snapshot);
    }

    /**
     * session → runner → its children (the commands) → their descendants. Beside the runner, as {@code session ps}
     * lists them, what holds its pid namespace (R46): the keeper, then the namespace's init with what it adopted (an
     * orphaned command). A process of the session's tree that is not below the runner (a double-forked daemon
     * re-parented away) sits directly under the session.
     */
    static FlatTree bySession(ProcessSnapshot snapshot, List<SessionProcesses> sessions) {
        FlatTree.Builder tree = new FlatTree.Builder();
        for (SessionProcesses s : sessions) {
            RowKey.Session key = new RowKey.Session(s.info().id());
            ProcessRow sessionRow = new ProcessRow(key, ProcessRow.Kind.SESSION, 0, s.info().id(), s.info().account(), 0,
                    0, s.info().started(), s.info().workspace().toString(), s.info().id(), null);
            tree.add(RowKey.ROOT, sessionRow, true);
            Set<Integer> members = new HashSet<>();
            s.pids().forEach(pid -> members.add(pid.intValue()));
            double cpu = 0;
            long rss = 0;
            Long runnerPid = s.info().runnerPid();
            ProcessInfo runner = runnerPid == null ? null : snapshot.process(runnerPid.intValue()).orElse(null);
            if (runner != null) {
                members.add(runner.pid());
                tree.add(key, ProcessRow.of(ProcessRow.Kind.RUNNER, runner, s.info().id()), true);
                for (ProcessInfo command : snapshot.children(runner.pid())) {
                    if (members.contains(command.pid())) {
                        addSubtree(tree, snapshot, runner, command, ProcessRow.Kind.COMMAND, s.info().id(), members);
                    }
                }
                addNamespaceHolders(tree, snapshot, s.info().id(), runnerPid, members);
            }
            for (ProcessInfo p : snapshot.processes()) {
                if (!members.contains(p.pid())) {
                    continue;
                }
                cpu += p.cpuPercent();
                rss += p.rssBytes();
                boolean parentInSession = members.contains(p.ppid()) && snapshot.process(p.ppid()).isPresent();
                if (!tree.contains(rowKey(p)) && !parentInSession) {
                    addSubtree(tree, snapshot, null, p, ProcessRow.Kind.PROCESS, s.info().id(), members);
                }
            }
            tree.update(new ProcessRow(key, ProcessRow.Kind.SESSION, 0, s.info().id(), s.info().account(), cpu, rss,
                    s.info().started(), s.info().workspace().toString(), s.info().id(), null));
        }
        return tree.build();
    }

    /**
     * The runner's namespace keeper and init ({@link SessionProcessRoles}) as rows of their own under the session, then
     * what else each has below it (the runner is already placed under the session).
     */
    private static void addNamespaceHolders(FlatTree.Builder tree, ProcessSnapshot snapshot, String sessionId,
                                            Long runnerPid, Set<Integer> members) {
        List<ProcessInfo> inSession = snapshot.processes().stream().filter(p -> members.contains(p.pid())).toList();
        Map<Integer, SessionProcessRoles.Role> roles = SessionProcessRoles.of(inSession, runnerPid);
        List<ProcessInfo> holders = new ArrayList<>();
        for (SessionProcessRoles.Role role : List.of(SessionProcessRoles.Role.NAMESPACE_KEEPER,
                SessionProcessRoles.Role.NAMESPACE_INIT)) {
            for (ProcessInfo p : inSession) {
                if (roles.get(p.pid()) == role) {
                    tree.add(new RowKey.Session(sessionId), ProcessRow.of(role == SessionProcessRoles.Role.NAMESPACE_KEEPER
                            ? ProcessRow.Kind.NAMESPACE_KEEPER : ProcessRow.Kind.NAMESPACE_INIT, p, sessionId), true);
                    holders.add(p);
                }
            }
        }
        for (ProcessInfo holder : holders) {
            for (ProcessInfo child : snapshot.children(holder.pid())) {
                if (members.contains(child.pid()) && !tree.contains(rowKey(child))) {
                    addSubtree(tree, snapshot, holder, child, ProcessRow.Kind.PROCESS, sessionId, members);
                }
            }
        }
    }

    private static RowKey rowKey(ProcessInfo p) {
        return new RowKey.Process(p.pid(), p.startTicks());
    }

    /** {@code top} under {@code parent} (the session row when null), then its descendants in the session. */
    private static void addSubtree(FlatTree.Builder tree, ProcessSnapshot snapshot, ProcessInfo parent, ProcessInfo top,
                                   ProcessRow.Kind kind, String sessionId, Set<Integer> members) {
        RowKey parentKey = parent == null ? new RowKey.Session(sessionId) : rowKey(parent);
        record Pending(RowKey parent, ProcessInfo process, ProcessRow.Kind kind) {
        }
        List<Pending> stack = new ArrayList<>(List.of(new Pending(parentKey, top, kind)));
        while (!stack.isEmpty()) {
            Pending next = stack.remove(stack.size() - 1);
            if (!tree.add(next.parent(), ProcessRow.of(next.kind(), next.process(), sessionId), true)) {
                continue;
            }
            List<ProcessInfo> kids = snapshot.children(next.process().pid());
            for (int i = kids.size() - 1; i >= 0; i--) {
                if (members == null || members.contains(kids.get(i).pid())) {
                    stack.add(new Pending(rowKey(next.process()), kids.get(i), ProcessRow.Kind.PROCESS));
                }
            }
        }
    }

    /** The snapshot's own forest (parent pid). Whole system: only init opens expanded, the rest on demand. */
    static FlatTree byParent(ProcessMode mode, ProcessSnapshot snapshot) {
        FlatTree.Builder tree = new FlatTree.Builder();
        boolean all = mode == ProcessMode.WHOLE_SYSTEM;
        for (ProcessSnapshot.TreeRow row : snapshot.tree()) {
            ProcessInfo p = row.process();
            RowKey parent = row.depth() == 0 ? RowKey.ROOT
                    : snapshot.process(p.ppid()).map(ProcessForest::rowKey).orElse(RowKey.ROOT);
            boolean expanded = !all || p.pid() == 1;
            tree.add(parent, ProcessRow.of(ProcessRow.Kind.PROCESS, p, null), expanded);
        }
        return tree.build();
    }
}
