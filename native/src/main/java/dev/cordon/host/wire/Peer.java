package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import dev.cordon.platform.Account;
import dev.cordon.platform.Group;
import dev.cordon.platform.linux.Passwd;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Who is on the other end of a connection, from the kernel ({@code SO_PEERCRED}), not from anything the client says.
 * The JDK reports the credentials as names (the number when no account has it); the numbers come from the local
 * account database, -1 when the name is not a local account or group.
 */
public record Peer(int uid, int gid, String user, String group) {

    static Peer of(SocketChannel channel, Passwd accounts) throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String user = principal.user().getName();
        String group = principal.group().getName();
        int uid = numeric(user);
        if (uid < 0) {
            uid = accounts.user(user).map(Account::uid).orElse(-1);
        }
        int gid = numeric(group);
        if (gid < 0) {
            gid = accounts.group(group).map(Group::gid).orElse(-1);
        }
        return new Peer(uid, gid, user, group);
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
