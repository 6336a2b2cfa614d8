package dev.cordon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.FileSecurity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Append-only JSON-lines log of every privileged action: who (including the user behind sudo), what, when, result.
 * Arguments are passed in by the caller already free of secrets; values read from stdin never reach here.
 *
 * <p>Every record is bounded whatever its caller passes (defence in depth behind the socket API's own bounds,
 * forty-seventh review Y1): a string beyond {@link #MAX_FIELD_CHARS} characters is cut and ends in a visible
 * {@code …[truncated: N characters in all]}, and the strings of one record share {@link #MAX_RECORD_CHARS} characters;
 * past that a list keeps an entry {@code …[N more entries truncated]}.
 */
public final class AuditLog {
    /** The most characters of one string value (an argument, the detail) a record keeps. */
    public static final int MAX_FIELD_CHARS = 4096;
    /** The most characters of all string values of one record together. */
    public static final int MAX_RECORD_CHARS = 16384;
    /** The caller a host thread is acting for while it serves a socket request; null: this process's own user. */
    private static final ThreadLocal<String> ACTING_FOR = new ThreadLocal<>();
    private final Path file;
    private final Actor actor;
    private final FileSecurity security;

    /** A log that records as {@code actor}, created owner-only through {@code security}. */
    public AuditLog(Path file, Actor actor, FileSecurity security) {
        this.file = file;
        this.actor = actor;
        this.security = security;
    }

    /** A log to read ({@link #read}); recording needs an {@link Actor} and {@link FileSecurity}. */
    public AuditLog(Path file) {
        this(file, null, null);
    }

    public record Entry(String time, String user, String actor, String action, Map<String, Object> args,
                        String result, String detail) {
    }

    public Path file() {
        return file;
    }

    /**
     * Until the returned scope is closed, records made on this thread name {@code actor} (a socket peer, e.g.
     * {@code alice (uid 1001) via the host socket}) as their actor instead of this process's user: the host acts as
     * root, but for its caller. {@code user} stays the effective user that made the change.
     */
    public static ActingFor actingFor(String actor) {
        String previous = ACTING_FOR.get();
        ACTING_FOR.set(actor);
        return () -> {
            if (previous == null) {
                ACTING_FOR.remove();
            } else {
                ACTING_FOR.set(previous);
            }
        };
    }

    /** Ends an {@link #actingFor} scope. */
    @FunctionalInterface
    public interface ActingFor extends AutoCloseable {
        @Override
        void close();
    }

    /** Appends one line; does nothing when the state directory does not exist (nothing is set up to audit into). */
    public void record(String action, Map<String, Object> args, String result, String detail) {
        if (!Files.isDirectory(file.getParent())) {
            return;
        }
        String actingFor = ACTING_FOR.get();
        if (actor == null) {
            throw new IllegalStateException("this audit log was opened for reading; recording needs an Actor");
        }
        Bound budget = new Bound();
        String who = budget.text(actingFor != null ? actingFor : actor.describe());
        String what = budget.text(action);
        Map<String, Object> boundedArgs = args == null ? null : budget.map(args);
        Entry e = new Entry(Instant.now().toString(), Actor.effectiveUser(), who, what, boundedArgs,
                budget.text(result), budget.text(detail));
        try {
            if (!Files.exists(file)) {
                security.createOwnerOnlyFile(file);
            }
            Files.writeString(file, Json.line(e) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException ex) {
            throw new CordonException(ExitCode.INTERNAL, "Cannot append to the audit log " + file + ": " + ex.getMessage(),
                    "Check free space and permissions of " + file.getParent() + ".", ex);
        }
    }

    /** What is left of one record's {@link #MAX_RECORD_CHARS}, spent in the order the record's strings are written. */
    private static final class Bound {
        private int left = MAX_RECORD_CHARS;

        String text(String s) {
            if (s == null) {
                return null;
            }
            int keep = Math.min(s.length(), Math.min(MAX_FIELD_CHARS, left));
            if (keep == s.length()) {
                left -= keep;
                return s;
            }
            if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
                keep--; // never half a character
            }
            left -= keep;
            return s.substring(0, keep) + "…[truncated: " + s.length() + " characters in all]";
        }

        Map<String, Object> map(Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            int skipped = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (left <= 0) {
                    skipped++;
                    continue;
                }
                out.put(text(String.valueOf(e.getKey())), value(e.getValue()));
            }
            if (skipped > 0) {
                out.put("…", "[" + skipped + " more entries truncated]");
            }
            return out;
        }

        Object value(Object v) {
            if (v == null || v instanceof Number || v instanceof Boolean) {
                return v;
            }
            if (v instanceof CharSequence text) {
                return text(text.toString());
            }
            if (v instanceof Map<?, ?> m) {
                return map(m);
            }
            if (v instanceof java.util.Collection<?> items) {
                List<Object> out = new ArrayList<>();
                int skipped = 0;
                for (Object item : items) {
                    if (left <= 0) {
                        skipped++;
                    } else {
                        out.add(value(item));
                    }
                }
                if (skipped > 0) {
                    out.add("…[" + skipped + " more entries truncated]");
                }
                return out;
            }
            // anything else (a JsonNode, a record, a path) as the log's JSON would write it: maps, lists and strings
            return value(Json.MAPPER.convertValue(v, Object.class));
        }
    }

    /** The last {@code limit} entries (all when limit <= 0), oldest first. Unparseable lines are reported, not hidden. */
    public List<JsonNode> read(int limit) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int from = limit > 0 ? Math.max(0, lines.size() - limit) : 0;
            List<JsonNode> out = new ArrayList<>();
            for (int i = from; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.parse(line));
                } catch (IOException bad) {
                    throw new CordonException(ExitCode.DATA_ERROR,
                            "Audit log " + file + " line " + (i + 1) + " is not valid JSON.",
                            "The log was edited or damaged; keep a copy for investigation, then move it aside.");
                }
            }
            return out;
        } catch (IOException e) {
            throw new CordonException(ExitCode.INTERNAL, "Cannot read the audit log " + file + ": " + e.getMessage(),
                    null, e);
        }
    }
}
