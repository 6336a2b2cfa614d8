package dev.cordon.leftovers;

import java.util.List;

/**
 * Result of {@link Leftovers#purgeAll()}: processes killed, files and quarantine entries deleted, and what a
 * scan afterwards still found (empty when nothing was left behind).
 *
 * @param deleted   paths deleted
 * @param failures  one sentence per path or process that could not be removed
 * @param remaining leftovers found by the verifying scan after the purge
 */
public record PurgeAllReport(List<CleanOutcome> processes, List<String> deleted, PurgeReport quarantine,
                             List<String> failures, List<Leftover> remaining) {
    public PurgeAllReport {
        processes = List.copyOf(processes);
        deleted = List.copyOf(deleted);
        failures = List.copyOf(failures);
        remaining = List.copyOf(remaining);
    }

    public boolean clean() {
        return failures.isEmpty() && remaining.isEmpty() && quarantine.failed().isEmpty();
    }
}
