package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Json;
import dev.cordon.leftovers.SandboxFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cordon leftovers ...} (and its former name {@code cordon profiles}) in-process, as root, against a real throwaway account. */
class LeftoversCommandTest {
    private SandboxFixture box;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return Json.parse(out);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        box = SandboxFixture.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    private Run cordon(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--instance");
        all.add(box.name);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CordonCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode itemAt(JsonNode items, Path path) {
        for (JsonNode n : items) {
            if (path.toString().equals(n.path("path").asText())) {
                return n;
            }
        }
        throw new AssertionError(path + " not in " + items);
    }

    @Test
    void scanCleanQuarantineRestoreAndPurgeSpeakTheirJson() throws Exception {
        Path file = box.path("/dev/shm", "cli");
        box.runAs("printf hello > " + file + " && chmod 604 " + file);
        Map<String, Object> before = SandboxFixture.lstat(file);

        Run scan = cordon("leftovers", "scan", "--json");
        assertThat(scan.exit()).as(scan.err()).isZero();
        JsonNode doc = scan.json();
        assertThat(doc.path("schema").asText()).isEqualTo("cordon.profiles.scan/1");
        assertThat(doc.path("sandboxUids")).extracting(JsonNode::asInt).containsExactly(box.uid);
        JsonNode item = itemAt(doc.path("items"), file);
        assertThat(item.path("kind").asText()).isEqualTo("file");
        assertThat(item.path("sizeBytes").asLong()).isEqualTo(5);
        assertThat(item.path("owner").asText()).isEqualTo(box.instance.offlineAccount());
        assertThat(item.path("inUse").asBoolean()).isFalse();
        String id = item.path("id").asText();

        Run dry = cordon("leftovers", "clean", "--dry-run", "--json", id);
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.json().path("schema").asText()).isEqualTo("cordon.profiles.clean/1");
        assertThat(dry.json().path("dryRun").asBoolean()).isTrue();
        assertThat(dry.json().path("actions").get(0).path("action").asText()).isEqualTo("quarantine");
        assertThat(dry.json().path("actions").get(0).path("result").asText()).isEqualTo("planned");
        assertThat(SandboxFixture.lstat(file)).isEqualTo(before);
        assertThat(box.instance.quarantineDir()).doesNotExist();

        Run clean = cordon("leftovers", "clean", "--json", id);
        assertThat(clean.exit()).as(clean.err()).isZero();
        JsonNode action = clean.json().path("actions").get(0);
        assertThat(action.path("result").asText()).isEqualTo("quarantined");
        assertThat(clean.json().path("summary").path("quarantined").asInt()).isEqualTo(1);
        String qid = action.path("quarantineId").asText();
        assertThat(file).doesNotExist();

        Run list = cordon("leftovers", "quarantine", "--json");
        assertThat(list.json().path("schema").asText()).isEqualTo("cordon.profiles.quarantine/1");
        JsonNode entry = list.json().path("entries").get(0);
        assertThat(entry.path("id").asText()).isEqualTo(qid);
        assertThat(entry.path("originalPath").asText()).isEqualTo(file.toString());
        assertThat(entry.path("mode").asText()).isEqualTo("0604");
        assertThat(entry.path("payloadPresent").asBoolean()).isTrue();

        Run restore = cordon("leftovers", "restore", qid, "--json");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.json().path("schema").asText()).isEqualTo("cordon.profiles.restore/1");
        assertThat(restore.json().path("restored").path("originalPath").asText()).isEqualTo(file.toString());
        assertThat(SandboxFixture.lstat(file)).isEqualTo(before);

        String id2 = itemAt(cordon("profiles", "scan", "--json").json().path("items"), file).path("id").asText();
        assertThat(cordon("profiles", "clean", id2).exit()).isZero();
        Run purge = cordon("profiles", "clean", "--purge-older-than", "0", "--json");
        assertThat(purge.exit()).as(purge.err()).isZero();
        assertThat(purge.json().path("schema").asText()).isEqualTo("cordon.profiles.purge/1");
        assertThat(purge.json().path("purged")).hasSize(1);
        assertThat(cordon("profiles", "quarantine", "--json").json().path("entries")).isEmpty();
        assertThat(new dev.cordon.audit.AuditLog(box.instance.auditFile()).read(0))
                .extracting(e -> e.path("action").asText())
                .containsExactly("leftovers.clean", "leftovers.restore", "leftovers.clean", "leftovers.purge");
    }

    @Test
    void cleanWithMatchCleansWhatThePanelsFilterShowsAndNothingElse() throws Exception {
        Path kept = box.path("/dev/shm", "keep-me");
        Path cleaned = box.path("/dev/shm", "build-cache");
        box.runAs("printf a > " + kept + " && printf b > " + cleaned);

        Run scan = cordon("leftovers", "scan", "--json", "--match", "BUILD-cache");
        assertThat(scan.exit()).as(scan.err()).isZero();
        assertThat(scan.json().path("match").asText()).isEqualTo("BUILD-cache");
        assertThat(scan.json().path("items")).extracting(n -> n.path("path").asText()).containsExactly(cleaned.toString());

        Run dry = cordon("leftovers", "clean", "--dry-run", "--json", "--match", "file build");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.json().path("actions")).extracting(n -> n.path("item").path("path").asText())
                .containsExactly(cleaned.toString());

        Run clean = cordon("leftovers", "clean", "--json", "--match", "build-cache");
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.json().path("match").asText()).isEqualTo("build-cache");
        assertThat(clean.json().path("summary").path("quarantined").asInt()).isEqualTo(1);
        assertThat(cleaned).doesNotExist();
        assertThat(kept).exists();

        // IDs and --match: those of the ids that match; nothing matches, nothing is cleaned
        String keptId = itemAt(cordon("leftovers", "scan", "--json").json().path("items"), kept).path("id").asText();
        Run none = cordon("leftovers", "clean", "--json", "--match", "build-cache", keptId);
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(none.json().path("actions")).isEmpty();
        assertThat(kept).exists();

        Run planAndMatch = cordon("leftovers", "clean", "--plan", "/nonexistent.json", "--match", "x");
        assertThat(planAndMatch.exit()).isEqualTo(2);
    }

    @Test
    void dryRunOfEverythingLeavesFilesAndProcessesAlone() throws Exception {
        Path file = box.path("/tmp", "keep");
        box.runAs("printf k > " + file);
        Process p = box.startAs("exec sleep 30");
        Map<String, Object> before = SandboxFixture.lstat(file);

        Run dry = cordon("profiles", "clean", "--dry-run");

        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run", "quarantine", file.toString(), "kill");
        assertThat(SandboxFixture.lstat(file)).isEqualTo(before);
        assertThat(p.isAlive()).isTrue();
        assertThat(box.instance.quarantineDir()).doesNotExist();
    }

    @Test
    void errorsCarryTheirExitCodesAndFixes() throws Exception {
        Path file = box.path("/tmp", "occupied");
        box.runAs("printf a > " + file);
        String id = itemAt(cordon("profiles", "scan", "--json").json().path("items"), file).path("id").asText();
        String qid = cordon("profiles", "clean", "--json", id).json().path("actions").get(0).path("quarantineId")
                .asText();
        Files.writeString(file, "new");

        Run conflict = cordon("profiles", "restore", qid);
        assertThat(conflict.exit()).isEqualTo(3);
        assertThat(conflict.err()).contains(file.toString(), "Fix:");

        Run unknown = cordon("profiles", "restore", "ffffffffffff");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("ffffffffffff", "Fix:", "cordon leftovers quarantine");

        assertThat(cordon("profiles", "clean", "--purge-older-than", "-1").exit()).isEqualTo(2);
        assertThat(cordon("profiles", "clean", "--purge-older-than", "soon").exit()).isEqualTo(2);
        assertThat(cordon("profiles", "clean", "000000000000").exit()).isEqualTo(2);
        assertThat(Files.readString(file)).isEqualTo("new");
    }

    @Test
    void cleanOfAnInstanceThatIsNotSetUpExitsFour() throws Exception {
        try (SandboxFixture bare = SandboxFixture.withoutStateDir()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = CordonCli.run(new String[] {"profiles", "clean", "--instance", bare.name},
                    new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(exit).isEqualTo(4);
            assertThat(err.toString()).contains(bare.instance.stateDir().toString(), "Fix:");
        }
    }
}
