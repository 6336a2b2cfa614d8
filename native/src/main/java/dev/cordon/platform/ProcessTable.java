package dev.cordon.platform;

import java.util.function.IntPredicate;

/**
 * The OS process table. Linux: {@code /proc}; Windows: a Toolhelp32 snapshot.
 * An implementation keeps the previous snapshot's CPU times, so keep one instance per live view:
 * CPU% is then measured over the interval between two {@link #snapshot()} calls.
 */
public interface ProcessTable {
    /** Every process visible to the caller, read now. Processes that exit while being read are left out. */
    default ProcessSnapshot snapshot() {
        return snapshot(uid -> true);
    }

    /**
     * Only the processes whose effective uid passes {@code owners}. The others are not read beyond their owner,
     * which makes a view of a few accounts' processes far cheaper than filtering a full snapshot. CPU% of the next
     * snapshot is measured against this one, so a live view should always pass the same filter.
     */
    ProcessSnapshot snapshot(IntPredicate owners);

    /**
     * Sends {@code signal} to {@code process} only if its pid still belongs to that process (same start time).
     *
     * @return true if the signal was sent; false if the process has exited, including when its pid now
     *         belongs to a different process
     * @throws dev.cordon.core.CordonException when the OS refuses (not permitted) or the signal is invalid
     */
    boolean kill(ProcessInfo process, int signal);
}
