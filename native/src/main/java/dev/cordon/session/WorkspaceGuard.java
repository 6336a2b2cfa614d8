package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.GitDirectory;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.platform.SystemTrees;

import dev.cordon.core.Caller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Refuses workspaces and writable roots that would hand the sandbox the system or somebody's whole home. */
public final class WorkspaceGuard {
    private static final System.Logger LOG = System.getLogger(WorkspaceGuard.class.getName());

    private WorkspaceGuard() {
    }

    /**
     * The canonical path of a valid writable root, given without symlinks, or a usage error naming it.
     *
     * @param accounts every local account (the platform's {@code Accounts.users()}): no root may be or hold a home
     * @param system   the platform's system trees ({@code WorkspaceAccess.systemTrees()})
     */
    public static Path validate(Path given, Instance instance, List<Account> accounts, SystemTrees system, String option) {
        return validate(given, instance, accounts, system, option, false);
    }

    /**
     * As {@link #validate(Path, Instance, List, SystemTrees, String)}; {@code allowConfigDirs} ({@code
     * --allow-config-dir}, audited): a root that is or lies inside a home's configuration directory is lent too.
     */
    public static Path validate(Path given, Instance instance, List<Account> accounts, SystemTrees system, String option,
                                boolean allowConfigDirs) {
        return validate(given, instance, accounts, system, option, allowConfigDirs, GitDirectory.READ_HERE);
    }

    /**
     * As {@link #validate(Path, Instance, List, SystemTrees, String, boolean)}, reading what decides whether an
     * ancestor is a git directory ({@code HEAD}, {@code commondir}) with {@code files} (the host's: the platform's
     * {@code WorkspaceAccess::readRegularFile}, which never blocks on a FIFO swapped in).
     */
    static Path validate(Path given, Instance instance, List<Account> accounts, SystemTrees system, String option,
                         boolean allowConfigDirs, GitDirectory.RegularFiles files) {
        return check(given, resolve(given, option), instance, accounts, system, option, allowConfigDirs, files, Supplier::get);
    }

    /**
     * As {@link #validate}, for a session of a non-root member ({@code peer}): the path is resolved with the member's own
     * view ({@code asPeer}, e.g. {@code WorkspaceAccess.asCaller}), so every message says only what the member could
     * see itself — a path it cannot reach gets one refusal, whatever is there (R21: root's view told a member the names,
     * types and symlink targets inside other users' private directories). The checks on the resolved path stay root's,
     * their reads made with {@code files} (as above).
     */
    static Path validate(Path given, Instance instance, List<Account> accounts, SystemTrees system, String option,
                         boolean allowConfigDirs, Caller peer, Function<Supplier<Path>, Path> asPeer,
                         GitDirectory.RegularFiles files) {
        Path real = asPeer.apply(() -> {
            requireReachable(given, option, peer);
            return resolve(given, option);
        });
        return check(given, real, instance, accounts, system, option, allowConfigDirs, files, asPeer);
    }

    /**
     * On a thread with {@code peer}'s own view: {@code given} can be looked up (following symlinks, as the session would
     * see it); a name that is not there is left to the caller's own message (the member sees that itself), anything else
     * it cannot see is refused with one message that says nothing of what is there.
     */
    public static void requireReachable(Path given, String option, Caller peer) {
        try {
            Files.readAttributes(given, BasicFileAttributes.class);
        } catch (NoSuchFileException visibleToThem) {
            // ENOENT as the member: every directory on the way was open to it, so it can tell this itself
        } catch (IOException e) {
            throw new CordonException(ExitCode.FORBIDDEN, option + " " + given + " cannot be reached by " + peer.describe()
                    + ": it, or a directory on the way to it, is not open to them (whether anything is there is not said).",
                    "Give a path you can reach yourself, or have root start the session (`sudo cordon run …`).");
        }
    }

    /** A home's configuration directory ({@code directory}: a dot-directory, or {@code bin}, directly in {@code account}'s home). */
    public record ConfigDir(Path directory, String account) {
    }

    /**
     * The configuration directory of a home that {@code real} is or lies inside, if any: a dot-directory directly in an
     * account's home ({@code ~/.config}, {@code ~/.local}, {@code ~/.ssh}, {@code ~/.gnupg}, {@code ~/.codex},
     * {@code ~/.agents}, …) or {@code ~/bin} (on the PATH of a login shell), where that user's programs find what they
     * run and trust (R43). The home itself, and
     * anything holding it, the guard refuses anyway.
     */
    public static Optional<ConfigDir> configDirectory(Path real, List<Account> accounts) {
        for (Account a : accounts) {
            for (Path home : homePaths(a)) {
                if (!real.startsWith(home) || real.equals(home)) {
                    continue;
                }
                Path first = home.resolve(real.getName(home.getNameCount()));
                if (isConfigDirName(first)) {
                    return Optional.of(new ConfigDir(first, a.name()));
                }
            }
        }
        // R53: the same home under another path (a bind mount of it, or of a directory above it) is found by identity
        Identities ids = Identities.of(accounts);
        for (Path at = real.getParent(); at != null && at.getParent() != null; at = at.getParent()) {
            Path above = at;
            Account a = identity(at, () -> "it is a directory above " + real + "; if it is a home reached under another"
                    + " path (a bind mount), " + real + " is not recognized as inside that home's configuration"
                    + " directories").map(ids.homes()::get).orElse(null);
            if (a != null) {
                Path first = at.resolve(real.getName(at.getNameCount()));
                return isConfigDirName(first) ? Optional.of(new ConfigDir(first, a.name())) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean isConfigDirName(Path first) {
        String name = first.getFileName().toString();
        return name.startsWith(".") || name.equals("bin"); // ~/bin: on the PATH by Debian's ~/.profile
    }

    /**
     * Each home's identity ({@code st_dev}, {@code st_ino}: {@link BasicFileAttributes#fileKey()}) with its account, and
     * each directory above a home (below {@code /}) with an account whose home it holds: a home is recognized under any
     * path that reaches it, a bind mount of it or of a directory above it (R53), not only the paths
     * {@link #homePaths} spells. Stat'ed by root; a home not made yet has no identity (its paths still count); one root
     * cannot stat (a root-squashed network home), or a directory above it root cannot stat, is left to the path
     * comparisons, with a warning naming the account, the path and what is not recognized.
     */
    private record Identities(Map<Object, Account> homes, Map<Object, Account> holding) {
        static Identities of(List<Account> accounts) {
            Map<Object, Account> homes = new HashMap<>();
            Map<Object, Account> holding = new HashMap<>();
            for (Account a : accounts) {
                List<Path> paths = homePaths(a);
                if (paths.isEmpty()) {
                    continue;
                }
                Path home = paths.get(paths.size() - 1); // its real path, where it resolves
                try {
                    homes.putIfAbsent(Files.readAttributes(home, BasicFileAttributes.class).fileKey(), a);
                } catch (NoSuchFileException notMadeYet) {
                    // nothing can reach it under another path yet
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Cannot stat the home " + home + " of the account " + a.name()
                            + " (" + e.getMessage() + "): a workspace or writable root reaching that home under another"
                            + " path (a bind mount) is not recognized as " + a.name() + "'s home. Make the home"
                            + " readable by root's stat.");
                }
                for (Path up = home.getParent(); up != null && up.getParent() != null; up = up.getParent()) {
                    Path above = up;
                    identity(up, () -> "it is a directory above the home " + home + " of the account " + a.name()
                            + ": a workspace or writable root reaching it under another path (a bind mount of it) is not"
                            + " recognized as holding " + a.name() + "'s home and could lend it to a session. Make "
                            + above + " readable by root's stat")
                            .ifPresent(k -> holding.putIfAbsent(k, a));
                }
            }
            return new Identities(homes, holding);
        }
    }

    /**
     * The identity of the directory {@code p} (following symlinks): none when it does not exist (nothing reaches it
     * under another path); none with a warning when root cannot stat it otherwise (a symlink loop, a root-squashed
     * network directory, an I/O error), saying what that leaves unrecognized ({@code lost}).
     */
    private static Optional<Object> identity(Path p, Supplier<String> lost) {
        try {
            return Optional.ofNullable(Files.readAttributes(p, BasicFileAttributes.class).fileKey());
        } catch (NoSuchFileException notThere) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot stat " + p + " (" + e.getMessage() + "): " + lost.get() + ".");
            return Optional.empty();
        }
    }

    /**
     * The paths by which {@code a}'s home is reached, to compare with a real path: as {@code passwd} spells it
     * (normalized) and its real path (R49: {@code /home -> /data/home} makes {@code /data/home/a} the home too); a home
     * not made yet is resolved as far as it exists, so a root that would hold it is known. None for a blank, relative
     * or {@code /} home. A home root cannot resolve (a symlink loop, a directory on the way root may not search, an I/O
     * error) keeps its spelled form only, with a warning naming the account, the path and what that leaves unchecked: it
     * is not a refusal, every session would be refused for one odd account.
     */
    static List<Path> homePaths(Account a) {
        if (a.home().isBlank() || !a.home().startsWith("/")) {
            return List.of();
        }
        Path spelled = Path.of(a.home()).normalize();
        if (spelled.getParent() == null) {
            return List.of();
        }
        Path real;
        try {
            real = realAsFarAsItExists(spelled);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot resolve the home " + spelled + " of the account " + a.name()
                    + " (" + e.getMessage() + "): a workspace or writable root is compared with that home only as passwd spells it,"
                    + " so if a symlink leads to it, the home's real path and its configuration directories are not"
                    + " recognized as " + a.name() + "'s and could be lent to a session. Make the home resolvable by root"
                    + " (or set its real path in passwd).");
            return List.of(spelled);
        }
        return real.equals(spelled) || real.getParent() == null ? List.of(spelled) : List.of(spelled, real);
    }

    /** The real path of the longest leading part of {@code path} that exists, the rest appended as written. */
    private static Path realAsFarAsItExists(Path path) throws IOException {
        for (Path at = path; ; at = at.getParent()) {
            try {
                return at.toRealPath().resolve(at.relativize(path));
            } catch (NoSuchFileException notYet) {
                if (at.getParent() == null) {
                    throw notYet;
                }
            }
        }
    }

    /**
     * {@code real} neither is nor lies inside a git directory (git's predicate, {@link GitDirectory#gitDirectory}, with
     * the view of the calling thread); one whose {@code objects} or {@code refs} cannot be looked at is refused too,
     * saying why: whether the sandbox would be lent git's own files cannot be told.
     */
    private static Path requireOutsideGitDirectories(Path given, Path real, String option, GitDirectory.RegularFiles files) {
        for (Path a = real; a.getParent() != null; a = a.getParent()) {
            GitDirectory.Answer answer = a.getFileName().toString().equals(".git") ? GitDirectory.Answer.YES
                    : GitDirectory.gitDirectory(a, files);
            String what = (a.equals(real) ? "" : "inside ") + "the git directory " + a;
            if (answer.yes()) {
                throw CordonException.usage(option + " " + given + " is " + what + ".", "Give the repository's working"
                        + " tree instead: git's own files stay read-only in a session, so that the developer's git never"
                        + " runs what the sandbox wrote.");
            }
            if (answer.unknown()) {
                throw CordonException.usage(option + " " + given + " may be " + what + " (a HEAD beside objects/refs that"
                        + " could not be looked at: " + answer.why() + ").", "Make " + a + "'s objects and refs something"
                        + " you can look at, or remove its HEAD if it is no repository.");
            }
        }
        return real;
    }

    /** The real path of an existing directory {@code given}, or a usage error (with the view of the calling thread). */
    private static Path resolve(Path given, String option) {
        Path real;
        try {
            if (!Files.exists(given)) {
                throw CordonException.usage(option + " " + given + " does not exist.", "Create it, or give an existing directory.");
            }
            if (!Files.isDirectory(given)) {
                throw CordonException.usage(option + " " + given + " is not a directory.", "Give a directory.");
            }
            real = given.toRealPath();
        } catch (IOException e) {
            throw new CordonException(ExitCode.USAGE, option + " " + given + " cannot be resolved: " + e.getMessage(),
                    "Give an existing, readable directory.", e);
        }
        return real;
    }

    /**
     * The checks on the resolved path, root's; whether it is or lies inside a git directory is looked at with
     * {@code asPeer} (a member's own view: what an {@code objects} symlink or a {@code commondir} in the member's tree
     * names is judged with the member's rights, R57).
     */
    private static Path check(Path given, Path real, Instance instance, List<Account> accounts, SystemTrees system,
                              String option, boolean allowConfigDirs, GitDirectory.RegularFiles files,
                              Function<Supplier<Path>, Path> asPeer) {
        if (!real.equals(given.toAbsolutePath().normalize())) {
            // a symlink left in a workspace would otherwise lend whatever it points to
            throw CordonException.usage(option + " " + given + " is reached through a symlink; it resolves to " + real + ".",
                    "Give the resolved path (" + option + " " + real + ") if that is the directory you mean to lend.");
        }
        if (real.getParent() == null) {
            throw CordonException.usage(option + " " + given + " is the root directory.",
                    "Give a project directory, never / : the sandbox could then write anywhere.");
        }
        for (Account a : accounts) {
            for (Path home : homePaths(a)) {
                if (real.equals(home)) {
                    throw CordonException.usage(option + " " + given + " is the home directory of " + a.name() + ".",
                            "Give a project directory inside it instead (e.g. " + real.resolve("src/project") + ").");
                }
                // a home holds what its user's programs run and trust: git's global config, shell start-up files
                if (home.startsWith(real)) {
                    throw CordonException.usage(option + " " + given + " contains the home directory of " + a.name()
                            + " (" + home + ").", "Give a project directory that holds nobody's home.");
                }
            }
        }
        Identities ids = Identities.of(accounts);
        Optional<Object> self = identity(real, () -> "it is " + option + " " + given + "; if it is a home, or holds one,"
                + " reached under another path (a bind mount), that is not recognized: it is checked by its path only");
        Account same = self.map(ids.homes()::get).orElse(null);
        if (same != null) {
            throw CordonException.usage(option + " " + given + " is the home directory of " + same.name() + " (the same"
                            + " directory as " + homePaths(same).get(0) + ", reached under another path: a bind mount).",
                    "Give a project directory inside it instead (e.g. " + real.resolve("src/project") + ").");
        }
        Account held = self.map(ids.holding()::get).orElse(null);
        if (held != null) {
            throw CordonException.usage(option + " " + given + " contains the home directory of " + held.name() + " ("
                    + homePaths(held).get(0) + ", reached under another path: a bind mount).",
                    "Give a project directory that holds nobody's home.");
        }
        Optional<ConfigDir> config = configDirectory(real, accounts);
        if (config.isPresent() && !allowConfigDirs) {
            ConfigDir c = config.get();
            throw new CordonException(ExitCode.FORBIDDEN, option + " " + given + " is " + (c.directory().equals(real) ? ""
                    : "inside ") + "the configuration directory " + c.directory() + " of " + c.account() + "'s home: what"
                    + " a session writes there (git's global config, shell and desktop start-up, ~/.local/bin on the"
                    + " PATH, ssh keys, an agent's own config) runs or is trusted as " + c.account() + " later.",
                    "Give a project directory instead (e.g. " + c.directory().getParent().resolve("src/project") + "); if you"
                            + " mean to let the sandbox change that configuration, add --allow-config-dir (API:"
                            + " \"allowConfigDirs\": true), which is audited and shown by `session show`.");
        }
        if (real.equals(system.homes())) {
            throw CordonException.usage(option + " " + given + " holds every user's home.", "Give a project directory.");
        }
        Path state = instance.stateDir();
        if (real.startsWith(state) || state.startsWith(real)) {
            throw CordonException.usage(option + " " + given + " is or contains Cordon's state directory " + state + ".",
                    "Give a project directory outside " + state + ".");
        }
        for (Path directory : system.directories()) {
            if (real.equals(directory)) {
                throw CordonException.usage(option + " " + given + " is the system directory " + directory + ".",
                        "Give a project directory.");
            }
        }
        asPeer.apply(() -> requireOutsideGitDirectories(given, real, option, files));
        Optional<String> tree = system.why(real);
        if (tree.isPresent()) {
            throw new CordonException(ExitCode.FORBIDDEN, option + " " + given + " " + tree.get()
                    + ": no session may be lent a system directory, anything below one, or a directory of everybody's.",
                    "Give a project directory (under " + system.examples() + ", for example).");
        }
        return real;
    }
}
