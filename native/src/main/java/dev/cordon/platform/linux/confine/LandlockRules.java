package dev.cordon.platform.linux.confine;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link LandlockPolicy} into path-beneath rules, in pure Java against the live filesystem.
 *
 * <p>Landlock only grants; "read everywhere except P" is built by walking from {@code /} down P's ancestors and granting
 * read on every entry that is not on P's path. Limitations, by construction:
 * <ul>
 *   <li>an entry created next to one of P's ancestors after the rules were built is not readable until the next
 *       command (it fails closed);</li>
 *   <li>P's ancestors themselves cannot be listed ({@code ls /} fails when P is {@code /var/lib/cordon}): a READ_DIR
 *       grant on an ancestor would cover P too. Path lookup through them is unaffected;</li>
 *   <li>a bind mount of P (or of an ancestor, or of a directory inside P) elsewhere is readable through that other
 *       path unless that path is hidden too: the host adds the ones its mount table shows
 *       ({@code RunnerLauncher.otherPathsTo}, R59).</li>
 * </ul>
 * Symlinks among the siblings are resolved; one that leads into P or onto P's path is not granted.
 */
public final class LandlockRules {
    static final List<Path> WRITABLE_DEVICES =
            List.of(Path.of("/dev/null"), Path.of("/dev/zero"), Path.of("/dev/full"), Path.of("/dev/tty"));
    private static final long READ_TREE = LandlockAccess.READ_TREE_RIGHTS;

    private LandlockRules() {
    }

    /** The rules for {@code policy}, each access already limited to what {@code handled} covers. */
    public static List<LandlockRule> plan(LandlockPolicy policy, long handled) {
        Set<Path> hidden = outermost(policy.hiddenPaths().stream().map(LandlockRules::canonical).toList());
        Set<Path> ancestors = new TreeSet<>();
        for (Path h : hidden) {
            if (h.getParent() == null) {
                throw CordonException.usage("Cannot hide the root directory `/` from a confined command.",
                        "Hide a directory below `/`.");
            }
            for (Path a = h.getParent(); a != null; a = a.getParent()) {
                ancestors.add(a);
            }
        }
        Map<Path, Long> rules = new LinkedHashMap<>();
        if (hidden.isEmpty()) {
            rules.put(Path.of("/"), READ_TREE & handled);
        }
        for (Path ancestor : ancestors) {
            for (Path entry : entries(ancestor)) {
                if (!ancestors.contains(entry) && !hidden.contains(entry)) {
                    grantRead(entry, hidden, ancestors, handled, rules);
                }
            }
        }
        for (Path root : policy.writable()) {
            Path real = writableRoot(root, hidden);
            rules.merge(real, handled & ~LandlockAccess.MAKE_SOCK, (a, b) -> a | b);
        }
        for (Path dir : policy.socketDirs()) {
            Path real = writableRoot(dir, hidden);
            if (policy.writable().stream().map(LandlockRules::canonical).noneMatch(real::startsWith)) {
                throw CordonException.usage("The socket directory " + dir + " is not beneath a writable root.",
                        "Give socket directories inside the writable roots.");
            }
            rules.merge(real, handled & LandlockAccess.MAKE_SOCK, (a, b) -> a | b);
        }
        for (Path device : WRITABLE_DEVICES) {
            if (Files.exists(device) && !Files.isDirectory(device)) {
                rules.merge(device, LandlockAccess.DEVICE_WRITE_RIGHTS & handled, (a, b) -> a | b);
            }
        }
        for (Path file : policy.executables()) {
            // one file, read and execute: a rule on a non-directory grants nothing beside it
            Path real = canonical(file);
            if (Files.isRegularFile(real)) {
                rules.merge(real, LandlockAccess.READ_FILE_RIGHTS & handled, (a, b) -> a | b);
            }
        }
        List<LandlockRule> out = new ArrayList<>(rules.size());
        rules.forEach((path, access) -> out.add(new LandlockRule(path, access)));
        return out;
    }

    private static void grantRead(Path entry, Set<Path> hidden, Set<Path> ancestors, long handled,
                                  Map<Path, Long> rules) {
        Path real;
        try {
            real = entry.toRealPath();
        } catch (NoSuchFileException dangling) {
            return; // a dangling symlink, or the entry vanished: nothing to grant
        } catch (IOException e) {
            throw CordonException.internal("Cannot resolve " + entry + " while building the Landlock rules: "
                    + e.getMessage(), e);
        }
        if (ancestors.contains(real) || isWithin(real, hidden)) {
            return; // a symlink back onto the hidden path's ancestry or into it
        }
        long rights = Files.isDirectory(real) ? READ_TREE : LandlockAccess.READ_FILE_RIGHTS;
        rules.merge(real, rights & handled, (a, b) -> a | b);
    }

    private static Path writableRoot(Path root, Set<Path> hidden) {
        Path real = canonical(root);
        if (!Files.isDirectory(real)) {
            throw CordonException.usage("The writable root " + root + " is not an existing directory.",
                    "Create it before running the command, or leave it out of the policy.");
        }
        for (Path h : hidden) {
            if (h.startsWith(real)) {
                throw CordonException.usage("The writable root " + root + " contains the hidden path " + h + ".",
                        "Choose a writable root that does not contain the Cordon state directory.");
            }
        }
        return real;
    }

    private static boolean isWithin(Path path, Collection<Path> roots) {
        for (Path r : roots) {
            if (path.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    /** Drops hidden paths that lie beneath another hidden path: the outer one already hides them. */
    private static Set<Path> outermost(List<Path> paths) {
        Set<Path> out = new TreeSet<>();
        for (Path p : paths) {
            if (paths.stream().noneMatch(q -> !q.equals(p) && p.startsWith(q))) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The absolute path with symlinks resolved as far as it exists; a missing tail is appended as written, so a hidden
     * path that does not exist yet is still hidden once it is created.
     */
    public static Path canonical(Path path) {
        if (!path.isAbsolute()) {
            throw CordonException.usage("Landlock policy paths must be absolute: " + path, "Pass an absolute path.");
        }
        Path normal = path.normalize();
        Path existing = normal;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return normal;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(normal));
        } catch (IOException e) {
            throw CordonException.internal("Cannot resolve " + existing + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> entries(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(out::add);
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return out; // the hidden path's parent does not exist (yet): nothing beneath it to grant
        } catch (java.nio.file.AccessDeniedException unlistable) {
            return out; // e.g. another person's 0700 home around a tree lent to another session: nothing granted (fails closed)
        } catch (IOException e) {
            throw CordonException.internal("Cannot list " + dir + " while building the Landlock rules: "
                    + e.getMessage(), e);
        }
        return out;
    }
}
