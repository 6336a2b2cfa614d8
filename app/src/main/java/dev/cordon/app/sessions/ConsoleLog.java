package dev.cordon.app.sessions;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Everything a console showed, in a file the user can open: the console itself keeps only a bounded tail. Written from
 * the backend's reader thread (output, before any of it can be dropped for the screen) and the UI thread (the
 * console's own lines), so every method is synchronized. The file is the user's only: output can hold secrets.
 */
public final class ConsoleLog implements AutoCloseable {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path file;
    private BufferedWriter writer;
    private IOException failure;

    private ConsoleLog(Path file) {
        this.file = file;
    }

    /** A log for {@code sessionId} in {@code dir} (made owner-only if new); the file is created on the first write. */
    public static ConsoleLog in(Path dir, String sessionId) {
        return new ConsoleLog(dir.resolve(sessionId + "-" + LocalDateTime.now().format(STAMP) + ".log"));
    }

    /** The directory for console logs: {@code $XDG_CACHE_HOME/cordon/consoles}, else {@code ~/.cache/cordon/consoles}. */
    public static Path defaultDir() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cordon").resolve("consoles");
    }

    public Path file() {
        return file;
    }

    /** Appends {@code text}; a failure is kept (see {@link #failure}) and later writes are skipped, never thrown. */
    public synchronized void append(String text) {
        if (failure != null) {
            return;
        }
        try {
            if (writer == null) {
                writer = open();
            }
            writer.write(text);
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Makes what was appended visible in the file (at a command's end). */
    public synchronized void flush() {
        if (writer != null && failure == null) {
            try {
                writer.flush();
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    /** Why the log stopped being written, or null while it works. */
    public synchronized IOException failure() {
        return failure;
    }

    private BufferedWriter open() throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return w;
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            writer = null;
        }
    }
}
