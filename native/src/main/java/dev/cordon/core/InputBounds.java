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
    /**
     * Entries of one command's {@code argv} (program and arguments). Review finding V1: each argv was kept whole in
     * the session's history, and 60 execs of 200,000 arguments took the host's heap from 11 to 606 MiB. Linux bounds
     * an argv by ARG_MAX (a quarter of the stack limit, 2 MiB by default, shared with the environment) and each string
     * by MAX_ARG_STRLEN (128 KiB); a command beyond {@link #MAX_ARGV_BYTES} or these entries is a file list, which
     * belongs in a file. What one request holds in the host while its command runs (its parsed params, the argv, the
     * runner's frame: about 80 bytes of objects per argument besides its text) is at most 16,384 × 80 B + 256 KiB, about
     * 1.5 MiB; with the 64 requests one member may have in flight ({@code RequestBudget}) about 100 MiB, where the
     * 1 MiB frame alone let one request hold 350,000 arguments (about 28 MiB) and a member 64 of them.
     */
    public static final int MAX_ARGV_ENTRIES = 16_384;
    /**
     * Bytes of one command's {@code argv}: each argument's UTF-8 bytes plus its terminating NUL, as the kernel counts
     * them; 256 KiB, two arguments of the longest the kernel executes (MAX_ARG_STRLEN, 128 KiB), an eighth of ARG_MAX.
     */
    public static final int MAX_ARGV_BYTES = 256 * 1024;
    /** Entries of {@code env} (kept for the session's life) and of {@code commandEnv} (one command's). */
    public static final int MAX_ENV_ENTRIES = 1024;
    /** Bytes of {@code env} or {@code commandEnv}: each {@code NAME=VALUE} and its NUL, as for {@link #MAX_ARGV_BYTES}. */
    public static final int MAX_ENV_BYTES = 256 * 1024;
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
        entries(what, count, max, "Send at most " + max + ".");
    }

    /** At most {@code max} entries in a list parameter named {@code what}; otherwise a usage error with {@code fix}. */
    public static void entries(String what, int count, int max, String fix) {
        if (count > max) {
            throw CordonException.usage(what + " has " + count + " entries; at most " + max + " are accepted.", fix);
        }
    }

    /**
     * A list of strings as the kernel copies it into a new program (an argv, an environment of {@code NAME=VALUE}):
     * at most {@code maxEntries} entries and {@code maxBytes} bytes, each entry's UTF-8 bytes and its NUL; otherwise a
     * usage error naming {@code what}, the bound and {@code fix}.
     */
    public static <T extends java.util.Collection<String>> T strings(String what, T values, int maxEntries, int maxBytes,
                                                                    String fix) {
        entries(what, values.size(), maxEntries, fix);
        long bytes = 0;
        for (String v : values) {
            bytes += utf8Length(v) + 1;
        }
        if (bytes > maxBytes) {
            throw CordonException.usage(what + " has " + bytes + " bytes (each entry's UTF-8 bytes and its NUL); at most "
                    + maxBytes + " are accepted.", fix);
        }
        return values;
    }

    /** {@code env} as {@link #strings} bounds it: {@code NAME=VALUE} entries. */
    public static java.util.Map<String, String> environment(String what, java.util.Map<String, String> env, String fix) {
        strings(what, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), MAX_ENV_ENTRIES,
                MAX_ENV_BYTES, fix);
        return env;
    }

    /** The UTF-8 length of {@code s} (an unpaired surrogate counted as the 3 bytes of its replacement). */
    public static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return n;
    }

    /** The start of {@code value} for a message: at most 40 characters, then "…". */
    public static String preview(String value) {
        return value.length() <= PREVIEW_CHARS ? value : value.substring(0, PREVIEW_CHARS) + "…";
    }
}
