package dev.cordon.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.core.Principal;

import java.util.Optional;

/**
 * Who is on the other end of a host connection, as the OS reports it ({@link HostTransport.Link#peer()}).
 *
 * @param user    the account name (the id as text when no local account has it)
 * @param group   the primary group's name, likewise
 * @param groupId the group the OS reports for the connecting process, when it is a local group
 * @param account the caller the host authorizes, with every group the account database gives the user; empty when the
 *                user or the group is not a local account or group
 */
public record PeerIdentity(String user, String group, Optional<Principal> groupId, Optional<Caller> account) {

    /** The caller the host authorizes: refused when the OS's user or group is not a local account or group. */
    public Caller caller() {
        return account.orElseThrow(() -> new CordonException(ExitCode.FORBIDDEN, "The Cordon host cannot tell who user '"
                + user + "' (group '" + group + "') is: not a local account or group.",
                "Use a local account that is a member of the host's group, or run as root."));
    }

    public boolean isRoot() {
        return account.map(Caller::isRoot).orElse(false);
    }

    /** {@code alice (uid 1000)}, for messages and audit records. */
    public String describe() {
        return account.map(Caller::describe).orElse(user + " (not a local account)");
    }

    /** As {@code host.hello} reports it (docs/protocol.md): uid and gid -1 when not a local account or group. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.set("uid", account.map(c -> Json.id(c.id())).orElse(Json.MAPPER.getNodeFactory().numberNode(-1)));
        if (account.isPresent()) {
            n.set("gid", Json.id(account.get().group()));
        } else {
            n.set("gid", groupId.map(Json::id).orElse(Json.MAPPER.getNodeFactory().numberNode(-1)));
        }
        n.put("user", user);
        n.put("group", group);
        if (account.isPresent()) {
            n.putArray("groups").addAll(account.get().groups().stream().map(Json::id).toList());
        } else {
            n.putArray("groups").addAll(groupId.stream().map(Json::id).toList());
        }
        return n;
    }
}
