package dev.cordon.core;

import java.time.Duration;

/**
 * Bounds of what one request may carry, for the socket API and the CLI that feeds it: numbers that become durations
 * (checked before anything is changed, so no later arithmetic on them can overflow) and strings that reach the audit
 * log or the host's log (a member must not be able to write megabytes into either with one request; forty-seventh
 * review Y1, Y1b, Y5). Messages name the field, its bound and the fix, and never repeat a long value whole.
 */
public final class InputBounds {
    /** {@code forSeconds}, {@code timeoutSeconds}, {@code --for}, {@code --timeout}: 1 s to 365 days. */
    public static final long MAX_SECONDS = 365L * 24 * 60 * 60;
    /** A path ({@code workspace}, {@code writable}, {@code allowSockets}): Linux's PATH_MAX. */
    public static final int MAX_PATH_CHARS = 4096;
    /** A secret's name (the vault's longest is 64) or a session id. */
    public static final int MAX_NAME_CHARS = 64;
    /** {@code reason} of {@code session.set-network} ({@code --reason}). */
    public static final int MAX_REASON_CHARS = 1024;
    /** Entries of one list parameter ({@code writable}, {@code secrets}, {@code allowSockets}). */
    public static final int MAX_LIST_ENTRIES = 64;
    /** How much of a value a message repeats. */
    private static final int PREVIEW_CHARS = 40;

    private InputBounds() {
    }

    /**
     * {@code seconds} as a duration, when it is 1 to {@link #MAX_SECONDS}; otherwise a usage error naming {@code what}
     * (e.g. {@code forSeconds}, {@code --timeout}), the range and {@code example} as the fix.
     */
    public static Duration seconds(String what, long seconds, String example) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw outOfRange(what, Long.toString(seconds), example);
        }
        return Duration.ofSeconds(seconds);
    }

    /** A duration given some other way (ISO-8601, a unit): the same range, whole seconds. */
    public static Duration seconds(String what, Duration d, String shown, String example) {
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0 || d.getSeconds() < 1) {
            throw outOfRange(what, shown, example);
        }
        return d;
    }

    /**
     * A duration the host's own callers give (not parsed from a request: those are whole seconds, above): more than
     * zero and at most {@link #MAX_SECONDS}, a fraction of a second allowed (a test's or a probe's short timeout).
     */
    public static Duration positive(String what, Duration d, String example) {
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0) {
            throw CordonException.usage(what + " " + preview(d.toString()) + " is not a duration of more than 0 and at"
                    + " most " + MAX_SECONDS + " seconds (365 days).", example);
        }
        return d;
    }

    /** The usage error for a number of seconds outside 1 to {@link #MAX_SECONDS}; {@code shown} as it was given. */
    public static CordonException outOfRange(String what, String shown, String example) {
        return CordonException.usage(what + " " + preview(shown) + " is not a whole number of seconds from 1 to "
                + MAX_SECONDS + " (365 days).", example);
    }

    /** {@code value} when it has at most {@code max} characters; otherwise a usage error naming {@code what}. */
    public static String text(String what, String value, int max, String fix) {
        if (value != null && value.length() > max) {
            throw CordonException.usage(what + " has " + value.length() + " characters (" + preview(value)
                    + "); at most " + max + " are accepted.", fix);
        }
        return value;
    }

    /** At most {@code max} entries in a list parameter named {@code what}. */
    public static void entries(String what, int count, int max) {
        if (count > max) {
            throw CordonException.usage(what + " has " + count + " entries; at most " + max + " are accepted.",
                    "Send at most " + max + ".");
        }
    }

    /** The start of {@code value} for a message: at most 40 characters, then "…". */
    public static String preview(String value) {
        return value.length() <= PREVIEW_CHARS ? value : value.substring(0, PREVIEW_CHARS) + "…";
    }
}
