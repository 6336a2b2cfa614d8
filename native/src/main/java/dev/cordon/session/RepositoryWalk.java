package dev.cordon.session;

import dev.cordon.core.AgentConfigs;
import dev.cordon.core.CordonException;
import dev.cordon.core.GitDirectory;
import dev.cordon.core.Principal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The walk over a session's writable roots that looks for git's state and the agents' directories: breadth first,
 * symlinks never followed, {@code .git} entries reported and never entered, the agents' directories
 * ({@link #AGENT_CONFIGS}: {@code .codex}, {@code .agents}, …) reported, at most a given number of directories (it
 * says when it stopped).
 * Read-only; used when a runner starts ({@link ProtectionSearch}) and when a session ends ({@link PlantedRepositories}).
 * Who owns an entry (git's ownership check) is the platform's answer: {@link Owners}, in Cordon
 * {@code WorkspaceAccess::owner}.
 */
final class RepositoryWalk {
    static final String DOT_GIT = ".git";
    /** Where agents and editors running as the developer read a project's configuration: {@link AgentConfigs}. */
    static final List<String> AGENT_CONFIGS = AgentConfigs.NAMES;

    /** {@link #AGENT_CONFIGS} as the stop's lines name them: {@code `.codex`, `.agents`, … directories}. */
    static String agentConfigNames() {
        return AgentConfigs.named();
    }

    interface Visitor {
        /** A directory reached, a root included; false: do not enter it. */
        boolean directory(Path dir);

        /** A {@code .git} entry (of any type) in {@code worktree}. */
        void dotGit(Path worktree, Path entry, BasicFileAttributes attrs);

        /** An {@link #AGENT_CONFIGS} entry (of any type) in {@code dir}; a directory is walked on after it. */
        void agentDirectory(Path dir, Path entry, BasicFileAttributes attrs);

        /**
         * {@code path}, a directory reached or an entry in it, could not be looked at ({@code why}); the walk goes on
         * with the rest. By default the walk stops there, throwing.
         */
        default void unsearchable(Path path, String why) {
            throw CordonException.internal("Cannot search " + path + " for git repositories: " + why, null);
        }
    }

    /** Who owns what is at a path itself (a link is not followed). */
    @FunctionalInterface
    interface Owners {
        Principal of(Path path);
    }

    /** How far a walk went. */
    record Extent(int searched, boolean complete) {
    }

    private RepositoryWalk() {
    }

    static Extent walk(List<Path> roots, int maxDirectories, Visitor visitor) {
        Deque<Path> queue = new ArrayDeque<>(roots);
        int searched = 0;
        while (!queue.isEmpty()) {
            if (searched == maxDirectories) {
                return new Extent(searched, false);
            }
            Path dir = queue.removeFirst();
            searched++;
            if (!visitor.directory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    BasicFileAttributes a;
                    try {
                        a = lstat(entry);
                    } catch (CordonException e) {
                        visitor.unsearchable(entry, e.getMessage());
                        continue;
                    }
                    if (a == null) {
                        continue;
                    }
                    String name = entry.getFileName().toString();
                    if (name.equals(DOT_GIT)) {
                        visitor.dotGit(dir, entry, a);
                        continue;
                    }
                    if (AgentConfigs.isNamed(name)) {
                        visitor.agentDirectory(dir, entry, a);
                    }
                    if (a.isDirectory()) {
                        queue.addLast(entry);
                    }
                }
            } catch (AccessDeniedException e) {
                // only a file system that refuses root (FUSE without allow_other) does this; it refuses the sandbox too
            } catch (NoSuchFileException e) {
                // removed since it was listed: nothing there to look at
            } catch (IOException e) {
                visitor.unsearchable(dir, e.getMessage());
            } catch (java.nio.file.DirectoryIteratorException e) {
                visitor.unsearchable(dir, e.getCause().getMessage());
            }
        }
        return new Extent(searched, true);
    }

    /** What {@link #outsideObjects} does where it cannot look. */
    enum Unreadable {
        /**
         * Goes on past what the caller can neither list nor search: its git cannot reach into it either (the walk runs
         * as the session's owner). A directory the caller cannot list but can search (mode {@code 0311}, {@code u=wx})
         * refuses instead (R177): git runs a hook there by its name, and what a link among its entries names could
         * not be looked for.
         */
        SKIP,
        /** Throws the {@code AccessDeniedException}: the walk runs as root, and a denial means something is wrong. */
        FAIL
    }

    /**
     * Every entry beneath {@code dir} (not {@code dir} itself) that is not a directory, links not followed, except in a
     * git directory's object store below {@code dir} ({@link #objectStore}: an {@code objects} directory beside a
     * {@code HEAD}), where git runs nothing and a local clone hard-links every file. Any other directory named
     * {@code objects} is walked like the rest (R176: a skill named {@code objects} in {@code .agents/skills/}, whose
     * links and hard links were passed over). An entry removed while the walk runs is passed over; one that cannot be
     * read is passed over or throws, as {@code unreadable} says; any other I/O error throws.
     */
    static void outsideObjects(Path dir, Unreadable unreadable, java.util.function.BiConsumer<Path, BasicFileAttributes> entry)
            throws IOException {
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                return !d.equals(dir) && objectStore(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                entry.accept(f, a);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                return passOver(f, e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                return e == null ? FileVisitResult.CONTINUE : passOver(d, e);
            }

            private FileVisitResult passOver(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                if (unreadable == Unreadable.SKIP && e instanceof AccessDeniedException) {
                    if (searchable(p)) {
                        throw unlistable(p, dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /**
     * Whether {@code d}, a directory named {@code objects}, is a git directory's object store: beside a {@code HEAD}
     * entry of any type and a {@code refs} directory ({@code .git/objects}, {@code .git/modules/<m>/objects}, a bare repository's {@code objects};
     * git takes no directory without a {@code HEAD} for a git directory). Only there does a local clone hard-link files,
     * and git runs nothing from them. When the look at the {@code HEAD} fails, the directory is walked (the walk then
     * says what it cannot read there).
     */
    static boolean objectStore(Path d) {
        Path parent = d.getParent();
        if (d.getFileName() == null || !d.getFileName().toString().equals("objects") || parent == null) {
            return false;
        }
        try {
            // a HEAD and a refs directory beside it, as git's own test asks (R187: a HEAD alone in .agents/skills/ is no
            // git directory)
            Files.readAttributes(parent.resolve("HEAD"), BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return Files.readAttributes(parent.resolve("refs"), BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (IOException none) {
            return false; // no HEAD or refs (or none to be seen): not git's object store, so walked like any directory
        }
    }

    /**
     * Whether the calling thread may search the directory {@code p} (look up a name in it): {@code lstat} of
     * {@code p/.} succeeds, as git's own lookup of a hook by name would.
     */
    private static boolean searchable(Path p) {
        try {
            return Files.readAttributes(p.resolve("."), BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (IOException e) {
            return false; // neither listed nor searched: git cannot run anything in it either
        }
    }

    /** The refusal of a start on a directory the owner can search but not list (R177). */
    private static CordonException unlistable(Path p, Path walked) {
        return new CordonException(dev.cordon.core.ExitCode.CONFLICT, "The directory " + p + (p.equals(walked) ? ""
                : " (in " + walked + ")") + " cannot be listed by the session's owner, but it can be searched: git runs"
                + " a hook in it by its name, and a symlink among its entries (a hook linked to a script in the workspace)"
                + " would name a file the session's commands could write. What it holds cannot be looked at, so no"
                + " runner was started.", "Make it listable (`chmod u+r " + p + "`, as its owner), or unsearchable too"
                + " (`chmod a-x " + p + "`) if git need not use it, then start the session again.");
    }

    static BasicFileAttributes lstat(Path p) {
        return GitDirectory.lstat(p);
    }

    /** The (device, inode) identity of what is at {@code p} itself (a link is not followed), or null if nothing is. */
    static Object inode(Path p) {
        BasicFileAttributes a = lstat(p);
        return a == null ? null : a.fileKey();
    }
}
