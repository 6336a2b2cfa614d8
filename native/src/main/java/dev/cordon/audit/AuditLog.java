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
 */
public final class AuditLog {
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
        Entry e = new Entry(Instant.now().toString(), Actor.effectiveUser(), actingFor != null ? actingFor
                : actor.describe(), action, args, result, detail);
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
