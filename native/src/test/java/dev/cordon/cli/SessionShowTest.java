package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Json;
import dev.cordon.session.ProtectedPath;
import dev.cordon.session.Protection;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionState;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code session show}: what the host sends for a session (its SessionInfo as JSON) printed as text and as JSON. */
class SessionShowTest {
    private static final Protection PROTECTION = new Protection(List.of(
            new ProtectedPath(Path.of("/w/.git"), true, ".git directory"),
            new ProtectedPath(Path.of("/w/wt/.git"), false, ".git file")),
            List.of(Path.of("/w"), Path.of("/w/wt")), 100_000, false);

    @Test
    void showsWhatTheSessionProtectsAndWhomGitTrusts() throws Exception {
        JsonNode session = Json.tree(new SessionInfo("s1", SessionState.IDLE, "offline", "t-offline", 7L, "/cg",
                Path.of("/w"), List.of(), Path.of("/h"), Path.of("/t"), Instant.EPOCH, null, null, List.of(), "clone3-into-cgroup",
                PROTECTION, 1L << 30, new SessionInfo.Owner(dev.cordon.core.Principal.uid(1001), "alice")));

        String text = print(false, session);
        assertThat(text).contains("owner     alice (uid 1001)");
        assertThat(text).contains("read-only /w/.git  (.git directory)", "read-only /w/wt/.git  (.git file)",
                "git trusts /w, /w/wt (safe.directory", "stopped after 100000 directories", "NOT protected");
        assertThat(text).contains("  tmp       /t\n", "  tmp size  1.0 GiB each for home and tmp (tmpfs)");

        JsonNode json = Json.parse(print(true, session));
        assertThat(json.path("protection").path("paths").get(1).path("path").asText()).isEqualTo("/w/wt/.git");
        assertThat(json.path("protection").path("paths").get(1).path("directory").asBoolean()).isFalse();
        assertThat(json.path("protection").path("gitSafeDirectories").get(0).asText()).isEqualTo("/w");
        assertThat(json.path("protection").path("searchComplete").asBoolean()).isFalse();
        assertThat(json.path("tmpSizeBytes").asLong()).isEqualTo(1L << 30);
        assertThat(json.path("owner").path("uid").asInt()).isEqualTo(1001);
        assertThat(json.path("owner").path("user").asText()).isEqualTo("alice");
    }

    /** V1b: what the host's bounded reply left off is said, not silently missing. */
    @Test
    void countsWhatTheReplyLeftOff() throws Exception {
        List<ProtectedPath> many = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(new ProtectedPath(Path.of("/w/r" + "x".repeat(200) + i + "/.git"), true, ".git directory"));
        }
        List<Path> writable = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            writable.add(Path.of("/v/" + "\u001b".repeat(4000) + i));
        }
        JsonNode session = dev.cordon.session.SessionReplies.show(new SessionInfo("s1", SessionState.IDLE, "offline",
                "t-offline", 7L, "/cg", Path.of("/w"), writable, Path.of("/h"), Path.of("/t"), Instant.EPOCH, null,
                null, List.of(), "clone3-into-cgroup", new Protection(many, List.of(Path.of("/w")), 3001, true),
                1L << 30, new SessionInfo.Owner(dev.cordon.core.Principal.uid(1001), "alice")));
        long left = session.path("protection").path("pathsNotListed").asLong();
        long leftWritable = session.path("writableNotListed").asLong();
        assertThat(left).isPositive();
        assertThat(leftWritable).isPositive();

        String text = print(false, session);
        assertThat(text).contains("  … and " + left + " more protected paths not listed",
                "  … and " + leftWritable + " more writable paths not listed");
        JsonNode json = Json.parse(print(true, session));
        assertThat(json.path("protection").path("pathsNotListed").asLong()).isEqualTo(left);
        assertThat(json.path("writable").size() + json.path("writableNotListed").asInt()).isEqualTo(64);
    }

    /** V1b: root's list past the reply's budget: stubs printed with dashes, and what was left off said. */
    @Test
    void listSaysWhatTheReplyLeftOff() throws Exception {
        SessionInfo worst = new SessionInfo("s1", SessionState.IDLE, "offline", "t-offline", 7L, "/cg",
                Path.of("/w" + "\u001b".repeat(4000)), List.of(), Path.of("/h"), Path.of("/t"), Instant.EPOCH, null,
                "\u001b".repeat(4000), List.of(), "clone3-into-cgroup", PROTECTION, 1L << 30,
                new SessionInfo.Owner(dev.cordon.core.Principal.uid(1001), "alice"));
        JsonNode reply = dev.cordon.session.SessionReplies.list(java.util.Collections.nCopies(20_000, worst));
        Common common = new Common();
        StringWriter out = new StringWriter();
        SessionCommand.printList(common, new PrintWriter(out, true), reply);
        String text = out.toString();
        assertThat(text).contains("s1         idle     offline  7        0         alice",
                "s1         idle     -        -        -         alice        -\n",
                "sessions are listed by id, state and owner only and ", "sessions are not listed",
                "`cordon session show ID`");

        common.json = true;
        StringWriter json = new StringWriter();
        SessionCommand.printList(common, new PrintWriter(json, true), reply);
        JsonNode doc = Json.parse(json.toString());
        assertThat(doc.path("sessions").size() + doc.path("sessionsNotListed").asInt()).isEqualTo(20_000);
        assertThat(doc.path("sessionsAsStubs").asInt()).isPositive();
    }

    private static String print(boolean json, JsonNode session) {
        Common common = new Common();
        common.json = json;
        StringWriter out = new StringWriter();
        SessionCommand.printSession(common, new PrintWriter(out, true), session);
        return out.toString();
    }
}
