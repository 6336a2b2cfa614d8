package dev.cordon.app.ui;

import dev.cordon.core.CordonException;

/** An error as a person reads it: what went wrong and, when known, the one line that fixes it. */
public record Problem(String message, String fix) {
    public static Problem of(Throwable error) {
        if (error instanceof CordonException e) {
            return new Problem(e.getMessage(), e.fix() == null ? "" : e.fix());
        }
        // not one of ours: keep the stack trace for the bug report, show the cause
        error.printStackTrace();
        String text = error.getMessage() == null ? error.getClass().getName() : error.getClass().getSimpleName()
                + ": " + error.getMessage();
        return new Problem(text, "");
    }
}
