package dev.cordon.provision;

/** One line of a plan, as shown by {@code --dry-run} and the panel's preview. */
public record PlannedChange(String step, Action action, String description) {
    public enum Action { CREATE, UPDATE, REPAIR, REMOVE, SKIP }
}
