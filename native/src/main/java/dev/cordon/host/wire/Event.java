package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** An event frame the server sent for request {@code id} before its result. */
public record Event(long id, String name, JsonNode data) {
}
