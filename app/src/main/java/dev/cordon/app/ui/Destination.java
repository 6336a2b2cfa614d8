package dev.cordon.app.ui;

/**
 * Where a Fix takes the user: a page, or setup's plan on the Overview. A fix is a button ("Open Leftovers"), never a
 * command to type; the window maps each to its page ({@link FixEvent}).
 */
public enum Destination {
    SETUP, DOCTOR, LEFTOVERS, SESSIONS, SECRETS, PROCESSES, NETWORK, AUDIT, OVERVIEW;

    /** The button's text: {@code fix.go.<name>}. */
    public String buttonKey() {
        return "fix.go." + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The fix as a sentence, when the backend's fix named a command: {@code fix.say.<name>}. */
    public String sentenceKey() {
        return "fix.say." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
