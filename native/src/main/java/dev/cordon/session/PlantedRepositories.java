package dev.cordon.session;

import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.WorkspaceAccess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * At session end: git repositories that appeared in a writable root during the session and that the developer's git
 * would trust, because the directory or file git checks the owner of is the developer's, not the sandbox's — a
 * bare-repository layout ({@code HEAD}, {@code objects/}, {@code refs/}) written into a directory the developer owns
 * (the workspace itself, for a workspace inside a repository), or a developer-owned file or directory moved or linked
 * to a {@code .git} name. A {@code .git} the sandbox created is not one of them: it is the sandbox's, and git refuses it.
 *
 * <p>They are found by a read-only walk once every process of the session is gone, told apart from the developer's own
 * repositories by the identities (device, inode) the searches at runner start recorded, and made inert by renaming
 * the one entry that makes them a repository ({@code HEAD}, or the {@code .git}) to {@code NAME.cordon-planted-<id>}.
 * The rename runs as the sandbox account (it only undoes what that account could do, and follows no path as root).
 */
final class PlantedRepositories {
    /** One planted repository: {@code entry} is what is renamed. */
    record Planted(Path entry, String what) {
    }

    private PlantedRepositories() {
    }

    /** What a search found, and whether it reached every directory (false: it stopped at its bound). */
    record Found(List<Planted> planted, boolean complete) {
    }

    static List<Planted> find(List<Path> roots, Set<Object> knownGitInodes, Set<Principal> sandboxIds, int maxDirectories,
                              RepositoryWalk.Owners owners) {
        return search(roots, knownGitInodes, sandboxIds, maxDirectories, owners).planted();
    }

    /** @param owners who owns an entry (the platform's {@code WorkspaceAccess::owner}) */
    static Found search(List<Path> roots, Set<Object> knownGitInodes, Set<Principal> sandboxIds, int maxDirectories,
                        RepositoryWalk.Owners owners) {
        List<Planted> planted = new ArrayList<>();
        RepositoryWalk.Extent extent = RepositoryWalk.walk(roots, maxDirectories, new RepositoryWalk.Visitor() {
            @Override
            public boolean directory(Path dir) {
                if (!RepositoryWalk.isGitDirectory(dir)) {
                    return true;
                }
                if (trusted(dir) && !knownGitInodes.contains(RepositoryWalk.inode(dir))) {
                    planted.add(new Planted(dir.resolve("HEAD"), "a git directory written into " + dir
                            + ", which is not the sandbox's"));
                }
                return false;
            }

            @Override
            public void dotGit(Path worktree, Path entry, BasicFileAttributes attrs) {
                if (!trusted(entry) || knownGitInodes.contains(attrs.fileKey())) {
                    return;
                }
                Path gitDir = gitDirOf(worktree, entry, attrs);
                if (gitDir != null && RepositoryWalk.isGitDirectory(gitDir) && trusted(gitDir)) {
                    planted.add(new Planted(entry, "a .git that is not the sandbox's, leading to " + gitDir));
                }
            }

            /** Whether git's ownership check would pass it for the developer: not owned by a sandbox account. */
            private boolean trusted(Path p) {
                return !sandboxIds.contains(owners.of(p));
            }
        });
        return new Found(List.copyOf(planted), extent.complete());
    }

    /** The git directory a {@code .git} entry is or names, or null. */
    private static Path gitDirOf(Path worktree, Path entry, BasicFileAttributes attrs) {
        if (attrs.isDirectory()) {
            return entry;
        }
        Path target = entry;
        if (attrs.isSymbolicLink()) {
            try {
                target = entry.toRealPath();
            } catch (IOException dangling) {
                return null;
            }
            if (Files.isDirectory(target)) {
                return target;
            }
        }
        Path named = Files.isRegularFile(target) ? RepositoryWalk.namedGitDir(worktree, target) : null;
        try {
            return named == null ? null : named.toRealPath(); // resolved as the kernel resolves it for git
        } catch (IOException missing) {
            return null;
        }
    }

    /**
     * Renames each planted entry as the session's account ({@code sandbox}, holding the session's principal
     * {@code sessionPrincipal} as its runner does: {@link WorkspaceAccess#renameAsSession}); returns one line per planted
     * repository saying what was done, or why it could not be.
     */
    static List<String> neutralize(List<Planted> planted, WorkspaceAccess access, Account sandbox,
                                   Principal sessionPrincipal, String sessionId) {
        List<String> report = new ArrayList<>();
        for (Planted p : planted) {
            Path target = p.entry().resolveSibling(p.entry().getFileName() + ".cordon-planted-" + sessionId);
            String said = access.renameAsSession(sandbox, sessionPrincipal, p.entry(), target);
            boolean moved = !Files.exists(p.entry(), LinkOption.NOFOLLOW_LINKS) && Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            report.add(moved ? p.what() + ": renamed " + p.entry() + " to " + target.getFileName() + " so that git no longer finds it"
                    : p.what() + ": COULD NOT rename " + p.entry() + " (" + (said.isBlank() ? "target exists" : said.strip())
                    + "); do not run git there before removing it");
        }
        return report;
    }
}
