package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;

import java.util.Base64;
import java.util.Locale;

/** Builders for every message of the protocol, both directions, and the error object's mapping to exceptions. */
public final class Frames {
    public static final String TYPE_EVENT = "event";
    public static final String TYPE_RESULT = "result";
    public static final String TYPE_ERROR = "error";

    private Frames() {
    }

    public static ObjectNode call(long id, String method, JsonNode params) {
        ObjectNode n = header(id);
        n.put("method", method);
        n.set("params", params == null ? Json.object() : params);
        return n;
    }

    public static ObjectNode input(long id, byte[] data, boolean eof) {
        ObjectNode n = header(id);
        n.put("method", ClientMessage.INPUT);
        ObjectNode params = n.putObject("params");
        params.put("data", Base64.getEncoder().encodeToString(data));
        params.put("eof", eof);
        return n;
    }

    public static ObjectNode cancel(long id) {
        ObjectNode n = header(id);
        n.put("method", ClientMessage.CANCEL);
        return n;
    }

    public static ObjectNode event(long id, String event, JsonNode data) {
        ObjectNode n = header(id);
        n.put("type", TYPE_EVENT);
        n.put("event", event);
        n.set("data", data == null ? Json.object() : data);
        return n;
    }

    public static ObjectNode result(long id, JsonNode result) {
        ObjectNode n = header(id);
        n.put("type", TYPE_RESULT);
        n.set("result", result);
        return n;
    }

    /** An error answer to request {@code id}, or with {@code id: null} for a connection-level error. */
    public static ObjectNode error(Long id, CordonException e) {
        ObjectNode n = Json.object();
        n.put("v", FrameCodec.PROTOCOL_VERSION);
        if (id == null) {
            n.putNull("id");
        } else {
            n.put("id", id);
        }
        n.put("type", TYPE_ERROR);
        ObjectNode error = n.putObject("error");
        error.put("code", e.exitCode().code());
        error.put("kind", kindOf(e.exitCode()));
        error.put("message", e.getMessage());
        error.put("fix", e.fix());
        return n;
    }

    /** The {@code kind} string of an exit code: its enum name in lowercase ({@code needs_root}). */
    public static String kindOf(ExitCode code) {
        return code.name().toLowerCase(Locale.ROOT);
    }

    /** Rebuilds the exception the server threw from an error object; an unknown code counts as internal. */
    public static CordonException toException(JsonNode error) {
        int code = error.path("code").asInt(ExitCode.INTERNAL.code());
        ExitCode exitCode = ExitCode.INTERNAL;
        for (ExitCode c : ExitCode.values()) {
            if (c.code() == code) {
                exitCode = c;
            }
        }
        JsonNode fix = error.get("fix");
        return new CordonException(exitCode, error.path("message").asText("the Cordon host reported an error"),
                fix == null || fix.isNull() ? null : fix.asText());
    }

    private static ObjectNode header(long id) {
        ObjectNode n = Json.object();
        n.put("v", FrameCodec.PROTOCOL_VERSION);
        n.put("id", id);
        return n;
    }
}
