package dev.cordon.platform;

import dev.cordon.core.Principal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The OS process table, and the one way Cordon ends a process. Linux: {@code /proc}, signals through a pidfd;
 * Windows: a Toolhelp32 snapshot (or NtQuerySystemInformation), {@code OpenProcess} then {@code TerminateProcess}.
 *
 * <p>A process is named by {@code (pid, start time)} ({@link ProcessInfo#sameProcessAs}): every method that acts on
 * a process first pins it (a pidfd; a process handle), then checks that the pinned process still has the start time
 * it was read with, and acts through the pin. A pid the OS has meanwhile given to another process is never touched.
 *
 * <p>An implementation keeps the previous snapshot's CPU times, so keep one instance per live view: CPU% is then
 * measured over the interval between two {@link #snapshot()} calls.
 */
public interface ProcessTable {
    /** Every process visible to the caller, read now. Processes that exit while being read are left out. */
    default ProcessSnapshot snapshot() {
        return snapshot(owner -> true);
    }

    /**
     * Only the processes whose owner ({@link ProcessInfo#owner()}) passes {@code owners}. The others are not read beyond their owner,
     * which makes a view of a few accounts' processes far cheaper than filtering a full snapshot. CPU% of the next
     * snapshot is measured against this one, so a live view should always pass the same filter.
     */
    ProcessSnapshot snapshot(Predicate<Principal> owners);

    /**
     * Every process that runs as one of {@code owners} or on their behalf (Linux: real or effective uid, so a
     * set-user-id program a sandbox account started is found too; Windows: the token's user), zombies included.
     * Each one's {@link ProcessInfo#owner()} is the one of {@code owners} it was found by (the real uid first). CPU%
     * is not measured.
     */
    List<ProcessInfo> runningAs(Set<Principal> owners);

    /**
     * Asks exactly {@code process} to end (Linux: SIGTERM; Windows: {@code TerminateProcess}, which has no polite
     * form for a process without a window).
     *
     * @return true if asked; false if it has exited, including when its pid now belongs to another process
     * @throws dev.cordon.core.CordonException when the OS refuses (not permitted)
     */
    boolean terminate(ProcessInfo process);

    /** Ends exactly {@code process} now (Linux: SIGKILL; Windows: {@code TerminateProcess}); as {@link #terminate}. */
    boolean kill(ProcessInfo process);

    /**
     * Asks exactly {@code root} and every process descending from it to end (Linux: SIGTERM; Windows:
     * {@code TerminateProcess}), descendants before their ancestors. The tree is read now, not taken from a snapshot;
     * each process is pinned and checked as in {@link #terminate} before it is asked, so a reused pid is never touched.
     * A process that handles the request may start others meanwhile: use {@link #killTree} to leave none.
     * The calling process and what it started are never part of the tree.
     *
     * @return one entry per process of the tree, in the order asked; only {@code root}, not signalled, when it has exited
     * @throws dev.cordon.core.CordonException when the OS refuses one of them (not permitted)
     */
    List<Signalled> terminateTree(ProcessInfo root);

    /**
     * Ends exactly {@code root} and every process descending from it now, leaving none that could start another:
     * Linux freezes the tree top-down (SIGSTOP through a pidfd, read again until no new descendant appears), then
     * kills each (SIGKILL); Windows suspends each (found by parent id and a creation time after its parent's), then
     * {@code TerminateProcess}. Pid reuse as in {@link #terminateTree}; on a refusal nothing is killed and what was
     * frozen is resumed.
     *
     * @return one entry per process of the tree, descendants before their ancestors; only {@code root}, not
     *         signalled, when it has exited
     * @throws dev.cordon.core.CordonException when the OS refuses one of them (not permitted)
     */
    List<Signalled> killTree(ProcessInfo root);

    /** One process of a tree and whether the request reached it ({@code false}: it had exited). */
    record Signalled(ProcessInfo process, boolean signalled) {
    }

    /**
     * What a details view shows beyond the table's row, read now: the whole argument vector and the working
     * directory. {@code argv} is empty and {@code cwd} null where this OS or the caller's rights do not give them (a
     * view then says "not available"); a process reads its own argv and may change it, so it is what the process
     * shows, not proof of what started it.
     */
    record Details(List<String> argv, String cwd) {
        public Details {
            argv = argv == null ? List.of() : List.copyOf(argv);
        }
    }

    /**
     * {@link Details} of exactly {@code process}: empty when it has exited or its pid was reused. The default gives
     * neither argv nor cwd (an OS whose table does not read them).
     */
    default java.util.Optional<Details> details(ProcessInfo process) {
        return isRunning(process) ? java.util.Optional.of(new Details(List.of(), null)) : java.util.Optional.empty();
    }

    /** True while exactly {@code process} runs; false once it has exited (a zombie has) or its pid was reused. */
    boolean isRunning(ProcessInfo process);

    /**
     * Ends the processes: each is asked to end, those still running after {@code grace} are killed, and each is
     * pinned from before the first request to the end, so a reused pid is never acted on. One outcome per process,
     * in the order given.
     */
    List<Ending> end(List<ProcessInfo> processes, Duration grace);

    /** How {@link #end} went for one process; {@code detail} says so in words (the errno of a refusal). */
    record Ending(ProcessInfo process, How how, String detail) {
        public enum How {
            /** It had exited (or its pid was reused) before it was asked. */
            GONE,
            /** It exited within the grace period. */
            TERMINATED,
            /** It was killed after the grace period. */
            KILLED,
            /** The OS refused, or it did not exit even after it was killed. */
            FAILED
        }
    }
}
