package dev.cordon.session;

import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What a member's session may not read, although its sandbox account could: every session runs as the same sandbox
 * accounts, and a lent tree carries an ACL for the sandbox group (its ancestors traverse), so without this one member's
 * session reads what another member lent to theirs. Hidden from the session's commands by Landlock, like the state
 * directory: the home of every other person (uid 1000 and up, not {@code nobody}), and what is lent now to sessions
 * whose files go to someone else — except what holds or lies inside the session's own roots.
 *
 * <p>Fixed when the runner starts (Landlock cannot widen or be replaced later): a tree lent outside a home after this
 * session's runner started stays readable by it until its runner restarts (a network switch restarts it).
 */
final class ForeignPaths {
    static final int FIRST_PERSON_UID = 1000;
    static final int NOBODY = 65534;

    private ForeignPaths() {
    }

    /** Empty for root's sessions: root reads everything anyway, and its sessions keep the plain policy. */
    static List<Path> of(Caller owner, List<Path> ownRoots, Collection<Account> accounts, List<Path> lentToOthers) {
        if (owner.isRoot()) {
            return List.of();
        }
        TreeSet<Path> out = new TreeSet<>();
        for (Account a : accounts) {
            int uid = a.id() instanceof Principal.PosixId id ? id.number() : -1;
            if (uid >= FIRST_PERSON_UID && uid != NOBODY && uid != owner.uid() && a.home().startsWith("/")
                    && !a.home().equals("/")) {
                out.add(Path.of(a.home()).normalize());
            }
        }
        lentToOthers.forEach(p -> out.add(p.normalize()));
        out.removeIf(p -> ownRoots.stream().anyMatch(r -> r.startsWith(p) || p.startsWith(r)));
        return List.copyOf(out);
    }
}
