package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;

import java.util.Base64;

/** A frame from the client, checked: a call, stdin bytes for a running call, or a cancel of one. */
sealed interface ClientMessage {
    String INPUT = "input";
    String CANCEL = "cancel";

    long id();

    record Call(long id, String method, ObjectNode params) implements ClientMessage {
    }

    record Input(long id, byte[] data, boolean eof) implements ClientMessage {
    }

    record Cancel(long id) implements ClientMessage {
    }

    static ClientMessage parse(ObjectNode frame) throws WireException {
        JsonNode id = frame.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong()) {
            throw invalid("a client frame needs an integer \"id\" (got " + (id == null ? "none" : id) + ")");
        }
        JsonNode method = frame.get("method");
        if (method == null || !method.isTextual() || method.textValue().isEmpty()) {
            throw invalid("frame " + id + " needs a non-empty string \"method\"");
        }
        JsonNode params = frame.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            throw invalid("\"params\" of frame " + id + " must be an object");
        }
        ObjectNode paramsObject = params != null && params.isObject() ? (ObjectNode) params : Json.object();
        return switch (method.textValue()) {
            case INPUT -> parseInput(id.longValue(), paramsObject);
            case CANCEL -> new Cancel(id.longValue());
            default -> new Call(id.longValue(), method.textValue(), paramsObject);
        };
    }

    private static Input parseInput(long id, ObjectNode params) throws WireException {
        JsonNode data = params.get("data");
        JsonNode eof = params.get("eof");
        if (data != null && !data.isTextual()) {
            throw invalid("\"data\" of input frame " + id + " must be a base64 string");
        }
        if (eof != null && !eof.isBoolean()) {
            throw invalid("\"eof\" of input frame " + id + " must be a boolean");
        }
        byte[] bytes;
        try {
            bytes = data == null ? new byte[0] : Base64.getDecoder().decode(data.textValue());
        } catch (IllegalArgumentException e) {
            throw invalid("\"data\" of input frame " + id + " is not base64: " + e.getMessage());
        }
        return new Input(id, bytes, eof != null && eof.booleanValue());
    }

    private static WireException invalid(String message) {
        return new WireException(WireException.Kind.INVALID_MESSAGE, message);
    }
}
