package dev.cordon.host.wire;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.Account;
import dev.cordon.platform.Group;
import dev.cordon.platform.linux.Passwd;
import dev.cordon.platform.linux.PosixIds;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Who may use the host: root, and members of one group. Membership is read from the local account database at
 * each connection: the peer's kernel gid, the account's primary gid in {@code /etc/passwd}, or its name in the
 * group's member list in {@code /etc/group}.
 *
 * <p>The socket file's mode ({@code 0660 root:group}) already makes the kernel check the connecting process's
 * actual groups; this second check adds the current policy, so removing someone from the group takes effect at
 * their next connection, not at their next login.
 */
final class PeerPolicy {
    private final String groupName;
    private final Path socketPath;

    PeerPolicy(String groupName, Path socketPath) {
        this.groupName = groupName;
        this.socketPath = socketPath;
    }

    /** Empty when the peer is allowed; otherwise the refusal to send it. */
    Optional<CordonException> refusal(Peer peer, Passwd accounts) {
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
        int gid = PosixIds.gid(group.get());
        boolean member = peer.gid() == gid
                || group.get().members().contains(peer.user())
                || accounts.user(peer.user()).map(PosixIds::gid).filter(g -> g == gid).isPresent();
        if (member) {
            return Optional.empty();
        }
        return Optional.of(new CordonException(ExitCode.NEEDS_ROOT,
                "User '" + peer.user() + "' may not use the Cordon host at " + socketPath + ": only root and members of"
                        + " group '" + groupName + "' may.",
                "Have an administrator run `usermod -aG " + groupName + " " + peer.user() + "`, then log in again."));
    }
}
