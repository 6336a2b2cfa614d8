package dev.cordon.leftovers;

import java.util.List;

/** Result of deleting quarantined items: what was deleted and what could not be (with the reason). */
public record PurgeReport(List<QuarantineEntry> purged, List<Failure> failed) {
    public PurgeReport {
        purged = List.copyOf(purged);
        failed = List.copyOf(failed);
    }

    public record Failure(QuarantineEntry entry, String reason) {
    }
}
