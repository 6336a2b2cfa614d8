package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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
 * {@code core.hooksPath} directory (see {@link #repositoryConfig});
 * <li>{@code .codex} and {@code .agents} directly in each root.
 * </ul>
 * A {@code .git} owned by a sandbox account is the sandbox's own (made in an earlier run of the session): git refuses it
 * to everyone else by its ownership check, so it is left writable. The search does not follow symlinks and does not
 * enter {@code .git} directories (protected whole); it stops after {@link #MAX_DIRECTORIES} directories and says so.
 */
final class ProtectionSearch {
    /** The bound of the search for nested repositories, over all roots of a session. */
    static final int MAX_DIRECTORIES = 100_000;
    private static final String DOT_GIT = RepositoryWalk.DOT_GIT;

    /**
     * What a search found: the protection, and the identities (device, inode) of every {@code .git} entry and git
     * directory it saw, so that the end of the session can tell the developer's repositories from planted ones.
     */
    record Found(Protection protection, Set<Object> gitInodes) {
    }

    private final List<Path> roots;
    private final Set<Principal> sandboxIds;
    private final TreeMap<Path, ProtectedPath> found = new TreeMap<>();
    private final Set<Path> safeDirectories = new LinkedHashSet<>();
    private final Set<Object> gitInodes = new HashSet<>();
    private final Set<Path> gitDirectories = new LinkedHashSet<>();

    /** Every local account, for {@code ~/} in a repository's config: git expands it to the home of who runs git. */
    private final List<Account> accounts;
    private final RepositoryWalk.Owners owners;

    private ProtectionSearch(List<Path> roots, Set<Principal> sandboxIds, List<Account> accounts,
                             RepositoryWalk.Owners owners) {
        this.owners = owners;
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
        return search(roots, sandboxIds, MAX_DIRECTORIES, List.of(), owners);
    }

    /**
     * @param accounts every local account (the platform's {@code Accounts.users()})
     * @param owners   who owns an entry (the platform's {@code WorkspaceAccess::owner})
     */
    static Found search(List<Path> roots, Set<Principal> sandboxIds, int maxDirectories, List<Account> accounts,
                        RepositoryWalk.Owners owners) {
        return new ProtectionSearch(roots, sandboxIds, accounts, owners).run(maxDirectories);
    }

    static Protection find(List<Path> roots, Set<Principal> sandboxIds, RepositoryWalk.Owners owners) {
        return search(roots, sandboxIds, owners).protection();
    }

    static Protection find(List<Path> roots, Set<Principal> sandboxIds, int maxDirectories, RepositoryWalk.Owners owners) {
        return search(roots, sandboxIds, maxDirectories, List.of(), owners).protection();
    }

    private Found run(int maxDirectories) {
        for (Path root : roots) {
            safeDirectories.add(root);
            for (String name : List.of(".codex", ".agents")) {
                Path p = root.resolve(name);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    protect(p, true, name + " directory");
                }
            }
            enclosingRepository(root);
        }
        RepositoryWalk.Extent extent = RepositoryWalk.walk(roots, maxDirectories, new RepositoryWalk.Visitor() {
            @Override
            public boolean directory(Path dir) {
                if (!roots.contains(dir) && RepositoryWalk.isGitDirectory(dir)) { // a root never is (WorkspaceGuard)
                    bareRepository(dir);
                    return false;
                }
                return true;
            }

            @Override
            public void dotGit(Path worktree, Path entry, BasicFileAttributes attrs) {
                gitEntry(worktree, entry, attrs);
            }
        });
        return new Found(new Protection(withoutNested(), List.copyOf(safeDirectories), extent.searched(), extent.complete(),
                List.copyOf(gitDirectories)),
                Set.copyOf(gitInodes));
    }

    /** The repository a root lies in (its nearest ancestor with a {@code .git}), if any. */
    private void enclosingRepository(Path root) {
        for (Path a = root.getParent(); a != null; a = a.getParent()) {
            Path dotGit = a.resolve(DOT_GIT);
            BasicFileAttributes attrs = RepositoryWalk.lstat(dotGit);
            if (attrs != null) {
                gitEntry(a, dotGit, attrs);
                return;
            }
        }
    }

    /** A {@code .git} in {@code worktree}: the entry itself, and the gitdir it is or names. */
    private void gitEntry(Path worktree, Path dotGit, BasicFileAttributes attrs) {
        gitInodes.add(attrs.fileKey());
        if (sandboxIds.contains(owners.of(dotGit))) {
            return;
        }
        safeDirectories.add(worktree);
        Path gitDir = null;
        if (attrs.isDirectory()) {
            gitDir = gitDir(dotGit, DOT_GIT + " directory");
        } else if (attrs.isRegularFile()) {
            protect(dotGit, false, DOT_GIT + " file");
            gitDir = namedGitDir(worktree, dotGit, dotGit);
        } else if (attrs.isSymbolicLink()) {
            Path target;
            try {
                target = dotGit.toRealPath();
            } catch (IOException dangling) {
                return; // git finds no repository through it either
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
     * A git directory under another name than {@code .git}: a bare repository ({@code backup.git}; pushing to it runs
     * its hooks as the pusher), or a gitdir some {@code .git} file names. Protected whole, unless the sandbox owns it.
     */
    private void bareRepository(Path dir) {
        gitInodes.add(RepositoryWalk.inode(dir));
        if (sandboxIds.contains(owners.of(dir))) {
            return;
        }
        safeDirectories.add(dir); // git matches safe.directory against the gitdir of a bare repository
        gitDir(dir, "git directory (bare repository)");
    }

    /** The gitdir a {@code .git} file names, protected like any; its real path, or null. */
    private Path namedGitDir(Path worktree, Path gitFile, Path dotGit) {
        Path named = RepositoryWalk.namedGitDir(worktree, gitFile);
        return named == null ? null : gitDir(named, "gitdir named by " + dotGit); // git refuses an invalid .git file
    }

    /** A git directory: protected when it lies in a writable root, and its common directory likewise; its real path. */
    private Path gitDir(Path gitDir, String what) {
        Path real = realDirectory(gitDir);
        if (real == null) {
            return null;
        }
        gitInodes.add(RepositoryWalk.inode(real));
        protect(real, true, what);
        gitDirectories.add(real);
        Path commonDir = commonDir(real);
        if (!commonDir.equals(real)) {
            protect(commonDir, true, "common gitdir of " + real);
            gitDirectories.add(commonDir);
        }
        return real;
    }

    /** Where a gitdir's shared part (config, hooks, objects) is: its {@code commondir}, else itself. */
    private static Path commonDir(Path gitDir) {
        String common = RepositoryWalk.firstLine(gitDir.resolve("commondir"));
        if (common == null || common.isBlank()) {
            return gitDir;
        }
        Path commonDir = realDirectory(gitDir.resolve(common));
        return commonDir == null ? gitDir : commonDir;
    }

    /**
     * What the repository's own config ({@code config}, {@code config.worktree}, read with git itself: {@code git
     * config --file}, which runs nothing; a host without git has no git to run them either) makes git read or run
     * from a writable root:
     * <ul>
     * <li>the files it includes ({@code include.path}, {@code includeIf.*.path}, at any depth): git reads them as the
     * repository's config whoever owns them. One that exists is protected; one that does not exist but would lie in a
     * writable root is refused — the sandbox could create it;
     * <li>a {@code core.hooksPath} directory (husky's {@code .husky}, {@code .githooks}): git runs what is in it on
     * the developer's next commit. One that does not exist is not protected (docs/architecture.md).
     * </ul>
     */
    private void repositoryConfig(Path worktree, Path gitDir) {
        Optional<Path> git = Exec.which("git");
        if (git.isEmpty()) {
            return;
        }
        for (Path config : List.of(commonDir(gitDir).resolve("config"), gitDir.resolve("config.worktree"))) {
            if (!Files.isRegularFile(config)) {
                continue;
            }
            for (String[] origin : gitConfig(git.get(), config, "^include(if\\..*)?\\.path$")) {
                includedFile(worktree, config, Path.of(origin[0]).getParent(), origin[2]);
            }
            for (String[] origin : gitConfig(git.get(), config, "^core\\.hookspath$")) {
                Path real = realDirectory(expand(worktree, worktree, origin[2]));
                if (real != null) {
                    protect(real, true, "core.hooksPath of " + worktree);
                }
            }
        }
    }

    private void includedFile(Path worktree, Path config, Path relativeTo, String value) {
        Path included = expand(worktree, relativeTo, value).normalize();
        if (Files.isRegularFile(included)) {
            try {
                protect(included.toRealPath(), false, "config included by " + config);
            } catch (IOException vanished) {
                throw CordonException.internal("Cannot resolve " + included + ": " + vanished.getMessage(), vanished);
            }
        } else if (!Files.exists(included, LinkOption.NOFOLLOW_LINKS) && inWritableRoot(included)) {
            throw CordonException.usage("The git config " + config + " includes " + included + ", which does not exist and"
                    + " lies in a writable root: the sandbox could create it, and the developer's git would read it as"
                    + " the repository's config.", "Create that file (the session keeps it read-only), or remove the"
                    + " include from " + config + ".");
        }
    }

    /** A config path as git expands it: {@code ~/} is the worktree owner's home, a relative path is relative to {@code base}. */
    private Path expand(Path worktree, Path base, String value) {
        if (value.startsWith("~/")) {
            return ownersHome(worktree).map(h -> h.resolve(value.substring(2))).orElse(base.resolve(value));
        }
        return base.resolve(value);
    }

    /** Each {@code (origin file, key, value)} of {@code git config --file F --includes --get-regexp KEYS}. */
    private static List<String[]> gitConfig(Path git, Path config, String keys) {
        Exec.Result r = Exec.run(List.of(git.toString(), "-C", "/", "config", "--file", config.toString(), "--includes",
                "--show-origin", "--get-regexp", keys));
        if (r.exitCode() == 1) {
            return List.of(); // none set
        }
        r.orThrow("Reading " + keys + " from " + config);
        List<String[]> out = new ArrayList<>();
        for (String line : r.stdout().lines().filter(l -> l.startsWith("file:")).toList()) {
            int tab = line.indexOf('\t');
            String rest = line.substring(tab + 1);
            int space = rest.indexOf(' ');
            if (tab < 0 || space < 0) {
                continue; // a key without a value: git ignores it for paths
            }
            out.add(new String[] {line.substring("file:".length(), tab), rest.substring(0, space), rest.substring(space + 1)});
        }
        return out;
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

    private static Path realDirectory(Path p) {
        try {
            Path real = p.toRealPath();
            return Files.isDirectory(real) ? real : null;
        } catch (IOException missing) {
            return null; // nothing there: git reads nothing from it
        }
    }

}
