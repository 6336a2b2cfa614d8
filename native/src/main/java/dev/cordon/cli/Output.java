package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;

/** JSON documents printed by {@code --json}: every one carries {@code "schema": "cordon.<command>/<version>"}. */
public final class Output {
    private Output() {
    }

    public static ObjectNode document(String schema) {
        ObjectNode n = Json.object();
        n.put("schema", "cordon." + schema);
        return n;
    }

    public static String errorJson(CordonException e) {
        ObjectNode n = document("error/1");
        n.put("exitCode", e.exitCode().code());
        n.put("kind", e.exitCode().name().toLowerCase());
        n.put("message", e.getMessage());
        n.put("fix", e.fix());
        return Json.pretty(n);
    }
}
