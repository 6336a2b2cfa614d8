package dev.cordon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.FileSecurity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Append-only JSON-lines log of every privileged action: who (including the user behind sudo), what, when, result.
 * Arguments are passed in by the caller already free of secrets; values read from stdin never reach here.
 *
 * <p>Every record is bounded whatever its caller passes (defence in depth behind the socket API's own bounds,
 * forty-seventh review Y1): a string beyond {@link #MAX_FIELD_CHARS} characters is cut and ends in a visible
 * {@code …[truncated: N characters in all]}, and the strings of one record share {@link #MAX_RECORD_CHARS} characters;
 * past that a list keeps an entry {@code …[N more entries truncated]}.
 *
 * <p>The log is bounded too, as auditd's {@code max_log_file} + {@code num_logs} + {@code ROTATE}: an append that would
 * take the file (an instance's {@code audit.jsonl}) past {@link #DEFAULT_MAX_FILE_BYTES} first renames it to
 * {@code audit.jsonl.1} (and {@code .1} to {@code .2}, …), keeping {@link #DEFAULT_KEPT_FILES} older files and dropping
 * the oldest; the new file's first record is {@code audit.rotated}, naming the file with the earlier records. Every
 * append (the host, the CLI as root and the panel may append at once) happens under an exclusive lock on
 * {@code audit.jsonl.lock} in the same directory, so the size is checked, the files renamed and the record written by one process at a time; each record
 * is still one {@code O_APPEND} write. {@link #read} reads from the end backwards, never a whole file.
 */
public final class AuditLog {
    /** The most characters of one string value (an argument, the detail) a record keeps. */
    public static final int MAX_FIELD_CHARS = 4096;
    /** The most characters of all string values of one record together. */
    public static final int MAX_RECORD_CHARS = 16384;
    /** The file is rotated before an append would take it past this many bytes: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
    /** How many rotated files ({@code .1} … {@code .4}) are kept: with the current one at most 320 MiB. */
    public static final int DEFAULT_KEPT_FILES = 4;
    /** The action of the first record of a file begun by a rotation. */
    public static final String ROTATED = "audit.rotated";
    /** How many bytes {@link #read} reads at a time, backwards from a file's end. */
    private static final int BLOCK = 64 * 1024;
    /** One monitor per lock file in this JVM: {@link FileChannel#lock} is per process, not per thread. */
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();
    /** The caller a host thread is acting for while it serves a socket request; null: this process's own user. */
    private static final ThreadLocal<String> ACTING_FOR = new ThreadLocal<>();
    private final Path file;
    private final Actor actor;
    private final FileSecurity security;
    private final long maxFileBytes;
    private final int keptFiles;

    /** A log that records as {@code actor}, created owner-only through {@code security}, with the default bounds. */
    public AuditLog(Path file, Actor actor, FileSecurity security) {
        this(file, actor, security, DEFAULT_MAX_FILE_BYTES, DEFAULT_KEPT_FILES);
    }

    /** A log rotated before it passes {@code maxFileBytes}, keeping {@code keptFiles} (at least 1) older files. */
    public AuditLog(Path file, Actor actor, FileSecurity security, long maxFileBytes, int keptFiles) {
        if (maxFileBytes < 1 || keptFiles < 1) {
            throw new IllegalArgumentException("maxFileBytes and keptFiles must be positive");
        }
        this.file = file;
        this.actor = actor;
        this.security = security;
        this.maxFileBytes = maxFileBytes;
        this.keptFiles = keptFiles;
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

    /** The {@code n}th rotated file ({@code audit.jsonl.n}); 0 is the current one. */
    public Path rotated(int n) {
        return n == 0 ? file : file.resolveSibling(file.getFileName() + "." + n);
    }

    /** The lock file appends and rotations take ({@code audit.jsonl.lock}). */
    public Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
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
        byte[] line = (Json.line(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            underLock(false, () -> {
                long size = Files.exists(file) ? Files.size(file) : 0;
                if (size > 0 && size + line.length > maxFileBytes) {
                    rotate();
                }
                append(line);
                return null;
            });
        } catch (IOException ex) {
            throw new CordonException(ExitCode.INTERNAL, "Cannot append to the audit log " + file + ": " + ex.getMessage(),
                    "Check free space and permissions of " + file.getParent() + ".", ex);
        }
    }

    private void append(byte[] line) throws IOException {
        if (!Files.exists(file)) {
            security.createOwnerOnlyFile(file);
        }
        Files.write(file, line, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /**
     * Under the lock: drops the oldest kept file, moves each other one up ({@code .1} → {@code .2}), the current one to
     * {@code .1} (a rename keeps its owner-only mode), and begins the new file with an {@link #ROTATED} record.
     */
    private void rotate() throws IOException {
        Files.deleteIfExists(rotated(keptFiles));
        for (int n = keptFiles - 1; n >= 0; n--) {
            if (Files.exists(rotated(n))) {
                Files.move(rotated(n), rotated(n + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("previous", rotated(1).getFileName().toString());
        args.put("maxFileBytes", maxFileBytes);
        args.put("keptFiles", keptFiles);
        Entry e = new Entry(Instant.now().toString(), Actor.effectiveUser(), actor.describe(), ROTATED, args, "ok",
                "The earlier records are in " + rotated(1) + " (and older ones up to " + rotated(keptFiles).getFileName()
                        + "); the oldest file was dropped.");
        append((Json.line(e) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding this JVM's monitor for the log and an exclusive ({@code shared} false) or shared lock
     * on {@link #lockFile}, made owner-only on first use. A reader that cannot open the lock file (there is none yet,
     * or it may not read it) runs without it.
     */
    private <T> T underLock(boolean shared, Locked<T> work) throws IOException {
        Path lock = lockFile();
        synchronized (JVM_LOCKS.computeIfAbsent(lock.toAbsolutePath().normalize(), k -> new Object())) {
            if (!shared && !Files.exists(lock)) {
                try {
                    security.createOwnerOnlyFile(lock);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process made it first
                }
            }
            FileChannel channel;
            try {
                channel = shared ? FileChannel.open(lock, StandardOpenOption.READ)
                        : FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException | java.nio.file.AccessDeniedException none) {
                if (!shared) {
                    throw none;
                }
                return work.run();
            }
            try (channel; FileLock held = channel.lock(0, Long.MAX_VALUE, shared)) {
                return work.run();
            }
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
        return read(limit, entry -> true);
    }

    /**
     * The last {@code limit} entries that {@code keep} accepts (all of them when limit <= 0), oldest first, from the
     * current file and, when it holds fewer, the rotated ones. Each file is read backwards from its end in blocks, so
     * memory holds what is returned and one line, never a whole file. The files are opened under a shared lock, so a
     * rotation does not move a file between two opens; an unparseable line is reported ({@link ExitCode#DATA_ERROR},
     * naming the file and the line's place counted from the file's end), not hidden.
     */
    public List<JsonNode> read(int limit, Predicate<JsonNode> keep) {
        List<FileChannel> open = new ArrayList<>();
        try {
            List<Path> names = new ArrayList<>();
            underLock(true, () -> {
                for (int n = 0; n <= keptFiles || Files.exists(rotated(n)); n++) {
                    try {
                        open.add(FileChannel.open(rotated(n), StandardOpenOption.READ));
                        names.add(rotated(n));
                    } catch (NoSuchFileException gone) {
                        // not made yet, or dropped
                    }
                }
                return null;
            });
            List<JsonNode> newestFirst = new ArrayList<>();
            for (int i = 0; i < open.size() && (limit <= 0 || newestFirst.size() < limit); i++) {
                Backwards lines = new Backwards(open.get(i));
                long fromEnd = 0;
                boolean atEnd = true;
                for (String line = lines.next(); line != null; line = lines.next()) {
                    if (atEnd && line.isEmpty()) {
                        atEnd = false; // what follows the file's last newline is not a line
                        continue;
                    }
                    atEnd = false;
                    fromEnd++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode entry;
                    try {
                        entry = Json.parse(line);
                    } catch (IOException bad) {
                        throw new CordonException(ExitCode.DATA_ERROR, "Audit log " + names.get(i) + " line " + fromEnd
                                + " counted from its end is not valid JSON.",
                                "The log was edited or damaged; keep a copy for investigation, then move it aside.");
                    }
                    if (keep.test(entry)) {
                        newestFirst.add(entry);
                        if (limit > 0 && newestFirst.size() == limit) {
                            break;
                        }
                    }
                }
            }
            Collections.reverse(newestFirst);
            return newestFirst;
        } catch (IOException e) {
            throw new CordonException(ExitCode.INTERNAL, "Cannot read the audit log " + file + ": " + e.getMessage(),
                    null, e);
        } finally {
            for (FileChannel c : open) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only: nothing to lose
                }
            }
        }
    }

    /** One file's lines from its end to its start, {@link #BLOCK} bytes read at a time; a line may span blocks. */
    private static final class Backwards {
        private final FileChannel channel;
        private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
        private long position;
        private int cursor;
        private boolean done;

        Backwards(FileChannel channel) throws IOException {
            this.channel = channel;
            this.position = channel.size();
        }

        /** The line before the last one returned (the first call: after the file's last newline), or null at the start. */
        String next() throws IOException {
            if (done) {
                return null;
            }
            ByteArrayOutputStream later = null; // the line's bytes in blocks after the current one, in file order
            while (true) {
                if (cursor == 0) {
                    if (position == 0) {
                        done = true;
                        return text(later, 0, 0);
                    }
                    int n = (int) Math.min(BLOCK, position);
                    position -= n;
                    block.clear().limit(n);
                    while (block.hasRemaining()) {
                        if (channel.read(block, position + block.position()) < 0) {
                            throw new IOException("the file shrank while it was read");
                        }
                    }
                    cursor = n;
                }
                byte[] bytes = block.array();
                for (int i = cursor - 1; i >= 0; i--) {
                    if (bytes[i] == '\n') {
                        String line = text(later, i + 1, cursor);
                        cursor = i;
                        return line;
                    }
                }
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                joined.write(bytes, 0, cursor);
                if (later != null) {
                    later.writeTo(joined);
                }
                later = joined;
                cursor = 0;
            }
        }

        private String text(ByteArrayOutputStream later, int from, int to) {
            byte[] bytes = block.array();
            if (later == null) {
                return new String(bytes, from, to - from, StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(bytes, from, to - from);
            all.writeBytes(later.toByteArray());
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
