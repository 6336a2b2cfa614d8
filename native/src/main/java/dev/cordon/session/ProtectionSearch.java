package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.FileNames;
import dev.cordon.core.GitDirectory;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds, when a runner starts, what of git's state (and the agents' {@code .codex}/{@code .agents}) in a session's
 * writable roots its commands may not change, and which worktrees git should trust for them:
 * <ul>
 * <li>every {@code .git} in the roots, at any depth the search reaches: a directory is protected whole; a {@code .git}
 * file (worktree, submodule, {@code --separate-git-dir}) is protected itself, and so are the gitdir it names and that
 * gitdir's {@code commondir} when they lie in a writable root (elsewhere Landlock keeps them read-only already); a
 * {@code .git} symlink's target likewise (the link itself can be replaced: what replaces it is a new {@code .git});
 * <li>the repository enclosing each root (a workspace that is a subdirectory of a repository): its gitdir parts that
 * lie in a writable root;
 * <li>every other git directory the search reaches (a bare repository such as {@code backup.git}: pushing to it
 * runs its hooks), protected whole;
 * <li>what a found repository's own config makes git read or run from a writable root: files it includes, a
 * {@code core.hooksPath} directory, whatever condition guards their include (see {@link #repositoryConfig});
 * <li>every {@code .codex} and {@code .agents} in the roots, a symlink's target directory too, and what links in
 * them name.
 * </ul>
 * A {@code .git} owned by a sandbox account is the sandbox's own (made in an earlier run of the session): git refuses it
 * to everyone else by its ownership check, so it is left writable. The search does not follow symlinks and does not
 * enter {@code .git} directories (protected whole); it stops after {@link #MAX_DIRECTORIES} directories and says so.
 *
 * <p>The walk lists the roots' entries as the host; everything the search learns beyond an entry's own name and kind —
 * following a {@code .git} symlink, reading a {@code .git} file, a {@code HEAD}, a {@code commondir} or a config,
 * looking at {@code objects} and {@code refs} and at the paths those name — it learns as the session's owner
 * ({@link AsOwner}: a member's own rights; root's sessions root's), so that what it does (protect, refuse, leave
 * writable) tells a member nothing it could not learn itself (R57, R58: a member's {@code objects} symlink, {@code .git}
 * file or {@code commondir} naming a root-only path was judged as root). What the owner cannot look at is what the
 * owner's git cannot use either: a {@code .git} symlink or file naming it names no repository (the {@code .git} file is
 * protected itself all the same); a directory with a {@code HEAD} whose {@code objects} or {@code refs} cannot be told
 * ({@link GitDirectory.Answer#unknown}) is protected whole, as a repository would be, saying why.
 */
final class ProtectionSearch {
    /** The bound of the search for nested repositories, over all roots of a session. */
    static final int MAX_DIRECTORIES = 100_000;
    private static final String DOT_GIT = RepositoryWalk.DOT_GIT;
    private static final Path PROC = Path.of("/proc");
    /** Git's own bound on nested includes ({@code MAX_INCLUDE_DEPTH}): deeper, git refuses the config. */
    static final int MAX_INCLUDE_DEPTH = 10;
    /** The largest config file the search reads. */
    static final int MAX_CONFIG_BYTES = 1 << 20;
    /** The most config files (repositories' own and included) one search reads. */
    static final int MAX_CONFIG_FILES = 10_000;
    /** How many hooks paths, worktrees, includes and the like the configs may give in all, counted with every check (G2). */
    static final int MAX_CONFIG_ENTRIES = 100_000;
    /** The most bytes of config files one search parses, each file once (G2c: many names of one large file). */
    static final long MAX_CONFIG_READ = 16L << 20;
    /**
     * The most hooks paths one search judges, each relative one counted once per base it is taken from (X1: N relative
     * hooks paths and N {@code core.worktree}s are N × N directories, within {@link #MAX_CONFIG_ENTRIES}).
     */
    static final int MAX_HOOKS_PATHS = 10_000;
    /** The most names (path components) of those paths one search resolves, in all (Z4: long paths, each resolved). */
    static final int MAX_PATH_NAMES = 1_000_000;
    /** The longest path the kernel resolves ({@code PATH_MAX}): a config path as long is one git fails on. */
    static final int PATH_MAX = 4096;

    /**
     * What a runner start saw of the developer's own, by which the stop tells it from what the session planted
     * ({@link PlantedRepositories}): a {@link GitEntry} or an {@link AgentEntry}.
     */
    sealed interface Known permits GitEntry, AgentEntry {
    }

    /** A {@code .git} entry or git directory, by its identity (device, inode: a file key), wherever it is now. */
    record GitEntry(Object inode) implements Known {
    }

    /**
     * A {@code .codex} or {@code .agents} seen at runner start, by where it was and what it was: a link the session moves
     * elsewhere keeps its inode but names something else there (R178), so the stop judges it by both.
     */
    record AgentEntry(Path path, Object inode) implements Known {
    }

    /** What a search found: the protection, and what it saw of the developer's own ({@link Known}). */
    record Found(Protection protection, Set<Known> known) {
    }

    private final List<Path> roots;
    private final Set<Principal> sandboxIds;
    private final TreeMap<Path, ProtectedPath> found = new TreeMap<>();
    private final Set<Path> safeDirectories = new LinkedHashSet<>();
    private final Set<Known> known = new HashSet<>();
    /** Git directories reached through a worktree's {@code .git} (or a bare repository): their worktree is placed. */
    private final Set<Path> placedGitDirs = new HashSet<>();
    /** Relative hooks paths of worktrees not placed when read: judged at the end ({@link #requirePlaced}). */
    private final List<Unplaced> unplaced = new ArrayList<>();
    private final Set<Path> gitDirectories = new LinkedHashSet<>();
    /**
     * (worktree, config file) pairs read, with what each gives by itself and what it includes: a relative hooks path in a
     * shared config is each worktree's own (R172), and every check of a worktree follows what a file gives, read first for
     * another check or not (D5).
     */
    private final Map<List<Path>, ConfigFileRead> configsRead = new HashMap<>();
    /** Config files read and parsed, by path, whichever worktree's check met them first. */
    private final Map<Path, ParsedConfig> configsParsed = new HashMap<>();
    /** (worktree, config file) pairs whose unconditional includes hold no cycle ({@link #requireNoIncludeCycle}). */
    private final Set<List<Path>> withoutIncludeCycle = new HashSet<>();
    /** Entries and includes taken so far, bounded by {@link #MAX_CONFIG_ENTRIES}. */
    private long configEntries;
    /** Bytes of config files parsed so far, bounded by {@link #MAX_CONFIG_READ}. */
    private long configBytes;
    /** Hooks paths and worktrees expanded so far, bounded by {@link #MAX_HOOKS_PATHS}. */
    private long hooksPathsExpanded;
    /** Their names, bounded by {@link #MAX_PATH_NAMES}. */
    private long pathNames;
    /** Directories whose links' targets were protected ({@link #protectLinkTargets}). */
    private final Set<Path> linkTargetsWalked = new HashSet<>();
    /** How deep directory links lead on from a protected directory before the search refuses. */
    static final int MAX_LINK_DEPTH = 8;
    /** Common directories whose every worktree's config was read ({@link #everyWorktree}). */
    private final Set<Path> commonDirsRead = new HashSet<>();
    private final ConfigReader reader;
    /** How {@code HEAD}, {@code commondir} and {@code .git} files are read ({@link GitDirectory.RegularFiles}). */
    private final GitDirectory.RegularFiles files;

    /** How what lies beyond the walk's entries is looked at: as the session's owner. */
    private final AsOwner asOwner;

    /** Every local account, for {@code ~/} in a repository's config: git expands it to the home of who runs git. */
    private final List<Account> accounts;
    private final RepositoryWalk.Owners owners;

    private ProtectionSearch(List<Path> roots, Set<Principal> sandboxIds, List<Account> accounts,
                             RepositoryWalk.Owners owners, ConfigReader reader, GitDirectory.RegularFiles files,
                             AsOwner asOwner) {
        this.owners = owners;
        this.asOwner = asOwner;
        this.reader = reader;
        this.files = files;
        this.roots = List.copyOf(roots);
        this.sandboxIds = Set.copyOf(sandboxIds);
        this.accounts = List.copyOf(accounts);
    }

    /**
     * Without accounts: a {@code ~/} in a repository's config is taken as a relative path.
     *
     * @param roots the session's writable roots, absolute and symlink-free (as {@link WorkspaceGuard} returns them)
     */
    static Found search(List<Path> roots, Set<Principal> sandboxIds, RepositoryWalk.Owners owners) {
        return search(roots, sandboxIds, MAX_DIRECTORIES, List.of(), owners, ProtectionSearch::readConfigHere);
    }

    /**
     * @param accounts every local account (the platform's {@code Accounts.users()})
     * @param owners   who owns an entry (the platform's {@code WorkspaceAccess::owner})
     * @param reader   how the repositories' config files are read: as the session's lender ({@link #readConfig})
     */
    static Found search(List<Path> roots, Set<Principal> sandboxIds, int maxDirectories, List<Account> accounts,
                        RepositoryWalk.Owners owners, ConfigReader reader) {
        return search(roots, sandboxIds, maxDirectories, accounts, owners, reader, GitDirectory.READ_HERE);
    }

    /**
     * As above; {@code files} reads {@code HEAD}, {@code commondir} and {@code .git} files as the host (the platform's
     * {@code WorkspaceAccess::readRegularFile}: a FIFO a sandbox sharing a root swaps in blocks nothing).
     */
    static Found search(List<Path> roots, Set<Principal> sandboxIds, int maxDirectories, List<Account> accounts,
                        RepositoryWalk.Owners owners, ConfigReader reader, GitDirectory.RegularFiles files) {
        return search(roots, sandboxIds, maxDirectories, accounts, owners, reader, files, AsOwner.HOST);
    }

    /**
     * As above, looking beyond the walk's entries with {@code asOwner} (the host: {@code WorkspaceAccess.asCaller} for a
     * member's session, {@link AsOwner#HOST} for root's). {@code reader} and {@code files} are then called inside it
     * (on its thread), so they read as the calling thread.
     */
    static Found search(List<Path> roots, Set<Principal> sandboxIds, int maxDirectories, List<Account> accounts,
                        RepositoryWalk.Owners owners, ConfigReader reader, GitDirectory.RegularFiles files, AsOwner asOwner) {
        FileNames.requireUtf8(); // Y10, Y11: else every path that is not ASCII is lost to the search
        return new ProtectionSearch(roots, sandboxIds, accounts, owners, reader, files, asOwner).run(maxDirectories);
    }

    static Protection find(List<Path> roots, Set<Principal> sandboxIds, RepositoryWalk.Owners owners) {
        return search(roots, sandboxIds, owners).protection();
    }

    static Protection find(List<Path> roots, Set<Principal> sandboxIds, int maxDirectories, RepositoryWalk.Owners owners) {
        return search(roots, sandboxIds, maxDirectories, List.of(), owners, ProtectionSearch::readConfigHere).protection();
    }

    private Found run(int maxDirectories) {
        for (Path root : roots) {
            safeDirectories.add(root);
            enclosingRepository(root);
        }
        RepositoryWalk.Extent extent = RepositoryWalk.walk(roots, maxDirectories, new RepositoryWalk.Visitor() {
            @Override
            public boolean directory(Path dir) {
                return roots.contains(dir) || !otherGitDirectory(dir); // a root never is one (WorkspaceGuard)
            }

            @Override
            public void dotGit(Path worktree, Path entry, BasicFileAttributes attrs) {
                gitEntry(worktree, entry, attrs);
            }

            @Override
            public void agentDirectory(Path dir, Path entry, BasicFileAttributes attrs) {
                ProtectionSearch.this.agentDirectory(entry, attrs);
            }
        });
        requirePlaced();
        return new Found(new Protection(withoutNested(), List.copyOf(safeDirectories), extent.searched(), extent.complete(),
                List.copyOf(gitDirectories)),
                Set.copyOf(known));
    }

    /**
     * A {@code .codex} or {@code .agents} in a root, at any depth: an agent reads its configuration, hooks and skills
     * there, following links (Codex from the project's root down to its working directory). A directory is protected
     * whole; a symlink's target directory likewise (R167: the link is the session's to replace, but what replaces it is
     * made inert at the end, {@link PlantedRepositories}); and, in either, what the links inside name (R160's class).
     * Where it is and its identity are recorded ({@link AgentEntry}) unless the sandbox made it (an earlier runner's).
     */
    private void agentDirectory(Path p, BasicFileAttributes attrs) {
        if (sandboxIds.contains(owners.of(p))) {
            return;
        }
        known.add(new AgentEntry(p, attrs.fileKey()));
        String what = p.getFileName() + (attrs.isSymbolicLink() ? " symlink" : attrs.isDirectory() ? " directory" : " file");
        if (attrs.isDirectory()) {
            protect(p, true, what);
        } else if (attrs.isRegularFile()) {
            protect(p, false, what); // A1, A2: .mcp.json, .devcontainer.json, …
        }
        asOwner.look(() -> {
            if (attrs.isSymbolicLink()) {
                requireFixedWay(p, "The " + what + " " + p); // the link itself: made inert at the stop if replaced
            }
            Path real = attrs.isDirectory() ? p : attrs.isSymbolicLink() ? realPath(p) : null;
            if (real != null && Files.isDirectory(real)) {
                protect(real, true, "target of the " + what + " " + p); // a directory is protected already
                protectLinkTargets(real, 0);
            } else if (real != null) {
                protect(real, false, "target of the " + what + " " + p); // R182: a file the session would make a directory
            }
            return null;
        });
    }

    /**
     * The repositories a root lies in: every ancestor with a {@code .git}, not only the nearest (R184: an outer
     * repository's {@code core.hooksPath} may name a directory inside a nested one that holds the root).
     */
    private void enclosingRepository(Path root) {
        for (Path a = root.getParent(); a != null; a = a.getParent()) {
            Path dotGit = a.resolve(DOT_GIT);
            BasicFileAttributes attrs = RepositoryWalk.lstat(dotGit);
            if (attrs != null) {
                gitEntry(a, dotGit, attrs);
            }
        }
    }

    /**
     * A {@code .git} in {@code worktree}: the entry itself (as the walk listed it), and, as the owner, the gitdir it is
     * or names.
     */
    private void gitEntry(Path worktree, Path dotGit, BasicFileAttributes attrs) {
        if (sandboxIds.contains(owners.of(dotGit))) {
            return; // the sandbox's, not known as the developer's: moved and filled later, the stop judges it (Z7)
        }
        known.add(new GitEntry(attrs.fileKey()));
        safeDirectories.add(worktree);
        if (attrs.isDirectory()) {
            protect(dotGit, true, DOT_GIT + " directory"); // the entry the walk found, whatever the owner may see in it
            gitDirectories.add(dotGit);
        } else if (attrs.isRegularFile()) {
            protect(dotGit, false, DOT_GIT + " file"); // whatever it names
        }
        asOwner.look(() -> {
            gitEntryAsOwner(worktree, dotGit, attrs);
            return null;
        });
    }

    /** {@link #gitEntry}'s look beyond the entry, as the owner: what a {@code .git} the owner cannot follow names is none. */
    private void gitEntryAsOwner(Path worktree, Path dotGit, BasicFileAttributes attrs) {
        Path gitDir = null;
        if (attrs.isDirectory()) {
            gitDir = gitDir(dotGit, DOT_GIT + " directory");
        } else if (attrs.isRegularFile()) {
            gitDir = namedGitDir(worktree, dotGit, dotGit);
        } else if (attrs.isSymbolicLink()) {
            requireFixedWay(dotGit, "The " + DOT_GIT + " symlink " + dotGit); // Z6: itself replaced in the open
            Path target = realPath(dotGit); // null: dangling, or beyond the owner's rights: git finds nothing either
            if (target == null) {
                return;
            }
            if (Files.isDirectory(target)) {
                gitDir = gitDir(target, "target of the " + DOT_GIT + " symlink " + dotGit);
            } else if (Files.isRegularFile(target)) {
                protect(target, false, "target of the " + DOT_GIT + " symlink " + dotGit);
                gitDir = namedGitDir(worktree, target, dotGit);
            }
        }
        if (gitDir != null) {
            repositoryConfig(worktree, gitDir);
        }
    }

    /**
     * Whether {@code dir}, a directory the walk reached, is a git directory under another name than {@code .git}: a bare
     * repository ({@code backup.git}; pushing to it runs its hooks as the pusher), or a gitdir some {@code .git} file
     * names. Protected whole (and not entered), unless the sandbox owns it. Git's predicate is evaluated as the owner
     * (R57): a {@code HEAD} beside an {@code objects} symlink or a {@code commondir} naming what the owner cannot look at
     * is {@link GitDirectory.Answer#unknown}, and such a directory is protected whole too, saying why — the same whatever
     * lies there.
     */
    private boolean otherGitDirectory(Path dir) {
        if (RepositoryWalk.lstat(dir.resolve("HEAD")) == null) {
            return false; // no HEAD among its entries: no git directory, nothing to look at as the owner
        }
        if (sandboxIds.contains(owners.of(dir))) {
            return false; // not the developer's: the walk at session end makes it inert (the hand-back would give it to them)
        }
        GitDirectory.Answer answer = asOwner.look(() -> {
            GitDirectory.Answer a = gitDirectoryAsOwner(dir);
            if (a.yes()) {
                safeDirectories.add(dir); // git matches safe.directory against the gitdir of a bare repository
                Path real = gitDir(dir, "git directory (bare repository)");
                if (real != null) {
                    repositoryConfig(real, real); // R164: its includes and hooks path, which git reads and runs there
                }
            }
            return a;
        });
        if (answer.no()) {
            return false;
        }
        known.add(new GitEntry(RepositoryWalk.inode(dir)));
        if (answer.unknown()) {
            protect(dir, true, "directory git may take for a git directory (a HEAD beside objects/refs that could not be"
                    + " looked at: " + answer.why() + ")");
        }
        return true;
    }

    /**
     * Git's predicate on {@code dir}, on the owner's thread: {@link GitDirectory#gitDirectory}, and UNKNOWN too when its
     * {@code HEAD} cannot be looked at (a directory the owner may not search).
     */
    private GitDirectory.Answer gitDirectoryAsOwner(Path dir) {
        Path head = dir.resolve("HEAD");
        try {
            Files.readAttributes(head, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return GitDirectory.Answer.NO;
        } catch (IOException e) {
            return GitDirectory.Answer.unknown("Cannot read the attributes of " + head + ": " + e.getMessage());
        }
        return GitDirectory.gitDirectory(dir, files);
    }

    /** The gitdir a {@code .git} file names, protected like any; its real path, or null. */
    private Path namedGitDir(Path worktree, Path gitFile, Path dotGit) {
        Path named = GitDirectory.namedGitDir(worktree, gitFile, files);
        if (named != null) {
            requireCheckable(named.toString(), "The .git file " + gitFile + " names the git directory " + named, "in "
                    + gitFile);
            requireFixedNamedPath(named, gitFile, "The git directory " + named + " that the .git file " + gitFile + " names");
        }
        return named == null ? null : gitDir(named, "gitdir named by " + dotGit); // git refuses an invalid .git file
    }

    /** A git directory: protected when it lies in a writable root, and its common directory likewise; its real path. */
    private Path gitDir(Path gitDir, String what) {
        Path real = realDirectory(gitDir);
        if (real == null) {
            return null;
        }
        known.add(new GitEntry(RepositoryWalk.inode(real)));
        protect(real, true, what);
        protectLinkTargets(real, 0);
        gitDirectories.add(real);
        Path commonDir = commonDir(real);
        if (!commonDir.equals(real)) {
            protect(commonDir, true, "common gitdir of " + real);
            protectLinkTargets(commonDir, 0);
            gitDirectories.add(commonDir);
        }
        return real;
    }

    /**
     * R160–R162: what a symlink inside a protected directory names is read or run by git as if it were there (a
     * {@code .git/config} or {@code .git/hooks} linked into the worktree, a hook linked to a script): its target is
     * protected too, and a directory target's own links likewise, to {@link #MAX_LINK_DEPTH} levels. Not in an object store. A link
     * the owner cannot follow, or in a directory the owner can neither list nor search, names nothing git reads; a
     * directory the owner can search but not list refuses the start (R177: git runs a hook there by name), and so does
     * any other error of the walk (what is there is not known).
     */
    private void protectLinkTargets(Path dir, int depth) {
        if (!linkTargetsWalked.add(dir)) {
            return; // walked already (a loop of directory links ends here)
        }
        List<Path> links = new ArrayList<>();
        try {
            RepositoryWalk.outsideObjects(dir, RepositoryWalk.Unreadable.SKIP, (f, a) -> {
                if (a.isSymbolicLink()) {
                    links.add(f);
                }
            });
        } catch (IOException e) {
            // not a denial (the owner's git could not read there either): what lies there is not known, so no runner
            throw CordonException.internal("Cannot look for symlinks in the protected " + dir + " (what a link there names"
                    + " must be protected too): " + e.getMessage(), e);
        }
        for (Path link : links) {
            requireFixedWay(link, "The symlink " + link + " in the protected " + dir);
            Path target = realPath(link);
            if (target == null) {
                continue; // nothing there, nor can the session make it (requireFixedWay)
            }
            if (Files.isDirectory(target)) {
                protect(target, true, "target of the symlink " + link);
                if (depth == MAX_LINK_DEPTH) {
                    throw new CordonException(ExitCode.CONFLICT, "The symlink " + link + " in the protected " + dir
                            + " leads to directories whose links lead on more than " + MAX_LINK_DEPTH + " levels deep: what"
                            + " lies past them could not be protected, so no runner was started.", "Point the links at the"
                            + " files themselves, then start again.");
                }
                protectLinkTargets(target, depth + 1); // R188: every level, each directory once
            } else if (Files.isRegularFile(target)) {
                protect(target, false, "target of the symlink " + link);
            }
        }
    }

    /** Where a gitdir's shared part (config, hooks, objects) is: its {@code commondir}, as git reads it, else itself. */
    private Path commonDir(Path gitDir) {
        Path common = GitDirectory.commonDir(gitDir, files);
        if (common != null && !common.equals(gitDir)) {
            requireCheckable(common.toString(), "The commondir file of " + gitDir + " names " + common, "in "
                    + gitDir.resolve("commondir"));
            requireFixedNamedPath(common, gitDir.resolve("commondir"), "The common directory " + common + " that the"
                    + " commondir file of " + gitDir + " names");
        }
        Path commonDir = common == null ? null : realDirectory(common);
        return commonDir == null ? gitDir : commonDir;
    }

    /**
     * What the repository's own config ({@code config}, {@code config.worktree}) makes git read or run from a writable
     * root. The files are parsed here ({@link GitConfigFile}; nothing is run) and read through {@link #reader}: as the
     * lender, without blocking on a FIFO or a device (R37: {@code git} run as root on a file a member or the sandbox
     * wrote read what only root could and hung on a FIFO):
     * <ul>
     * <li>the files it includes ({@code include.path}, {@code includeIf.*.path} <em>whatever the condition</em> — the
     * developer's git, inside the repository, may meet it (R42) — at any depth git follows): git reads them as the
     * repository's config whoever owns them. One that exists is protected; one that does not exist but would lie in a
     * writable root is refused — the sandbox could create it;
     * <li>a {@code core.hooksPath} directory (husky's {@code .husky}, {@code .githooks}): git runs what is in it on
     * the developer's next commit. One that does not exist is not protected (docs/architecture.md).
     * </ul>
     */
    private void repositoryConfig(Path worktree, Path gitDir) {
        placedGitDirs.add(gitDir);
        worktreeConfig(worktree, gitDir, true);
        everyWorktree(commonDir(gitDir));
    }

    /**
     * One worktree's configs ({@code config} and its own {@code config.worktree}) and what they name. {@code placeKnown}
     * false: {@code worktree} is only where the worktree was (Z2: a {@code gitdir} file git does not use to run hooks,
     * stale once the worktree was moved) or a stand-in (the common directory of a {@code --separate-git-dir}
     * repository, whose main worktree nothing names).
     */
    private void worktreeConfig(Path worktree, Path gitDir, boolean placeKnown) {
        RepositoryConfig seen = RepositoryConfig.empty();
        Set<List<Path>> files = new LinkedHashSet<>();
        for (Path config : List.of(commonDir(gitDir).resolve("config"), gitDir.resolve("config.worktree"))) {
            configFile(worktree, config, null, 0, seen, files);
        }
        for (List<Path> file : files) {
            requireNoIncludeCycle(file.get(0), file.get(1), null, new HashSet<>());
        }
        // A3, A3b, A3d: git's setup takes core.worktree from the repository's config file alone (not an include, nor
        // a config.worktree without extensions.worktreeConfig)
        Path own = commonDir(gitDir).resolve("config");
        // a bare repository has no worktree: git runs in it (R209c: a bare clone whose linked worktrees hold the files)
        boolean placed = placeKnown || seen.worktrees().stream().anyMatch(w -> w.file().equals(own))
                || worktree.equals(gitDir) && seen.bares().stream().anyMatch(b -> b.file().equals(own));
        requireNoClimbingHooksPath(seen);
        if (!worktree.equals(gitDir)) {
            requireNoHooksPathFromCwd(worktree, gitDir, seen);
        }
        if (!placed) {
            seen.hooksPaths().stream().filter(h -> relative(h.value()))
                    .forEach(h -> unplaced.add(new Unplaced(gitDir, worktree, h)));
        }
        hooksPaths(worktree, gitDir, seen);
    }

    /** Whether git takes a config path relative to a base: not absolute, not {@code ~}-expanded ({@link #expand}). */
    private static boolean relative(String configPath) {
        return !configPath.startsWith("/") && !configPath.startsWith("~");
    }

    /** Whether a relative path leaves the directory it starts from by its names ({@code ../h}, {@code a/../../h}). */
    static boolean climbsOut(String relative) {
        int depth = 0;
        for (Path name : Path.of(relative)) {
            String n = name.toString();
            depth += n.equals("..") ? -1 : n.equals(".") || n.isEmpty() ? 0 : 1;
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A relative hooks path is taken from wherever git runs in a worktree, and some worktrees Cordon cannot see: a copy of
     * one (A5: its {@code .git} file names the same {@code worktrees/<n>}), one moved by hand (Z2). So one that climbs
     * out of the worktree ({@code ../../main/h}) could reach into a writable root from there: it refuses the start. One
     * that does not climb stays in the worktree, which the walk meets in the root if it lies there (a copy holding a
     * symlink into a root is not covered: docs/architecture.md); where the worktree cannot be placed, {@link
     * #requirePlaced}.
     */
    private static void requireNoClimbingHooksPath(RepositoryConfig seen) {
        for (ConfigPath h : seen.hooksPaths()) {
            String v = h.value();
            if (relative(v) && climbsOut(v)) {
                throw new CordonException(ExitCode.CONFLICT, "core.hooksPath = " + v + " in " + h.file() + " is relative"
                        + " and climbs out of the worktree git runs in, and a worktree may lie where Cordon cannot see it (a"
                        + " copy, one moved by hand): from there git could run hooks in a writable root; no runner was"
                        + " started.", "Set core.hooksPath to an absolute path (`git config --file " + h.file()
                        + " core.hooksPath \"$(realpath <the hooks directory>)\"`), then start again.");
            }
        }
    }

    /**
     * C7, C8: git takes a relative hooks path from its current directory, not from the worktree, where it does not change
     * into a worktree. That is any directory under {@code holder} (the one holding {@code .git}, where git finds the
     * repository) outside the worktree: with a {@code core.worktree} that does not hold {@code holder} ({@code ../web}:
     * a push or fetch from {@code docs/} needs none), or a bare repository reached through a {@code .git} ({@code
     * core.bare = true} on it, the "bare container" layout of a {@code .git} file naming {@code ./.bare}). The session
     * could put hooks there: it refuses the start. A relative {@code core.worktree} is judged from each of {@link
     * #worktreeBases} (D2). Not for a submodule's {@code core.worktree} (the directory holding its {@code .git}), nor for
     * {@code core.bare} of a linked worktree's common config without {@code extensions.worktreeConfig} (git's setup leaves
     * that out: a linked worktree of a bare clone runs from its top; with it, git applies it to every worktree: D1) — but
     * for one in that worktree's own {@code config.worktree}, which git takes (R209d); a git directory the walk met by
     * itself is not asked (git runs in it, protected whole).
     */
    private void requireNoHooksPathFromCwd(Path holder, Path gitDir, RepositoryConfig seen) {
        ConfigPath relativeHooks = seen.hooksPaths().stream().filter(h -> relative(h.value())).findFirst().orElse(null);
        if (relativeHooks == null) {
            return;
        }
        Path realHolder = realPath(holder);
        if (realHolder == null) {
            return; // no directory there for git to run in: a worktree that cannot be placed (requirePlaced)
        }
        String why = null;
        for (ConfigPath w : seen.worktrees()) {
            for (Path base : worktreeBases(gitDir, w)) { // D2: a linked worktree's from its own git directory
                Path real = realPath(charged(expand(holder, base, w.value(), w.file()), w));
                if (why == null && (real == null || !realHolder.startsWith(real))) {
                    why = "core.worktree = " + w.value() + " (in " + w.file() + "), which does not hold " + holder
                            + " taken from " + base + ",";
                }
            }
        }
        // git's setup leaves the common config's core.bare out for a linked worktree, not its config.worktree's — and
        // not under extensions.worktreeConfig, where the common config applies to every worktree (D1)
        Path shared = commonDir(gitDir).equals(gitDir) || !seen.worktreeConfigs().isEmpty() ? null
                : commonDir(gitDir).resolve("config");
        ConfigPath bare = seen.bares().stream().filter(b -> !b.file().equals(shared)).findFirst().orElse(null);
        if (why == null && bare != null) {
            why = "core.bare = " + bare.value() + " (in " + bare.file() + "),";
        }
        if (why != null) {
            throw new CordonException(ExitCode.CONFLICT, "core.hooksPath = " + relativeHooks.value() + " in "
                    + relativeHooks.file() + " is relative, and with " + why + " git run in " + holder + " outside a"
                    + " worktree takes it from its current directory, which may lie in a writable root: the session could put"
                    + " hooks there that the developer's git push or fetch would run; no runner was started.",
                    "Set core.hooksPath to an absolute path (`git config --file " + relativeHooks.file() + " core.hooksPath"
                            + " \"$(realpath <the hooks directory>)\"`), then start again.");
        }
    }

    /**
     * Where a relative {@code core.worktree} is taken from: git takes it from the git directory of the worktree it runs
     * in (a linked worktree's {@code worktrees/<n>}, whichever file set it: D2); the directory of the file that set it
     * too, on the safe side.
     */
    private static Set<Path> worktreeBases(Path gitDir, ConfigPath w) {
        return new LinkedHashSet<>(List.of(gitDir, w.file().getParent()));
    }

    /** A relative hooks path of a worktree whose place was not known when its config was read ({@link #requirePlaced}). */
    private record Unplaced(Path gitDir, Path worktree, ConfigPath hooksPath) {
    }

    /**
     * At the end of the search: a relative hooks path of a worktree that could not be placed (A4: {@code up/h}, {@code
     * up} a symlink there) refuses the start, unless the walk met that worktree's {@code .git} after all (a {@code
     * --separate-git-dir} repository reached through its {@code .git} file or link: R189's layout; a moved worktree
     * that lies in a root).
     */
    private void requirePlaced() {
        for (Unplaced u : unplaced) {
            if (placedGitDirs.contains(u.gitDir())) {
                continue;
            }
            ConfigPath h = u.hooksPath();
            throw new CordonException(ExitCode.CONFLICT, "core.hooksPath = " + h.value() + " in " + h.file() + " is"
                    + " relative, and where the worktree " + u.worktree() + " lies is not known (its gitdir file names a"
                    + " place that does not name it back, or nothing names the worktree of that git directory): what git"
                    + " runs there cannot be checked; no runner was started.", "Run `git worktree repair` in the moved"
                    + " worktree, or set core.hooksPath to an absolute path, then start again.");
        }
    }

    /**
     * R185: every worktree of a repository, wherever it lies, has configs that may name a path in a writable root —
     * the main worktree's {@code config.worktree}, each linked worktree's {@code worktrees/<name>/config.worktree}
     * (an absolute hooks path or include) — and its own hooks path: each is read once per common directory, with the
     * worktree its {@code gitdir} file names.
     */
    private void everyWorktree(Path commonDir) {
        if (!commonDirsRead.add(commonDir)) {
            return;
        }
        boolean dotGit = commonDir.getFileName() != null && commonDir.getFileName().toString().equals(DOT_GIT);
        worktreeConfig(dotGit ? commonDir.getParent() : commonDir, commonDir, dotGit);
        List<Path> linked = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(commonDir.resolve("worktrees"))) {
            entries.forEach(linked::add);
        } catch (NoSuchFileException | NotDirectoryException none) {
            return;
        } catch (IOException e) {
            throw CordonException.internal("Cannot list the worktrees of " + commonDir + " (a worktree's config may name"
                    + " a path in a writable root): " + e.getMessage(), e);
        }
        for (Path wtGitDir : linked) {
            Path named = null;
            String text;
            try {
                // as git's get_linked_worktree: trailing white space trimmed, then a C string (up to a NUL byte)
                text = FileNames.upToNul(new String(files.read(wtGitDir.resolve("gitdir"), 4096),
                        java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
            } catch (IOException unreadable) {
                text = null; // git cannot tell that worktree either; its config is read with the gitdir as worktree
            }
            if (text != null) {
                try {
                    named = wtGitDir.resolve(text);
                } catch (java.nio.file.InvalidPathException e) {
                    throw FileNames.notDecodable(text, e);
                }
            }
            if (named != null) {
                requireCheckable(named.toString(), "The gitdir file of " + wtGitDir + " names the worktree " + named,
                        "in " + wtGitDir.resolve("gitdir"));
            }
            worktreeConfig(named == null || named.getParent() == null ? wtGitDir : named.getParent(), wtGitDir,
                    named != null && namesBack(named, wtGitDir));
        }
    }

    /**
     * Whether {@code gitFile} (what a linked worktree's {@code gitdir} file names) is a {@code .git} file that names
     * {@code wtGitDir} back: then the worktree lies where its {@code gitdir} file says (git's own test of a worktree that
     * was moved, {@code git worktree repair}).
     */
    private boolean namesBack(Path gitFile, Path wtGitDir) {
        if (gitFile.getParent() == null || !Files.isRegularFile(gitFile)) {
            return false;
        }
        Path named = GitDirectory.namedGitDir(gitFile.getParent(), gitFile, files);
        Path real = named == null ? null : realPath(named);
        return real != null && real.equals(realPath(wtGitDir));
    }

    /**
     * R190: git's own files give paths as bytes, read here as UTF-8; one that is not valid UTF-8 (its bytes replaced by
     * U+FFFD) names no path Cordon can look at, so where git would go cannot be checked: no runner starts.
     */
    private static void requireCheckable(String path, String what, String where) {
        if (path.indexOf('\0') >= 0) { // Y14: a NUL byte in a config value; git reads it as a C string, up to the NUL
            throw CordonException.usage(what.replace('\0', '?') + ", with a NUL byte in it (shown as ?): git reads up to"
                    + " it and Cordon does not guess, so no runner was started.", "Remove the NUL byte " + where + ".");
        }
        if (path.indexOf('\uFFFD') >= 0) {
            throw CordonException.usage(what + ", which is not valid UTF-8: where git would go there cannot be checked,"
                    + " so no runner was started.", "Rename it to a UTF-8 name and write that " + where + ".");
        }
    }

    /** A path as one config file gives it, as written. */
    private record ConfigPath(String value, Path file) {
    }

    /**
     * What a repository's config files (its own and what they include) give for the hooks path: every {@code
     * core.hooksPath} and every {@code core.worktree}, from whichever file (R171: git takes {@code core.worktree} from
     * the repository's own config or {@code config.worktree}, never from an include, and one file's {@code core.worktree}
     * applies to another's relative hooks path; all of them are taken, so that no reading of git's is missed), and every
     * {@code core.bare} git may take for true ({@link #requireNoHooksPathFromCwd}).
     */
    private record RepositoryConfig(Set<ConfigPath> hooksPaths, Set<ConfigPath> worktrees, Set<ConfigPath> bares,
                                    Set<ConfigPath> worktreeConfigs) {
        static RepositoryConfig empty() {
            return new RepositoryConfig(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>(),
                    new LinkedHashSet<>());
        }

        int size() {
            return hooksPaths.size() + worktrees.size() + bares.size() + worktreeConfigs.size();
        }

        /** What {@code other} gives, each entry once (G2: what many includers reach adds nothing new). */
        void addAll(RepositoryConfig other) {
            hooksPaths.addAll(other.hooksPaths);
            worktrees.addAll(other.worktrees);
            bares.addAll(other.bares);
            worktreeConfigs.addAll(other.worktreeConfigs);
        }
    }

    /** One include of a config file: the file as git expands its path, and whether an {@code includeIf} names it. */
    private record Include(Path file, boolean conditional) {
    }

    /** What one config file gives by itself, and the files it includes in order: read once per worktree (D5). */
    private record ConfigFileRead(RepositoryConfig gives, List<Include> includes) {
        static ConfigFileRead nothing() {
            return new ConfigFileRead(RepositoryConfig.empty(), List.of());
        }
    }

    /** A config file as read (its bytes dropped once parsed) and the entries the search takes from it, or its bad line. */
    private record ParsedConfig(boolean exists, Path real, String problem, Way way, List<GitConfigFile.Entry> entries,
                                GitConfigFile.BadLine bad) {
    }

    /**
     * Every {@code core.hooksPath} of a repository, a relative one resolved against the worktree, the git directory
     * (R186) and each {@code core.worktree} its config files give (R165, R171): each directory git may run hooks from, protected. A
     * hooks path reached through a symlink in a writable root refuses the start (R163); it is never cleaned up by name
     * first ({@code lnk/../hooks} is where the kernel takes it: R174).
     */
    private void hooksPaths(Path worktree, Path gitDir, RepositoryConfig seen) {
        // each base, with the directory its own path starts from (what a relative path names is judged from there)
        Map<Path, Path> bases = new LinkedHashMap<>();
        bases.put(worktree, worktree);
        bases.put(gitDir, gitDir); // R186: a push into the repository runs its hooks from the git directory
        for (ConfigPath w : seen.worktrees()) { // relative to the git directory
            for (Path base : worktreeBases(gitDir, w)) {
                bases.putIfAbsent(expand(worktree, base, w.value(), w.file()), base);
            }
        }
        Map<Path, Path> given = new LinkedHashMap<>();
        for (ConfigPath h : seen.hooksPaths()) {
            // an absolute or ~ path is the same from every base: expanded once, with the worktree's
            for (Map.Entry<Path, Path> base : relative(h.value()) ? bases.entrySet() : List.of(bases.entrySet().iterator().next())) {
                given.putIfAbsent(charged(expand(worktree, base.getKey(), h.value(), h.file()), h), base.getValue());
            }
        }
        for (Path hooks : given.keySet()) {
            Path link = linkOnTheWay(hooks, null, given.get(hooks));
            if (link != null) {
                Path real = realDirectory(hooks);
                throw new CordonException(ExitCode.CONFLICT, "core.hooksPath of " + worktree + " (" + hooks + ") is"
                        + " reached through " + onTheWay(link) + ", " + whyUnfixed(link) + ", and the developer's git"
                        + " would run what is there then; no runner was started.",
                        (real == null ? "Set core.hooksPath to the directory itself" : "Set core.hooksPath to the directory"
                                + " itself (`git config core.hooksPath " + real + "`)") + ", or lend a directory that does"
                                + " not hold the link, then start again.");
            }
            Path real = realDirectory(hooks);
            if (real != null) {
                protect(real, true, "core.hooksPath of " + worktree);
                protectLinkTargets(real, 0);
            }
        }
    }

    /**
     * {@code path}, which {@code from} gives, counted against {@link #MAX_HOOKS_PATHS} and its names against {@link
     * #MAX_PATH_NAMES} before the search resolves it (X1: N hooks paths from N worktrees; Z4: long worktree paths
     * resolved for every worktree of a repository).
     */
    private Path charged(Path path, ConfigPath from) {
        pathNames += path.getNameCount();
        if (++hooksPathsExpanded > MAX_HOOKS_PATHS || pathNames > MAX_PATH_NAMES) {
            throw CordonException.usage("The git configs of the repositories in the session's writable roots give more"
                    + " than " + MAX_HOOKS_PATHS + " hooks paths and worktrees to resolve, or more than " + MAX_PATH_NAMES
                    + " names in them, each relative one counted for every worktree and git directory it is taken from"
                    + " (the last: " + from.value() + " in " + from.file() + ").", "Set fewer hooks paths and worktrees"
                    + " in the repositories' configs.");
        }
        return path;
    }

    /**
     * R170: what a link the developer's git or agent follows ({@code link}, itself protected or replaced in the open)
     * names must stay what it names now: no other symlink on its way may lie where the session can re-point it, and
     * what is missing at its end may not lie where the session can make it. Otherwise no runner starts.
     */
    private void requireFixedWay(Path link, String what) {
        requireFixedWay(link, link, link.getParent(), what, "Point " + link + " at the real path (`ln -sfn \"$(realpath " + link + ")\" "
                + link + "`)", "remove " + link);
    }

    /**
     * Z4, Z4b, Z6: the same of a path git takes from its own files (the gitdir a {@code .git} file names, a
     * {@code commondir}) or follows from a {@code .git} symlink: re-pointed, it would lead git to another repository of
     * the developer's (git's ownership check passes there) or to one the session made.
     *
     * @param except the one link on the way not judged (the {@code .git} symlink itself, replaced in the open), or null
     * @param anchor the directory a relative {@code path} starts from ({@link Way#movable})
     * @param fix    how the developer writes the path so that it holds (the refusal's fix)
     * @param undo   how the developer removes it instead
     */
    private void requireFixedWay(Path path, Path except, Path anchor, String what, String fix, String undo) {
        Path via = linkOnTheWay(path, except, anchor);
        if (via != null) {
            throw new CordonException(ExitCode.CONFLICT, what + " leads through " + onTheWay(via) + ", " + whyUnfixed(via)
                    + ", and the developer's git or agent would read or run what is there then; no runner was started.",
                    fix + ", or lend a directory that does not hold " + via + ", then start again.");
        }
        Way way = way(path);
        Path missing = way == null ? null : way.firstMissing();
        if (missing != null && inWritableRoot(missing) && !inProtectedDirectory(missing)) {
            throw new CordonException(ExitCode.CONFLICT, what + " names " + missing + ", which does not exist and lies in"
                    + " a writable root: the session's commands could make it, and the developer's git or agent would read"
                    + " or run it; no runner was started.", "Create it (the session then keeps it read-only), or " + undo
                    + ", then start again.");
        }
    }

    /** {@link #requireFixedWay} of a path one of git's files names: its file holds the path to write. */
    private void requireFixedNamedPath(Path named, Path file, String what) {
        requireFixedWay(named, null, file.getParent(), what, "Write the real path in " + file + " (`realpath " + named + "`)",
                "correct " + file);
    }

    /**
     * The first symlink on the kernel's way to {@code path} (R170: not only its last name) that may name something else
     * for the developer's git ({@link #unfixed}), but {@code except}; null if none, or if a directory on the way may
     * not be searched ({@link #way}).
     */
    private Path linkOnTheWay(Path path, Path except, Path anchor) {
        Way way = way(path);
        return way == null ? null : way.movable(anchor).stream().filter(l -> !l.equals(except) && unfixed(l)).findFirst()
                .orElse(null);
    }

    /**
     * How the kernel reaches {@code path} ({@link Way#of}); null where a directory on the way may not be searched (the
     * search looks as the owner, whose git cannot follow it there either). Any other failure (a way longer than a path
     * may be, an I/O error) refuses the start: where the developer's git or agent would go could not be judged.
     */
    private static Way way(Path path) {
        try {
            return Way.of(path);
        } catch (AccessDeniedException denied) {
            return null;
        } catch (IOException e) {
            throw CordonException.internal("Cannot walk the way to " + path + " (" + e.getMessage() + "): where the"
                    + " developer's git or agent would go there cannot be judged, so no runner was started", e);
        }
    }

    /**
     * Whether a symlink on a way may name something else for the developer's git than for this search: one the
     * session could re-point (in a writable root, outside every protected directory), or one under {@code /proc}
     * ({@code /proc/self/cwd}, {@code /dev/fd}'s target: R179), which names another place for each process that
     * follows it — the host here, the developer's git in its own working directory there.
     */
    private boolean unfixed(Path link) {
        if (link.startsWith(PROC)) {
            return true;
        }
        // the session replaces a name in a directory it may write: not a root itself, nor what is bound read-only
        Path parent = link.getParent();
        return parent != null && inWritableRoot(parent) && !found.containsKey(link) && !inProtectedDirectory(link);
    }

    /** How a refusal names what on a way is {@link Way#movable}: a symlink, or a name the way leaves with {@code ..}. */
    private static String onTheWay(Path p) {
        return Files.isSymbolicLink(p) ? "the symlink " + p : p + ", a name the way enters and leaves again with `..`";
    }

    /** Why {@link #unfixed} says so of {@code link}, for a refusal. */
    private static String whyUnfixed(Path link) {
        return link.startsWith(PROC) ? "which names another place for each process that follows it (the developer's git"
                + " follows it in its own working directory)" : "which lies in a writable root: the session's commands"
                + " could point it elsewhere";
    }

    /**
     * One config file: {@code includedBy} null for the repository's own (absent: nothing to read), else the file that
     * includes it (absent in a writable root: refused). What it and its includes give, to git's depth, goes to
     * {@code seen}, each file once per check ({@code files}: the (worktree, file) pairs read): one met again (many
     * includers, G2; a cycle, F1, G3) gives nothing it did not give already.
     */
    private void configFile(Path worktree, Path config, Path includedBy, int depth, RepositoryConfig seen,
                            Set<List<Path>> files) {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw tooDeep(includedBy, config);
        }
        List<Path> key = List.of(worktree, config);
        if (!files.add(key)) {
            return;
        }
        ConfigFileRead read = configsRead.get(key);
        if (read == null) {
            if (configsRead.size() >= MAX_CONFIG_FILES) {
                throw CordonException.usage("The git configs of the repositories in the session's writable roots include"
                        + " more than " + MAX_CONFIG_FILES + " files.", "Include fewer files from the repositories' configs.");
            }
            read = readConfigFile(worktree, config, includedBy);
            configsRead.put(key, read);
        }
        configEntries += read.gives().size() + read.includes().size();
        if (configEntries > MAX_CONFIG_ENTRIES) {
            throw CordonException.usage("The git configs of the repositories in the session's writable roots give more"
                    + " than " + MAX_CONFIG_ENTRIES + " hooks paths, worktrees, includes and the like (the last read: "
                    + config + ").", "Include fewer files from the repositories' configs.");
        }
        seen.addAll(read.gives());
        for (Include include : read.includes()) {
            configFile(worktree, include.file(), config, depth + 1, seen, files);
        }
    }

    private static CordonException tooDeep(Path includedBy, Path config) {
        return CordonException.usage("The git config " + includedBy + " includes " + config + " deeper than git's limit of "
                + MAX_INCLUDE_DEPTH + " nested includes (an include cycle?).", "Remove the cycle from the includes of the"
                + " repository's config.");
    }

    /**
     * F1: a cycle of includes git takes on every branch and in every directory (no {@code includeIf} on it) refuses the
     * start, as git refuses to run there. G3: one with an {@code includeIf} on it is git's to take or not (one branch
     * includes a team file that includes the config back on another): what each of its files gives is taken once already
     * ({@link #configFile}), so the start goes on. Run from every file a check read ({@link #configFile} read every file
     * this meets), each file once per search.
     */
    private void requireNoIncludeCycle(Path worktree, Path config, Path includedBy, Set<List<Path>> onTheWay) {
        List<Path> key = List.of(worktree, config);
        if (withoutIncludeCycle.contains(key)) {
            return;
        }
        if (!onTheWay.add(key)) {
            throw CordonException.usage("The git config " + includedBy + " includes " + config + ", which includes it again"
                    + " (an include cycle) with no includeIf on the way: git stops there at its include depth limit and"
                    + " refuses to run.", "Remove the cycle from the includes of the repository's config.");
        }
        if (onTheWay.size() > MAX_INCLUDE_DEPTH + 1) {
            throw tooDeep(includedBy, config);
        }
        ConfigFileRead read = configsRead.get(key);
        for (Include include : read == null ? List.<Include>of() : read.includes()) {
            if (!include.conditional()) {
                requireNoIncludeCycle(worktree, include.file(), config, onTheWay);
            }
        }
        onTheWay.remove(key);
        withoutIncludeCycle.add(key);
    }

    /** {@link #configFile} the first time for a worktree: what the file gives by itself, and what it includes. */
    private ConfigFileRead readConfigFile(Path worktree, Path config, Path includedBy) {
        ParsedConfig read = parsed(config);
        if (read.problem() != null) {
            throw CordonException.usage("Cannot read the git config " + config + (includedBy == null ? "" : ", included by "
                    + includedBy) + ": " + read.problem() + ".", "Make it a readable regular file of at most "
                    + MAX_CONFIG_BYTES / 1024 + " KiB, or remove the include.");
        }
        Path link = read.way().movable((includedBy == null ? config : includedBy).getParent()).stream()
                .filter(this::unfixed).findFirst().orElse(null);
        if (link != null) {
            throw CordonException.usage("The git config " + config + (includedBy == null ? "" : ", included by " + includedBy)
                    + ", is reached through " + onTheWay(link) + ", " + whyUnfixed(link) + ", and the developer's git"
                    + " would read what it then names.", "Name the file itself (its real path) instead of the link.");
        }
        if (!read.exists()) {
            Path missing = read.way().firstMissing();
            if (includedBy != null && (inWritableRoot(config.normalize()) || missing != null && inWritableRoot(missing))) {
                String where = missing == null || missing.equals(config.normalize()) ? "" : " (" + missing + " would be created)";
                throw CordonException.usage("The git config " + includedBy + " includes " + config.normalize() + where
                        + ", which does not exist and lies in a writable root: the sandbox could create it, and the developer's"
                        + " git would read it as the repository's config.", "Create that file (the session keeps it"
                        + " read-only), or remove the include from " + includedBy + ".");
            }
            return ConfigFileRead.nothing();
        }
        if (includedBy != null) {
            protect(read.real(), false, "config included by " + includedBy);
        }
        if (read.bad() != null) {
            throw CordonException.usage("The git config " + config + (includedBy == null ? "" : ", included by " + includedBy)
                    + ", has a " + read.bad().getMessage() + " (git refuses it too).", "Fix line " + read.bad().line
                    + " of " + config + ".");
        }
        RepositoryConfig gives = RepositoryConfig.empty();
        List<Include> includes = new ArrayList<>();
        for (GitConfigFile.Entry e : read.entries()) {
            if (e.is("core", "bare") && e.mayBeTrue()) {
                gives.bares().add(new ConfigPath(e.value() == null ? "true" : e.value(), config));
            }
            if (e.is("extensions", "worktreeconfig") && e.mayBeTrue()) {
                gives.worktreeConfigs().add(new ConfigPath(e.value() == null ? "true" : e.value(), config));
            }
            if (e.value() == null) {
                continue; // git refuses a path without a value
            }
            if (e.isInclude()) {
                includes.add(new Include(expand(worktree, config.getParent(), e.value(), config), e.section().equals("includeif")));
            } else if (e.is("core", "hookspath")) {
                gives.hooksPaths().add(new ConfigPath(e.value(), config));
            } else if (e.is("core", "worktree")) {
                gives.worktrees().add(new ConfigPath(e.value(), config));
            }
        }
        return new ConfigFileRead(gives, List.copyOf(includes));
    }

    /**
     * A config file read (as the session's owner) and parsed once per search, whichever worktree's check meets it: its
     * bytes count against {@link #MAX_CONFIG_READ} once, and only the entries the search takes are kept.
     */
    private ParsedConfig parsed(Path config) {
        ParsedConfig parsed = configsParsed.get(config);
        if (parsed != null) {
            return parsed;
        }
        ConfigRead read = reader.read(config);
        List<GitConfigFile.Entry> taken = List.of();
        GitConfigFile.BadLine bad = null;
        if (read.content() != null) {
            configBytes += read.content().length;
            if (configBytes > MAX_CONFIG_READ) {
                throw CordonException.usage("The git configs of the repositories in the session's writable roots, with the"
                        + " files they include, are more than " + (MAX_CONFIG_READ >> 20) + " MiB in all (the last read: "
                        + config + ").", "Include fewer or smaller files from the repositories' configs.");
            }
            try {
                taken = GitConfigFile.parse(read.content()).stream().filter(ProtectionSearch::taken).toList();
            } catch (GitConfigFile.BadLine b) {
                bad = b;
            }
        }
        // the bytes go: only whether the file is there, and what the search takes of it, are kept
        parsed = new ParsedConfig(read.content() != null, read.real(), read.problem(), read.way(), taken, bad);
        configsParsed.put(config, parsed);
        return parsed;
    }

    /** Whether the search takes a config entry ({@link #readConfigFile}). */
    private static boolean taken(GitConfigFile.Entry e) {
        return e.isInclude() || e.is("core", "hookspath") || e.is("core", "worktree") || e.is("core", "bare")
                || e.is("extensions", "worktreeconfig");
    }

    /**
     * A config path as git expands it ({@code interpolate_path}): {@code ~/} is the worktree owner's home, {@code ~user/}
     * that account's home (an unknown account: git fails, so the session is refused), a relative path is relative to
     * {@code base}.
     */
    private Path expand(Path worktree, Path base, String value, Path config) {
        requireCheckable(value, "The git config " + config + " names the path " + value, "in " + config);
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes >= PATH_MAX) { // Z4: resolving it would cost a look per name, for nothing git can use
            throw CordonException.usage("The git config " + config + " names a path of " + bytes + " bytes ("
                    + value.substring(0, 40) + "…), longer than the kernel resolves (" + PATH_MAX + "): git fails on it.",
                    "Correct or remove it in " + config + ".");
        }
        if (value.startsWith("%(prefix)/")) { // R191: git ≥ 2.35 puts its own runtime prefix there
            throw CordonException.usage("The git config " + config + " names the path " + value + ", relative to git's"
                    + " runtime prefix, which Cordon cannot tell: where git would read it cannot be checked.",
                    "Write the path in full in " + config + ", or remove it.");
        }
        if (value.equals("~") || value.startsWith("~/")) {
            return ownersHome(worktree).map(h -> h.resolve(value.substring(Math.min(2, value.length()))))
                    .orElse(base.resolve(value));
        }
        if (value.startsWith("~")) {
            int slash = value.indexOf('/');
            String user = slash < 0 ? value.substring(1) : value.substring(1, slash);
            String home = accounts.stream().filter(a -> a.name().equals(user)).map(Account::home).findFirst().orElse(null);
            if (home == null || home.isBlank()) {
                throw CordonException.usage("The git config " + config + " names the path " + value + ", but there is "
                        + (home == null ? "no account " + user : "no home for the account " + user) + " to expand it"
                        + " with: git fails on it, and where it would read cannot be checked.",
                        "Write the path in full in " + config + ", or remove it.");
            }
            return Path.of(home + (slash < 0 ? "" : value.substring(slash)));
        }
        return base.resolve(value);
    }

    /**
     * What reading one config file gave: its bytes and real path; {@code content} null when there is nothing at that
     * path; {@code problem} when something is there that may not be read (not a regular file, unreadable, too large).
     */
    record ConfigRead(byte[] content, Path real, String problem, Way way) {
        static ConfigRead problem(String problem) {
            return new ConfigRead(null, null, problem, new Way(List.of(), null));
        }
    }

    /**
     * How the kernel reaches a path: the symlinks it follows on the way (each where it lies), and the first entry on
     * the way that does not exist (null when all do): whoever may write where that would be can create it.
     */
    record Way(List<Path> symlinks, Path firstMissing, List<Path> leftUp) {
        Way(List<Path> symlinks, Path firstMissing) {
            this(symlinks, firstMissing, List.of());
        }

        /**
         * What on the way the kernel takes could lead elsewhere if it were replaced: every symlink it follows, and every
         * name it enters and then leaves with {@code ..} (B5–B11: {@code sub/../h} — {@code sub} replaced by a symlink,
         * its {@code ..} is the link target's parent), missing ones included (one made later decides the same) — but
         * the {@code anchor} a relative path starts from and its parents: what names the path (a link, a {@code .git}
         * file, a config) lies in it, and goes with it when it is replaced.
         */
        List<Path> movable(Path anchor) {
            List<Path> all = new ArrayList<>(symlinks);
            leftUp.stream().filter(l -> anchor == null || !anchor.startsWith(l)).forEach(all::add);
            return all;
        }
        /** Linux's bound on the symlinks one resolution follows ({@code ELOOP} past it). */
        static final int MAX_LINKS = 40;

        /**
         * Walks {@code path} component by component as path resolution does. Names are kept as the bytes they are (a
         * name that is not valid UTF-8 is followed, not taken for a missing one: R181). Beneath a regular file the way
         * is missing there (the file's owner, or whoever may replace it, can make it a directory: R182). A loop (more than
         * {@link #MAX_LINKS} links) ends the way with the links seen, nothing missing: whoever may re-point one of them
         * can end the loop (R183).
         */
        static Way of(Path path) throws IOException {
            java.util.Deque<Path> todo = new java.util.ArrayDeque<>();
            path.forEach(todo::addLast);
            List<Path> links = new ArrayList<>();
            List<Path> leftUp = new ArrayList<>();
            Path at = path.getRoot();
            while (!todo.isEmpty()) {
                Path c = todo.removeFirst();
                String name = c.toString();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    if (at.getParent() != null) {
                        leftUp.add(at);
                        at = at.getParent();
                    }
                    continue;
                }
                Path next = at.resolve(c);
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException | NotDirectoryException e) {
                    return new Way(links, next, leftUpAfterMissing(leftUp, next, todo));
                } catch (java.nio.file.FileSystemException e) {
                    if ("Not a directory".equals(e.getReason())) { // beneath a file, which may become a directory
                        return new Way(links, next, leftUpAfterMissing(leftUp, next, todo));
                    }
                    throw e;
                }
                if (!a.isSymbolicLink()) {
                    at = next;
                    continue;
                }
                links.add(next);
                if (links.size() > MAX_LINKS) {
                    return new Way(links, null, leftUp);
                }
                Path target = Files.readSymbolicLink(next);
                List<Path> parts = new ArrayList<>();
                target.forEach(parts::add);
                for (int k = parts.size() - 1; k >= 0; k--) {
                    todo.addFirst(parts.get(k));
                }
                if (target.isAbsolute()) {
                    at = target.getRoot();
                }
            }
            return new Way(links, null, leftUp);
        }

        /** {@code left}, and {@code missing} when the rest of the way leaves it with {@code ..} (B5a: {@code no/../h}). */
        private static List<Path> leftUpAfterMissing(List<Path> left, Path missing, java.util.Deque<Path> rest) {
            List<Path> all = new ArrayList<>(left);
            if (rest.stream().anyMatch(p -> p.toString().equals(".."))) {
                all.add(missing);
            }
            return all;
        }
    }

    /**
     * Runs the search's looks beyond the walk's entries as the session's owner, on a thread of its own (the host's: a
     * member's through {@code WorkspaceAccess.asCaller}; root's sessions {@link #HOST}).
     */
    interface AsOwner {
        /** As the calling thread: root's view for root's sessions, and for tests. */
        AsOwner HOST = new AsOwner() {
            @Override
            public <T> T look(java.util.function.Supplier<T> work) {
                return work.get();
            }
        };

        <T> T look(java.util.function.Supplier<T> work);
    }

    /** Reads one config file for the search; the host's reads it as the session's lender (see {@link #readConfig}). */
    @FunctionalInterface
    interface ConfigReader {
        ConfigRead read(Path file);
    }

    /** Reads a regular file of at most {@code maxBytes} on the calling thread without blocking on a FIFO or a device. */
    @FunctionalInterface
    interface RegularFiles {
        byte[] read(Path file, int maxBytes) throws IOException;
    }

    /**
     * One config file as {@link ConfigReader} gives it, read with {@code files} on the calling thread (the host runs this
     * as the lender: what it resolves and the problems it reports are only what the lender could see itself).
     */
    static ConfigRead readConfig(Path file, RegularFiles files) {
        Way way;
        try {
            way = Way.of(file);
        } catch (IOException e) {
            return ConfigRead.problem(e.getMessage());
        }
        byte[] content;
        try {
            content = files.read(file, MAX_CONFIG_BYTES);
        } catch (NoSuchFileException | NotDirectoryException missing) {
            return new ConfigRead(null, null, null, way);
        } catch (IOException e) {
            return ConfigRead.problem(e.getMessage());
        }
        try {
            return new ConfigRead(content, file.toRealPath(), null, way);
        } catch (IOException e) {
            return ConfigRead.problem(e.getMessage()); // replaced while read
        }
    }

    /** For tests: reads as this process; a FIFO or device is refused by looking first (racy: not for the host). */
    static ConfigRead readConfigHere(Path file) {
        return readConfig(file, (f, max) -> {
            if (Files.exists(f) && !Files.isRegularFile(f)) {
                throw new IOException(f + " is not a regular file");
            }
            try (var in = Files.newInputStream(f)) {
                byte[] b = in.readNBytes(max + 1);
                if (b.length > max) {
                    throw new IOException(f + " is larger than " + max + " bytes");
                }
                return b;
            }
        });
    }

    private boolean inProtectedDirectory(Path path) {
        return found.values().stream().anyMatch(p -> p.directory() && path.startsWith(p.path()) && !path.equals(p.path()));
    }

    private boolean inWritableRoot(Path path) {
        return roots.stream().anyMatch(path::startsWith);
    }

    private Optional<Path> ownersHome(Path dir) {
        Principal owner = owners.of(dir);
        return accounts.stream().filter(a -> a.id().equals(owner) && !a.home().isBlank())
                .map(a -> Path.of(a.home())).findFirst();
    }

    private void protect(Path path, boolean directory, String what) {
        if (inWritableRoot(path)) {
            found.putIfAbsent(path, new ProtectedPath(path, directory, what));
        }
    }

    /** Paths beneath a protected directory are protected with it: one mount each is enough. */
    private List<ProtectedPath> withoutNested() {
        List<ProtectedPath> out = new ArrayList<>();
        Path lastDir = null;
        for (ProtectedPath p : found.values()) { // sorted: a directory comes before everything beneath it
            if (lastDir != null && p.path().startsWith(lastDir)) {
                continue;
            }
            out.add(p);
            if (p.directory()) {
                lastDir = p.path();
            }
        }
        return out;
    }

    /**
     * Where {@code p} leads, or null where nothing is there for git either (ENOENT, ENOTDIR, a loop) or a directory on
     * the way may not be searched (the owner's git reaches nothing there). Any other failure refuses the start.
     */
    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (AccessDeniedException denied) {
            return null;
        } catch (FileSystemException e) {
            if (GitDirectory.nothingThere(e)) {
                return null;
            }
            throw CordonException.internal("Cannot tell where " + p + " leads (" + GitDirectory.reason(e) + "): what"
                    + " the developer's git or agent would read there cannot be judged, so no runner was started", e);
        } catch (IOException e) {
            throw CordonException.internal("Cannot tell where " + p + " leads (" + e.getMessage() + ")", e);
        }
    }

    /** {@link #realPath}, when it is a directory: git reads nothing from anything else there. */
    private static Path realDirectory(Path p) {
        Path real = realPath(p);
        return real != null && Files.isDirectory(real) ? real : null;
    }

}
