package dev.cordon.app.sessions;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start form's fields read as the session's spec, or why one cannot be: each check returns null when the field
 * is fine, else the message key and arguments shown next to that field (inline validation, no banner).
 */
final class StartChecks {
    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,7})\\s*(s|sec|m|min|h)?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The longest timeout the form takes: a week. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(7);

    /** A field's error: the message key and its arguments. */
    record Error(String key, Object... args) {
    }

    private StartChecks() {
    }

    /** The workspace as typed: empty, not a path, or not absolute are refused here; the backend checks the rest. */
    static Error workspace(String typed) {
        String ws = typed == null ? "" : typed.strip();
        if (ws.isEmpty()) {
            return new Error("sessions.start.noWorkspace");
        }
        try {
            if (!Path.of(ws).isAbsolute()) {
                return new Error("sessions.start.relative", ws);
            }
        } catch (InvalidPathException e) {
            return new Error("sessions.start.badPath", ws, e.getReason());
        }
        return null;
    }

    /** The writable places: each once, absolute, and not the workspace or inside it (that is writable already). */
    static Error writable(List<Path> writable, String workspace) {
        Path ws = null;
        try {
            ws = workspace == null || workspace.isBlank() ? null : Path.of(workspace.strip()).normalize();
        } catch (InvalidPathException e) {
            // the workspace field says so
        }
        for (Path w : writable) {
            Path n = w.normalize();
            if (!n.isAbsolute()) {
                return new Error("sessions.start.relative", w);
            }
            if (ws != null && ws.isAbsolute() && n.startsWith(ws)) {
                return new Error("sessions.writable.inWorkspace", w);
            }
        }
        return null;
    }

    /** Empty (no limit), or a whole number of seconds, minutes or hours: 90, 90s, 10m, 2h. */
    static Duration timeout(String typed) {
        String t = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return null;
        }
        Matcher m = TIMEOUT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(typed);
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(typed);
        }
        return d;
    }

    static Error timeoutError(String typed) {
        try {
            timeout(typed);
            return null;
        } catch (IllegalArgumentException e) {
            return new Error("sessions.timeout.bad", typed.strip());
        }
    }

    /** NAME=VALUE, one a line; blank lines are skipped. The value may hold anything, '=' and spaces included. */
    static Map<String, String> env(String typed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (typed == null) {
            return out;
        }
        int lineNo = 0;
        for (String line : typed.split("\\R")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq <= 0 ? "" : line.substring(0, eq).strip();
            if (!ENV_NAME.matcher(name).matches()) {
                throw new BadEnv(lineNo, line.strip());
            }
            out.put(name, line.substring(eq + 1));
        }
        return out;
    }

    static Error envError(String typed) {
        try {
            env(typed);
            return null;
        } catch (BadEnv e) {
            return new Error("sessions.env.bad", e.line, e.text);
        }
    }

    static final class BadEnv extends IllegalArgumentException {
        final int line;
        final String text;

        BadEnv(int line, String text) {
            super(text);
            this.line = line;
            this.text = text;
        }
    }
}
