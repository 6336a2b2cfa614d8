package dev.cordon.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The processes read at one moment, sorted by pid, with the parent/child relation as a forest. The read is not
 * atomic (the kernel offers no such thing): a process may have exited or been re-parented while others were read.
 */
public final class ProcessSnapshot {
    private final Instant takenAt;
    private final List<ProcessInfo> processes;
    private final Map<Integer, ProcessInfo> byPid = new HashMap<>();
    private final Map<Integer, List<ProcessInfo>> childrenByPid = new HashMap<>();
    private final List<ProcessInfo> roots = new ArrayList<>();

    /** One row of the depth-first tree walk; {@code depth} is 0 for a root. */
    public record TreeRow(int depth, ProcessInfo process) {
    }

    public ProcessSnapshot(Instant takenAt, List<ProcessInfo> processes) {
        this.takenAt = takenAt;
        List<ProcessInfo> sorted = new ArrayList<>(processes);
        sorted.sort(Comparator.comparingInt(ProcessInfo::pid));
        this.processes = List.copyOf(sorted);
        for (ProcessInfo p : this.processes) {
            byPid.put(p.pid(), p);
        }
        for (ProcessInfo p : this.processes) {
            if (p.ppid() != p.pid() && byPid.containsKey(p.ppid())) {
                childrenByPid.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
            } else {
                roots.add(p);
            }
        }
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** All processes, by ascending pid. */
    public List<ProcessInfo> processes() {
        return processes;
    }

    public Optional<ProcessInfo> process(int pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    /** Direct children of {@code pid} in this snapshot, by ascending pid. */
    public List<ProcessInfo> children(int pid) {
        return List.copyOf(childrenByPid.getOrDefault(pid, List.of()));
    }

    /** Processes whose parent is not in this snapshot (init and kthreadd, or the tops of a filtered subset). */
    public List<ProcessInfo> roots() {
        return List.copyOf(roots);
    }

    /** The processes that pass {@code keep}; a kept process whose parent was dropped becomes a root. */
    public ProcessSnapshot filter(Predicate<ProcessInfo> keep) {
        return new ProcessSnapshot(takenAt, processes.stream().filter(keep).toList());
    }

    /** Depth-first walk from the roots, children under their parent, siblings by pid: the order of a tree view. */
    public List<TreeRow> tree() {
        List<TreeRow> rows = new ArrayList<>(processes.size());
        Set<Integer> visited = new HashSet<>();
        for (ProcessInfo root : roots) {
            walk(root, 0, rows, visited);
        }
        // A parent cycle (possible only when pids were reused mid-read) has no root; show its members anyway.
        for (ProcessInfo p : processes) {
            if (!visited.contains(p.pid())) {
                walk(p, 0, rows, visited);
            }
        }
        return rows;
    }

    private void walk(ProcessInfo start, int startDepth, List<TreeRow> rows, Set<Integer> visited) {
        // Iterative: a chain of thousands of nested processes must not overflow the stack.
        List<TreeRow> stack = new ArrayList<>();
        stack.add(new TreeRow(startDepth, start));
        while (!stack.isEmpty()) {
            TreeRow row = stack.remove(stack.size() - 1);
            if (!visited.add(row.process().pid())) {
                continue;
            }
            rows.add(row);
            List<ProcessInfo> kids = childrenByPid.getOrDefault(row.process().pid(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(new TreeRow(row.depth() + 1, kids.get(i)));
            }
        }
    }
}
