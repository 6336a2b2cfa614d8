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
        /** Delete: SysV IPC objects with {@code ipcrm}, keys invalidated as their uid (nothing to quarantine). */
        REMOVE,
        /** Kill what is left in its cgroup, give back its grants, take its scratch mounts off, remove it (sessions). */
        REAP,
        /** Leave alone (files in use). */
        SKIP;

        public String label() {
            return name().toLowerCase();
        }

        /** Whether this action can be carried out on {@code item}: each kind of leftover has its own. */
        public boolean fits(Leftover item) {
            return switch (this) {
                case SKIP -> true;
                case KILL -> item.isProcess();
                case REMOVE -> item.isSystemObject();
                case REAP -> item.isSession();
                case QUARANTINE -> !item.isProcess() && !item.isSystemObject() && !item.isSession();
            };
        }
    }
}
