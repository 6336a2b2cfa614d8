package dev.cordon.session;

import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.Account;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a session may not read, although its sandbox account could: every session runs as the same sandbox accounts.
 * A lent tree's entries are for the lending session's own group ({@link SessionGroupIds}), so the developer's inodes in
 * it are out of other sessions' reach by permissions alone; what the sandbox itself created there is owned by the
 * shared sandbox account, readable by every session that can reach it. Hidden from the session's commands by Landlock,
 * like the state directory: for a member's session, the home of every other person (every account that
 * {@code Accounts.mayBePerson}: on Linux uid 1000 and up, not {@code nobody}); for every session, root's included, what is lent now to sessions whose files go to someone else,
 * and (members) the ancestors those got traverse on — except what holds or lies inside the session's own roots.
 * Each also where a mount shows it under another path (R59, {@link #throughMounts}): Landlock hides by path.
 *
 * <p>Fixed when the runner starts (Landlock cannot widen or be replaced later): what the sandbox created in a tree lent
 * outside a home after this session's runner started stays readable by it, where the tree's directories let anyone
 * through, until its runner restarts (a network switch restarts it).
 */
final class ForeignPaths {
    private ForeignPaths() {
    }

    /**
     * For root's sessions only what is lent to others: the commands of a session root started run as the sandbox
     * account like any other, and are not root's to trust with a member's tree; people's homes stay readable to them
     * as to any account.
     *
     * @param people the accounts that may be people's ({@code Accounts.mayBePerson}, see {@link SandboxAccounts#people})
     */
    static List<Path> of(Caller owner, List<Path> ownRoots, Collection<Account> people, List<Path> lentToOthers) {
        TreeSet<Path> out = new TreeSet<>();
        for (Account a : owner.isRoot() ? List.<Account>of() : people) {
            if (!a.id().equals(owner.id()) && a.home().startsWith("/")
                    && !a.home().equals("/")) {
                out.add(Path.of(a.home()).normalize());
            }
        }
        lentToOthers.forEach(p -> out.add(p.normalize()));
        out.removeIf(p -> ownRoots.stream().anyMatch(r -> r.startsWith(p) || p.startsWith(r)));
        return List.copyOf(out);
    }

    /**
     * The other paths by which hidden places are reached, hidden too (R59): {@code aliases} maps each to the place it
     * reaches (the platform's {@code RunnerLauncher.otherPathsTo}: a bind mount of another person's home, of a directory
     * inside or above it, of a tree lent to another session, of the state directory). One that holds a session's own
     * root is left readable, as {@link #of} leaves such a place itself; but not one of the state directory, and none
     * that is or lies inside an own root (Landlock grants a writable root's whole tree, so it cannot be hidden there):
     * then no runner starts, and the refusal names the root, the mount and the place.
     */
    static List<Path> throughMounts(Map<Path, Path> aliases, List<Path> ownRoots, Path stateDir) {
        List<Path> out = new ArrayList<>();
        aliases.forEach((alias, place) -> {
            String what = place.equals(stateDir) ? "Cordon's state directory " + place : place
                    + " (another person's home, or a tree lent to another session)";
            for (Path r : ownRoots) {
                if (alias.startsWith(r) || (r.startsWith(alias) && place.equals(stateDir))) {
                    throw new CordonException(ExitCode.FORBIDDEN, "The session's writable root " + r + (alias.equals(r)
                            ? " is " : alias.startsWith(r) ? " holds " : " lies inside ") + alias + ", where a mount shows "
                            + what + ", which the session's commands may not read: no runner was started.",
                            "Lend a directory that holds no such mount and lies in none, or take the mount off (umount "
                                    + alias + ").");
                }
            }
            if (ownRoots.stream().noneMatch(r -> r.startsWith(alias))) {
                out.add(alias);
            }
        });
        return out;
    }
    /**
     * The paths at which a daemon of root's serves files by path ({@code servers}: the platform's {@code
     * RunnerLauncher.servingByPath}, each with what it is), hidden (R105, R124); none may hold a writable root or lie in
     * one (hidden there, the root is lost; Landlock grants a root's whole tree): then no runner starts, and the refusal
     * names the root and the mount.
     */
    static List<Path> servingByPath(Map<Path, String> servers, List<Path> ownRoots) {
        List<Path> out = new ArrayList<>();
        servers.forEach((at, what) -> {
            for (Path r : ownRoots) {
                if (at.startsWith(r) || r.startsWith(at)) {
                    throw new CordonException(ExitCode.FORBIDDEN, "The session's writable root " + r + (at.equals(r)
                            ? " is " : at.startsWith(r) ? " holds " : " lies inside ") + at + ", where a FUSE file system"
                            + " of root's (" + what + ") serves files by path: through it the session's commands could"
                            + " read any file (by swapping a directory for a symlink as they look it up), so they may"
                            + " not reach it; no runner was started.",
                            "Lend a directory that holds no such mount and lies in none, or take the mount off (umount "
                                    + at + ").");
                }
            }
            out.add(at);
        });
        return out;
    }
}
