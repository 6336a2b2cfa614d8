package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Age;
import dev.cordon.core.ByteSize;
import dev.cordon.core.Json;
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;
import dev.cordon.leftovers.QuarantineEntry;

import java.time.Duration;
import java.time.Instant;

/** JSON and text renderings of the janitor's records, shared by the {@code profiles} subcommands. */
final class LeftoversJson {
    private LeftoversJson() {
    }

    static ObjectNode leftover(Leftover l, Instant now) {
        ObjectNode n = Json.object();
        n.put("id", l.id());
        n.put("kind", l.kind().label());
        if (l.principal() == null) {
            n.put("uid", -1); // a session: no account owns it
        } else {
            n.set("uid", Json.id(l.principal()));
        }
        n.put("owner", l.owner());
        n.put("path", l.path());
        n.put("what", l.describe());
        n.put("pid", l.pid());
        n.put("command", l.command());
        n.put("sizeBytes", l.sizeBytes());
        n.put("since", l.since().toString());
        n.put("ageSeconds", Math.max(0, Duration.between(l.since(), now).toSeconds()));
        n.put("inUse", l.inUse());
        ArrayNode by = n.putArray("usedBy");
        l.usedBy().forEach(by::add);
        ArrayNode others = n.putArray("otherOwners");
        l.otherOwners().forEach(id -> others.add(Json.id(id)));
        return n;
    }

    static ObjectNode planned(PlannedAction a, Instant now) {
        ObjectNode n = Json.object();
        n.set("item", leftover(a.item(), now));
        n.put("action", a.action().label());
        n.put("reason", a.reason());
        n.put("result", "planned");
        n.putNull("quarantineId");
        n.putNull("detail");
        return n;
    }

    static ObjectNode outcome(PlannedAction a, CleanOutcome o, Instant now) {
        ObjectNode n = planned(a, now);
        n.put("result", o.result().label());
        n.put("quarantineId", o.quarantineId());
        n.put("detail", o.detail());
        return n;
    }

    static ObjectNode entry(QuarantineEntry q) {
        ObjectNode n = Json.object();
        n.put("id", q.id());
        n.put("originalPath", q.originalPath().toString());
        n.put("kind", q.kind().label());
        n.set("uid", Json.id(q.ownerId()));
        n.set("gid", Json.id(q.groupId()));
        n.put("owner", q.owner());
        n.put("mode", q.mode());
        n.put("sizeBytes", q.sizeBytes());
        n.put("modifiedAt", q.modifiedAt().toString());
        n.put("quarantinedAt", q.quarantinedAt().toString());
        n.put("payloadPresent", q.payloadPresent());
        return n;
    }

    /** 42s, 17m, 30h, 3d. */
    static String age(Instant since, Instant now) {
        return Age.compact(Duration.between(since, now));
    }

    /** 512 B, 3.1 KiB, 12.0 MiB. */
    static String size(long bytes) {
        return ByteSize.format(bytes);
    }
}
