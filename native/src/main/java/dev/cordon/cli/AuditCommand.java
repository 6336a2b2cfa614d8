package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "audit", description = "Show the audit log: who did what, when, with what result.")
final class AuditCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "50", description = "Show the last N entries; 0 for all (default: ${DEFAULT-VALUE}).")
    int tail;

    @Option(names = "--action", paramLabel = "PREFIX", description = "Only entries whose action starts with PREFIX (e.g. secret.).")
    String action;

    @Override
    public Integer call() {
        common.requireElevated("audit");
        // read backwards from the end until `tail` entries match: the rotated files only when the current one has fewer
        List<JsonNode> entries = common.audit().read(tail,
                e -> action == null || e.path("action").asText().startsWith(action));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            ObjectNode doc = Output.document("audit/1");
            doc.put("file", common.audit().file().toString());
            ArrayNode arr = doc.putArray("entries");
            entries.forEach(arr::add);
            out.println(Json.pretty(doc));
            return 0;
        }
        if (entries.isEmpty()) {
            out.println("No audit entries in " + common.audit().file() + ".");
        }
        for (JsonNode e : entries) {
            out.printf("%s  %-24s %-18s %s%s%n", e.path("time").asText(), e.path("actor").asText(),
                    e.path("action").asText(), e.path("result").asText(),
                    e.path("detail").isNull() || e.path("detail").asText().isEmpty() ? "" : "  " + e.path("detail").asText());
        }
        return 0;
    }
}
