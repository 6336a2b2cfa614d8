package dev.cordon.testing;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An in-memory process table with the real one's contract: a process is named by (pid, start time), so acting on one
 * whose pid now belongs to another process does nothing. Processes can ignore a request to end, refuse (not permitted)
 * or survive being killed, and a pid can be reused; every request that reached a process is in {@link #actions()}.
 */
public final class FakeProcessTable implements ProcessTable {
    /** How a fake process answers. */
    public enum Temper {
        /** Ends when asked. */
        POLITE,
        /** Ignores a request to end; ends when killed. */
        STUBBORN,
        /** Ends for nothing (blocked in the kernel). */
        UNKILLABLE,
        /** Every request is refused: it is not ours to signal. */
        FOREIGN
    }

    private record Entry(ProcessInfo info, Principal realOwner, Temper temper) {
    }

    private final Map<Integer, Entry> processes = new TreeMap<>();
    private final List<String> actions = new ArrayList<>();
    private long nextStart = 1_000;

    /** Starts a process of {@code owner} (real and effective) and returns it as a snapshot would show it. */
    public synchronized ProcessInfo start(int pid, int ppid, Principal owner, String command, Temper temper) {
        return start(pid, ppid, owner, owner, command, 'S', temper);
    }

    /**
     * Starts a process with a real owner other than its effective one (Linux: a set-user-id program), or in a state
     * other than sleeping ({@code Z}: a zombie).
     */
    public synchronized ProcessInfo start(int pid, int ppid, Principal realOwner, Principal effectiveOwner, String command,
                                          char state, Temper temper) {
        long startTicks = nextStart++;
        ProcessInfo info = new ProcessInfo(pid, ppid, effectiveOwner, effectiveOwner.value(), command.split(" ")[0],
                command, state, 0, 4096, Instant.EPOCH.plusSeconds(startTicks), startTicks);
        processes.put(pid, new Entry(info, realOwner, temper));
        return info;
    }

    /** The process with {@code pid} exits and the OS gives its pid to a new one of {@code owner}. */
    public synchronized ProcessInfo reuse(int pid, Principal owner, String command) {
        processes.remove(pid);
        return start(pid, 1, owner, command, Temper.POLITE);
    }

    public synchronized void exit(int pid) {
        processes.remove(pid);
    }

    /** {@code pid:terminate}, {@code pid:kill}, in the order they reached a process. */
    public synchronized List<String> actions() {
        return List.copyOf(actions);
    }

    @Override
    public synchronized ProcessSnapshot snapshot(Predicate<Principal> owners) {
        return new ProcessSnapshot(Instant.now(), processes.values().stream().map(Entry::info)
                .filter(p -> owners.test(p.owner())).toList());
    }

    @Override
    public synchronized List<ProcessInfo> runningAs(Set<Principal> owners) {
        List<ProcessInfo> out = new ArrayList<>();
        for (Entry e : processes.values()) {
            Principal found = owners.contains(e.realOwner()) ? e.realOwner()
                    : owners.contains(e.info().owner()) ? e.info().owner() : null;
            if (found != null) {
                ProcessInfo p = e.info();
                out.add(new ProcessInfo(p.pid(), p.ppid(), found, found.value(), p.name(), p.commandLine(), p.state(),
                        0, p.rssBytes(), p.startTime(), p.startTicks()));
            }
        }
        return out;
    }

    @Override
    public synchronized boolean terminate(ProcessInfo process) {
        return act(process, "terminate");
    }

    @Override
    public synchronized boolean kill(ProcessInfo process) {
        return act(process, "kill");
    }

    private boolean act(ProcessInfo process, String what) {
        Entry e = pinned(process);
        if (e == null) {
            return false;
        }
        if (e.temper() == Temper.FOREIGN) {
            throw new CordonException(ExitCode.NEEDS_ROOT, "Not permitted to " + what + " process " + process.pid() + ".",
                    "Run as root or as the user that owns the process.");
        }
        actions.add(process.pid() + ":" + what);
        boolean ends = switch (e.temper()) {
            case POLITE -> true;
            case STUBBORN -> what.equals("kill");
            case UNKILLABLE, FOREIGN -> false;
        };
        if (ends) {
            processes.remove(process.pid());
        }
        return true;
    }

    /** As the real table: the tree read now, every process of it pinned first, then each asked, deepest first. */
    @Override
    public synchronized List<Signalled> terminateTree(ProcessInfo root) {
        return signalTree(root, "terminate");
    }

    /** As the real table, which freezes the tree before it kills it: here nothing runs between two calls anyway. */
    @Override
    public synchronized List<Signalled> killTree(ProcessInfo root) {
        return signalTree(root, "kill");
    }

    private List<Signalled> signalTree(ProcessInfo root, String what) {
        if (pinned(root) == null) {
            return List.of(new Signalled(root, false));
        }
        List<ProcessInfo> tree = new ArrayList<>(List.of(root));
        for (int i = 0; i < tree.size(); i++) {
            int parent = tree.get(i).pid();
            processes.values().stream().map(Entry::info).filter(p -> p.ppid() == parent && p.pid() != parent
                    && p.state() != 'Z').forEach(tree::add);
        }
        if (what.equals("kill")) { // the real one stops the whole tree first: a refusal there kills nothing
            tree.stream().filter(p -> processes.get(p.pid()).temper() == Temper.FOREIGN).findFirst().ifPresent(p -> {
                throw new CordonException(ExitCode.NEEDS_ROOT, "Not permitted to kill process " + p.pid() + ".",
                        "Run as root or as the user that owns the process.");
            });
        }
        List<Signalled> out = new ArrayList<>();
        for (int i = tree.size() - 1; i >= 0; i--) {
            out.add(new Signalled(tree.get(i), act(tree.get(i), what)));
        }
        return out;
    }

    /** The live entry that is exactly {@code process}, or null. */
    private Entry pinned(ProcessInfo process) {
        Entry e = processes.get(process.pid());
        return e != null && e.info().startTicks() == process.startTicks() && e.info().state() != 'Z' ? e : null;
    }

    @Override
    public synchronized boolean isRunning(ProcessInfo process) {
        return pinned(process) != null;
    }

    /** As the real table, without waiting: what survives a request to end is killed at once. */
    @Override
    public synchronized List<Ending> end(List<ProcessInfo> targets, Duration grace) {
        List<Ending> endings = new ArrayList<>();
        for (ProcessInfo p : targets) {
            Entry e = pinned(p);
            if (e == null) {
                endings.add(new Ending(p, Ending.How.GONE, "had exited before it was signalled"));
            } else if (e.temper() == Temper.FOREIGN) {
                endings.add(new Ending(p, Ending.How.FAILED, "terminate was refused: not permitted"));
            } else {
                act(p, "terminate");
                if (pinned(p) == null) {
                    endings.add(new Ending(p, Ending.How.TERMINATED, "exited after terminate"));
                } else {
                    act(p, "kill");
                    endings.add(pinned(p) == null ? new Ending(p, Ending.How.KILLED, "killed after " + grace.toMillis() + " ms")
                            : new Ending(p, Ending.How.FAILED, "still running after kill"));
                }
            }
        }
        return endings;
    }
}
