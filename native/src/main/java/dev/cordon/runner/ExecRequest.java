package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One command for the runner: argv, working directory, the complete environment, a timeout (0 = none). */
public record ExecRequest(List<String> argv, Path cwd, Map<String, String> env, long timeoutMillis) {
    static ExecRequest from(JsonNode frame) {
        List<String> argv = new ArrayList<>();
        frame.path("argv").forEach(a -> argv.add(a.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        frame.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return new ExecRequest(List.copyOf(argv), Path.of(frame.path("cwd").asText("/")), env,
                frame.path("timeoutMs").asLong(0));
    }
}
