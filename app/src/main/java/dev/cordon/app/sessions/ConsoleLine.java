package dev.cordon.app.sessions;

/** One line of a session console. */
public record ConsoleLine(Kind kind, String text) {
    /** COMMAND: what was run; EXIT/EXIT_FAILED: how it ended; INFO: the console's own notes. */
    public enum Kind { COMMAND, STDOUT, STDERR, EXIT, EXIT_FAILED, INFO }
}
