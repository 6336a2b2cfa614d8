package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;

import java.io.PrintWriter;

/**
 * What {@code cordon run --json} and {@code cordon session exec --json} print, whichever path runs the command (the
 * host, or this process as root): one line per event of the host protocol's {@code run}/{@code session.exec}
 * (docs/protocol.md), {@code {"event":NAME,"data":{...}}} — {@code session {session}}, {@code started {pid}},
 * {@code stdout|stderr {data: base64}}, {@code gitPlanted {lines}} — then the result,
 * {@code {"schema":"cordon.run/1","session","exitCode","timedOut","started","error"}}.
 */
final class RunJsonLines {
    private final PrintWriter out;

    RunJsonLines(PrintWriter out) {
        this.out = out;
    }

    void event(String name, JsonNode data) {
        ObjectNode line = Json.object();
        line.put("event", name);
        line.set("data", data);
        out.println(Json.line(line));
        out.flush();
    }

    void result(ObjectNode result) {
        ObjectNode doc = Output.document("run/1");
        doc.setAll(result);
        out.println(Json.line(doc));
        out.flush();
    }
}
