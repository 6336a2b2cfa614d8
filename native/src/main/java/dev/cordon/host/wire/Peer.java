package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.Account;
import dev.cordon.platform.Group;
import dev.cordon.platform.linux.Passwd;
import dev.cordon.platform.linux.PosixIds;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is on the other end of a connection, from the kernel ({@code SO_PEERCRED}), not from anything the client says.
 * The JDK reports the credentials as names (the number when no account has it); the numbers come from the local
 * account database, -1 when the name is not a local account or group.
 *
 * <p>{@code groups} are the kernel's gid plus the groups the account database gives the user (its primary group and
 * every group listing it): what the user gets at login or with {@code sg}. The JDK does not expose
 * {@code SO_PEERGROUPS}, and the database is also what decides membership of the host's group (see PeerPolicy).
 */
public record Peer(int uid, int gid, String user, String group, List<Integer> groups) {
    public Peer {
        groups = List.copyOf(groups);
    }

    static Peer of(SocketChannel channel, Passwd accounts) throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String user = principal.user().getName();
        String group = principal.group().getName();
        int uid = numeric(user);
        if (uid < 0) {
            uid = accounts.user(user).map(PosixIds::uid).orElse(-1);
        }
        int gid = numeric(group);
        if (gid < 0) {
            gid = accounts.group(group).map(PosixIds::gid).orElse(-1);
        }
        Set<Integer> groups = new TreeSet<>();
        if (gid >= 0) {
            groups.add(gid);
        }
        Optional<Account> account = uid < 0 ? Optional.empty() : accounts.user(uid).filter(a -> a.name().equals(user));
        account.ifPresent(a -> groups.addAll(accounts.gidsOf(a)));
        return new Peer(uid, gid, user, group, List.copyOf(groups));
    }

    /** The caller the host authorizes: refused when the kernel's uid or gid is not a local account or group. */
    public Caller caller() {
        if (uid < 0 || gid < 0) {
            throw new CordonException(ExitCode.FORBIDDEN, "The Cordon host cannot tell who user '" + user + "' (group '"
                    + group + "') is: not a local account or group.",
                    "Use a local account (in /etc/passwd) that is a member of the host's group, or run as root.");
        }
        return new Caller(uid, gid, groups, user);
    }

    public boolean isRoot() {
        return uid == 0;
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("uid", uid);
        n.put("gid", gid);
        n.put("user", user);
        n.put("group", group);
        n.set("groups", Json.tree(groups));
        return n;
    }

    private static int numeric(String name) {
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1; // more digits than an id can have: not a number the kernel reported
        }
    }
}
