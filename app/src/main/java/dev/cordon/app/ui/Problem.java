package dev.cordon.app.ui;

import dev.cordon.core.CordonException;

import java.util.Locale;

/**
 * An error as a person reads it: what went wrong and, when known, the one line that fixes it; {@code go}, when not
 * null, is where the Fix button takes the user ({@link Destination}).
 */
public record Problem(String message, String fix, Destination go) {
    private static final PanelWords WORDS = new PanelWords(Messages.load(Locale.getDefault()));

    public Problem(String message, String fix) {
        this(message, fix, null);
    }

    /** The backend's error in the panel's words ({@link PanelWords}): no CLI options or commands, no exception names. */
    public static Problem of(Throwable error) {
        if (error instanceof CordonException e) {
            return WORDS.problem(e.getMessage(), e.fix());
        }
        // not one of ours: keep the stack trace for the bug report, show the cause in words
        error.printStackTrace();
        return WORDS.problem(error.getMessage() == null ? "" : error.getMessage(), "");
    }
}
