package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The frames a runner wrote, decoded as the host decodes them. */
final class Frames {
    final ByteArrayOutputStream channel = new ByteArrayOutputStream();
    final RunnerFrames.Writer writer = new RunnerFrames.Writer(channel);

    List<JsonNode> all() {
        byte[] bytes;
        synchronized (writer) {
            bytes = channel.toByteArray();
        }
        List<JsonNode> out = new ArrayList<>();
        try {
            var in = new ByteArrayInputStream(bytes);
            JsonNode f;
            while ((f = RunnerFrames.read(in)) != null) {
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    List<String> types() {
        return all().stream().map(f -> f.path("type").asText()).toList();
    }

    JsonNode last() {
        List<JsonNode> all = all();
        return all.get(all.size() - 1);
    }

    /** Everything the command wrote to {@code fd}, in order. */
    String output(int fd) {
        StringBuilder out = new StringBuilder();
        for (JsonNode f : all()) {
            if (f.path("type").asText().equals("out") && f.path("fd").asInt() == fd) {
                out.append(new String(Base64.getDecoder().decode(f.path("data").asText()), StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }
}
