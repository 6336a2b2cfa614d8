package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One command for the runner: argv, working directory, the complete environment, a timeout (0 = none). */
public record ExecRequest(List<String> argv, Path cwd, Map<String, String> env, long timeoutMillis) {
    /**
     * The command of an exec frame. The host always sends a complete one; a frame that is not is refused with what is
     * wrong in it, and nothing starts.
     */
    static ExecRequest from(JsonNode frame) {
        JsonNode argvNode = frame.path("argv");
        if (!argvNode.isArray() || argvNode.isEmpty()) {
            throw refused("has no argv (a non-empty array of strings)");
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode a : argvNode) {
            if (!a.isTextual()) {
                throw refused("has a non-string argv element: " + a);
            }
            argv.add(a.asText());
        }
        if (argv.get(0).isEmpty()) {
            throw refused("names no program (argv[0] is empty)");
        }
        JsonNode cwdNode = frame.path("cwd");
        Path cwd = cwdNode.isMissingNode() ? Path.of("/") : cwdNode.isTextual() ? Path.of(cwdNode.asText()) : null;
        if (cwd == null || !cwd.isAbsolute()) {
            throw refused("has a cwd that is not an absolute path: " + cwdNode);
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = frame.path("env");
        if (!envNode.isMissingNode() && !envNode.isObject()) {
            throw refused("has an env that is not an object of strings");
        }
        var fields = envNode.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().isTextual()) {
                throw refused("has a non-string value for environment variable " + e.getKey());
            }
            env.put(e.getKey(), e.getValue().asText());
        }
        JsonNode timeout = frame.path("timeoutMs");
        if (!timeout.isMissingNode() && !(timeout.canConvertToLong() && timeout.isIntegralNumber() && timeout.asLong() >= 0)) {
            throw refused("has a timeoutMs that is not a whole number of milliseconds >= 0: " + timeout);
        }
        return new ExecRequest(List.copyOf(argv), cwd, env, timeout.asLong(0));
    }

    private static CordonException refused(String what) {
        return new CordonException(ExitCode.USAGE, "The exec frame " + what + ".",
                "The host sends complete exec frames; a runner and host of different versions do not mix: restart the session.");
    }
}
