package dev.cordon.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.app.ui.Times;

import java.util.Locale;
import java.util.stream.Stream;

/** One line of the audit log as the table shows it; {@code args} is the arguments' compact JSON. */
public record AuditEntry(String time, String actor, String action, String args, String result, String detail) {
    public static AuditEntry from(JsonNode node) {
        String actor = text(node, "actor");
        return new AuditEntry(Times.format(text(node, "time")), actor.isEmpty() ? text(node, "user") : actor,
                text(node, "action"), node.has("args") && !node.get("args").isNull() ? node.get("args").toString() : "",
                text(node, "result"), text(node, "detail"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** Case-insensitive match of every word of {@code filter} against any field; blank matches all. */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String haystack = String.join("\n", time, actor, action, args, result, detail).toLowerCase(Locale.ROOT);
        return Stream.of(filter.toLowerCase(Locale.ROOT).trim().split("\\s+")).allMatch(haystack::contains);
    }
}
