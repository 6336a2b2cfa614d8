package dev.cordon.platform.linux.mount;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Keeps a runner and its commands away from pathname Unix sockets outside their session (display server, D-Bus and
 * through it resolve1, systemd-resolved's varlink socket, nscd, proxies, docker.sock): Landlock (ABI 7) and nftables
 * do not cover {@code connect(2)} or {@code sendto(2)} to a socket file, so the runner's private mount namespace hides
 * them, as two kinds of mount operations:
 * <ol>
 * <li><b>Private shared directories</b>: a fresh, empty tmpfs over each of {@link #SHARED_DIRS} (where anyone may
 * create sockets at any time, and where the display server, D-Bus, resolved, nscd and docker put theirs). What the
 * session legitimately needs from inside them is bound back at the same path: its writable roots, its session
 * directory, each {@code --allow-socket} socket (only that file), the name-service files of
 * {@link #NAME_SERVICE_FILES} whose real path lies there (e.g. a {@code resolv.conf} in {@code /run}), and what git needs
 * of the repositories around the session (an enclosing repository's worktree, the gitdir a worktree names). Directories
 * created on the way to a kept path copy the original's owner, mode and ACL. Sockets created there later, by anyone,
 * stay invisible.</li>
 * <li><b>Covered sockets</b>: every other pathname socket bound on the machine when the runner starts
 * ({@code /proc/PID/net/unix} of each network namespace) gets {@code /dev/null} bound over it, unless it is inside the
 * session's roots or allowed: {@code connect} then fails with {@code ECONNREFUSED}. One mount each, and anyone may bind
 * sockets (R45: a local user in no group of Cordon's made every runner start cover 15,000), so at most
 * {@link #MAX_COVERS}: with more to cover, each directory that holds more than {@link #DIRECTORY_SHARE} of them (counted
 * below it, deepest first, without those in directories already chosen) is hidden whole by one empty tmpfs of its
 * owner and mode ({@link MountOp#hideDir}) — unless it holds something the session keeps (a root, an allowed socket, a
 * kept path, the staging root, a shared directory), which is never hidden; the share is doubled while the mounts (per
 * directory hidden and per socket left) are still more than {@link #MAX_COVERS}. Where no share gets there, the runner
 * start is refused, naming the count and the directories that hold the most: never an unbounded start, never a socket
 * left reachable.</li>
 * </ol>
 * Both are computed again whenever a runner starts (session start, network switch). Not covered, by design or by
 * limit: sockets bound after the runner started outside {@link #SHARED_DIRS}; another path to a covered socket's
 * directory through a second mount of the same file system; sockets inside the session's own roots, whoever
 * listens there. docs/architecture.md lists them.
 */
public final class SocketIsolation {
    /** World-writable or socket-hub directories replaced by an empty tmpfs in every runner's mount namespace. */
    public static final List<Path> SHARED_DIRS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"),
            Path.of("/run"), Path.of("/var/run"), Path.of("/var/lock"));
    /** The most sockets one runner start covers one by one ({@link MountOp#coverSocket}: a mount each). */
    public static final int MAX_COVERS = 256;
    /**
     * With more than {@link #MAX_COVERS} sockets to cover, a directory holding more than this many of them (not yet in a
     * hidden directory below it) is hidden whole.
     */
    public static final int DIRECTORY_SHARE = 16;
    /** Files commands need for name resolution, kept when they live (through a link) in a shared directory. */
    public static final List<Path> NAME_SERVICE_FILES = List.of(Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"),
            Path.of("/etc/nsswitch.conf"), Path.of("/etc/host.conf"), Path.of("/etc/gai.conf"));

    /**
     * Where things are.
     *
     * @param sharedDirs     directories to replace by an empty tmpfs ({@link #SHARED_DIRS} in production)
     * @param sessionRoots   real paths of what is the session's own: writable roots, the session directory
     * @param allowedSockets real paths of the sockets named with {@code --allow-socket}
     * @param keep           further files or directories to keep visible: {@link #NAME_SERVICE_FILES}, and what git
     *                       needs of the repositories around the session (the enclosing repository's worktree, the
     *                       gitdir a worktree names); sockets bound inside them are covered like those elsewhere
     * @param boundSockets   the bound pathname sockets of the machine
     * @param stageRoot      an existing root-only directory, outside every shared directory, for staging points
     * @param undecodable    the bytes of the bound sockets' paths that are not valid UTF-8 (R63): covered by their
     *                       bytes ({@link MountOp#coverSocketBytes}), counted and hidden with the others
     */
    public record Layout(List<Path> sharedDirs, List<Path> sessionRoots, List<Path> allowedSockets, List<Path> keep,
                         Collection<Path> boundSockets, Path stageRoot, List<byte[]> undecodable) {
        public Layout {
            sharedDirs = List.copyOf(sharedDirs);
            sessionRoots = List.copyOf(sessionRoots);
            allowedSockets = List.copyOf(allowedSockets);
            keep = List.copyOf(keep);
            boundSockets = List.copyOf(boundSockets);
            undecodable = List.copyOf(undecodable);
        }

        public Layout(List<Path> sharedDirs, List<Path> sessionRoots, List<Path> allowedSockets, List<Path> keep,
                      Collection<Path> boundSockets, Path stageRoot) {
            this(sharedDirs, sessionRoots, allowedSockets, keep, boundSockets, stageRoot, List.of());
        }
    }

    /**
     * The plan: the operations, and the staging points they need (empty directories, created by the caller); the shared
     * directories hidden, the directories hidden whole for the many sockets in them, the sockets covered one by one.
     */
    public record Plan(List<MountOp> ops, List<Path> stagingPoints, List<Path> hiddenDirs, List<Path> socketDirs,
                       List<Path> coveredSockets) {
    }

    private SocketIsolation() {
    }

    public static Plan plan(Layout layout) {
        return plan(layout, MAX_COVERS, DIRECTORY_SHARE);
    }

    static Plan plan(Layout layout, int maxCovers, int directoryShare) {
        List<Path> hidden = hiddenDirs(layout);
        for (Path d : hidden) {
            if (layout.stageRoot().startsWith(d)) {
                throw new IllegalArgumentException("staging root " + layout.stageRoot() + " lies in " + d);
            }
        }
        Set<Path> extraKeeps = new TreeSet<>();
        for (Path f : layout.keep()) {
            realPath(f).ifPresent(extraKeeps::add);
        }
        Set<Path> keeps = new TreeSet<>(extraKeeps);
        keeps.addAll(layout.sessionRoots());
        keeps.addAll(layout.allowedSockets());
        List<MountOp> ops = new ArrayList<>();
        List<Path> staging = new ArrayList<>();
        for (Path dir : hidden) {
            Path stage = layout.stageRoot().resolve(String.valueOf(staging.size()));
            staging.add(stage);
            ops.add(MountOp.stageTmpfs(stage));
            ops.add(MountOp.like(stage, dir));
            Set<Path> made = new LinkedHashSet<>();
            for (Path keep : outermost(keeps.stream().filter(k -> k.startsWith(dir) && !k.equals(dir))
                    .filter(Files::exists).toList())) {
                Path rel = dir.relativize(keep);
                for (int i = 1; i < rel.getNameCount(); i++) {
                    Path sub = rel.subpath(0, i);
                    if (made.add(sub)) {
                        ops.add(MountOp.mkdir(stage.resolve(sub)));
                        ops.add(MountOp.like(stage.resolve(sub), dir.resolve(sub)));
                    }
                }
                ops.add(Files.isDirectory(keep) ? MountOp.mkdir(stage.resolve(rel)) : MountOp.touch(stage.resolve(rel)));
                ops.add(MountOp.bind(keep, stage.resolve(rel)));
            }
            ops.add(MountOp.move(stage, dir));
        }
        Set<Path> toCover = new LinkedHashSet<>();
        for (Path socket : layout.boundSockets()) {
            Path real = realPath(socket).orElse(null);
            if (real == null) {
                continue; // gone since it was bound: nothing to cover
            }
            boolean hiddenByTmpfs = hidden.stream().anyMatch(real::startsWith)
                    && extraKeeps.stream().noneMatch(real::startsWith);
            if (hiddenByTmpfs || layout.sessionRoots().stream().anyMatch(real::startsWith)
                    || layout.allowedSockets().contains(real)) {
                continue;
            }
            toCover.add(real);
        }
        // R63: a socket whose path is not valid UTF-8, by its bytes; shown (and counted) in its nearest directory a
        // Path names, as that directory's real path and one name made of the rest's bytes in hex
        Map<Path, byte[]> undecodable = new java.util.LinkedHashMap<>();
        for (byte[] bytes : layout.undecodable()) {
            UndecodedSocket u = UndecodedSocket.of(bytes).orElse(null);
            if (u == null) {
                continue; // its directory is gone since it was bound: nothing to cover
            }
            boolean hiddenByTmpfs = hidden.stream().anyMatch(u.shown()::startsWith)
                    && extraKeeps.stream().noneMatch(u.shown()::startsWith);
            if (!hiddenByTmpfs && layout.sessionRoots().stream().noneMatch(u.shown()::startsWith)) {
                undecodable.put(u.shown(), u.bytes());
            }
        }
        List<Path> all = new ArrayList<>(toCover);
        all.addAll(undecodable.keySet());
        // more than maxCovers: hide directories holding more than the share, the share doubled while the mounts (one
        // per directory hidden, one per socket left) are still more than maxCovers (sockets spread over many
        // directories are then hidden by a common ancestor)
        List<Path> socketDirs = List.of();
        List<Path> covered = List.copyOf(all);
        List<Path> firstLeft = null;
        for (long share = directoryShare; socketDirs.size() + covered.size() > maxCovers; share *= 2) {
            if (share >= all.size()) {
                throw tooManySockets(all.size(), firstLeft == null || firstLeft.isEmpty() ? covered : firstLeft,
                        maxCovers);
            }
            List<Path> dirs = socketDirs(all, share, d -> hideable(d, layout, hidden, keeps));
            socketDirs = dirs;
            covered = all.stream().filter(s -> dirs.stream().noneMatch(s::startsWith)).toList();
            firstLeft = firstLeft == null ? covered : firstLeft;
        }
        socketDirs.forEach(d -> ops.add(MountOp.hideDir(d)));
        List<Path> dirs = socketDirs;
        toCover.stream().filter(s -> dirs.stream().noneMatch(s::startsWith)).forEach(s -> ops.add(MountOp.coverSocket(s)));
        undecodable.forEach((shown, bytes) -> {
            if (dirs.stream().noneMatch(shown::startsWith)) {
                ops.add(MountOp.coverSocketBytes(bytes, shown));
            }
        });
        return new Plan(List.copyOf(ops), List.copyOf(staging), hidden, socketDirs, covered);
    }

    /**
     * A bound socket whose path is not valid UTF-8 (R63).
     *
     * @param shown its nearest directory a {@link Path} names (its real path), resolved by one name: U+FFFD and the
     *              hex of the rest of its bytes; it counts the socket in that directory and names it in messages
     * @param bytes its path's bytes, that directory as its real path
     */
    record UndecodedSocket(Path shown, byte[] bytes) {
        /** Empty when the directory is gone (or is no directory any more). */
        static Optional<UndecodedSocket> of(byte[] path) {
            int cut = 0; // the "/" after the longest prefix of whole names that is valid UTF-8
            for (int i = 1; i <= path.length; i++) {
                if (i == path.length || path[i] == '/') {
                    if (!validUtf8(java.util.Arrays.copyOfRange(path, 0, i))) {
                        break;
                    }
                    cut = i;
                }
            }
            if (cut == path.length) {
                throw new IllegalArgumentException("a valid UTF-8 path: " + Path.of(new String(path,
                        java.nio.charset.StandardCharsets.UTF_8)));
            }
            Path dir = Path.of(cut == 0 ? "/" : new String(path, 0, cut, java.nio.charset.StandardCharsets.UTF_8));
            byte[] rest = java.util.Arrays.copyOfRange(path, cut + 1, path.length);
            return realPath(dir).filter(Files::isDirectory).map(real -> {
                byte[] head = (real.getNameCount() == 0 ? "" : real.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] bytes = java.util.Arrays.copyOf(head, head.length + 1 + rest.length);
                bytes[head.length] = '/';
                System.arraycopy(rest, 0, bytes, head.length + 1, rest.length);
                return new UndecodedSocket(real.resolve("\uFFFD" + java.util.HexFormat.of().formatHex(rest)), bytes);
            });
        }

        private static boolean validUtf8(byte[] b) {
            try {
                java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
                return true;
            } catch (java.nio.charset.CharacterCodingException e) {
                return false;
            }
        }
    }

    /**
     * The directories to hide whole for the sockets in them: deepest first, each {@code hideable} directory that holds
     * more than {@code share} of {@code sockets} below it, not counting those in a directory already chosen; the
     * outermost of those chosen, sorted.
     */
    private static List<Path> socketDirs(Collection<Path> sockets, long share, Predicate<Path> hideable) {
        Map<Path, Integer> below = new HashMap<>();
        for (Path s : sockets) {
            for (Path d = s.getParent(); d != null && d.getNameCount() > 0; d = d.getParent()) {
                below.merge(d, 1, Integer::sum);
            }
        }
        List<Path> deepestFirst = below.keySet().stream().sorted(Comparator.comparingInt(Path::getNameCount).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
        List<Path> chosen = new ArrayList<>();
        for (Path d : deepestFirst) {
            int count = below.get(d);
            if (count > share && hideable.test(d)) {
                chosen.add(d);
                for (Path a = d.getParent(); a != null && a.getNameCount() > 0; a = a.getParent()) {
                    below.merge(a, -count, Integer::sum);
                }
            }
        }
        return outermost(chosen);
    }

    /**
     * May {@code dir} be hidden whole for its sockets? Not {@code /}, and nothing the session keeps may lie in it (its
     * roots, allowed sockets, kept paths, the staging root, a shared directory), nor may it lie in a shared directory
     * (hidden already, what is kept there bound back) or a session root.
     */
    private static boolean hideable(Path dir, Layout layout, List<Path> hidden, Set<Path> keeps) {
        return dir.getNameCount() > 0 && !layout.stageRoot().startsWith(dir)
                && hidden.stream().noneMatch(h -> h.startsWith(dir) || dir.startsWith(h))
                && keeps.stream().noneMatch(k -> k.startsWith(dir))
                && layout.sessionRoots().stream().noneMatch(dir::startsWith);
    }

    /**
     * The refusal of a runner start that would need more than {@code max} mounts for its sockets: the count, and the
     * directories holding the most of {@code left} (those left to cover one by one where the most was hidden).
     */
    private static CordonException tooManySockets(int total, List<Path> left, int max) {
        Map<Path, Long> byDir = new TreeMap<>();
        left.forEach(s -> byDir.merge(s.getParent() == null ? s : s.getParent(), 1L, Long::sum));
        String most = byDir.entrySet().stream().sorted(Map.Entry.<Path, Long>comparingByValue().reversed())
                .limit(5).map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
        return new CordonException(ExitCode.UNAVAILABLE, "No runner was started: " + total + " pathname sockets bound"
                + " on this machine lie outside the session, and keeping them out of its reach would take more than " + max
                + " mounts: " + left.size() + " of them lie where no directory can be hidden whole (it holds what the"
                + " session keeps) or spread over too many directories, most in " + most + ".", "Find who binds them"
                + " (`ss -xlp`) and stop it, or start the session on a workspace outside those directories: the"
                + " session's account could connect to them otherwise, so they are never left uncovered.");
    }

    /**
     * The shared directories to hide: real paths of those that exist ({@code /var/run} is usually a link to
     * {@code /run}), the outermost of nested ones, and none that is inside a session root (it is the session's own).
     */
    static List<Path> hiddenDirs(Layout layout) {
        Set<Path> dirs = new TreeSet<>();
        for (Path d : layout.sharedDirs()) {
            realPath(d).filter(Files::isDirectory).ifPresent(dirs::add);
        }
        return outermost(dirs.stream().filter(d -> layout.sessionRoots().stream().noneMatch(d::startsWith)).toList());
    }

    /** Drops every path that lies inside another of the list; sorted. */
    static List<Path> outermost(Collection<Path> paths) {
        List<Path> sorted = paths.stream().distinct().sorted(Comparator.comparingInt(Path::getNameCount)
                .thenComparing(Comparator.naturalOrder())).toList();
        List<Path> out = new ArrayList<>();
        for (Path p : sorted) {
            if (out.stream().noneMatch(p::startsWith)) {
                out.add(p);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (java.io.IOException e) {
            return Optional.empty(); // gone, or a dangling link: nothing there to keep or cover
        }
    }

    /**
     * The real path of a socket named with {@code --allow-socket}, or a usage error naming it: it must exist and be a
     * socket (a link to one is followed; the socket itself is what stays reachable).
     */
    public static Path allowedSocket(Path given) {
        Path real;
        try {
            real = given.toAbsolutePath().toRealPath();
        } catch (java.io.IOException e) {
            throw CordonException.usage("--allow-socket " + given + " does not exist (" + e.getMessage() + ").",
                    "Name an existing socket file, e.g. --allow-socket /tmp/.X11-unix/X0 (find them with `ss -xl`).");
        }
        if (!isSocket(real)) {
            throw CordonException.usage("--allow-socket " + given + " is not a Unix socket" + (real.equals(given) ? ""
                    : " (it resolves to " + real + ")") + ".", "Name the socket file itself (`ls -l` shows it with "
                    + "type s), e.g. --allow-socket /tmp/.X11-unix/X0.");
        }
        return real;
    }

    /** Is {@code p} a socket file (following links)? */
    public static boolean isSocket(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            return mode instanceof Integer m && (m & 0170000) == 0140000;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
