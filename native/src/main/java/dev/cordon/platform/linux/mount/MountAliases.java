package dev.cordon.platform.linux.mount;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.mount.MountLayers.Layer;
import dev.cordon.platform.linux.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The other paths by which a place is reached in one mount namespace (R59): Landlock hides a place by the path it is
 * given, and a bind mount shows the same directories at another path. A mount is named by what it shows: its file
 * system ({@code major:minor}, the same for every mount of it) and the directory of that file system at its mount point
 * ({@code root} in {@code mountinfo}). A place is where it is in its file system (the mount that holds it, and every
 * mount inside it); each other mount of the same file system whose root is that directory, or lies inside it (a bind
 * mount of the place or of a subdirectory of it), is reached at its mount point; one whose root holds it (a bind mount
 * of a directory above it, or the file system mounted again) at the place's path below its mount point.
 *
 * <p>A mount whose point or root is not valid in the JVM's file name encoding ({@link MountInfo#faithful()}, R62)
 * cannot be named as a path: one that would show a place refuses ({@link #unnamable}); one that shows none is no
 * concern here.
 */
public final class MountAliases {
    private MountAliases() {
    }

    /**
     * The operations that cover {@code aliases} (paths {@link #of} named) in a runner's own mount namespace (R60):
     * Landlock's rules follow inodes, so a directory it grants (a sibling of {@code /home}) may be the same inode as one
     * inside a mount of {@code /} elsewhere, and everything below that mount is granted with it; an empty tmpfs over
     * the alias (a file: {@code /dev/null}) holds whatever Landlock grants. The outermost of nested ones; none that is
     * not there now (nothing is shown there). At most {@link SocketIsolation#MAX_COVERS}, and each a directory or a
     * regular file reached without symlinks: otherwise no runner starts, and the refusal names the path and the fix.
     */
    public static List<MountOp> covers(Collection<Path> aliases) {
        List<MountOp> out = new ArrayList<>();
        for (Path alias : SocketIsolation.outermost(aliases)) {
            Kind kind = bounded(alias);
            if (kind == Kind.ABSENT) {
                continue;
            }
            if (kind == Kind.OTHER) {
                throw new CordonException(ExitCode.UNAVAILABLE, alias + " is another path to a place the session's"
                        + " commands may not read (a mount shows it there), and it is neither a directory nor a regular"
                        + " file reached without symlinks, so it cannot be covered: no runner was started.",
                        "Take that mount off: `findmnt -T " + alias + "` names it; umount it.");
            }
            out.add(MountOp.cover(alias));
        }
        if (out.size() > SocketIsolation.MAX_COVERS) {
            throw new CordonException(ExitCode.UNAVAILABLE, "No runner was started: " + out.size() + " paths where mounts"
                    + " show places the session's commands may not read would need covering, more than "
                    + SocketIsolation.MAX_COVERS + " (" + out.subList(0, 5).stream().map(MountOp::path).toList()
                    + ", …).", "Take those mounts off (`findmnt` lists them; umount them).");
        }
        return out;
    }

    /**
     * R105, R106, R108 (twenty-seventh review), R124–R127, R129, R130 (thirtieth): the mount points at which a daemon of
     * root's serves files by looking their paths up again at every call, each with what it is ({@code fstype source}):
     * every FUSE mount of root's that other accounts may use ({@code allow_other}; a bindfs, a mergerfs pool, anything
     * whose daemon a command cannot see into) but those known to serve no directory by path ({@link
     * MountLayers#servesByPath}), every bind of one, and every overlay built on a layer such a mount held (its lookups go
     * to that daemon as root), to a fixpoint. A command that swaps a directory it looked up through such a mount for a
     * symlink reads, through it, what the link names with root's reach (the kernel checks only the directory it
     * cached); a FIFO put where the daemon opens a file holds a one-thread daemon for ever. All of them, not only those
     * the table says serve a session's root: the table names a bindfs by the path it was given, not by the directory it
     * holds open (a member renames it: R124), or by no path at all (R125), and says nothing of a daemon's own layers
     * taken off since (R126) or of a root moved into a served tree after its session started (R127). A member's FUSE
     * mount is not judged (its daemon acts as that member).
     */
    public static Map<Path, String> servingByPath(List<MountInfo> mounts) {
        return new Search(mounts).servingByPath();
    }

    /** What lies at a path to cover. */
    enum Kind { ABSENT, PLAIN, OTHER }

    /**
     * How long the host waits on a look at a path to cover: one at a FUSE mount asks its daemon, which may be stopped
     * or stuck (R95, R110), and would hold the start for ever.
     */
    static final Duration LOOK_BOUND = Duration.ofSeconds(10);

    /** Looks that outlive {@link #LOOK_BOUND} stay blocked on their mount; daemon threads, so they hold no exit. */
    private static final ExecutorService LOOKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cordon-cover-look");
        t.setDaemon(true);
        return t;
    });

    /**
     * The look at each path that has not answered yet: a later start waits on it instead of blocking one more thread
     * on the same stalled mount (R133: one a refused start, for as long as the mount does not answer).
     */
    private static final Map<Path, Future<Kind>> PENDING = new HashMap<>();

    /** {@link #kind} of {@code alias}, within {@link #LOOK_BOUND}: otherwise no runner starts, the refusal naming it. */
    private static Kind bounded(Path alias) {
        return bounded(alias, MountAliases::kind, LOOK_BOUND);
    }

    static Kind bounded(Path alias, java.util.function.Function<Path, Kind> kind, Duration bound) {
        Future<Kind> look;
        synchronized (PENDING) {
            look = PENDING.get(alias);
            if (look == null || look.isDone()) { // done: a late answer to an earlier look, which may be stale by now
                look = LOOKS.submit(() -> kind.apply(alias));
                PENDING.put(alias, look);
            }
        }
        try {
            Kind answer = look.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            forget(alias, look);
            return answer;
        } catch (TimeoutException e) {
            // not cancelled: an interrupt does not end a wait on a FUSE daemon, and the look stays the one to wait on
            throw new CordonException(ExitCode.UNAVAILABLE, "A look at " + alias + ", which the session's commands may"
                    + " not reach and must be covered, did not answer within " + bound.toSeconds() + " s: most often"
                    + " a FUSE mount whose daemon is stopped or stuck; no runner was started.",
                    "Find it (`findmnt -T " + alias + "`), continue or end its daemon, or abort its connection (`echo 1 >"
                            + " /sys/fs/fuse/connections/<minor of its device>/abort`) and `umount -l " + alias
                            + "`, then retry.");
        } catch (ExecutionException e) {
            forget(alias, look);
            throw CordonException.internal("Looking at " + alias + " to cover it failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CordonException.internal("Interrupted while looking at " + alias + " to cover it", e);
        }
    }

    private static void forget(Path alias, Future<Kind> look) {
        synchronized (PENDING) {
            PENDING.remove(alias, look);
        }
    }

    private static Kind kind(Path alias) {
        if (!Files.exists(alias, LinkOption.NOFOLLOW_LINKS)) {
            return Kind.ABSENT;
        }
        try {
            return alias.toRealPath().equals(alias) && (Files.isDirectory(alias, LinkOption.NOFOLLOW_LINKS)
                    || Files.isRegularFile(alias, LinkOption.NOFOLLOW_LINKS)) ? Kind.PLAIN : Kind.OTHER;
        } catch (IOException e) {
            return Kind.OTHER;
        }
    }

    /** Where a place lies: the file system and the directory in it. */
    private record Location(String device, Path directory, boolean faithful) {
    }

    /**
     * Every other path by which one of {@code places} (real paths: no symlink on the way) is reached in the namespace
     * whose {@code mounts} these are, each with the place it reaches; none inside a place (those it hides already).
     *
     * <p>Three ways, each tried again on what the others found until nothing new turns up (an overlay built on a bind of
     * a layer of the place's own overlay, R64, R66): by file system (a bind mount of the place, of a directory inside or
     * above it, the file system mounted again, R59); through a mount of a file system of its own built on directories of
     * others that lie in the place or hold it (an overlay's layers, a FUSE bind such as bindfs, R61); and, when the place
     * itself lies in such a mount, through that mount's layers, which hold its files with their own permissions (R66).
     */
    public static Map<Path, Path> of(Collection<Path> places, List<MountInfo> mounts) {
        return new Search(mounts).from(places);
    }

    /**
     * A file system for one place: a mount that shows a place as one of its layers shows more than that place, but
     * another place may lie in it whole (RV19-4: one set for all places switched the search through its layers off for
     * every other place in it).
     */
    private record OnePlace(Path place, String device) {
    }

    /** One run of {@link #of}: what it has found, and the file system directories it has looked for already. */
    private static final class Search {
        private final List<MountInfo> mounts;
        /** Each mount's place in the table, the order they were made in (by identity: two lines may be alike). */
        private final Map<MountInfo, Integer> order = new IdentityHashMap<>();
        /** Every mount point, and the topmost mount at each (faithful ones only: no real path lies below another). */
        private final Set<Path> points = new HashSet<>();
        private final Map<Path, MountInfo> topAt = new HashMap<>();
        /** The mounts by the text of their mount point, for those below a path; and by file system. */
        private final NavigableMap<String, List<MountInfo>> byPoint = new TreeMap<>();
        private final Map<String, List<MountInfo>> byDevice = new HashMap<>();
        /** Each mount built on layers, with its {@link MountLayers#of} taken once (resolving them costs system calls). */
        private final Map<MountInfo, List<Layer>> layered = new LinkedHashMap<>();
        /** The same, each at the mount's root: the directory of the layer that shows at the mount point. */
        private final Map<MountInfo, List<Layer>> layeredAtRoot = new LinkedHashMap<>();
        private final Map<Path, Path> out = new TreeMap<>();
        private final List<MountInfo> pools = new ArrayList<>();
        private final Set<Location> looked = new HashSet<>();
        /** File systems built on layers one of which shows a place: their mounts show more than the place. */
        private final Set<OnePlace> partial = new HashSet<>();
        /** The file systems whose lookups come back to themselves ({@link #loops}): each shows itself without end. */
        private Set<String> looping;
        private Map<Path, Path> found = new TreeMap<>();

        Search(List<MountInfo> mounts) {
            this.mounts = mounts;
            for (int i = 0; i < mounts.size(); i++) {
                order.put(mounts.get(i), i);
            }
            for (MountInfo m : mounts) { // in mount order: a mount made on top of another at the same point comes later
                if (MountLayers.membersFuse(m)) {
                    continue; // inert (R72-R74): neither a place's mount nor an alias; an overlay's layer sees under it
                }
                points.add(m.mountPoint());
                if (m.faithful()) {
                    topAt.put(m.mountPoint(), m);
                }
                byPoint.computeIfAbsent(m.mountPoint().toString(), k -> new ArrayList<>()).add(m);
                byDevice.computeIfAbsent(m.device(), k -> new ArrayList<>()).add(m);
                if (isPool(m)) {
                    pools.add(m); // placed below, once every mount of its file system is known
                    continue;
                }
                List<Layer> l = MountLayers.of(m);
                if (!l.isEmpty()) {
                    layered.put(m, l);
                    layeredAtRoot.put(m, atRoot(m, l));
                }
            }
            placePools(pools);
        }

        /** Root's mergerfs pools: by the branches a pool tells at its root (R94), which no bind of a subdirectory does. */
        private static boolean isPool(MountInfo m) {
            return MountLayers.isMergerfs(m) && MountLayers.rootsFuse(m);
        }

        /**
         * Each pool's branches, as its file system tells them at a mount of its root ({@link MountLayers#of}); a mount of
         * a pool none of whose mounts is of its root, or whose branches it does not tell (RV24-1: a bind of a subdirectory
         * of a pool unmounted since, or covered), is taken as built on {@code /}: it may show anything, and a mount built on
         * {@code /} shows itself, so it is hidden whole from sessions when it shows a place (R92's rule).
         */
        private void placePools(List<MountInfo> pools) {
            Map<String, List<Layer>> told = new HashMap<>();
            for (MountInfo m : pools) {
                if (m.root().toString().equals("/") && !told.containsKey(m.device()) && !coveredLater(m)) {
                    List<Layer> l = MountLayers.of(m);
                    if (!l.isEmpty()) {
                        told.put(m.device(), l);
                    }
                }
            }
            for (MountInfo m : pools) {
                List<Layer> l = told.get(m.device());
                if (l != null) {
                    layered.put(m, l);
                    layeredAtRoot.put(m, atRoot(m, l));
                } else {
                    List<Layer> anything = List.of(new Layer(Path.of("/"), true));
                    layered.put(m, anything);
                    layeredAtRoot.put(m, anything);
                }
            }
        }

        /**
         * Whether a later mount, any (a member's FUSE mount too), sits at {@code m}'s point or above it: then whatever
         * answers for {@code .mergerfs} there is not {@code m} (RV25-2, RV26-3: a member's daemon could name the branches).
         */
        private boolean coveredLater(MountInfo m) {
            return mounts.subList(order.get(m) + 1, mounts.size()).stream().anyMatch(o -> m.mountPoint().startsWith(o.mountPoint()));
        }

        /** Each layer at the mount's root: the directory of it that shows at the mount point (a bind of a subdirectory). */
        private static List<Layer> atRoot(MountInfo m, List<Layer> layers) {
            String inside = m.root().toString().substring(1);
            return layers.stream().map(layer -> new Layer(layer.path().resolve(inside), layer.faithful())).toList();
        }

        /**
         * The file systems built on layers whose lookups can come back to themselves (R92): a FUSE bind (bindfs,
         * mergerfs) answers by looking its layers' paths up, across mounts, so one that shows its own mount point
         * ({@code bindfs / /srv/b}) shows itself again below it without end ({@code /srv/b/srv/b/…}: every place once
         * more at each level), and with one thread it waits on itself for ever there; so do chains of them through each
         * other, or through an overlay whose layer lies in one. By device: a cycle of "a lookup in this file system may
         * look up in that one" — a layered mount needs the file system holding each of its layers (the one it was made
         * on, for a mount over its own layer), and a FUSE bind also every layered mount below its layers.
         */
        private Set<String> loops() {
            Map<String, Set<String>> needs = new HashMap<>();
            layered.forEach((m, layers) -> {
                Set<String> next = needs.computeIfAbsent(m.device(), k -> new HashSet<>());
                // mergerfs looks each branch up by its path at every call (RV24-2: a pool with its own mount point as a
                // branch); bindfs and an overlay hold the directory they were given at mount time
                boolean byPath = MountLayers.isMergerfs(m);
                for (Layer layer : layers) {
                    MountInfo holding = byPath ? holder(layer.path()) : holderUnder(m, layer.path());
                    if (holding != null) {
                        next.add(holding.device());
                    }
                    if (!m.fstype().equals("overlay")) {
                        String text = layer.path().toString();
                        String prefix = text.endsWith("/") ? text : text + "/";
                        byPoint.subMap(prefix, true, prefix.substring(0, prefix.length() - 1) + "0", false).values()
                                .forEach(below -> below.stream().filter(layered::containsKey)
                                        .forEach(b -> next.add(b.device())));
                    }
                }
            });
            return onCycles(needs);
        }
        /**
         * The mount that held {@code layer} when {@code m} was made: {@link #holder} among the mounts made before
         * {@code m} (earlier in the table) — {@code m} was mounted over its own layer ({@code bindfs /home /home}, an
         * overlay over its lower directory): it looks the layer up beneath itself, not through itself; and a mount made
         * since on a directory above the layer (another overlay at {@code /b} after one of {@code /b/x}) holds nothing of
         * it (RV26-4: two overlays with layers under each other's points were taken for a loop).
         */
        private MountInfo holderUnder(MountInfo m, Path layer) {
            int made = order.get(m);
            for (Path p = layer; p != null; p = p.getParent()) {
                List<MountInfo> at = byPoint.getOrDefault(p.toString(), List.of());
                for (int i = at.size() - 1; i >= 0; i--) {
                    MountInfo o = at.get(i);
                    if (o.faithful() && order.get(o) < made) {
                        return o;
                    }
                }
            }
            return null;
        }

        Map<Path, String> servingByPath() {
            Set<String> served = new LinkedHashSet<>();
            mounts.stream().filter(MountLayers::servesByPath).forEach(m -> served.add(m.device()));
            // until nothing is added: an overlay with a layer a served mount held (RV28-X2, an overlay of a bindfs)
            for (boolean grew = true; grew; ) {
                grew = false;
                for (Map.Entry<MountInfo, List<Layer>> e : layered.entrySet()) {
                    MountInfo m = e.getKey();
                    if (m.fstype().equals("overlay") && !served.contains(m.device()) && e.getValue().stream()
                            .anyMatch(layer -> servedHolder(holderUnder(m, layer.path()), served)
                                    || servedHolder(holder(layer.path()), served))) {
                        served.add(m.device());
                        grew = true;
                    }
                }
            }
            Map<Path, String> out = new TreeMap<>();
            for (String device : served) {
                for (MountInfo serving : byDevice.getOrDefault(device, List.of())) {
                    if (!serving.pointFaithful()) { // its root need not be: the point is what is covered (R132)
                        throw uncoverableServer(serving);
                    }
                    out.putIfAbsent(serving.mountPoint(), serving.fstype() + " " + serving.source());
                }
            }
            return out;
        }

        /**
         * {@code holding} is a mount of a file system in {@code served}. What held the layer when the overlay was made
         * (a mount made on it since hides it no less: RV29-1), or what holds it now (a layer mount listed after the
         * overlay, as overlayroot's).
         */
        private static boolean servedHolder(MountInfo holding, Set<String> served) {
            return holding != null && served.contains(holding.device());
        }

        Map<Path, Path> from(Collection<Path> places) {
            Map<Path, Path> fresh = new TreeMap<>();
            for (Path p : places) {
                fresh.putIfAbsent(p, p);
            }
            // every round finds paths through one more mount; a chain longer than the table is a cycle repeating itself
            for (int round = 0; round <= mounts.size() + 1 && !fresh.isEmpty(); round++) {
                found = new TreeMap<>();
                for (Map.Entry<Path, Path> e : fresh.entrySet()) {
                    Path shown = e.getKey();
                    Path place = e.getValue();
                    locations(shown).forEach(l -> byFileSystem(l, place));
                    throughOwnLayers(holder(shown), shown, place);
                    if (shown.equals(place)) {
                        for (MountInfo under : underneath(place)) {
                            byFileSystem(new Location(under.device(), under.root().resolve(under.mountPoint()
                                    .relativize(place).toString()), true), place);
                            throughOwnLayers(under, place, place); // RV21-2, RV21-3
                        }
                    }
                    throughLayersOf(shown, place);
                }
                fresh = found;
            }
            // a path inside another one found for the same place is hidden with it (found again from a directory inside
            // the place); not one inside another place's: that one is left readable when it holds an own root (RV18)
            Map<Path, Path> all = Map.copyOf(out);
            out.entrySet().removeIf(e -> {
                for (Path up = e.getKey().getParent(); up != null; up = up.getParent()) {
                    if (e.getValue().equals(all.get(up))) {
                        return true;
                    }
                }
                return false;
            });
            return out;
        }

        private void found(Path alias, Path place) {
            if (!alias.startsWith(place) && out.putIfAbsent(alias, place) == null) {
                found.put(alias, place);
            }
        }

        /** R59: every mount of the same file system whose root is that directory, lies inside it or holds it. */
        private void byFileSystem(Location l, Path place) {
            byFileSystem(l, place, null);
        }

        /**
         * {@link #byFileSystem}; {@code beneathOf} given: looking beneath that mount, without the paths that lead through
         * it ({@link #reachedThrough}: R103, following the root's path under an overlay over {@code /home} of
         * {@code /home/.base} nested {@code .base} each round); a path into another mount is kept and followed (an
         * overlay made before that mount took its layer there: RV29-3).
         */
        private void byFileSystem(Location l, Path place, MountInfo beneathOf) {
            if (!looked.add(l)) {
                return;
            }
            for (MountInfo m : byDevice.getOrDefault(l.device(), List.of())) {
                Path alias = null;
                if (m.root().startsWith(l.directory())) {
                    alias = m.mountPoint(); // shows the place, or a directory inside it
                } else if (l.directory().startsWith(m.root())) {
                    alias = m.mountPoint().resolve(m.root().relativize(l.directory()).toString());
                }
                if (alias != null && !alias.startsWith(place)) {
                    if (!m.faithful() || !l.faithful()) {
                        throw unnamable(m, place);
                    }
                    if (beneathOf == null || holder(alias) == m || !reachedThrough(beneathOf, alias)) {
                        found(alias, place);
                    }
                }
            }
        }

        /**
         * R66: {@code shown} lies in a mount built on layers (its holder): each layer holds the files shown there, at the
         * same path below it — looked for by file system too; a path past another mount point below the layer is not
         * that layer's any more (a layer shows its own file system only). Not for a mount that shows the place as one of
         * its layers ({@code partial}): its other layers hold other files. Not for mounts inside {@code shown} either:
         * what they show is reached at their layers' own paths, with their own permissions, and a member could mount
         * one (FUSE) inside their own home to have any path covered in every other member's sessions.
         */
        private void throughOwnLayers(MountInfo m, Path shown, Path place) {
            if (m == null || partial.contains(new OnePlace(place, m.device()))) {
                return;
            }
            String below = m.root().resolve(m.mountPoint().relativize(shown).toString()).toString().substring(1);
            for (Layer l : layered.getOrDefault(m, List.of())) {
                if (!m.faithful()) {
                    throw unnamable(m, place);
                }
                if (!l.faithful()) { // R69: the place's files are there, at a path no Path names
                    throw unnamableLayer(m, l.path(), place);
                }
                Path layer = l.path();
                if (reachedThrough(m, layer)) {
                    // under the mount's own point and reached through it (an overlay at / of layers in /var/lib/docker, as
                    // in a container; a pool over /home of /home/d1; not a layer on a mount made since, as overlayroot's
                    // /media/root-ro, RV26-1): its path leads through the mount itself, not to the layer, and so does
                    // every path of the file system beneath it there; followed by path, each round nested the aliases
                    // once more (RV25-1: exponential). Only where the file system beneath shows elsewhere (R103)
                    beneath(m, layer.resolve(below), place);
                    continue;
                }
                Path there = layer.resolve(below);
                MountInfo layerHolder = holder(layer);
                if (layerHolder != null) {
                    byFileSystem(new Location(layerHolder.device(), layerHolder.root()
                            .resolve(layerHolder.mountPoint().relativize(there).toString()), true), place);
                }
                if (!pastAMountPoint(m, layer, there)) {
                    found(there, place);
                }
            }
        }

        /**
         * R103 (RV26-2): {@code there}, a path of a layer of {@code m} under {@code m}'s own point, lies in the file
         * system {@code m} was mounted over ({@link #holderUnder}: none for a container's overlay at {@code /}, whose
         * layers' file system the table does not show), which other mounts of it show elsewhere (the root bound at
         * {@code /mnt/root}): those paths, by file system — not one leading through {@code m} itself (a mount of that
         * file system made before {@code m} under {@code m}'s point, the one beneath it included), which would nest.
         */
        private void beneath(MountInfo m, Path there, Path place) {
            MountInfo under = holderUnder(m, there);
            if (under != null && under.faithful()) {
                byFileSystem(new Location(under.device(), under.root().resolve(under.mountPoint().relativize(there)
                        .toString()), true), place, m);
                throughOwnLayers(under, there, place); // built on layers itself (bindfs /home /home twice): each made earlier
            }
        }

        /**
         * Whether {@code shown}, under {@code m}'s point, lies in a mount made before {@code m} (a bind under its point
         * that {@code m} covers): {@code m} may be built on it (RV27-3: an overlay at P of {@code lowerdir=P/low}, another
         * member's directory bound at P/low first, showed it at P).
         */
        private boolean coveredBy(MountInfo m, Path shown) {
            int made = order.get(m);
            for (Path p = shown; p != null && p.startsWith(m.mountPoint()); p = p.getParent()) {
                for (MountInfo o : byPoint.getOrDefault(p.toString(), List.of())) {
                    if (o.faithful() && order.get(o) < made) {
                        return true; // not only the topmost there: one made since on top hides it no less (RV28-X13)
                    }
                }
            }
            return false;
        }

        /**
         * Whether {@code layer}'s path leads through {@code m} itself, or through a mount stacked on {@code m} at its
         * point since ({@code bindfs /home /home} twice: the lower one's layer is under both), not to the layer.
         */
        private boolean reachedThrough(MountInfo m, Path layer) {
            MountInfo h = holder(layer);
            return h == m || h != null && h.mountPoint().equals(m.mountPoint()) && order.get(h) > order.get(m);
        }

        /**
         * R61: a mount of a file system of its own built on directories of others (an overlay's layers, a FUSE bind such
         * as bindfs): those directories, by path, against {@code shown} — an overlay built on another one has the other's
         * mount point as its layer (R64). A layer shows what lies beneath it on its own file system only: a path below it
         * past another mount point is not shown through it (without that rule overlays of / would prefix each other's
         * aliases without end: RV17-3). A bind of a directory of such a mount (its root not /) shows that directory of
         * each layer (RV17-1).
         */
        private void throughLayersOf(Path shown, Path place) {
            for (Map.Entry<MountInfo, List<Layer>> e : layeredAtRoot.entrySet()) {
                MountInfo m = e.getKey();
                if (shown.startsWith(m.mountPoint()) && !coveredBy(m, shown)) {
                    continue; // seen through this very mount
                }
                for (Layer layerOfFs : e.getValue()) {
                    Path alias = through(m, layerOfFs.path(), shown, place);
                    if (alias != null && !layerOfFs.faithful()) {
                        // its real path is no valid name (a member can make it so: a symlink swapped in for a directory
                        // in their home, RV27-10): where in the mount the place shows is not known, so all of it is
                        alias = m.mountPoint();
                    }
                    if (alias != null && !alias.startsWith(place)) {
                        if (!m.faithful()) {
                            throw unnamable(m, place);
                        }
                        partial.add(new OnePlace(place, m.device()));
                        found(alias, place);
                    }
                }
            }
        }

        /**
         * Where {@code m}, one of whose layers (at its root) is {@code layer}, shows {@code shown}: its mount point when
         * the layer lies in {@code shown}, the path below it when {@code shown} lies in the layer — unless an overlay's
         * way down enters another mount (a mount made on the place itself does not hide its files from a layer above
         * it, RV20-2) —, and its mount point whole when it loops (R92); null when it does not show it.
         */
        private Path through(MountInfo m, Path layer, Path shown, Path place) {
            if (layer.startsWith(shown)) {
                return m.mountPoint();
            }
            if (!shown.startsWith(layer) || pastAMountPoint(m, layer, shown.equals(place) ? shown.getParent() : shown)) {
                return null;
            }
            if (looping == null) {
                looping = loops(); // only a search for places asks: servingByPath needs none
            }
            return looping.contains(m.device()) ? m.mountPoint() : m.mountPoint().resolve(layer.relativize(shown).toString());
        }

        /**
         * Whether the way from {@code layer} of {@code m} down to {@code shown} enters another mount (at {@code shown}
         * itself too): an overlay's layer shows its own file system only.
         */
        private boolean pastAMountPoint(MountInfo m, Path layer, Path shown) {
            if (!m.fstype().equals("overlay")) {
                return false; // a FUSE bind (bindfs, mergerfs) follows paths across mounts (RV21-4)
            }
            for (Path p = shown; p != null && !p.equals(layer) && p.startsWith(layer); p = p.getParent()) {
                if (points.contains(p)) {
                    return true;
                }
            }
            return false;
        }

        /** Where {@code path} lies: in the mount that holds it ({@link #holder}), and every mount below it. */
        private List<Location> locations(Path path) {
            List<Location> out = new ArrayList<>();
            String text = path.toString();
            String prefix = text.endsWith("/") ? text : text + "/";
            byPoint.subMap(prefix, true, prefix.substring(0, prefix.length() - 1) + "0", false).values()
                    .forEach(below -> below.stream().filter(m -> !m.mountPoint().equals(path))
                            .forEach(m -> out.add(new Location(m.device(), m.root(), m.faithful()))));
            MountInfo holder = holder(path);
            if (holder != null) {
                out.add(new Location(holder.device(), holder.root().resolve(holder.mountPoint().relativize(path).toString()),
                        true));
            }
            return out;
        }

        /**
         * The mounts holding the files that mounts made on {@code place} itself cover (root's bind onto a home; a member's
         * FUSE mount on it is no mount here at all): each one stacked below the top, and the one the bottom was made on —
         * binds of them and their layers still show those files (RV19-5, RV20-1, RV21-2, RV21-3). Not for an alias: what
         * a mount showing the place covers is only the empty directory it was made on.
         */
        private List<MountInfo> underneath(Path place) {
            List<MountInfo> at = byPoint.getOrDefault(place.toString(), List.of()).stream().filter(MountInfo::faithful)
                    .toList();
            if (at.isEmpty()) {
                return List.of();
            }
            List<MountInfo> under = new ArrayList<>(at.subList(0, at.size() - 1)); // stacked below the top (RV20-1)
            MountInfo parent = place.getParent() == null ? null : holder(place.getParent());
            if (parent != null) {
                under.add(parent); // and the directory the bottom one was made on
            }
            return under;
        }

        /** The mount that holds {@code path}: the topmost at the longest mount point above it (or at it). */
        private MountInfo holder(Path path) {
            for (Path p = path; p != null; p = p.getParent()) {
                MountInfo m = topAt.get(p);
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * The nodes of {@code edges} that lie on a cycle (a self-edge included): those in a strongly connected component of
     * more than one node, or with an edge to themselves (Kosaraju's two passes, without recursion: linear in the graph).
     */
    static Set<String> onCycles(Map<String, Set<String>> edges) {
        Map<String, List<String>> reversed = new HashMap<>();
        edges.forEach((from, tos) -> tos.forEach(to -> reversed.computeIfAbsent(to, k -> new ArrayList<>()).add(from)));
        List<String> finished = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String start : edges.keySet()) {
            if (!seen.add(start)) {
                continue;
            }
            Deque<Iterator<String>> path = new ArrayDeque<>();
            Deque<String> nodes = new ArrayDeque<>();
            path.push(edges.get(start).iterator());
            nodes.push(start);
            while (!path.isEmpty()) {
                Iterator<String> it = path.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    if (seen.add(next)) {
                        path.push(edges.getOrDefault(next, Set.of()).iterator());
                        nodes.push(next);
                    }
                } else {
                    path.pop();
                    finished.add(nodes.pop());
                }
            }
        }
        Set<String> out = new HashSet<>();
        Set<String> assigned = new HashSet<>();
        for (int i = finished.size() - 1; i >= 0; i--) {
            String root = finished.get(i);
            if (!assigned.add(root)) {
                continue;
            }
            List<String> component = new ArrayList<>(List.of(root));
            for (int j = 0; j < component.size(); j++) {
                for (String from : reversed.getOrDefault(component.get(j), List.of())) {
                    if (assigned.add(from)) {
                        component.add(from);
                    }
                }
            }
            if (component.size() > 1 || edges.getOrDefault(root, Set.of()).contains(root)) {
                out.addAll(component);
            }
        }
        return out;
    }

    private static CordonException unnamableLayer(MountInfo m, Path layer, Path place) {
        return new CordonException(ExitCode.CONFLICT, "The mount at " + m.mountPoint() + " (" + m.fstype() + " "
                + m.source() + ") is built on " + layer + " (\uFFFD marks bytes that are not " + MountInfo.FILE_NAMES
                + "), which shows " + place + ", which this session must not see, but that directory's name is not a"
                + " valid " + MountInfo.FILE_NAMES + " file name, so it cannot be judged by path; no runner was started.",
                "Unmount it (`umount " + m.mountPoint() + "`), or rename that directory to a valid "
                        + MountInfo.FILE_NAMES + " name and mount it again, then retry.");
    }

    private static CordonException uncoverableServer(MountInfo m) {
        return new CordonException(ExitCode.CONFLICT, "The mount at " + m.mountPoint() + " (" + m.fstype() + " "
                + m.source() + ", root " + m.root() + "; \uFFFD marks bytes that are not " + MountInfo.FILE_NAMES
                + ") is a FUSE file system of root's that serves files by path, so a session's commands must not reach"
                + " it, but its mount point is not a valid " + MountInfo.FILE_NAMES + " file name, so it cannot be"
                + " covered; no runner was started.",
                "Unmount it (`umount` the mount point findmnt shows), or mount it at a path with a valid "
                        + MountInfo.FILE_NAMES + " name, then retry.");
    }

    private static CordonException unnamable(MountInfo m, Path place) {
        return new CordonException(ExitCode.CONFLICT, "The mount at " + m.mountPoint() + " (" + m.fstype() + " "
                + m.source() + ", root " + m.root() + "; \uFFFD marks bytes that are not " + MountInfo.FILE_NAMES
                + ") shows " + place + ", which this session must not see, but its mount point or root is not a valid "
                + MountInfo.FILE_NAMES + " file name, so it cannot be hidden by path; no runner was started.",
                "Unmount it (`umount` the mount point findmnt shows), or rename the directory to a valid "
                        + MountInfo.FILE_NAMES + " name and mount it again, then retry.");
    }
}
