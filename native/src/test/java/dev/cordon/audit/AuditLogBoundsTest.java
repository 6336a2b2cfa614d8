package dev.cordon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Json;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a caller passes, one audit record stays bounded (forty-seventh review Y1: a 1,000,000-character name was
 * written whole, twice, per refused request), and what was cut says so.
 */
class AuditLogBoundsTest {
    @TempDir
    Path dir;

    private AuditLog log() {
        FakePlatform platform = new FakePlatform();
        return new AuditLog(dir.resolve("audit.log"), new Actor(platform.accounts()), platform.fileSecurity());
    }

    @Test
    void aLongFieldIsCutVisiblyAndTheRecordStaysBounded() throws Exception {
        AuditLog log = log();
        String huge = "S".repeat(1_000_000);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("target", "secret " + huge);
        args.put("session", "s1234abcd");
        log.record("host.refused", args, "refused", "Only root may attach secrets; asked for " + huge);
        long size = Files.size(log.file());
        assertThat(size).isLessThan(AuditLog.MAX_RECORD_CHARS + 2048);
        JsonNode e = log.read(0).get(0);
        assertThat(e.path("args").path("target").asText())
                .hasSize(AuditLog.MAX_FIELD_CHARS + "…[truncated: 1000007 characters in all]".length())
                .startsWith("secret SSS").endsWith("…[truncated: 1000007 characters in all]");
        assertThat(e.path("args").path("session").asText()).isEqualTo("s1234abcd"); // short values untouched
        assertThat(e.path("detail").asText()).endsWith("characters in all]");
        assertThat(e.path("result").asText()).isEqualTo("refused");
    }

    @Test
    void manyEntriesShareOneRecordsBudget() throws Exception {
        AuditLog log = log();
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            argv.add("arg-" + i + "-" + "x".repeat(100));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("argv", argv);
        args.put("nested", Map.of("deep", List.of("y".repeat(10_000)))); // after the budget is spent
        log.record("session.exec", args, "started", null);
        assertThat(Files.size(log.file())).isLessThan(AuditLog.MAX_RECORD_CHARS * 2L);
        JsonNode e = log.read(0).get(0);
        JsonNode kept = e.path("args").path("argv");
        assertThat(kept.get(0).asText()).isEqualTo(argv.get(0));
        assertThat(kept.get(kept.size() - 1).asText()).matches("…\\[\\d+ more entries truncated]");
        assertThat(e.path("args").has("nested")).isFalse();
        assertThat(e.path("args").path("…").asText()).isEqualTo("[1 more entries truncated]");
    }

    @Test
    void ordinaryRecordsAreWrittenAsBefore() throws Exception {
        AuditLog log = log();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("workspace", Path.of("/srv/project"));
        args.put("pid", 42);
        args.put("tree", true);
        args.put("none", null);
        args.put("roots", List.of("/a", "/b"));
        args.put("node", Json.parse("{\"k\": [1, \"v\"]}"));
        log.record("kill", args, "ok", null);
        JsonNode e = log.read(0).get(0);
        assertThat(e.path("args").toString()).isEqualTo(
                "{\"node\":{\"k\":[1,\"v\"]},\"none\":null,\"pid\":42,\"roots\":[\"/a\",\"/b\"],\"tree\":true,"
                        + "\"workspace\":\"/srv/project\"}");
        assertThat(e.path("detail").isNull()).isTrue();
    }
}
