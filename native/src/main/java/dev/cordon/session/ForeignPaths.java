package dev.cordon.session;

import dev.cordon.core.Caller;
import dev.cordon.platform.Account;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What a session may not read, although its sandbox account could: every session runs as the same sandbox accounts.
 * A lent tree's entries are for the lending session's own group ({@link SessionGroupIds}), so the developer's inodes in
 * it are out of other sessions' reach by permissions alone; what the sandbox itself created there is owned by the
 * shared sandbox account, readable by every session that can reach it. Hidden from the session's commands by Landlock,
 * like the state directory: for a member's session, the home of every other person (every account that
 * {@code Accounts.mayBePerson}: on Linux uid 1000 and up, not {@code nobody}); for every session, root's included, what is lent now to sessions whose files go to someone else,
 * and (members) the ancestors those got traverse on — except what holds or lies inside the session's own roots.
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
}
