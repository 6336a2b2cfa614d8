package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pathname Unix sockets bound on this machine, from {@code /proc/PID/net/unix} of one process per network namespace
 * (the table is per namespace: a container's sockets are not in the host's). Only absolute paths: abstract sockets
 * ({@code @name}) are not files, and a socket bound by a relative path shows that relative path, which names no file
 * from here.
 */
public final class UnixSocketTable {
    private static final Path PROC = Path.of("/proc");

    private UnixSocketTable() {
    }

    /**
     * The bound pathname sockets of the machine.
     *
     * @param paths       absolute paths of those whose path is valid UTF-8 (as the JVM names files here), sorted
     * @param undecodable the path bytes of those whose path is not (R63): no {@link Path} names them, so they are
     *                    covered by their bytes ({@code MountOp#coverSocketBytes}); distinct, each an absolute path
     */
    public record Bound(Set<Path> paths, List<byte[]> undecodable) {
    }

    /** Absolute paths of every bound pathname socket whose path is valid UTF-8, as the kernel recorded them, sorted. */
    public static Set<Path> boundPaths() {
        return bound().paths();
    }

    /** Every bound pathname socket, as the kernel recorded it at bind time. */
    public static Bound bound() {
        List<String> tables = new java.util.ArrayList<>();
        Set<String> namespaces = new HashSet<>();
        tables.add(read(PROC.resolve("self/net/unix")));
        namespace(PROC.resolve("self")).ifPresent(namespaces::add);
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path pid : pids) {
                var ns = namespace(pid);
                // an unreadable namespace link (a process in another user namespace) : read its table anyway
                if (ns.isEmpty() && Files.exists(pid) || ns.isPresent() && namespaces.add(ns.get())) {
                    otherTable(pid).ifPresent(tables::add);
                }
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot list " + PROC + ": " + e.getMessage(), e);
        }
        Set<Path> paths = new TreeSet<>();
        Set<String> undecodable = new TreeSet<>();
        for (String t : tables) {
            paths.addAll(parse(t));
            undecodable.addAll(undecodable(t));
        }
        return new Bound(paths, undecodable.stream().map(u -> u.getBytes(StandardCharsets.ISO_8859_1)).toList());
    }

    private static java.util.Optional<String> namespace(Path pid) {
        try {
            return java.util.Optional.of(Files.readSymbolicLink(pid.resolve("ns/net")).toString());
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty(); // ended meanwhile
        } catch (java.nio.file.AccessDeniedException e) {
            return java.util.Optional.empty(); // see boundPaths: its table is read instead
        } catch (IOException e) {
            if (!Files.exists(pid)) {
                return java.util.Optional.empty();
            }
            throw CordonException.internal("Cannot read the network namespace of " + pid + ": " + e.getMessage(), e);
        }
    }

    /**
     * Another process's table; empty when it has none any more (it exited, or is a zombie: {@code net/} is gone) or
     * when even root may not read it (a process of another user namespace on some container hosts).
     */
    private static java.util.Optional<String> otherTable(Path pid) {
        Path table = pid.resolve("net/unix");
        try {
            return java.util.Optional.of(Files.readString(table, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(pid)) {
                return java.util.Optional.empty();
            }
            throw CordonException.internal("Cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path table) {
        try {
            return Files.readString(table, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * The paths of one {@code net/unix} table: header line, then {@code Num RefCount Protocol Flags Type St Inode [Path]}
     * per socket; the path is everything after the seventh field (it may contain spaces). A path containing a newline
     * cannot be told apart from the next line and is skipped.
     */
    static List<Path> parse(String table) {
        return rawPaths(table).stream().filter(UnixSocketTable::decodable)
                .map(r -> Path.of(new String(r.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).normalize())
                .toList();
    }

    /**
     * The paths of one table that are not valid UTF-8 (R63), each one char per byte (ISO-8859-1): decoded they would
     * name another file, so they are kept as their bytes.
     */
    static List<String> undecodable(String table) {
        return rawPaths(table).stream().filter(r -> !decodable(r)).toList();
    }

    /**
     * The absolute paths of a table read as ISO-8859-1 (one char per byte: the kernel prints a path's bytes as they are).
     */
    private static List<String> rawPaths(String table) {
        List<String> out = new java.util.ArrayList<>();
        List<String> lines = table.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).strip().split(" +", 8);
            if (f.length == 8 && f[7].startsWith("/") && f[0].endsWith(":")) {
                out.add(f[7]);
            }
        }
        return out;
    }

    /** Whether the bytes (one char each) are valid UTF-8: the file system's names as the JVM decodes them here. */
    private static boolean decodable(String raw) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
