package dev.cordon.session;

import dev.cordon.core.AgentConfigs;

import dev.cordon.core.GitDirectory;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.WorkspaceAccess;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * At session end: git repositories that appeared in a writable root during the session and that the developer's git
 * would trust once the workspace is given back, because the entries git checks the owner of are the developer's then:
 * <ul>
 * <li>any directory the walk reaches that git takes for a git directory ({@link GitDirectory#isGitDirectory}, git's
 * own predicate: a {@code HEAD} symlink into {@code refs/}, {@code objects/} and {@code refs/} in a {@code commondir},
 * R40) and that was not one at runner start, whoever owns it: one the developer owns (the workspace itself, for a
 * workspace inside a repository) passes git's ownership check now, and one the sandbox made passes it after the
 * hand-back, which gives every inode the sandbox made outside a {@code .git} to the developer;
 * <li>a directory holding a {@code HEAD} beside which the sandbox made {@code HEAD}, {@code commondir}, {@code config},
 * {@code objects} or {@code refs}, even where git's predicate says no today (another git's may say yes);
 * <li>a {@code .git} that is not the sandbox's and was not there at runner start (a developer-owned file, directory or
 * symlink moved to a {@code .git} name) that may lead git to a git directory, judged by the {@code .git} alone, never by
 * what it names (R54b: that may lie beyond the rights of the sandbox and of the member, and the walk runs as root): a
 * symlink always, a file that names a gitdir ({@code gitdir: …}) whatever it names, a directory holding a valid
 * {@code HEAD}; all worded alike;
 * <li>a {@code .codex} or {@code .agents} anywhere in a root that the sandbox owns or that was not there, at that path,
 * at runner start (R167, R178: a link moved keeps its inode): an agent running as the developer reads its
 * configuration from it, whoever owns it.
 * </ul>
 * A {@code .git} the sandbox created is not one of them: the hand-back leaves it and everything in it the sandbox's, and
 * git refuses it.
 *
 * <p>They are found by a read-only walk once every process of the session is gone, told apart from the developer's own
 * repositories by the identities (device, inode) the searches at runner start recorded, and made inert by renaming
 * the one entry that makes them a repository ({@code HEAD}, or the {@code .git}) to {@code NAME.cordon-planted-<id>}
 * ({@code NAME.cordon-planted-<id>-<random>} when that name is taken: the session knows its id, R175).
 * A planted git directory is entered (what it holds may be planted too); the developer's, protected whole while the
 * session ran, is not. The rename runs as the sandbox account (it only undoes what that account could do, and follows
 * no path as root).
 */
final class PlantedRepositories {
    /** One planted repository: {@code entry} is what is renamed. */
    record Planted(Path entry, String what) {
    }

    private PlantedRepositories() {
    }

    /**
     * What a search found, whether it reached every directory (false: it stopped at its bound), and what it could not
     * look into (one line each, saying what to do): a failure there never stops it looking at the rest (R55).
     */
    record Found(List<Planted> planted, boolean complete, List<String> unsearched, boolean allTaken) {
    }

    /**
     * The most planted entries one stop renames itself (W3: 800,000 planted agent names made a stop take 82 s and the
     * host 2.4 GiB); as many as the walk's directories, so one per directory is always taken. Past it the search goes on
     * only to its end and the stop says COULD NOT ({@link Found#allTaken}); the hand-back still renames the sandbox's own.
     */
    static final int MAX_PLANTED = ProtectionSearch.MAX_DIRECTORIES;

    /** One planted entry after the rename: the stop's line for it, and whether it is out of the way now. */
    record Neutralized(Planted planted, String line, boolean renamed) {
    }

    static List<Planted> find(List<Path> roots, Set<ProtectionSearch.Known> known, Set<Principal> sandboxIds,
                              int maxDirectories, RepositoryWalk.Owners owners) {
        return search(roots, known, sandboxIds, maxDirectories, owners, GitDirectory.READ_HERE).planted();
    }

    /**
     * @param owners who owns an entry (the platform's {@code WorkspaceAccess::owner})
     * @param files  how {@code HEAD}, {@code commondir} and {@code .git} files are read (the platform's
     *               {@code WorkspaceAccess::readRegularFile}: a FIFO another session swaps in blocks nothing)
     */
    static Found search(List<Path> roots, Set<ProtectionSearch.Known> known, Set<Principal> sandboxIds,
                        int maxDirectories, RepositoryWalk.Owners owners, GitDirectory.RegularFiles files) {
        List<Planted> planted = new BoundedList<>(MAX_PLANTED);
        Set<Path> plantedDirectories = new HashSet<>();
        List<String> unsearched = new ArrayList<>();
        RepositoryWalk.Extent extent = RepositoryWalk.walk(roots, maxDirectories, new RepositoryWalk.Visitor() {
            @Override
            public boolean directory(Path dir) {
                try {
                    return judge(dir);
                } catch (RuntimeException e) {
                    // a look at the directory's own entries failed: not knowing whether git takes it for a git
                    // directory, it is made inert (its HEAD renamed), and the walk goes on (R55)
                    plantedDirectories.add(dir);
                    planted.add(new Planted(dir.resolve("HEAD"), GitDirectory.unjudged(dir, e.getMessage())));
                    return true;
                }
            }

            private boolean judge(Path dir) {
                // beside a commondir, or an objects or refs symlink, git's answer depends on what that leads to, read
                // here as root: renamed, and worded, alike whatever it is, so the stop tells nobody what exists where
                // they cannot look (R54, R56)
                String beside = GitDirectory.headBeside(dir, files);
                GitDirectory.Answer git = beside != null ? null : GitDirectory.gitDirectory(dir, files);
                if ((beside != null || !git.no())
                        && known.contains(new ProtectionSearch.GitEntry(RepositoryWalk.inode(dir)))) {
                    return false; // the developer's, protected whole while the session ran
                }
                // inside a planted git directory its own files (logs/HEAD, refs/remotes/origin/HEAD) are no second one
                // by its ancestors, not by every planted directory (V2: 60,000 planted made that a walk of hours)
                boolean inPlanted = false;
                for (Path up = dir.getParent(); up != null && !inPlanted; up = up.getParent()) {
                    inPlanted = plantedDirectories.contains(up);
                }
                if (beside != null) {
                    plantedDirectories.add(dir);
                    planted.add(new Planted(dir.resolve("HEAD"), GitDirectory.besideEntry(dir, beside)));
                } else if (git.yes()) {
                    plantedDirectories.add(dir);
                    planted.add(new Planted(dir.resolve("HEAD"), GitDirectory.madeDuringSession(dir)));
                } else if (git.unknown()) {
                    plantedDirectories.add(dir);
                    planted.add(new Planted(dir.resolve("HEAD"), GitDirectory.unjudged(dir, git.why())));
                } else if (!inPlanted && preparedBySandbox(dir)) {
                    planted.add(new Planted(dir.resolve("HEAD"), "a HEAD in " + dir + " beside git's files the sandbox made"
                            + " (git may take it for a git directory)"));
                }
                return true;
            }

            @Override
            public void unsearchable(Path path, String why) {
                unsearched.add("COULD NOT look into " + path + " for planted git repositories (" + why + "): look for"
                        + " `HEAD` and `.git` entries there before running git in it, and for "
                        + RepositoryWalk.agentConfigNames() + " before running an agent there");
            }

            @Override
            public void agentDirectory(Path dir, Path entry, BasicFileAttributes attrs) {
                if (sandboxIds.contains(owners.of(entry))
                        || !known.contains(new ProtectionSearch.AgentEntry(entry, attrs.fileKey()))) {
                    planted.add(new Planted(entry, "a " + entry.getFileName() + " in " + dir + " that the session made or"
                            + " put there (an agent reads its configuration, hooks and skills from it; what it holds is not"
                            + " looked at)"));
                }
            }

            @Override
            public void dotGit(Path worktree, Path entry, BasicFileAttributes attrs) {
                if (sandboxIds.contains(owners.of(entry))
                        || known.contains(new ProtectionSearch.GitEntry(attrs.fileKey()))) {
                    return; // the sandbox's stays the sandbox's after the hand-back, and git refuses it
                }
                String said = "a .git in " + worktree + " that is not the sandbox's and was not there at runner start (git"
                        + " may take what it leads to for a git directory; that is not looked at)";
                boolean mayLead;
                try {
                    mayLead = mayLeadToGitDirectory(worktree, entry, attrs, files);
                } catch (RuntimeException e) {
                    mayLead = true; // could not tell: on the safe side (R55)
                    said += " (could not tell: " + e.getMessage() + ")";
                }
                if (mayLead) {
                    // what it names is not looked at: the walk runs as root, and whether a root-only path is a git
                    // directory must not decide, nor word, what the member's stop says (R54b)
                    planted.add(new Planted(entry, said));
                }
            }

            /** A {@code HEAD} there, and the sandbox made it or another of the entries git reads of a gitdir. */
            private boolean preparedBySandbox(Path dir) {
                if (RepositoryWalk.lstat(dir.resolve("HEAD")) == null) {
                    return false;
                }
                for (String name : List.of("HEAD", "commondir", "config", "objects", "refs")) {
                    Path p = dir.resolve(name);
                    if (RepositoryWalk.lstat(p) != null && sandboxIds.contains(owners.of(p))) {
                        return true;
                    }
                }
                return false;
            }
        });
        return new Found(List.copyOf(planted), extent.complete(), List.copyOf(unsearched),
                !((BoundedList<Planted>) planted).full());
    }

    /** A list that takes at most {@code max} elements and drops the rest, remembering that it did. */
    private static final class BoundedList<T> extends ArrayList<T> {
        private final int max;
        private boolean dropped;

        BoundedList(int max) {
            this.max = max;
        }

        @Override
        public boolean add(T t) {
            if (size() >= max) {
                dropped = true;
                return false;
            }
            return super.add(t);
        }

        boolean full() {
            return dropped;
        }
    }

    /**
     * Whether a {@code .git} entry may lead git to a git directory, by the entry alone: a symlink (where it leads is not
     * followed), a regular file naming a gitdir (what it names is not looked at), a directory holding a valid {@code HEAD}
     * (git's first test; its {@code objects}, {@code refs} and {@code commondir} may lead anywhere and are not looked at).
     */
    private static boolean mayLeadToGitDirectory(Path worktree, Path entry, BasicFileAttributes attrs,
                                                 GitDirectory.RegularFiles files) {
        if (attrs.isSymbolicLink()) {
            return true;
        }
        if (attrs.isDirectory()) {
            return GitDirectory.validHead(entry.resolve("HEAD"), files);
        }
        return attrs.isRegularFile() && GitDirectory.namedGitDir(worktree, entry, files) != null;
    }

    /**
     * Renames each planted entry as the session's account ({@code sandbox}, holding the session's principal
     * {@code sessionPrincipal} as its runner does: {@link WorkspaceAccess#renameAsSession}, all of them at once); returns
     * one line per planted entry saying what was done, or why it could not be: those it could not rename first, an entry
     * the sandbox does not own before the sandbox's (W2: the hand-back renames only the sandbox's, so a developer's entry
     * moved to such a name is the one the stop must name, however many the sandbox made fail beside it). A rename that
     * fails as a whole (the helper could not run) is a COULD NOT line for each entry.
     */
    static List<Neutralized> neutralize(List<Planted> found, WorkspaceAccess access, Account sandbox,
                                        Principal sessionPrincipal, String sessionId, Set<Principal> sandboxIds) {
        // the deepest first, a depth at a time, each checked before a shallower rename moves what it is in (rev51 F1,
        // F2: the walk lists the shallowest first, and an inner rename then met a path that was gone)
        java.util.TreeMap<Integer, List<Planted>> byDepth = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (Planted p : found) {
            byDepth.computeIfAbsent(p.entry().getNameCount(), d -> new ArrayList<>()).add(p);
        }
        List<Neutralized> developers = new ArrayList<>();
        List<Neutralized> sandboxes = new ArrayList<>();
        List<Neutralized> renamed = new ArrayList<>(found.size());
        for (List<Planted> level : byDepth.values()) {
            for (Neutralized n : renameLevel(level, access, sandbox, sessionPrincipal, sessionId)) {
                if (n.renamed()) {
                    renamed.add(n);
                    continue;
                }
                Principal owner = ownerOrNull(access, n.planted().entry());
                (owner != null && sandboxIds.contains(owner) ? sandboxes : developers).add(n);
            }
        }
        List<Neutralized> report = new ArrayList<>(found.size());
        report.addAll(developers);
        report.addAll(sandboxes);
        report.addAll(renamed);
        return report;
    }

    /** Renames the entries of one depth at once (and again, at random names, those whose name was taken), checked. */
    private static List<Neutralized> renameLevel(List<Planted> planted, WorkspaceAccess access, Account sandbox,
                                                 Principal sessionPrincipal, String sessionId) {
        List<WorkspaceAccess.Rename> renames = new ArrayList<>(planted.size());
        for (Planted p : planted) {
            String name = p.entry().getFileName().toString();
            renames.add(new WorkspaceAccess.Rename(p.entry(),
                    p.entry().resolveSibling(GitDirectory.plantedName(name, sessionId))));
        }
        List<String> said = new ArrayList<>(renameAll(access, sandbox, sessionPrincipal, renames));
        // R175: a name was taken (the session knows its id and may make it first): one it cannot have guessed
        List<Integer> taken = new ArrayList<>();
        List<WorkspaceAccess.Rename> again = new ArrayList<>();
        for (int i = 0; i < renames.size(); i++) {
            WorkspaceAccess.Rename r = renames.get(i);
            if (there(r.entry()) && there(r.target())) {
                String name = r.entry().getFileName().toString();
                r = new WorkspaceAccess.Rename(r.entry(),
                        r.entry().resolveSibling(GitDirectory.randomPlantedName(name, sessionId)));
                renames.set(i, r);
                taken.add(i);
                again.add(r);
            }
        }
        if (!again.isEmpty()) {
            List<String> saidAgain = renameAll(access, sandbox, sessionPrincipal, again);
            for (int j = 0; j < taken.size(); j++) {
                said.set(taken.get(j), saidAgain.get(j));
            }
        }
        List<Neutralized> done = new ArrayList<>(planted.size());
        for (int i = 0; i < planted.size(); i++) {
            Planted p = planted.get(i);
            Path target = renames.get(i).target();
            boolean agents = AgentConfigs.isNamed(p.entry().getFileName().toString());
            if (!there(p.entry()) && there(target)) {
                String newName = target.getFileName().toString();
                done.add(new Neutralized(p, agents ? AgentConfigs.renamed(p.what(), p.entry(), newName)
                        : GitDirectory.renamed(p.what(), p.entry(), newName), true));
            } else {
                done.add(new Neutralized(p, p.what() + ": COULD NOT rename " + p.entry() + " ("
                        + (said.get(i).isBlank() ? "target exists" : said.get(i).strip()) + "); do not run "
                        + (agents ? "an agent" : "git") + " there before removing it", false));
            }
        }
        return done;
    }

    /** {@link WorkspaceAccess#renameAsSession}, or its failure as the answer for each rename. */
    private static List<String> renameAll(WorkspaceAccess access, Account sandbox, Principal sessionPrincipal,
                                          List<WorkspaceAccess.Rename> renames) {
        try {
            return access.renameAsSession(sandbox, sessionPrincipal, renames);
        } catch (RuntimeException e) {
            return java.util.Collections.nCopies(renames.size(), String.valueOf(e.getMessage()));
        }
    }

    private static Principal ownerOrNull(WorkspaceAccess access, Path entry) {
        try {
            return access.owner(entry);
        } catch (RuntimeException e) {
            return null; // gone, or not to be looked at: not known to be the sandbox's, so listed first
        }
    }

    /** Whether anything is at {@code p} itself (a link is not followed). */
    private static boolean there(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
