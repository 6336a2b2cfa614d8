package dev.cordon.leftovers;

/**
 * What a clean would do with one leftover; the dry run prints these.
 *
 * @param reason why it is skipped, or null
 */
public record PlannedAction(Leftover item, Action action, String reason) {
    public enum Action {
        /** Move into the quarantine (files). */
        QUARANTINE,
        /** SIGTERM, then SIGKILL after a grace period (processes). */
        KILL,
        /** Leave alone (files in use). */
        SKIP;

        public String label() {
            return name().toLowerCase();
        }
    }
}
