package dev.cordon.leftovers;

/**
 * What a clean did with one leftover.
 *
 * @param quarantineId the quarantine entry the item was moved to (QUARANTINED), else null
 * @param detail       why it was skipped or failed, or how a process ended; null when there is nothing to add
 */
public record CleanOutcome(Leftover item, Result result, String quarantineId, String detail) {
    public enum Result {
        QUARANTINED, KILLED, REMOVED, REAPED, SKIPPED, GONE, FAILED, CANCELLED;

        public String label() {
            return name().toLowerCase();
        }
    }

    public boolean failed() {
        return result == Result.FAILED;
    }
}
