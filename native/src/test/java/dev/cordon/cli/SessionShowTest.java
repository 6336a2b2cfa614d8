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

    private static String print(boolean json, JsonNode session) {
        Common common = new Common();
        common.json = json;
        StringWriter out = new StringWriter();
        SessionCommand.printSession(common, new PrintWriter(out, true), session);
        return out.toString();
    }
}
