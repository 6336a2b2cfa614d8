package dev.cordon.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether a session's protection still holds (R128). A {@link ProtectedPath} is a read-only bind in the runner's mount
 * namespace, and a bind lives on the name's dentry: when someone outside the session renames another file over that
 * name ({@code git config -f} writes a lock file and renames it; {@code mv x .git}; {@code git pull} rewriting a tracked
 * included config) the kernel drops the bind in every namespace, and the new file, which inherits the workspace's
 * default ACL, is the session's to write. Nothing can re-attach it from outside the runner's namespace here, so:
 * <ul>
 * <li>before each command the host checks every protected path: still a mount point in the runner's view, and still
 * the (device, inode) it was at runner start; a path that is neither refuses the command, naming it and the fix;
 * <li>at session end (and before a new runner starts) every protected path lost (seen so by a check, or another inode
 * at its name now) is reported with what it holds that git runs or follows ({@link GitConfigFile.Entry#runsCommand}):
 * a command already running when the name was replaced could write it in between, which no check before a command
 * sees.
 * </ul>
 */
final class ProtectionHold {
    /** One protected path and the (device, inode) at its name when the runner started (null: nothing was there). */
    record Held(ProtectedPath path, Object identity) {
    }

    /** How the end of a session reads what is at a lost path now (as the session's owner, never blocking). */
    interface Reader {
        byte[] read(Path file) throws IOException;
    }

    private ProtectionHold() {
    }

    /**
     * R142: the directories to pin in the runner's namespace (each bound onto itself, so a mount point there, which a
     * rename or removal in that namespace meets with {@code EBUSY}): every directory strictly between a writable root
     * and a protected path in it, from the outermost root that holds it (R173), but the roots themselves. Otherwise the
     * session renames a parent of a protected path ({@code mv .husky .husky.m}, {@code mv conf conf.m}), the read-only
     * bind moves with it, and the session makes a new one at the old name for the developer's git to run. None at or
     * inside a protected directory (read-only whole: a read-write bind there would undo that), outermost first.
     */
    static List<Path> pinned(List<ProtectedPath> paths, List<Path> writableRoots) {
        java.util.TreeSet<Path> out = new java.util.TreeSet<>(java.util.Comparator.comparingInt(Path::getNameCount)
                .thenComparing(Path::toString));
        for (ProtectedPath p : paths) {
            // from the outermost root: a nested root moves with its parent as any directory does (R173)
            Path root = writableRoots.stream().filter(r -> p.path().startsWith(r) && !p.path().equals(r))
                    .min(java.util.Comparator.comparingInt(Path::getNameCount)).orElse(null);
            if (root == null) {
                continue; // outside every writable root: read-only there already, and nothing in it can be renamed
            }
            for (Path a = p.path().getParent(); a != null && a.startsWith(root) && !a.equals(root); a = a.getParent()) {
                Path dir = a;
                if (!writableRoots.contains(dir) && paths.stream().noneMatch(q -> q.directory() && dir.startsWith(q.path()))) {
                    out.add(dir); // a nested root is a mount point already
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * R143, R150: a protected file must have no other name. A read-only bind covers a name, not the inode: through a
     * hard link made before (by an earlier session, in the same tree) the session's commands write the protected file —
     * a protected file, or one inside a protected directory (a hook in {@code core.hooksPath}, a git directory's
     * config). {@code filesIn} lists the regular files inside a protected directory (not in an object store: a local
     * clone hard-links objects, and git runs nothing from them); {@code links} counts a file's names. One with more
     * than one refuses the start, naming it and the fix.
     */
    static void requireOneName(List<ProtectedPath> paths, java.util.function.ToIntFunction<Path> links,
                               Function<Path, List<Path>> filesIn) {
        for (ProtectedPath p : paths) {
            for (Path file : p.directory() ? filesIn.apply(p.path()) : List.of(p.path())) {
                int n = links.applyAsInt(file);
                if (n > 1) {
                    throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.CONFLICT, file + " (" + (file
                            .equals(p.path()) ? p.what() : "in " + p.path() + ", " + p.what()) + ") has " + n + " hard"
                            + " links: the session's commands could write it through another of its names while it is"
                            + " protected, so no runner was started.", "Remove its other names (`find <the workspace>"
                            + " -samefile " + file + "` lists them), or copy it over itself (`cp --remove-destination`),"
                            + " then start the session again.");
                }
            }
        }
    }

    /**
     * The regular files in {@code dir}, not following symlinks, but none in a git directory's object store (an
     * {@code objects} beside a {@code HEAD}: {@link RepositoryWalk#objectStore}); any other {@code objects} directory's
     * are counted (R176: a skill named {@code objects}).
     */
    static List<Path> filesOutsideObjects(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            RepositoryWalk.outsideObjects(dir, RepositoryWalk.Unreadable.FAIL, (f, a) -> {
                if (a.isRegularFile()) {
                    out.add(f);
                }
            });
        } catch (java.io.IOException e) {
            throw dev.cordon.core.CordonException.internal("Cannot list the files of the protected " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** What is at each protected path now, by {@code identity} ((device, inode) of the name itself, null if nothing). */
    static List<Held> record(List<ProtectedPath> paths, Function<Path, Object> identity) {
        List<Held> held = new ArrayList<>();
        for (ProtectedPath p : paths) {
            held.add(new Held(p, identity.apply(p.path())));
        }
        return List.copyOf(held);
    }

    /**
     * The protected paths whose protection is gone: another (device, inode) at the name than at runner start, nothing
     * there (where one was recorded: a platform without file keys records none), or — where the runner's mount points are known ({@code mountPoints} not empty) — no mount at the name in the
     * runner's view (a bind dropped although an inode number was reused, or a directory moved away and another made).
     */
    static List<ProtectedPath> lost(List<Held> held, Function<Path, Object> identity, Optional<Set<Path>> mountPoints) {
        List<ProtectedPath> lost = new ArrayList<>();
        for (Held h : held) {
            Object now = identity.apply(h.path().path());
            boolean unmounted = mountPoints.isPresent() && !mountPoints.get().contains(h.path().path());
            // no identity recorded: the platform gives none (Windows' fileKey), so only the mounts can tell
            boolean replaced = h.identity() != null && !Objects.equals(now, h.identity());
            if (replaced || unmounted) {
                lost.add(h.path());
            }
        }
        return List.copyOf(lost);
    }

    /** The refusal of a command in a session whose protection of {@code lost} is gone. */
    static String refusal(String sessionId, List<ProtectedPath> lost) {
        return "Session " + sessionId + " runs no more commands: its read-only protection of " + names(lost) + " is gone,"
                + " because something outside the session replaced " + (lost.size() == 1 ? "it" : "them") + " by name (a"
                + " rename over it, as `git config -f`, `git pull` or `mv` do; the kernel then drops the protection), and"
                + " the session's commands could write what is there now.";
    }

    /** The fix for {@link #refusal}. */
    static String fix(String sessionId) {
        return "Stop the session (`cordon session stop " + sessionId + "`: it reports what git would run from those"
                + " files), check them, and start a new session: it protects the files now at those names.";
    }

    private static String names(List<ProtectedPath> paths) {
        List<String> names = new ArrayList<>();
        paths.forEach(p -> names.add(p.path() + " (" + p.what() + ")"));
        return String.join(", ", names);
    }

    /**
     * One line for the stop report about a lost protected path: that it was replaced during the session, and what git
     * runs or follows from what is there now (read with {@code reader}; a symlink is named, not followed).
     */
    static String report(ProtectedPath p, Reader reader) {
        return "the protected " + p.path() + " (" + p.what() + ") was replaced during the session (renamed over or moved from outside"
                + " it): from then on its read-only protection was gone and the session's commands could write it; "
                + now(p, reader) + ". Check it before running git there";
    }

    /**
     * One line for the stop report about a protected path whose protection cannot be told to have held to the end (R141:
     * the session's runner ended before the last look at its mounts, and an inode number is reused at once), with what
     * git runs or follows from what is there now.
     */
    static String unverified(ProtectedPath p, Reader reader) {
        return "the protected " + p.path() + " (" + p.what() + ") could not be checked to the end of the session (its"
                + " runner ended before the session was stopped): it may have been replaced and written by the session's"
                + " commands; " + now(p, reader) + ". Check it before running git there";
    }

    private static String now(ProtectedPath p, Reader reader) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return "nothing is at that name now";
        } catch (IOException e) {
            return "COULD NOT look at it (" + e.getMessage() + ")";
        }
        if (a.isSymbolicLink()) {
            try {
                return "it is now a symlink to " + Files.readSymbolicLink(p.path()) + " (git follows it; not looked at)";
            } catch (IOException e) {
                return "it is now a symlink (COULD NOT read it: " + e.getMessage() + ")";
            }
        }
        if (a.isDirectory()) {
            List<String> said = new ArrayList<>();
            for (String name : List.of("config", "config.worktree")) {
                Path config = p.path().resolve(name);
                if (Files.exists(config, LinkOption.NOFOLLOW_LINKS)) {
                    said.add("its " + name + " " + configNow(config, reader));
                }
            }
            said.add("look at its hooks too");
            return String.join("; ", said);
        }
        if (!a.isRegularFile()) {
            return "it is now neither a file nor a directory";
        }
        return "it " + configNow(p.path(), reader);
    }

    /** "holds …" / "holds no …" / "names gitdir: …" / "is not a git config …" for one regular file. */
    private static String configNow(Path file, Reader reader) {
        byte[] content;
        try {
            content = reader.read(file);
        } catch (IOException e) {
            return "COULD NOT be read (" + e.getMessage() + ")";
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("gitdir:")) {
            return "names " + text.lines().findFirst().orElse("").strip();
        }
        try {
            List<String> keys = commandKeys(content);
            return keys.isEmpty() ? "holds none of the git keys Cordon knows to run a command or read another file"
                    + " (a list that cannot be complete: read the file whole)"
                    : "holds git keys that run a command or read another file: " + String.join(", ", keys);
        } catch (GitConfigFile.BadLine bad) {
            return "is not a git config git reads (" + bad.getMessage() + ")";
        }
    }

    /** Each entry of a config that git runs or follows ({@link GitConfigFile.Entry#runsCommand}): "key = value (line n)". */
    static List<String> commandKeys(byte[] config) throws GitConfigFile.BadLine {
        List<String> keys = new ArrayList<>();
        for (GitConfigFile.Entry e : GitConfigFile.parse(config)) {
            if (e.runsCommand()) {
                keys.add(e.key() + " = " + (e.value() == null ? "(no value)" : e.value()) + " (line " + e.line() + ")");
            }
        }
        return keys;
    }
}
