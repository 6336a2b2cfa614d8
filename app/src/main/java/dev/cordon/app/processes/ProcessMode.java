package dev.cordon.app.processes;

/** What the process tree shows. */
public enum ProcessMode {
    /** session → runner → command → descendants, from each session's tree and runner pid. */
    SESSIONS,
    /** The instance's offline and online accounts' processes, as a tree by parent pid. */
    SANDBOX_ACCOUNTS,
    /** Every process, as a tree by parent pid. */
    WHOLE_SYSTEM;

    public String messageKey() {
        return "processes.mode." + name().toLowerCase().replace('_', '.');
    }
}
