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

    /**
     * The arguments as people read them: {@code name: value, …}, durations in words ({@code "for": "PT1M"} reads
     * "for: 1 minute"; a number under a name ending in {@code Seconds} too), lists as {@code [a, b]} with their items as
     * logged (an argv is what was typed); what is not a
     * JSON object is shown as it is. The export keeps {@link #args} as they were logged.
     */
    public String argsInWords() {
        if (args.isEmpty()) {
            return "";
        }
        JsonNode node;
        try {
            node = dev.cordon.core.Json.parse(args);
        } catch (java.io.IOException | RuntimeException e) {
            return args;
        }
        if (!node.isObject()) {
            return args;
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        node.fields().forEachRemaining(f -> parts.add(f.getKey() + ": " + valueInWords(f.getKey(), f.getValue())));
        return String.join(", ", parts);
    }

    private static String valueInWords(String name, JsonNode v) {
        if (v.isTextual()) {
            String words = Times.durationWords(v.asText());
            return words != null ? words : v.asText();
        }
        if (v.isIntegralNumber() && name.endsWith("Seconds")) {
            return Times.words(java.time.Duration.ofSeconds(v.asLong()));
        }
        if (v.isArray()) {
            java.util.List<String> items = new java.util.ArrayList<>();
            v.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString())); // argv stays as typed
            return "[" + String.join(", ", items) + "]";
        }
        return v.isNull() ? "none" : v.toString();
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
        String haystack = String.join("\n", time, actor, action, args, argsInWords(), result, detail)
                .toLowerCase(Locale.ROOT);
        return Stream.of(filter.toLowerCase(Locale.ROOT).trim().split("\\s+")).allMatch(haystack::contains);
    }
}
