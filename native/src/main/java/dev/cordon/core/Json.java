package dev.cordon.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One configured Jackson mapper for every JSON Cordon reads or writes: ISO-8601 instants, paths as plain strings. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("cordon-paths")
                    .addSerializer(java.nio.file.Path.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer()))
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Compact single-line JSON, for JSON-lines files and frames. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw CordonException.internal("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw CordonException.internal("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * An id as JSON: a uid or gid as the number it always was in Cordon's output, a SID as its string, an unknown owner
     * as -1.
     */
    public static JsonNode id(Principal id) {
        return id instanceof Principal.PosixId p ? MAPPER.getNodeFactory().numberNode(p.number())
                : id instanceof Principal.Unknown ? MAPPER.getNodeFactory().numberNode(-1)
                : MAPPER.getNodeFactory().textNode(id.value());
    }

    /** The inverse of {@link #id}: a number is a uid or gid, a string a SID; null when the field is absent. */
    public static Principal id(JsonNode node, Principal.Kind kind) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isNumber() ? new Principal.PosixId(kind, node.intValue()) : new Principal.Sid(kind, node.asText());
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
