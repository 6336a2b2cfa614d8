package dev.cordon.leftovers;

import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources;
import dev.cordon.platform.LeftoverSources.PathFacts;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Walks the roots and the process table for what the sandbox accounts own. Never follows symlinks. */
final class LeftoverScanner {
    private final LeftoverSources sources;
    private final Consumer<String> warnings;

    LeftoverScanner(LeftoverSources sources, Consumer<String> warnings) {
        this.sources = sources;
        this.warnings = warnings;
    }

    /** The kind of leftover a path is. */
    static Leftover.Kind kind(PathFacts st) {
        return Leftover.Kind.valueOf(st.kind().name());
    }

    /**
     * The top-most sandbox-owned paths under the roots. Stays on each root's filesystem (like {@code find -xdev}):
     * a filesystem mounted below {@code /tmp} is not a sandbox leftover. {@code excluded} subtrees (the quarantine)
     * are not entered.
     */
    List<Leftover> files(List<Path> roots, Map<Principal, String> owners, Set<Path> excluded,
                         Map<String, Set<Integer>> openPaths) {
        List<Leftover> items = new ArrayList<>();
        for (Path root : roots) {
            try {
                long rootDevice = sources.inspect(root).orElseThrow(() -> new NoSuchFileException(root.toString())).device();
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        if (excluded.contains(dir)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        Optional<PathFacts> st = inspect(dir);
                        if (st.isEmpty() || st.get().device() != rootDevice) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (!dir.equals(root) && owners.containsKey(st.get().owner())) {
                            items.add(fileItem(dir, st.get(), owners, openPaths));
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Optional<PathFacts> st = inspect(file);
                        if (st.isPresent() && owners.containsKey(st.get().owner())) {
                            items.add(fileItem(file, st.get(), owners, openPaths));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        if (!(e instanceof NoSuchFileException)) { // removed while we walked: nothing left
                            warnings.accept(file + ": " + e);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                warnings.accept(root + ": " + e);
            }
        }
        return items;
    }

    /** The facts of a path met by the walk; one swapped meanwhile (a symlink on the way now) is a warning, not an end. */
    private Optional<PathFacts> inspect(Path path) throws IOException {
        try {
            return sources.inspect(path);
        } catch (LeftoverSources.Refused changed) {
            warnings.accept(changed.getMessage());
            return Optional.empty();
        }
    }

    private Leftover fileItem(Path path, PathFacts st, Map<Principal, String> owners, Map<String, Set<Integer>> openPaths)
            throws IOException {
        long size = st.size();
        Instant newest = st.modified();
        List<Principal> otherOwners = List.of();
        if (st.kind() == PathFacts.Kind.DIRECTORY) {
            Totals t = totals(path, owners.keySet());
            size = t.bytes;
            newest = t.newest.isAfter(newest) ? t.newest : newest;
            otherOwners = List.copyOf(t.otherOwners);
        }
        Set<Integer> holders = openPaths.get(path.toString());
        List<Integer> usedBy = holders == null ? List.of() : holders.stream().sorted().toList();
        return new Leftover(id(kind(st).label(), path.toString(), st.fileKey()), kind(st), st.owner(),
                owners.get(st.owner()), path.toString(), st.fileKey(), null, null, null, size, newest,
                holders != null, usedBy, otherOwners);
    }

    /**
     * The owners other than {@code sandboxIds} of anything under {@code dir} (never following a link), in ascending
     * order: a sandbox-owned directory holding them holds someone else's files. An entry that cannot be read counts
     * as owned by someone else ({@link Leftover#UNREADABLE_OWNER}): the janitor fails closed.
     */
    Set<Principal> otherOwnersUnder(Path dir, Set<Principal> sandboxIds) throws IOException {
        return totals(dir, sandboxIds).otherOwners;
    }

    private static final class Totals {
        long bytes;
        Instant newest = Instant.EPOCH;
        final Set<Principal> otherOwners = new java.util.TreeSet<>(Leftover.ID_ORDER);
    }

    /**
     * Apparent bytes of everything below a directory that is not itself a directory, the newest mtime, and the owners
     * not in {@code sandboxIds}.
     */
    private Totals totals(Path dir, Set<Principal> sandboxIds) throws IOException {
        Totals t = new Totals();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                newest(attrs);
                owner(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                t.bytes += attrs.size();
                newest(attrs);
                owner(file);
                return FileVisitResult.CONTINUE;
            }

            private void owner(Path p) throws IOException {
                sources.inspect(p).map(PathFacts::owner).filter(id -> !sandboxIds.contains(id)).ifPresent(t.otherOwners::add);
            }

            private void newest(BasicFileAttributes attrs) {
                Instant m = attrs.lastModifiedTime().toInstant();
                if (m.isAfter(t.newest)) {
                    t.newest = m;
                }
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (!(e instanceof NoSuchFileException)) { // removed while we walked: counts as nothing
                    warnings.accept(file + ": " + e + " (left out of the size of " + dir + ")");
                    t.otherOwners.add(Leftover.UNREADABLE_OWNER); // unknown owner: never moved whole
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return t;
    }

    /**
     * Processes of the sandbox accounts (Linux: real or effective uid) that are not in a live session; zombies hold nothing. Whether
     * a process is a live session's is asked after the process table was read (see {@link LiveSessions}).
     */
    List<Leftover> processes(ProcessTable table, Map<Principal, String> owners, LiveSessions live) {
        List<Leftover> items = new ArrayList<>();
        for (ProcessInfo p : table.runningAs(owners.keySet())) {
            if (p.state() == 'Z' || p.state() == 'X' || p.pid() == ProcessHandle.current().pid() || live.owns(p.pid())) {
                continue;
            }
            items.add(new Leftover(id("process", Integer.toString(p.pid()), Long.toString(p.startTicks())),
                    Leftover.Kind.PROCESS, p.owner(), owners.get(p.owner()), null, null, p.pid(), p.startTicks(),
                    p.commandLine(), p.rssBytes(), p.startTime(), true, List.of(), List.of()));
        }
        items.sort(Comparator.comparing(Leftover::pid));
        return items;
    }

    /**
     * The system objects (SysV IPC and the doctor's kernel keys on Linux) the sandbox accounts own or made; one in use
     * is skipped by the plan.
     */
    List<Leftover> systemObjects(Map<Principal, String> owners) {
        List<Leftover> items = new ArrayList<>();
        for (LeftoverSources.SystemObject o : sources.systemObjects(owners.keySet(), warnings)) {
            items.add(new Leftover(id("ipc", o.kind().name(), o.key()), Leftover.Kind.valueOf(o.kind().name()), o.owner(),
                    owners.get(o.owner()), null, o.key(), null, null, o.description(), o.bytes(), o.changed(), o.inUse(),
                    List.of(), List.of()));
        }
        return items;
    }

    /** The system object a leftover was scanned as. */
    static LeftoverSources.SystemObject asScanned(Leftover item) {
        return new LeftoverSources.SystemObject(LeftoverSources.SystemObject.Kind.valueOf(item.kind().name()),
                item.fileKey(), item.principal(), item.sizeBytes(), item.inUse(), item.since(), item.command());
    }

    static String id(String... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(String.join("\0", parts).getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
