package dev.cordon.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Base64;

/** The frames a command produces, whichever way it was started: started, out (per chunk), exit. */
final class CommandFrames {
    private CommandFrames() {
    }

    static ObjectNode started(String id, long pid) {
        ObjectNode f = frame("started", id);
        f.put("pid", pid);
        return f;
    }

    static ObjectNode output(String id, int fd, byte[] buffer, int length) {
        ObjectNode f = frame("out", id);
        f.put("fd", fd);
        f.put("data", Base64.getEncoder().encodeToString(length == buffer.length ? buffer : Arrays.copyOf(buffer, length)));
        return f;
    }

    /** {@code bytes} of stdin went into the command: the host may send that much more. */
    static ObjectNode stdinAck(String id, int bytes) {
        ObjectNode f = frame("stdin-ack", id);
        f.put("bytes", bytes);
        return f;
    }

    /** The exit of a started command; {@code killedBecause} null when it ended by itself. */
    static ObjectNode exit(String id, int code, String killedBecause) {
        ObjectNode f = frame("exit", id);
        f.put("started", true);
        f.put("code", code);
        f.put("timedOut", "timeout".equals(killedBecause));
        if (killedBecause != null) {
            f.put("killed", killedBecause);
        }
        return f;
    }

    /** A command that never started: 127 not found, 126 not executable or refused. */
    static ObjectNode notStarted(String id, int code, String error) {
        ObjectNode f = frame("exit", id);
        f.put("code", code);
        f.put("started", false);
        f.put("error", error);
        return f;
    }

    private static ObjectNode frame(String type, String id) {
        ObjectNode f = JsonNodeFactory.instance.objectNode(); // not Json: the runner builds no ObjectMapper
        f.put("type", type);
        f.put("cmd", id);
        return f;
    }
}
