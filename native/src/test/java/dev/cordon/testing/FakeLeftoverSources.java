package dev.cordon.testing;

import dev.cordon.core.Principal;
import dev.cordon.platform.LeftoverSources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Leftover sources over real files in temporary directories, with owners, holders and system objects said by the test
 * instead of read from the OS: the janitor's decisions can then be tried without root and without accounts. A path
 * nobody was said to own belongs to {@link #STRANGER}.
 */
public final class FakeLeftoverSources implements LeftoverSources {
    /** The owner of every path the test did not give to someone. */
    public static final Principal STRANGER = Principal.uid(4_000_000);
    private static final Principal GROUP = Principal.gid(4_000_000);
    private static final LeftoverSources REAL = new dev.cordon.platform.linux.LinuxLeftoverSources();

    private List<Path> roots;
    private final Map<Path, Principal> owners = new HashMap<>();
    private final Map<String, Set<Integer>> held = new HashMap<>();
    private final List<String> holderWarnings = new ArrayList<>();
    private final List<SystemObject> objects = new ArrayList<>();

    public FakeLeftoverSources(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** From now on the temporary roots are {@code roots} (e.g. a test's temporary directories). */
    public synchronized FakeLeftoverSources scanning(List<Path> roots) {
        this.roots = List.copyOf(roots);
        return this;
    }

    /** {@code path} belongs to {@code owner} (the file itself must exist for a scan to find it). */
    public synchronized FakeLeftoverSources own(Path path, Principal owner) {
        owners.put(path.toAbsolutePath().normalize(), owner);
        return this;
    }

    /** Process {@code pid} holds {@code path} open; its ancestors are held too, as the real sources report it. */
    public synchronized FakeLeftoverSources hold(Path path, int pid) {
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            held.computeIfAbsent(p.toString(), k -> new HashSet<>()).add(pid);
        }
        return this;
    }

    public synchronized void releaseAll() {
        held.clear();
    }

    /** From now on reading what processes hold reports {@code warning} (a process that could not be read). */
    public synchronized void failHolderReadsWith(String warning) {
        holderWarnings.add(warning);
    }

    public synchronized SystemObject addObject(SystemObject.Kind kind, String key, Principal owner, boolean inUse) {
        SystemObject o = new SystemObject(kind, key, owner, 100, inUse, java.time.Instant.EPOCH, "fake " + kind + " " + key);
        objects.add(o);
        return o;
    }

    public synchronized List<SystemObject> objects() {
        return List.copyOf(objects);
    }

    @Override
    public synchronized List<Path> temporaryRoots() {
        return roots;
    }

    @Override
    public synchronized Optional<PathFacts> inspect(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        PathFacts.Kind kind = a.isDirectory() ? PathFacts.Kind.DIRECTORY : a.isSymbolicLink() ? PathFacts.Kind.SYMLINK
                : a.isRegularFile() ? PathFacts.Kind.FILE : PathFacts.Kind.OTHER;
        long inode = (Long) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        Principal owner = owners.getOrDefault(path.toAbsolutePath().normalize(), STRANGER);
        String identity = REAL.inspect(path.toAbsolutePath()).map(PathFacts::identity).orElse(null);
        return Optional.of(new PathFacts(kind, owner, GROUP, "0644", 1, inode, a.size(),
                a.lastModifiedTime().toInstant(), identity));
    }

    /** The real moves and deletes by descriptors, on the real identity {@link #inspect} gives. */
    @Override
    public void moveOut(Path path, String identity, String parentIdentity, Path into, String name, Set<Principal> owners)
            throws IOException {
        REAL.moveOut(path, identity, parentIdentity, into, name, owners);
    }

    @Override
    public void moveBack(Path from, Path to, String parentIdentity) throws IOException {
        REAL.moveBack(from, to, parentIdentity);
    }

    @Override
    public void delete(Path path, String identity) throws IOException {
        REAL.delete(path, identity);
    }

    @Override
    public synchronized HeldPaths heldPaths(Consumer<String> warnings) {
        holderWarnings.forEach(warnings);
        Map<String, Set<Integer>> copy = new HashMap<>();
        held.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return new HeldPaths(copy, Set.of());
    }

    @Override
    public synchronized List<SystemObject> systemObjects(Set<Principal> ofOwners, Consumer<String> warnings) {
        return objects.stream().filter(o -> ofOwners.contains(o.owner())).toList();
    }

    @Override
    public synchronized Removal remove(SystemObject object) {
        Optional<SystemObject> now = objects.stream().filter(o -> o.kind() == object.kind() && o.key().equals(object.key()))
                .findFirst();
        if (now.isEmpty()) {
            return new Removal(Removal.Result.GONE, "no longer exists");
        }
        if (!now.get().owner().equals(object.owner())) {
            return new Removal(Removal.Result.CHANGED, "changed owner since the scan; scan again");
        }
        objects.remove(now.get());
        return new Removal(Removal.Result.REMOVED, "removed " + object.key());
    }
}
