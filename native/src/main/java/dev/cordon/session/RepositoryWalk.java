package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.Principal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The walk over a session's writable roots that looks for git's state: breadth first, symlinks never followed,
 * {@code .git} entries reported and never entered, at most a given number of directories (it says when it stopped).
 * Read-only; used when a runner starts ({@link ProtectionSearch}) and when a session ends ({@link PlantedRepositories}).
 * Who owns an entry (git's ownership check) is the platform's answer: {@link Owners}, in Cordon
 * {@code WorkspaceAccess::owner}.
 */
final class RepositoryWalk {
    static final String DOT_GIT = ".git";

    interface Visitor {
        /** A directory reached, a root included; false: do not enter it. */
        boolean directory(Path dir);

        /** A {@code .git} entry (of any type) in {@code worktree}. */
        void dotGit(Path worktree, Path entry, BasicFileAttributes attrs);
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
                    BasicFileAttributes a = lstat(entry);
                    if (a == null) {
                        continue;
                    }
                    if (entry.getFileName().toString().equals(DOT_GIT)) {
                        visitor.dotGit(dir, entry, a);
                    } else if (a.isDirectory()) {
                        queue.addLast(entry);
                    }
                }
            } catch (AccessDeniedException e) {
                // only a file system that refuses root (FUSE without allow_other) does this; it refuses the sandbox too
            } catch (NoSuchFileException e) {
                // removed since it was listed: nothing there to look at
            } catch (IOException e) {
                throw CordonException.internal("Cannot search " + dir + " for git repositories: " + e.getMessage(), e);
            }
        }
        return new Extent(searched, true);
    }

    /**
     * Whether git takes {@code dir} for a git directory: git's own {@code is_git_directory} (setup.c), the one predicate
     * of the walks ({@link ProtectionSearch} at runner start, {@link PlantedRepositories} at session end) and of
     * {@link WorkspaceGuard}'s "inside a git directory" (R40: a regular {@code HEAD} beside {@code objects/} and
     * {@code refs/} missed the other forms git accepts). A valid {@code HEAD} ({@link #validHead}), and {@code objects}
     * and {@code refs} that git can search (a directory, or anything with an execute bit, links followed) in the
     * directory's common directory ({@link #commonDir}: what its {@code commondir} file names, else itself). Git's
     * environment ({@code GIT_OBJECT_DIRECTORY}, {@code GIT_COMMON_DIR}) is the developer's own and not looked at.
     */
    static boolean isGitDirectory(Path dir) {
        if (!validHead(dir.resolve("HEAD"))) {
            return false;
        }
        Path common = commonDir(dir);
        return common != null && searchable(common.resolve("objects")) && searchable(common.resolve("refs"));
    }

    /**
     * Git's {@code validate_headref}: a symlink whose text starts with {@code refs/} (not followed: a dangling one is
     * valid), or a regular file that starts with {@code ref:}, optional white space and {@code refs/}, or with 40 hex
     * digits (a detached {@code HEAD}). Git opens anything else too; a directory or socket fails there, and a FIFO, which
     * would block git (and us), is not read.
     */
    static boolean validHead(Path head) {
        BasicFileAttributes a = lstat(head);
        if (a == null) {
            return false;
        }
        if (a.isSymbolicLink()) {
            try {
                return Files.readSymbolicLink(head).toString().startsWith("refs/");
            } catch (NoSuchFileException gone) {
                return false;
            } catch (IOException e) {
                throw CordonException.internal("Cannot read the link " + head + ": " + e.getMessage(), e);
            }
        }
        if (!a.isRegularFile()) {
            return false;
        }
        byte[] bytes = contents(head, 255, LinkOption.NOFOLLOW_LINKS); // as much as git reads
        if (bytes == null) {
            return false;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.startsWith("ref:") && text.substring(4).stripLeading().startsWith("refs/")) {
            return true;
        }
        return text.length() >= 40 && text.substring(0, 40).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /**
     * Where git looks for a gitdir's {@code objects}, {@code refs} and {@code config}: git's {@code get_common_dir} —
     * the path its {@code commondir} file holds (the whole file less trailing newlines; relative to the gitdir), else
     * the gitdir itself. Null when git could not use the file (not a regular file, empty, larger than a path can be):
     * git stops there, so the gitdir is no repository.
     */
    static Path commonDir(Path gitDir) {
        Path file = gitDir.resolve("commondir");
        if (!Files.exists(file)) {
            return gitDir;
        }
        String text = whole(file, 4096); // longer than a path can be: git's realpath fails
        return text == null || text.isEmpty() ? null : resolve(gitDir, stripTrailingNewlines(text));
    }

    /**
     * The gitdir a {@code .git} file names, as git's {@code read_gitfile_gently} reads it: a regular file (links followed)
     * of at most 1 MiB that starts with {@code gitdir: }; the rest, less trailing newlines, is the path (relative to
     * {@code worktree}, the directory the {@code .git} is in). Null if it names none (git then takes it for no gitfile).
     */
    static Path namedGitDir(Path worktree, Path gitFile) {
        String text = whole(gitFile, 1 << 20);
        if (text == null || !text.startsWith("gitdir: ")) {
            return null;
        }
        String dir = stripTrailingNewlines(text).substring("gitdir: ".length());
        return dir.isEmpty() ? null : resolve(worktree, dir);
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static Path resolve(Path base, String path) {
        try {
            return base.resolve(path);
        } catch (java.nio.file.InvalidPathException e) {
            return null; // a NUL byte: no path the kernel would take either
        }
    }

    /** Whether git's {@code access(path, X_OK)} could pass, links followed: a directory, or anything with an execute bit. */
    private static boolean searchable(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return a.isDirectory() || a.permissions().stream().anyMatch(x -> x.name().endsWith("_EXECUTE"));
        } catch (FileSystemException e) {
            if (nothingThere(e)) {
                return false; // git's access fails the same way
            }
            throw CordonException.internal("Cannot read the attributes of " + p + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read the attributes of " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * At most the first {@code max} bytes of a regular file ({@code nofollow}: the name itself must be one; null: links
     * followed, as git opens it), or null when there is none. Nothing else (a FIFO, which would block) is opened.
     */
    private static byte[] contents(Path file, int max, LinkOption nofollow) {
        try {
            BasicFileAttributes a = nofollow == null ? Files.readAttributes(file, BasicFileAttributes.class)
                    : Files.readAttributes(file, BasicFileAttributes.class, nofollow);
            if (!a.isRegularFile()) {
                return null;
            }
            try (var in = nofollow == null ? Files.newInputStream(file) : Files.newInputStream(file, nofollow)) {
                return in.readNBytes(max);
            }
        } catch (FileSystemException e) {
            if (nothingThere(e)) {
                return null; // git reads nothing there either
            }
            throw CordonException.internal("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The whole of a regular file (links followed) of at most {@code max} bytes, or null (none, or larger). */
    private static String whole(Path file, int max) {
        byte[] bytes = contents(file, max + 1, null);
        return bytes == null || bytes.length > max ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** ENOENT, ENOTDIR or ELOOP on the way: nothing to read there, for git as for us. */
    private static boolean nothingThere(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return e instanceof NoSuchFileException || reason.contains("Not a directory") || reason.contains("symbolic link");
    }

    static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw CordonException.internal("Cannot read the attributes of " + p + ": " + e.getMessage(), e);
        }
    }

    /** The (device, inode) identity of what is at {@code p} itself (a link is not followed), or null if nothing is. */
    static Object inode(Path p) {
        BasicFileAttributes a = lstat(p);
        return a == null ? null : a.fileKey();
    }
}
