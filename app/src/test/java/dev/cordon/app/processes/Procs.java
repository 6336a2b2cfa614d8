package dev.cordon.app.processes;

import dev.cordon.core.Principal;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionState;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Synthetic processes and sessions for the tree tests. */
final class Procs {
    static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    private Procs() {
    }

    static ProcessInfo proc(int pid, int ppid, String name) {
        return proc(pid, ppid, name, 0.0);
    }

    static ProcessInfo proc(int pid, int ppid, String name, double cpu) {
        return new ProcessInfo(pid, ppid, Principal.uid(1001), "t-offline", name, name + " --arg", 'S', cpu, 4096L * pid,
                T0.plusSeconds(pid), 1000L + pid);
    }

    static ProcessSnapshot snapshot(ProcessInfo... processes) {
        return new ProcessSnapshot(T0, List.of(processes));
    }

    static SessionInfo session(String id, long runnerPid) {
        return new SessionInfo(id, SessionState.IDLE, "offline", "t-offline", runnerPid, "/sys/fs/cgroup/" + id,
                Path.of("/srv/" + id), List.of(), Path.of("/h"), Path.of("/t"), T0, null, null, List.of(), "clone3-into-cgroup", null, 1L << 30, new SessionInfo.Owner(dev.cordon.core.Principal.uid(0), "root"));
    }

    /**
     * {@code count} processes shaped like a busy machine: init, a hundred services under it, children and
     * grandchildren under those (depth 3, a few wide parents), pids in creation order.
     */
    static List<ProcessInfo> machine(int count, double cpu) {
        List<ProcessInfo> out = new ArrayList<>(count);
        out.add(proc(1, 0, "init", cpu));
        int pid = 2;
        List<Integer> services = new ArrayList<>();
        for (int i = 0; i < 100 && pid <= count; i++, pid++) {
            out.add(proc(pid, 1, "service" + pid, cpu));
            services.add(pid);
        }
        List<Integer> workers = new ArrayList<>();
        for (int i = 0; pid <= count && i < 700; i++, pid++) {
            int parent = services.get(i % services.size());
            out.add(proc(pid, parent, "worker" + pid, cpu));
            workers.add(pid);
        }
        for (int i = 0; pid <= count; i++, pid++) {
            out.add(proc(pid, workers.get(i % workers.size()), "task" + pid, cpu));
        }
        return out;
    }
}
