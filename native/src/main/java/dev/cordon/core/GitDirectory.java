package dev.cordon.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * What git takes for a git directory, and what a {@code .git} file or a {@code commondir} names: git's own logic
 * (setup.c of git 2.39), in one place for every part of Cordon that must agree with git — the session's repository
 * walks and workspace guard above the platform seam, the hand-back of a lent tree below it (R40, R48). Read-only; no
 * file that is not a regular file is opened (a FIFO would block).
 */
public final class GitDirectory {
    /** The largest {@code HEAD} read ({@link #validHead}). */
    static final int HEAD_BOUND = 4096;

    /**
     * How the small files git reads to find a repository ({@code HEAD}, {@code commondir}, a {@code .git} file) are
     * read: a regular file of at most {@code maxBytes} (else an {@code IOException}; {@code NoSuchFileException} when
     * nothing is there), links followed as git follows them, never opening a FIFO or a device, on the calling thread.
     * The host's: the platform's {@code WorkspaceAccess::readRegularFile} (Linux: {@code RegularFileRead}, an
     * {@code O_PATH} look, then a symlink-free {@code O_NONBLOCK} open of the same regular inode). Never a read by path
     * after a look: a sandbox sharing the root could swap a FIFO in between and block the host's thread on its open.
     * {@link #READ_HERE} is for tests.
     */
    @FunctionalInterface
    public interface RegularFiles {
        byte[] read(Path file, int maxBytes) throws IOException;

        /**
         * The attributes of what is at {@code p}, links followed, as git's {@code access(p, X_OK)} meets it ({@link
         * #searchable}); {@code NoSuchFileException} (or another {@code FileSystemException}) when it cannot be reached.
         * By default as the calling thread ({@link #STAT_HERE}: in the host, root's look unless inside an {@code
         * asCaller}); {@link #withAttributes} gives a reader that looks another way (as the caller, say).
         */
        default PosixFileAttributes attributes(Path p) throws IOException {
            return STAT_HERE.of(p);
        }

        /** This reader's {@link #read}, with {@code stat} for {@link #attributes}. */
        default RegularFiles withAttributes(Attributes stat) {
            RegularFiles reader = this;
            return new RegularFiles() {
                @Override
                public byte[] read(Path file, int maxBytes) throws IOException {
                    return reader.read(file, maxBytes);
                }

                @Override
                public PosixFileAttributes attributes(Path p) throws IOException {
                    return stat.of(p);
                }
            };
        }
    }

    /** How the attributes of a path (links followed) are looked up: {@link RegularFiles#attributes}. */
    @FunctionalInterface
    public interface Attributes {
        PosixFileAttributes of(Path p) throws IOException;
    }

    /** As the calling thread, by path, links followed: the default of {@link RegularFiles#attributes}. */
    public static final Attributes STAT_HERE = p -> Files.readAttributes(p, PosixFileAttributes.class);

    /**
     * A three-valued answer of git's predicates as far as they could be told: {@code YES}, {@code NO}, or {@code
     * UNKNOWN} with {@link #why} (what could not be read, and the error: an errno other than ENOENT, ENOTDIR, ELOOP —
     * ENAMETOOLONG through a symlink to an overlong name, EACCES as a caller, EIO). Each caller chooses the safe side
     * for UNKNOWN: the hand-back and the walk at session end make the directory inert; runner start refuses.
     */
    public record Answer(Kind kind, String why) {
        public enum Kind { YES, NO, UNKNOWN }

        public static final Answer YES = new Answer(Kind.YES, null);
        public static final Answer NO = new Answer(Kind.NO, null);

        public static Answer unknown(String why) {
            return new Answer(Kind.UNKNOWN, why);
        }

        static Answer of(boolean yes) {
            return yes ? YES : NO;
        }

        public boolean yes() {
            return kind == Kind.YES;
        }

        public boolean no() {
            return kind == Kind.NO;
        }

        public boolean unknown() {
            return kind == Kind.UNKNOWN;
        }
    }

    /**
     * For tests: reads as this process by path, a FIFO or device refused by looking first — racy (a FIFO swapped in
     * between blocks the reading thread): not for the host.
     */
    public static final RegularFiles READ_HERE = (f, max) -> {
        if (!Files.isRegularFile(f)) {
            if (Files.exists(f)) {
                throw new IOException(f + " is not a regular file");
            }
            throw new NoSuchFileException(f.toString());
        }
        try (var in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new IOException(f + " is larger than " + max + " bytes");
            }
            return b;
        }
    };

    private GitDirectory() {
    }

    /**
     * Whether git takes {@code dir} for a git directory: git's own {@code is_git_directory} (setup.c), the one predicate
     * of the walks ({@code session.ProtectionSearch} at runner start, {@code session.PlantedRepositories} at session
     * end), of {@code session.WorkspaceGuard}'s "inside a git directory" (R40: a regular {@code HEAD} beside
     * {@code objects/} and {@code refs/} missed the other forms git accepts) and of the hand-back's check of the
     * directories it gives back (R48). A valid {@code HEAD} ({@link #validHead}), and {@code objects}
     * and {@code refs} that git can search (a directory, or anything with an execute bit, links followed) in the
     * directory's common directory ({@link #commonDir}: what its {@code commondir} file names, else itself). Git's
     * environment ({@code GIT_OBJECT_DIRECTORY}, {@code GIT_COMMON_DIR}) is the developer's own and not looked at.
     * {@code files} reads {@code HEAD} and {@code commondir}.
     */
    public static boolean isGitDirectory(Path dir, RegularFiles files) {
        Answer a = gitDirectory(dir, files);
        if (a.unknown()) {
            throw CordonException.internal(a.why(), null);
        }
        return a.yes();
    }

    /**
     * {@link #isGitDirectory}, three-valued: {@code UNKNOWN} (with why) when {@code objects} or {@code refs} could not
     * be looked at ({@link #searchable}). {@code HEAD} and {@code commondir} are read with {@code files}, {@code objects}
     * and {@code refs} looked at with its {@link RegularFiles#attributes}.
     */
    public static Answer gitDirectory(Path dir, RegularFiles files) {
        if (!validHead(dir.resolve("HEAD"), files)) {
            return Answer.NO;
        }
        Path common;
        try {
            common = commonDir(dir, files);
        } catch (CordonException unjudged) {
            return Answer.unknown(unjudged.getMessage());
        }
        if (common == null) {
            return Answer.NO;
        }
        Answer objects = searchable(common.resolve("objects"), files);
        if (objects.no()) {
            return objects;
        }
        Answer refs = searchable(common.resolve("refs"), files);
        return refs.no() || objects.yes() ? refs : objects;
    }

    /**
     * Git's {@code validate_headref}: a symlink whose text starts with {@code refs/} (not followed: a dangling one is
     * valid), or a regular file that starts with {@code ref:}, optional white space and {@code refs/}, or with 40 hex
     * digits (a detached {@code HEAD}). Git opens anything else too; a directory or socket fails there, and a FIFO, which
     * would block git (and us), is not read. A regular {@code HEAD} larger than {@link #HEAD_BOUND} (git reads its first
     * 255 bytes whatever its size; nobody's git writes one) is taken for valid without being read: what decides on it
     * then errs on the side of a repository (protected, neutralized, refused as a workspace's ancestor).
     */
    public static boolean validHead(Path head, RegularFiles files) {
        BasicFileAttributes a = lstat(head);
        if (a == null) {
            return false;
        }
        if (a.isSymbolicLink()) {
            try {
                return Files.readSymbolicLink(head).toString().startsWith("refs/");
            } catch (NoSuchFileException | java.nio.file.NotLinkException replaced) {
                return false; // gone, or no longer a link (a sandbox sharing the root swapped it): nothing git reads now
            } catch (IOException e) {
                throw CordonException.internal("Cannot read the link " + head + ": " + e.getMessage(), e);
            }
        }
        if (!a.isRegularFile()) {
            return false;
        }
        if (a.size() > HEAD_BOUND) {
            return true;
        }
        byte[] bytes = contents(head, HEAD_BOUND, files);
        if (bytes == null) {
            return false;
        }
        bytes = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 255)); // as much as git reads
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.startsWith("ref:") && text.substring(4).stripLeading().startsWith("refs/")) {
            return true;
        }
        return text.length() >= 40 && text.substring(0, 40).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /**
     * Where git looks for a gitdir's {@code objects}, {@code refs} and {@code config}: git's {@code get_common_dir} —
     * the path its {@code commondir} file holds (the whole file less trailing newlines, up to a NUL byte as C reads it;
     * relative to the gitdir), else the gitdir itself. Null when git could not use the file (not a regular file, empty,
     * larger than a path can be): git stops there, so the gitdir is no repository.
     */
    public static Path commonDir(Path gitDir, RegularFiles files) {
        Path file = gitDir.resolve("commondir");
        if (!Files.exists(file)) {
            return gitDir;
        }
        // git reads it whole and resolves it name by name (Z1: `././…/../..` past 4096 bytes is a path to git)
        String text = whole(file, COMMONDIR_BOUND, files);
        if (text == null && largerThan(file, COMMONDIR_BOUND, files)) {
            throw CordonException.usage("The commondir file " + file + " is larger than " + COMMONDIR_BOUND + " bytes: git"
                    + " reads it whole, Cordon does not, so where git finds that repository's config and hooks cannot be"
                    + " checked.", "Write the common directory's path in it (`git worktree repair` in that worktree).");
        }
        return text == null || text.isEmpty() ? null : resolve(gitDir, FileNames.upToNul(stripTrailingNewlines(text)));
    }

    /** The largest {@code commondir} read ({@link #commonDir}); a larger one is refused, never taken for none. */
    static final int COMMONDIR_BOUND = 1 << 20;

    /** Whether {@code file} is a regular file (links followed) larger than {@code max}, as {@code files} looks at it. */
    private static boolean largerThan(Path file, int max, RegularFiles files) {
        try {
            PosixFileAttributes a = files.attributes(file);
            return a.isRegularFile() && a.size() > max;
        } catch (IOException e) {
            return false; // nothing to read there: git reads nothing either
        }
    }

    /**
     * The gitdir a {@code .git} file names, as git's {@code read_gitfile_gently} reads it: a regular file (links followed)
     * of at most 1 MiB that starts with {@code gitdir: }; the rest, less trailing newlines and up to a NUL byte, is the
     * path (relative to {@code worktree}, the directory the {@code .git} is in). Null if it names none (git then takes
     * it for no gitfile).
     */
    public static Path namedGitDir(Path worktree, Path gitFile, RegularFiles files) {
        String text = whole(gitFile, 1 << 20, files);
        if (text == null || !text.startsWith("gitdir: ")) {
            return null;
        }
        String dir = FileNames.upToNul(stripTrailingNewlines(text).substring("gitdir: ".length()));
        return dir.isEmpty() ? null : resolve(worktree, dir); // "gitdir: " alone, or a NUL first: git finds no repository
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * {@code path} (up to a NUL byte, as git takes it) against {@code base}. One this JVM cannot take (a name that is not
     * ASCII when file names are not decoded as UTF-8) is refused, never taken for "none": git goes there (Y10, Y11).
     */
    private static Path resolve(Path base, String path) {
        try {
            return base.resolve(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw FileNames.notDecodable(path, e);
        }
    }

    /**
     * Whether git's {@code access(path, X_OK)} could pass, links followed: a directory, or anything with an execute bit;
     * looked at with {@code files}' {@link RegularFiles#attributes}. NO when nothing is there (ENOENT, ENOTDIR, ELOOP:
     * git's {@code access} fails the same way), UNKNOWN on any other failure (it says which): whoever's look failed,
     * git's may not.
     */
    public static Answer searchable(Path p, RegularFiles files) {
        try {
            PosixFileAttributes a = files.attributes(p);
            return Answer.of(a.isDirectory() || a.permissions().stream().anyMatch(x -> x.name().endsWith("_EXECUTE")));
        } catch (FileSystemException e) {
            if (nothingThere(e)) {
                return Answer.NO; // git's access fails the same way
            }
            return Answer.unknown("Cannot read the attributes of " + p + ": " + reason(e));
        } catch (IOException e) {
            return Answer.unknown("Cannot read the attributes of " + p + ": " + e.getMessage());
        }
    }

    /**
     * Why a look failed, in words: a {@code FileSystemException}'s message is often only its path (an {@code
     * AccessDeniedException} made from EACCES carries no reason).
     */
    public static String reason(FileSystemException e) {
        if (e.getReason() != null) {
            return e.getReason();
        }
        return e instanceof AccessDeniedException ? "Permission denied" : e.getClass().getSimpleName();
    }

    /**
     * The whole of a regular file of at most {@code max} bytes (links followed, as git opens it), read with
     * {@code files}; null when there is none, when it is larger, or when it is no regular file (a FIFO, socket, device,
     * directory) or was replaced by one while it was read: git reads nothing usable there either, and nothing waits.
     */
    private static byte[] contents(Path file, int max, RegularFiles files) {
        try {
            return files.read(file, max);
        } catch (IOException e) {
            return null; // none there, not a regular file, larger than max, or replaced while read
        }
    }

    /** The whole of a regular file (links followed) of at most {@code max} bytes, or null (none, or larger). */
    private static String whole(Path file, int max, RegularFiles files) {
        byte[] bytes = contents(file, max, files);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether a look failed because nothing is there, for git as for us: ENOENT, ENOTDIR or ELOOP on the way. */
    public static boolean nothingThere(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return e instanceof NoSuchFileException || reason.contains("Not a directory") || reason.contains("symbolic link");
    }

    /**
     * The name an entry that makes a planted repository ({@code HEAD}, a {@code .git}) is renamed to at session end, so
     * that git no longer finds it: {@code NAME.cordon-planted-<session>}.
     */
    public static String plantedName(String name, String sessionId) {
        return name + ".cordon-planted-" + sessionId;
    }

    /**
     * {@link #plantedName} with a random suffix ({@code NAME.cordon-planted-<session>-<hex>}), for when that name is
     * taken: the sandbox knows its session's id ({@code CORDON_SESSION}) and may take the plain name first, which would
     * leave what it planted in place (R175), but it cannot take a name of 63 random bits.
     */
    public static String randomPlantedName(String name, String sessionId) {
        return plantedName(name, sessionId) + "-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** What the session's stop says of a directory that became a git directory during the session. */
    public static String madeDuringSession(Path dir) {
        return "a git directory made of " + dir + " during the session";
    }

    /**
     * The entry of {@code dir} that, beside a valid {@code HEAD} ({@link #validHead}), leads git's judgement out of
     * {@code dir}'s own entries: a {@code commondir} (of any type, R54), else an {@code objects} or {@code refs} that is
     * a symlink (R56); null when there is none (then {@link #gitDirectory} looks at nothing but {@code dir}'s own
     * entries). Whether git takes such a directory for a git directory depends on what lies at the far end, which may be
     * anywhere, beyond the rights of the sandbox and of the member whose session it is: the walks at session end run as
     * root, so they must neither decide nor word their report by it. Such a directory is made inert whatever the entry
     * leads to, and reported as {@link #besideEntry}. Only {@code dir}'s own entries are looked at; no link is followed.
     */
    public static String headBeside(Path dir, RegularFiles files) {
        String entry = lstat(dir.resolve("commondir")) != null ? "commondir"
                : isLink(dir.resolve("objects")) ? "objects" : isLink(dir.resolve("refs")) ? "refs" : null;
        return entry != null && validHead(dir.resolve("HEAD"), files) ? entry : null;
    }

    private static boolean isLink(Path p) {
        BasicFileAttributes a = lstat(p);
        return a != null && a.isSymbolicLink();
    }

    /**
     * What the session's stop says of a directory {@link #headBeside} names {@code entry} of: the same whatever it leads
     * to (R54's wording for a {@code commondir}).
     */
    public static String besideEntry(Path dir, String entry) {
        return entry.equals("commondir")
                ? "a HEAD in " + dir + " beside a commondir (git may take it for a git directory; what the commondir names"
                        + " is not looked at)"
                : "a HEAD in " + dir + " beside a symlink " + entry + " (git may take it for a git directory; where the"
                        + " symlink leads is not looked at)";
    }

    /**
     * What the session's stop says of a directory it could not judge ({@link #gitDirectory} said UNKNOWN, or a look at
     * its own entries failed: {@code why}), made inert on the safe side.
     */
    public static String unjudged(Path dir, String why) {
        return "a directory " + dir + " git may take for a git directory (could not tell: " + why + ")";
    }

    /** What the session's stop says when {@code entry}, which made {@code what} a repository, was renamed to {@code newName}. */
    public static String renamed(String what, Path entry, String newName) {
        return what + ": renamed " + entry + " to " + newName + " so that git no longer finds it";
    }

    /** What is at {@code p} itself (a link is not followed), or null if nothing is. */
    public static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw CordonException.internal("Cannot read the attributes of " + p + ": " + e.getMessage(), e);
        }
    }
}
