package dev.cordon.platform.linux;

import dev.cordon.platform.LeftoverSources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What processes hold open, from {@code /proc}: the janitor's "in use" ({@link dev.cordon.platform.LeftoverSources}).
 * Who the processes are is {@link ProcFsProcessTable}'s. A process that exits while it is read is left out; anything
 * else that cannot be read is reported to the warning sink. One reader per read: it collects the unreadable pids.
 */
final class HeldPathsReader {
    private static final Pattern MAPS_PATH = Pattern.compile("^\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+(/.*)$");
    private static final String DELETED = " (deleted)";

    private final Path proc;
    private final Consumer<String> warnings;
    /**
     * Pids whose open files even root may not read (a process with capabilities we lack, e.g. a container's init).
     * Not sandbox processes, which have no capabilities.
     */
    private final Set<Integer> opaque = new java.util.TreeSet<>();

    HeldPathsReader(Consumer<String> warnings) {
        this(Path.of("/proc"), warnings);
    }

    HeldPathsReader(Path proc, Consumer<String> warnings) {
        this.proc = proc;
        this.warnings = warnings;
    }

    private List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
            for (Path p : dir) {
                int pid = ProcFsProcessTable.parsePid(p.getFileName().toString());
                if (pid > 0) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot list " + proc, e);
        }
        return pids;
    }

    /** Reads what every process holds now. */
    LeftoverSources.HeldPaths read() {
        Map<String, Set<Integer>> holders = openPaths();
        return new LeftoverSources.HeldPaths(holders, Set.copyOf(opaque));
    }

    /** A process that exited while being read is not an error; anything else is reported. */
    private void vanished(Path dir, IOException e) {
        if (!(e instanceof NoSuchFileException) && Files.exists(dir)) {
            warnings.accept(dir + ": " + e);
        }
    }

    /**
     * Every path some process has open (fd), runs in (cwd, root), runs (exe) or maps, and every bound unix socket
     * path, with the pids holding it. Each path's ancestors are included too, so a directory is "in use" exactly
     * when it is a key. Read once per scan.
     */
    private Map<String, Set<Integer>> openPaths() {
        Map<String, Set<Integer>> held = new HashMap<>();
        for (int pid : pids()) {
            Path dir = proc.resolve(Integer.toString(pid));
            List<String> maps;
            try {
                // decoded leniently: a file name that is not UTF-8 must not hide the rest of the map
                maps = new String(Files.readAllBytes(dir.resolve("maps")), StandardCharsets.UTF_8).lines().toList();
            } catch (java.nio.file.AccessDeniedException e) {
                opaque.add(pid); // its fds and links are refused the same way
                continue;
            } catch (IOException e) {
                vanished(dir, e);
                continue;
            }
            for (String line : maps) {
                Matcher m = MAPS_PATH.matcher(line);
                if (m.matches() && !m.group(1).endsWith(DELETED)) {
                    hold(held, m.group(1), pid);
                }
            }
            for (String link : List.of("cwd", "root", "exe")) {
                readLink(dir.resolve(link)).ifPresent(p -> hold(held, p, pid));
            }
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
                for (Path fd : fds) {
                    readLink(fd).ifPresent(p -> hold(held, p, pid));
                }
            } catch (IOException e) {
                vanished(dir, e);
            }
        }
        for (String socket : boundUnixSockets()) {
            hold(held, socket, null);
        }
        return held;
    }

    /** Only absolute paths of objects that still exist at that path (not sockets, pipes, deleted files). */
    private Optional<String> readLink(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/") && !target.endsWith(DELETED) ? Optional.of(target) : Optional.empty();
        } catch (IOException e) {
            // kernel threads have no exe; fds close and processes exit while we read
            return Optional.empty();
        }
    }

    private List<String> boundUnixSockets() {
        List<String> paths = new ArrayList<>();
        Path table = proc.resolve("net").resolve("unix");
        try {
            // decoded leniently, as the maps are (R62's sibling): a socket path that is not UTF-8 must not hide the rest
            List<String> lines = new String(Files.readAllBytes(table), StandardCharsets.UTF_8).lines().toList();
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+", 8);
                if (f.length == 8 && f[7].startsWith("/")) {
                    paths.add(f[7]);
                }
            }
        } catch (IOException e) {
            warnings.accept(table + ": " + e);
        }
        return paths;
    }

    private static void hold(Map<String, Set<Integer>> held, String path, Integer pid) {
        for (Path p = Path.of(path); p != null; p = p.getParent()) {
            Set<Integer> pids = held.computeIfAbsent(p.toString(), k -> new HashSet<>());
            if (pid != null) {
                pids.add(pid);
            }
        }
    }
}
