package dev.cordon.app.audit;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class AuditViewModelTest {
    private final Messages messages = Messages.load(Locale.ROOT);
    private final EventBus bus = new EventBus();
    private final List<AuditEntry> log = new ArrayList<>();
    private RuntimeException failure;
    private int reads;

    private AuditViewModel vm() {
        return new AuditViewModel(() -> {
            reads++;
            if (failure != null) {
                throw failure;
            }
            return List.copyOf(log);
        }, new DirectTaskExecutor(), bus, messages);
    }

    @Test
    void entryFromTheLogLine() throws Exception {
        AuditEntry e = AuditEntry.from(Json.parse("{\"time\":\"2025-06-01T10:00:00Z\",\"user\":\"root\","
                + "\"actor\":\"root (sudo from alice)\",\"action\":\"secret.set\",\"args\":{\"name\":\"GH\"},"
                + "\"result\":\"ok\",\"detail\":null}"));
        assertThat(e.actor()).isEqualTo("root (sudo from alice)");
        assertThat(e.action()).isEqualTo("secret.set");
        assertThat(e.args()).isEqualTo("{\"name\":\"GH\"}");
        assertThat(e.detail()).isEmpty();
        assertThat(e.time()).startsWith("2025-06-0");
    }

    @Test
    void newestFirstAndFilteredOnEveryWord() {
        log.add(new AuditEntry("t1", "root", "setup", "{}", "ok", "3 change(s)"));
        log.add(new AuditEntry("t2", "root (sudo from alice)", "secret.set", "{\"name\":\"GH\"}", "ok", ""));
        log.add(new AuditEntry("t3", "root", "setup", "{}", "error", "conflict"));
        AuditViewModel vm = vm();
        vm.reload();
        assertThat(vm.visible()).extracting(AuditEntry::time).containsExactly("t3", "t2", "t1");

        vm.filterProperty().set("SETUP ok");
        assertThat(vm.visible()).extracting(AuditEntry::time).containsExactly("t1");
        assertThat(vm.countProperty().get()).isEqualTo(messages.get("audit.count", 1, 3));
        vm.filterProperty().set("alice");
        assertThat(vm.visible()).extracting(AuditEntry::time).containsExactly("t2");
        vm.filterProperty().set(" ");
        assertThat(vm.visible()).hasSize(3);
    }

    @Test
    void reloadsWhenTheSystemChanged() {
        AuditViewModel vm = vm();
        vm.reload();
        log.add(new AuditEntry("t1", "root", "setup", "{}", "ok", ""));
        bus.publish(new Events.SystemChanged("setup"));
        assertThat(reads).isEqualTo(2);
        assertThat(vm.visible()).hasSize(1);
    }

    @Test
    void unreadableLogIsAProblemNotAnEmptyTable() {
        failure = new CordonException(ExitCode.DATA_ERROR, "Audit log line 3 is not valid JSON.", "Move it aside.");
        AuditViewModel vm = vm();
        vm.reload();
        assertThat(vm.problemProperty().get().message()).contains("line 3");
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void narrowedByKindAndExportedAsJsonLinesOrCsv(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        log.add(new AuditEntry("t1", "root", "setup", "{}", "ok", "3 change(s)"));
        log.add(new AuditEntry("t2", "root", "secret.verify", "{\"name\":\"GH\"}", "verified", ""));
        log.add(new AuditEntry("t3", "root", "secret.set", "{\"name\":\"GH\"}", "error", "say \"no\""));
        AuditViewModel vm = vm();
        vm.reload();
        assertThat(vm.kinds()).containsExactly("secret", "setup");
        vm.kindProperty().set("secret");
        assertThat(vm.visible()).extracting(AuditEntry::time).containsExactly("t3", "t2");

        vm.export(dir.resolve("audit.jsonl"));
        java.util.List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("audit.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(dev.cordon.core.Json.parse(lines.get(0)).get("action").asText()).isEqualTo("secret.set");
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("audit.exported", 2, dir.resolve("audit.jsonl")));

        vm.export(dir.resolve("audit.csv"));
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("audit.csv"))).containsExactly(
                "time,actor,action,args,result,detail",
                "\"t3\",\"root\",\"secret.set\",\"{\"\"name\"\":\"\"GH\"\"}\",\"error\",\"say \"\"no\"\"\"",
                "\"t2\",\"root\",\"secret.verify\",\"{\"\"name\"\":\"\"GH\"\"}\",\"verified\",\"\"");

        vm.kindProperty().set("");
        assertThat(vm.visible()).hasSize(3);
    }

    @Test
    void resultsHaveKindsNotOkOrError() {
        assertThat(AuditViewModel.outcome("verified")).isEqualTo(AuditViewModel.Outcome.GOOD);
        assertThat(AuditViewModel.outcome("ok")).isEqualTo(AuditViewModel.Outcome.GOOD);
        assertThat(AuditViewModel.outcome("error")).isEqualTo(AuditViewModel.Outcome.BAD);
        assertThat(AuditViewModel.outcome("refused")).isEqualTo(AuditViewModel.Outcome.BAD);
        assertThat(AuditViewModel.outcome("planned")).isEqualTo(AuditViewModel.Outcome.NEUTRAL);
    }

    @Test
    void theDetailsPaneShowsTheSelectedEntryWhole() {
        AuditViewModel vm = vm();
        String longArgs = "{\"file\":\"/home/alice/Downloads/" + "x".repeat(300) + ".zip\"}";
        String details = vm.details(new AuditEntry("2026-12-02T21:00:00Z", "root (sudo from alice)", "doctor.bundle",
                longArgs, "ok", ""));
        assertThat(details).isEqualTo("Who: root (sudo from alice)".replace("Who", messages.get("audit.col.actor"))
                .transform(who -> messages.get("audit.col.time") + ": 2026-12-02T21:00:00Z\n" + who + "\n"
                        + messages.get("audit.col.action") + ": doctor.bundle\n" + messages.get("audit.col.result") + ": ok\n"
                        + messages.get("audit.col.args") + ": file: /home/alice/Downloads/" + "x".repeat(300) + ".zip"));
        assertThat(vm.details(null)).isEmpty();
        // what a sandbox wrote cannot drive the terminal of whoever copies it out
        assertThat(vm.details(new AuditEntry("t", "root", "session.exec", "{}", "error", "bad \u001b[2J"))).doesNotContain("\u001b");
    }

    @Test
    void durationsReadInWordsNotIso8601() {
        AuditEntry switched = new AuditEntry("t", "root", "session.set-network",
                "{\"session\":\"s1\",\"to\":\"online\",\"for\":\"PT1M\",\"reason\":\"fetch deps\"}", "ok", "");
        assertThat(switched.argsInWords()).isEqualTo("session: s1, to: online, for: 1 minute, reason: fetch deps");
        assertThat(vm().details(switched)).contains("for: 1 minute").doesNotContain("PT1M");
        assertThat(switched.matches("1 minute")).isTrue();
        assertThat(new AuditEntry("t", "root", "leftovers.purge", "{\"olderThanSeconds\":604800}", "ok", "").argsInWords())
                .isEqualTo("olderThanSeconds: 7 days");
        assertThat(new AuditEntry("t", "root", "session.exec",
                "{\"argv\":[\"sleep\",\"PT5S\"],\"timeout\":\"PT1H30M\",\"n\":null}", "started", "").argsInWords())
                .isEqualTo("argv: [sleep, PT5S], timeout: 1 hour 30 minutes, n: none"); // an argument stays as typed
        assertThat(new AuditEntry("t", "root", "x", "not json", "ok", "").argsInWords()).isEqualTo("not json");

        assertThat(dev.cordon.app.ui.Times.words(java.time.Duration.ofSeconds(90))).isEqualTo("1 minute 30 seconds");
        assertThat(dev.cordon.app.ui.Times.words(java.time.Duration.ofHours(2))).isEqualTo("2 hours");
        assertThat(dev.cordon.app.ui.Times.words(java.time.Duration.ofMillis(1500))).isEqualTo("1.5 seconds");
        assertThat(dev.cordon.app.ui.Times.words(java.time.Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(dev.cordon.app.ui.Times.words(java.time.Duration.parse("P2DT3H4M"))).isEqualTo("2 days 3 hours");
        assertThat(dev.cordon.app.ui.Times.durationWords("PT")).isNull();
        assertThat(dev.cordon.app.ui.Times.durationWords("Paris")).isNull();
    }
}
