package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.platform.Firewall;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `cordon network status` (and `--json`: {@code notCovered}, {@code rules}) lists the channels the firewall does not
 * cover (Windows: DNS Client, ICMP, SMB/WebDAV) and names the rules in the OS's words. The doctor's rows for them are
 * {@code DoctorFakePlatformTest}'s, through the same JSON serialisation `cordon doctor --json` writes.
 */
class NetworkNotCoveredTest {
    @TempDir
    Path root;

    private static String run(NetworkCommand.Status command, Common common, String... args) {
        command.common = common;
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            throw e;
        });
        assertThat(cl.execute(args)).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void networkStatusJsonAndTextCarryEachNotCoveredChannel() throws Exception {
        FakePlatform platform = new FakePlatform();
        platform.firewall.notCovered(List.of(new Firewall.Uncovered("firewall.uncovered.icmp", "ICMP (ping)",
                "ICMP echo is sent from the kernel and is not matched by per-user rules")));
        Instance instance = new Instance("dn" + ThreadLocalRandom.current().nextInt(100000, 999999), root);
        Common common = new Common(instance, platform);

        JsonNode net = Json.parse(run(new NetworkCommand.Status(), common, "--json"));
        assertThat(net.path("notCovered").get(0).path("id").asText()).isEqualTo("firewall.uncovered.icmp");
        assertThat(net.path("table").asText()).isEqualTo(instance.firewallTable());
        assertThat(net.path("rules").asText()).isEqualTo("fake firewall table " + instance.firewallTable());
        assertThat(run(new NetworkCommand.Status(), new Common(instance, platform))).contains("fake firewall table " + instance.firewallTable()
                + " is missing");
    }
}
