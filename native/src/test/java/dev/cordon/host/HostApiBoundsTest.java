package dev.cordon.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounds of the socket API's numbers and strings (forty-seventh review Y1, Y1b, Y5): checked before anything is
 * changed, refused as usage errors naming the parameter, its bound and the fix, without repeating a long value.
 */
class HostApiBoundsTest {
    private static void refused(ThrowingCall call, String... named) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains(named).hasSizeLessThan(300);
            assertThat(e.fix()).isNotBlank();
        });
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void secondsFromOneTo365Days() throws Exception {
        assertThat(HostApi.seconds(Json.parse("{\"forSeconds\": 600}"), "forSeconds", "fix")).isEqualTo(Duration.ofMinutes(10));
        assertThat(HostApi.seconds(Json.parse("{\"forSeconds\": 31536000}"), "forSeconds", "fix")).hasDays(365);
        assertThat(HostApi.seconds(Json.parse("{}"), "forSeconds", "fix")).isNull();
        assertThat(HostApi.seconds(Json.parse("{\"forSeconds\": null}"), "forSeconds", "fix")).isNull();
        for (String bad : new String[] {"9223372036854775807", "31536001", "0", "-1", "1.5", "\"60\"", "1e30",
                "123456789012345678901234567890", "true"}) {
            refused(() -> HostApi.seconds(Json.parse("{\"timeoutSeconds\": " + bad + "}"), "timeoutSeconds", "fix"),
                    "timeoutSeconds", "from 1 to 31536000 (365 days)");
        }
    }

    @Test
    void aReasonOfAtMost1024Characters() throws Exception {
        ObjectNode p = Json.object();
        assertThat(HostApi.reason(p)).isNull();
        p.put("reason", "R".repeat(1024));
        assertThat(HostApi.reason(p)).hasSize(1024);
        p.put("reason", "R".repeat(1_000_000));
        refused(() -> HostApi.reason(p), "'reason'", "1000000 characters", "at most 1024");
        p.put("reason", 5);
        refused(() -> HostApi.reason(p), "'reason'", "not a string");
    }

    @Test
    void namesPathsAndListsAreBounded() {
        ObjectNode ok = Json.object();
        ok.put("workspace", "/srv/project");
        ok.putArray("secrets").add("S".repeat(64));
        assertThat(HostApi.spec(ok).secrets()).containsExactly("S".repeat(64));

        ObjectNode longSecret = ok.deepCopy();
        longSecret.putArray("secrets").add("S".repeat(1_000_000));
        refused(() -> HostApi.spec(longSecret), "'secrets' element 0", "at most 64");

        ObjectNode longWorkspace = Json.object();
        longWorkspace.put("workspace", "/" + "w".repeat(5000));
        refused(() -> HostApi.spec(longWorkspace), "'workspace'", "at most 4096");

        ObjectNode longWritable = ok.deepCopy();
        longWritable.putArray("writable").add("/srv/a").add("/" + "w".repeat(5000));
        refused(() -> HostApi.spec(longWritable), "'writable' element 1", "at most 4096");

        ObjectNode manySockets = ok.deepCopy();
        var sockets = manySockets.putArray("allowSockets");
        for (int i = 0; i < 65; i++) {
            sockets.add("/tmp/s" + i);
        }
        refused(() -> HostApi.spec(manySockets), "'allowSockets'", "65 entries", "at most 64");
    }

    /** Review finding V1: an argv, env or commandEnv the host would hold is bounded in entries and bytes. */
    @Test
    void argvAndEnvironmentsAreBounded() {
        java.util.List<String> atBound = new java.util.ArrayList<>(java.util.Collections.nCopies(
                dev.cordon.core.InputBounds.MAX_ARGV_ENTRIES - 1, "a".repeat(14)));
        atBound.add(0, "true");
        assertThat(dev.cordon.session.CommandArgv.require(atBound)).hasSize(16_384);
        java.util.List<String> oneMore = new java.util.ArrayList<>(atBound);
        oneMore.add("a");
        refused(() -> dev.cordon.session.CommandArgv.require(oneMore), "argv", "16385 entries", "at most 16384");
        refused(() -> dev.cordon.session.CommandArgv.require(java.util.List.of("sh", "-c", "x".repeat(300_000))),
                "argv", "300007 bytes", "at most 262144");

        ObjectNode manyVars = Json.object();
        manyVars.put("workspace", "/srv/project");
        var env = manyVars.putObject("env");
        for (int i = 0; i < 1025; i++) {
            env.put("V" + i, "1");
        }
        refused(() -> HostApi.spec(manyVars), "'env'", "1025 entries", "at most 1024");
        ObjectNode longVar = Json.object();
        longVar.put("workspace", "/srv/project");
        longVar.putObject("env").put("V", "x".repeat(300_000));
        refused(() -> HostApi.spec(longVar), "'env'", "at most 262144");
    }
}
