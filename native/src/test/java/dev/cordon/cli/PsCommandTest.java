package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Exec;
import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.LinuxAccounts;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.testing.CliRun;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code cordon ps}, run in-process through {@link CordonCli#run} (via {@link CliRun}). */
class PsCommandTest {
    private final List<Process> children = new ArrayList<>();
    private final long jvmPid = ProcessHandle.current().pid();
    /** A fresh instance name: its accounts exist only if a test creates them, and close() removes them. */
    private final TestInstance t = new TestInstance();

    private static CliRun cordon(String... args) {
        return CliRun.of(args);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor();
        }
        t.close();
    }

    private Process start(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(p);
        return p;
    }

    private static List<JsonNode> processes(JsonNode doc) {
        return StreamSupport.stream(doc.path("processes").spliterator(), false).toList();
    }

    @Test
    void allAsJsonIsOneDocumentHoldingThisJvm() throws Exception {
        CliRun r = cordon("ps", "--all", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("schema").asText()).isEqualTo("cordon.ps/1");
        assertThat(doc.path("takenAt").asText()).isNotBlank();
        assertThat(doc.path("filter").path("mode").asText()).isEqualTo("all");
        JsonNode jvm = processes(doc).stream().filter(p -> p.path("pid").asLong() == jvmPid).findFirst().orElseThrow();
        assertThat(jvm.path("ppid").asLong()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(jvm.path("user").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(jvm.path("name").asText()).isEqualTo("java");
        assertThat(jvm.path("commandLine").asText()).contains("java");
        assertThat(jvm.path("state").asText()).hasSize(1);
        assertThat(jvm.path("rssBytes").asLong()).isPositive();
        assertThat(jvm.path("startTime").asText()).endsWith("Z");
        assertThat(jvm.fieldNames()).toIterable().containsExactlyInAnyOrder("pid", "ppid", "user", "uid", "name",
                "commandLine", "state", "cpuPercent", "rssBytes", "startTime");
    }

    @Test
    void userFilterKeepsOnlyThatUsersProcesses() throws Exception {
        String me = System.getProperty("user.name");
        CliRun r = cordon("ps", "--user", me, "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("filter").path("mode").asText()).isEqualTo("users");
        assertThat(doc.path("filter").path("users").get(0).asText()).isEqualTo(me);
        assertThat(processes(doc)).isNotEmpty()
                .allSatisfy(p -> assertThat(p.path("user").asText()).isEqualTo(me))
                .anySatisfy(p -> assertThat(p.path("pid").asLong()).isEqualTo(jvmPid));
    }

    @Test
    void unknownUserIsAUsageErrorNamingTheUserAndTheFix() {
        CliRun r = cordon("ps", "--user", "no-such-user-xyz");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-user-xyz").contains("Fix:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownUserWithJsonPrintsAnErrorDocument() {
        CliRun r = cordon("ps", "--user", "no-such-user-xyz", "--json");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.json().path("schema").asText()).isEqualTo("cordon.error/1");
        assertThat(r.json().path("message").asText()).contains("no-such-user-xyz");
    }

    @Test
    void conflictingOptionsAreUsageErrors() {
        assertThat(cordon("ps", "--tree", "--flat").exit()).isEqualTo(2);
        assertThat(cordon("ps", "--all", "--user", "root").exit()).isEqualTo(2);
    }

    @Test
    void defaultViewSaysSoWhenTheSandboxAccountsDoNotExist() throws Exception {
        CliRun text = cordon("ps", "--instance", t.name());

        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains(t.instance.offlineAccount()).contains("do not exist");

        JsonNode doc = cordon("ps", "--instance", t.name(), "--json").json();
        assertThat(doc.path("filter").path("mode").asText()).isEqualTo("sandbox-accounts");
        assertThat(doc.path("filter").path("users")).extracting(JsonNode::asText)
                .containsExactly(t.instance.offlineAccount(), t.instance.onlineAccount());
        assertThat(processes(doc)).isEmpty();
    }

    @Test
    void textTreeIndentsAChildUnderThisJvm() throws Exception {
        Process sleep = start("sleep", "30");
        String me = System.getProperty("user.name");

        CliRun r = cordon("ps", "--user", me);

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).containsSubsequence("PID", "PPID", "USER", "STATE", "CPU%", "RSS", "START", "COMMAND");
        int commandColumn = lines.get(0).indexOf("COMMAND");
        int jvmLine = lineOf(lines, jvmPid);
        int childLine = lineOf(lines, sleep.pid());
        assertThat(childLine).isGreaterThan(jvmLine);
        String child = lines.get(childLine);
        assertThat(child.substring(commandColumn)).endsWith("\\_ sleep 30");
        assertThat(child).contains(" " + jvmPid + " ");
        assertThat(depth(child, commandColumn)).isEqualTo(depth(lines.get(jvmLine), commandColumn) + 1);

        CliRun flat = cordon("ps", "--user", me, "--flat");
        assertThat(flat.out()).doesNotContain("\\_ ").contains(" sleep 30");
    }

    /** Tree depth of a text row: 0 without a "\\_ " marker, else 1 + the two-space steps before it. */
    private static int depth(String line, int commandColumn) {
        String command = line.substring(commandColumn);
        int indent = command.length() - command.stripLeading().length();
        return command.stripLeading().startsWith("\\_ ") ? indent / 2 + 1 : 0;
    }

    /** Waits (up to 10 s) until {@code p} runs as {@code uid}, its real uid in {@code /proc/<pid>/status}. */
    private static void awaitUid(Process p, int uid) throws Exception {
        Path status = Path.of("/proc/" + p.pid() + "/status");
        String seen = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < end; Thread.sleep(10)) {
            seen = Files.readAllLines(status).stream().filter(l -> l.startsWith("Uid:")).findFirst().orElse("");
            if (seen.split("\\s+").length > 1 && seen.split("\\s+")[1].equals(String.valueOf(uid))) {
                return;
            }
        }
        throw new AssertionError("pid " + p.pid() + " did not switch to uid " + uid + " within 10 s: " + seen);
    }

    private static int lineOf(List<String> lines, long pid) {
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(pid + " ")) {
                return i;
            }
        }
        throw new AssertionError("no line for pid " + pid + " in:\n" + String.join("\n", lines));
    }

    /** End to end: a process running as the instance's offline account is what plain {@code cordon ps} shows. */
    @Test
    void defaultViewShowsTheProcessesOfTheSandboxAccounts() throws Exception {
        assumeTrue(TestInstance.isRoot(), "creating a sandbox account needs root");
        Instance instance = t.instance;
        LinuxAccounts accounts = new LinuxAccounts();
        accounts.createGroup(instance.sandboxGroup());
        Account offline = accounts.createSandboxUser(instance.offlineAccount(), instance.sandboxGroup());
        Process sandboxed = start(Exec.require("setpriv", "util-linux").toString(), "--reuid=" + PosixIds.uid(offline),
                "--regid=" + PosixIds.gid(offline), "--clear-groups", "sleep", "30");
        awaitUid(sandboxed, PosixIds.uid(offline)); // setpriv starts as root and switches: ps before that sees root's
        Process notSandboxed = start("sleep", "31");

        JsonNode doc = cordon("ps", "--instance", t.name(), "--json").json();

        assertThat(processes(doc)).extracting(p -> p.path("pid").asLong()).contains(sandboxed.pid())
                .doesNotContain(notSandboxed.pid(), jvmPid);
        assertThat(processes(doc)).allSatisfy(p -> {
            assertThat(p.path("user").asText()).isEqualTo(instance.offlineAccount());
            assertThat(p.path("uid").asInt()).isEqualTo(PosixIds.uid(offline));
        });
        CliRun text = cordon("ps", "--instance", t.name());
        assertThat(text.out()).contains(instance.offlineAccount()).contains("sleep 30").doesNotContain("sleep 31");
    }
}
