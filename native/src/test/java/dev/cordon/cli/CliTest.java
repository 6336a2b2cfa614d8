package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.testing.CliRun;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI in-process against the real Linux backend: exit codes, messages and JSON shapes. */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root")
class CliTest {
    private TestInstance t;
    private String inst;

    @BeforeEach
    void setUp() {
        t = new TestInstance();
        inst = "--instance=" + t.name();
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void fullLifecycleWithJson() {
        CliRun dry = CliRun.of("setup", inst, "--dry-run", "--json");
        assertThat(dry.exit()).isZero();
        assertThat(dry.json().path("schema").asText()).isEqualTo("cordon.setup/1");
        assertThat(dry.json().path("plan")).hasSize(7);
        assertThat(dry.json().path("applied").asBoolean()).isFalse();

        CliRun setup = CliRun.of("setup", inst, "--allow-loopback-port", "18090", "--json");
        assertThat(setup.exit()).as(setup.err()).isZero();
        assertThat(setup.json().path("verified")).hasSize(7);

        CliRun again = CliRun.of("setup", inst, "--allow-loopback-port", "18090");
        assertThat(again.out()).contains("Nothing to change");

        CliRun prove = CliRun.of("network", "prove", inst, "--json");
        assertThat(prove.exit()).as(prove.err()).isZero();
        assertThat(prove.json().path("schema").asText()).isEqualTo("cordon.network.prove/1");
        assertThat(prove.json().path("proven").asBoolean()).isTrue();
        assertThat(prove.json().path("attempts")).hasSize(5).allSatisfy(a -> assertThat(a.path("connected").asBoolean()).isFalse());
        // the last: a Unix socket of root's in /tmp, tried from a command in a throw-away offline session
        assertThat(prove.json().path("attempts").get(4).path("target").asText()).startsWith("unix:/tmp/cordon-socket-probe-");
        assertThat(prove.json().path("attempts").get(4).path("detail").asText()).contains("from session");
        CliRun netStatus = CliRun.of("network", "status", inst, "--json");
        assertThat(netStatus.json().path("spec").path("allowedLoopbackPorts").get(0).asInt()).isEqualTo(18090);

        CliRun secret = CliRun.withStdin("tok-123\n", "secret", "set", "GH_TOKEN", inst);
        assertThat(secret.exit()).as(secret.err()).isZero();
        assertThat(secret.out() + secret.err()).doesNotContain("tok-123");

        CliRun verify = CliRun.of("secret", "verify", "GH_TOKEN", inst, "--json");
        assertThat(verify.exit()).isZero();
        assertThat(verify.json().path("secret").path("state").asText()).isEqualTo("VERIFIED");

        CliRun list = CliRun.of("secret", "list", inst, "--json");
        assertThat(list.json().path("schema").asText()).isEqualTo("cordon.secret.list/1");
        assertThat(list.json().path("secrets").get(0).path("name").asText()).isEqualTo("GH_TOKEN");

        CliRun status = CliRun.of("status", inst, "--json");
        assertThat(status.exit()).isZero();
        JsonNode s = status.json();
        assertThat(s.path("schema").asText()).isEqualTo("cordon.status/1");
        assertThat(s.path("setUp").asBoolean()).isTrue();
        assertThat(s.path("accounts").get(0).path("posture").path("passwordLocked").asBoolean()).isTrue();
        assertThat(s.path("firewall").path("spec").path("allowedLoopbackPorts").get(0).asInt()).isEqualTo(18090);

        CliRun doctor = CliRun.of("doctor", inst, "--json");
        // every check passes but one this instance chose: with a loopback proxy port allowed (18090, above), offline
        // sessions stay in the host's network to reach it, which the doctor names as not covered (Y4)
        java.util.List<String> notPassed = new java.util.ArrayList<>();
        doctor.json().path("report").path("checks").forEach(c -> {
            if (!c.path("status").asText().equals("PASS")) {
                notPassed.add(c.path("id").asText() + " " + c.path("status").asText() + " " + c.path("evidence").asText());
            }
        });
        assertThat(notPassed).as(doctor.out()).singleElement().asString().startsWith("sandbox.network SKIP not covered: ");
        assertThat(doctor.json().path("healthy").asBoolean()).isFalse();

        CliRun audit = CliRun.of("audit", inst, "--json");
        assertThat(audit.json().path("entries")).extracting(e -> e.path("action").asText())
                .contains("setup", "secret.set", "secret.verify");
        assertThat(audit.out()).doesNotContain("tok-123");

        CliRun rm = CliRun.of("secret", "rm", "GH_TOKEN", inst);
        assertThat(rm.exit()).isZero();
        assertThat(CliRun.of("secret", "rm", "GH_TOKEN", inst).exit()).isEqualTo(2);

        CliRun uninstall = CliRun.of("uninstall", inst, "--json");
        assertThat(uninstall.exit()).as(uninstall.err()).isZero();
        assertThat(uninstall.json().path("applied").asBoolean()).isTrue();
        assertThat(t.systemFootprint()).isEmpty();
    }

    @Test
    void supportBundleIsRedactedAndHoldsTheExpectedFiles() throws Exception {
        assertThat(CliRun.of("setup", inst).exit()).isZero();
        CliRun.withStdin("very-secret-value", "secret", "set", "API_KEY", inst);
        CliRun preview = CliRun.of("doctor", inst, "--preview", "--json");
        JsonNode content = preview.json().path("bundle").path("content");
        assertThat(content.fieldNames()).toIterable().containsExactly("doctor.json", "versions.txt", "ledger.jsonl",
                "audit-tail.jsonl", "nftables-ruleset.txt", "secrets.json");
        assertThat(preview.out()).doesNotContain("very-secret-value").doesNotContain("/root/");
        assertThat(content.path("secrets.json").asText()).contains("API_KEY");

        var zip = Files.createTempDirectory("bundle").resolve("support.zip");
        CliRun written = CliRun.of("doctor", inst, "--bundle", zip.toString());
        assertThat(written.exit()).isZero();
        StringBuilder all = new StringBuilder();
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(z.size()).isEqualTo(6);
            for (var e : java.util.Collections.list(z.entries())) {
                all.append(new String(z.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(all).contains("firewall.offline.proven").doesNotContain("very-secret-value").doesNotContain("/root/");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(zip))).isEqualTo("rw-------");
        CliRun again = CliRun.of("doctor", inst, "--bundle", zip.toString());
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.err()).contains("already exists");
        TestInstance.deleteTree(zip.getParent());
    }

    @Test
    void badInputGetsAClearMessageAndUsageExit() {
        CliRun port = CliRun.of("setup", inst, "--allow-loopback-port", "70000");
        assertThat(port.exit()).isEqualTo(2);
        assertThat(port.err()).contains("--allow-loopback-port 70000").contains("Fix:");

        CliRun notNumber = CliRun.of("setup", inst, "--allow-loopback-port", "http");
        assertThat(notNumber.exit()).isEqualTo(2);
        assertThat(notNumber.err()).contains("http");

        CliRun badInstance = CliRun.of("status", "--instance", "Bad-Name");
        assertThat(badInstance.exit()).isEqualTo(2);
        assertThat(badInstance.err()).contains("'Bad-Name'").contains("Fix:");

        CliRun badSecret = CliRun.withStdin("x", "secret", "set", "no-dashes", inst);
        assertThat(badSecret.exit()).isEqualTo(2);
        assertThat(badSecret.err()).contains("'no-dashes'");

        CliRun unknown = CliRun.of("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);

        CliRun notSetUp = CliRun.withStdin("x", "secret", "set", "A", inst);
        assertThat(notSetUp.exit()).isEqualTo(4);
        assertThat(notSetUp.err()).contains("cordon setup");

        CliRun bundleName = CliRun.of("doctor", inst, "--bundle", "out.tar");
        assertThat(bundleName.exit()).isEqualTo(2);

        CliRun jsonError = CliRun.of("setup", inst, "--allow-loopback-port", "0", "--json");
        assertThat(jsonError.exit()).isEqualTo(2);
        assertThat(jsonError.json().path("schema").asText()).isEqualTo("cordon.error/1");
        assertThat(jsonError.json().path("fix").asText()).contains("1 to 65535");

        CliRun nestedJsonError = CliRun.of("profiles", "restore", "nosuchid", inst, "--json");
        assertThat(nestedJsonError.exit()).isEqualTo(2);
        assertThat(nestedJsonError.json().path("kind").asText()).isEqualTo("usage");
        assertThat(t.systemFootprint()).isEmpty();
    }

    @Test
    void killSignalsAWholeTreeAndRefusesUnknownPids() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 300 & exec sleep 300").start();
        try {
            Thread.sleep(300);
            CliRun kill = CliRun.of("kill", Long.toString(shell.pid()), "--tree", "--signal", "KILL", "--json");
            assertThat(kill.exit()).as(kill.err()).isZero();
            assertThat(kill.json().path("schema").asText()).isEqualTo("cordon.kill/1");
            assertThat(kill.json().path("targets")).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.path("signalled").asBoolean()).isTrue());
            assertThat(shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(CliRun.of("kill", "999999999").exit()).isEqualTo(2);
            assertThat(CliRun.of("kill", Long.toString(shell.pid()), "--signal", "STOP").exit()).isEqualTo(2);
        } finally {
            shell.destroyForcibly();
        }
    }

    @Test
    void doctorFailsWithFixLinesWhenNothingIsSetUp() {
        CliRun doctor = CliRun.of("doctor", inst);
        assertThat(doctor.exit()).isEqualTo(1);
        assertThat(doctor.out()).contains("FAIL account.offline.present").contains("Fix: Run `cordon setup`");
        assertThat(t.systemFootprint()).isEmpty();
    }

    @Test
    void missingNftIsNamedWithItsPackage() {
        System.setProperty("cordon.tool.nft", "/nonexistent/nft");
        try {
            CliRun run = CliRun.of("setup", inst);
            assertThat(run.exit()).isEqualTo(69);
            assertThat(run.err()).contains("`nft` was not found").contains("apt-get install nftables");
            assertThat(t.systemFootprint()).isEmpty();
        } finally {
            System.clearProperty("cordon.tool.nft");
        }
    }
}
