package dev.cordon.host.wire;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Group;
import dev.cordon.platform.PeerIdentity;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Who may use the host: root, and members of one group. Membership is read from the account database at each
 * connection: the peer's group as the OS reports it, the account's primary group, or its name in the group's member
 * list.
 *
 * <p>The endpoint's access ({@code 0660 root:group} on Linux) already makes the OS check the connecting process's
 * actual groups; this second check adds the current policy, so removing someone from the group takes effect at
 * their next connection, not at their next login.
 */
final class PeerPolicy {
    private final String groupName;
    private final Path socketPath;
    private final Accounts accounts;

    PeerPolicy(String groupName, Path socketPath, Accounts accounts) {
        this.groupName = groupName;
        this.socketPath = socketPath;
        this.accounts = accounts;
    }

    /** Empty when the peer is allowed; otherwise the refusal to send it. */
    Optional<CordonException> refusal(PeerIdentity peer) {
        if (peer.isRoot()) {
            return Optional.empty();
        }
        Optional<Group> group = accounts.group(groupName);
        if (group.isEmpty()) {
            return Optional.of(new CordonException(ExitCode.NEEDS_ROOT,
                    "User '" + peer.user() + "' may not use the Cordon host at " + socketPath + ": group '" + groupName
                            + "' does not exist, so only root may.",
                    "Run the command as root (sudo), or have an administrator run `groupadd " + groupName
                            + "` and `usermod -aG " + groupName + " " + peer.user() + "`, then restart `cordon serve`."));
        }
        Principal id = group.get().id();
        boolean member = peer.groupId().filter(id::equals).isPresent()
                || group.get().members().contains(peer.user())
                || accounts.user(peer.user()).map(Account::primaryGroup).filter(id::equals).isPresent();
        if (member) {
            return Optional.empty();
        }
        return Optional.of(new CordonException(ExitCode.NEEDS_ROOT,
                "User '" + peer.user() + "' may not use the Cordon host at " + socketPath + ": only root and members of"
                        + " group '" + groupName + "' may.",
                "Have an administrator run `usermod -aG " + groupName + " " + peer.user() + "`, then log in again."));
    }
}
