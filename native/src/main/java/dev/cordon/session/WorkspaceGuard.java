package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.Account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Refuses workspaces and writable roots that would hand the sandbox the system or somebody's whole home. */
public final class WorkspaceGuard {
    private WorkspaceGuard() {
    }

    /** The canonical path of a valid writable root, given without symlinks, or a usage error naming it. */
    /** @param accounts every local account (the platform's {@code Accounts.users()}): no root may be or hold a home */
    public static Path validate(Path given, Instance instance, List<Account> accounts, String option) {
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
            if (!a.home().isBlank() && !a.home().equals("/") && real.equals(Path.of(a.home()))) {
                throw CordonException.usage(option + " " + given + " is the home directory of " + a.name() + ".",
                        "Give a project directory inside it instead (e.g. " + real.resolve("src/project") + ").");
            }
            // a home holds what its user's programs run and trust: git's global config, shell start-up files
            if (!a.home().isBlank() && !a.home().equals("/") && Path.of(a.home()).startsWith(real)) {
                throw CordonException.usage(option + " " + given + " contains the home directory of " + a.name() + " ("
                        + a.home() + ").", "Give a project directory that holds nobody's home.");
            }
        }
        if (real.equals(Path.of("/home"))) {
            throw CordonException.usage(option + " " + given + " holds every user's home.", "Give a project directory.");
        }
        Path state = instance.stateDir();
        if (real.startsWith(state) || state.startsWith(real)) {
            throw CordonException.usage(option + " " + given + " is or contains Cordon's state directory " + state + ".",
                    "Give a project directory outside " + state + ".");
        }
        for (String system : new String[] {"/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/proc", "/sys",
                "/dev", "/var", "/run", "/opt"}) {
            if (real.equals(Path.of(system))) {
                throw CordonException.usage(option + " " + given + " is the system directory " + system + ".",
                        "Give a project directory.");
            }
        }
        for (Path a = real; a.getParent() != null; a = a.getParent()) {
            if (a.getFileName().toString().equals(".git") || RepositoryWalk.isGitDirectory(a)) {
                throw CordonException.usage(option + " " + given + " is " + (a.equals(real) ? "" : "inside ")
                        + "the git directory " + a + ".", "Give the repository's working tree instead: git's own files "
                        + "stay read-only in a session, so that the developer's git never runs what the sandbox wrote.");
            }
        }
        Optional<String> system = systemTree(real);
        if (system.isPresent()) {
            throw new CordonException(ExitCode.FORBIDDEN, option + " " + given + " " + system.get()
                    + ": no session may be lent a system directory, anything below one, or a directory of everybody's.",
                    "Give a project directory (under /home, /tmp, /var/tmp, /srv or /mnt, for example).");
        }
        return real;
    }

    /**
     * System trees no session may be lent, by anyone, at any depth: where the system, its services and root keep
     * programs, configuration and state ({@code /etc/cron.d}, {@code /usr/local/bin}, {@code /root/.ssh},
     * {@code /var/lib/…}, {@code /var/spool/cron}). All of {@code /var} except what lies below {@code /var/tmp} and
     * {@code /var/home} (the homes of image-based systems); {@code /tmp}, {@code /var/tmp} and the mount parents
     * themselves, which hold everybody's files, are refused as a whole. Directories below them stay allowed: a
     * user's project in {@code /tmp/proj} or {@code /home/alice/proj}.
     */
    private static final List<Path> SYSTEM_TREES = Stream.of("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32",
            "/lib64", "/libx32", "/boot", "/root", "/proc", "/sys", "/dev", "/run", "/opt", "/snap", "/var")
            .map(Path::of).toList();
    private static final List<Path> VAR_EXCEPTIONS = List.of(Path.of("/var/tmp"), Path.of("/var/home"));
    private static final List<Path> SHARED_PARENTS = Stream.of("/tmp", "/var/tmp", "/var/home", "/srv", "/mnt",
            "/media").map(Path::of).toList();

    /** Why a canonical path is a system tree no one may lend, e.g. {@code "is inside /etc"}; empty when it is not. */
    public static Optional<String> systemTree(Path real) {
        for (Path shared : SHARED_PARENTS) {
            if (real.equals(shared)) {
                return Optional.of("is " + shared + ", which holds everybody's files");
            }
        }
        for (Path exception : VAR_EXCEPTIONS) {
            if (real.startsWith(exception) && !real.equals(exception)) {
                return Optional.empty();
            }
        }
        return SYSTEM_TREES.stream().filter(real::startsWith).findFirst().map(t -> real.equals(t) ? "is the system directory " + t
                : "is inside the system directory " + t);
    }
}
