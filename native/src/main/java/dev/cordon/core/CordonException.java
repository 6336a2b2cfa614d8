package dev.cordon.core;

/**
 * An error a person can act on: what went wrong (naming the input) and how to fix it.
 * Thrown by the backend, turned into a message and an exit code by the CLI and into a dialog by the panel.
 */
public class CordonException extends RuntimeException {
    private final ExitCode exitCode;
    private final String fix;

    public CordonException(ExitCode exitCode, String message, String fix) {
        this(exitCode, message, fix, null);
    }

    public CordonException(ExitCode exitCode, String message, String fix, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.fix = fix;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** One line telling the user what to do, or null when there is nothing to do but report a bug. */
    public String fix() {
        return fix;
    }

    public static CordonException usage(String message, String fix) {
        return new CordonException(ExitCode.USAGE, message, fix);
    }

    public static CordonException internal(String message, Throwable cause) {
        return new CordonException(ExitCode.INTERNAL, message, "This is a bug or an unexpected OS failure; "
                + "run `cordon doctor --bundle cordon-support.zip` and report it.", cause);
    }
}
