package dev.cordon.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.audit.Actor;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A member's refusals beyond its rate are counted, and the count is one record per minute. */
class RefusalRateTest {
    private static final Caller ALICE = new Caller(Principal.uid(1001), Principal.gid(1001), List.of(Principal.gid(1001)), "alice");
    private static final Caller BOB = new Caller(Principal.uid(1002), Principal.gid(1002), List.of(Principal.gid(1002)), "bob");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T10:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void aMemberGetsItsRatePerWindowThenIsCountedPerMethod() {
        RefusalRate rate = new RefusalRate(3, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(rate.admit(ALICE.id(), "alice", "session.start")).isTrue();
        }
        assertThat(rate.admit(ALICE.id(), "alice", "session.start")).isFalse();
        assertThat(rate.admit(ALICE.id(), "alice", "session.show")).isFalse();
        assertThat(rate.admit(BOB.id(), "bob", "session.start")).isTrue(); // each member has its own
        assertThat(rate.due()).isEmpty(); // the window has not ended
        now.set(now.get().plus(Duration.ofSeconds(60)));
        List<RefusalRate.Summary> due = rate.due();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).peer()).isEqualTo("alice");
        assertThat(due.get(0).counted()).isEqualTo(Map.of("session.show", 1L, "session.start", 1L));
        assertThat(due.get(0).total()).isEqualTo(2);
        assertThat(rate.due()).isEmpty(); // once
        assertThat(rate.admit(ALICE.id(), "alice", "session.start")).isTrue(); // a new window
    }

    @Test
    void aWindowEndedByTheNextRefusalIsStillSummarizedAndDrainEndsAll() {
        RefusalRate rate = new RefusalRate(1, now::get);
        rate.admit(ALICE.id(), "alice", "m");
        rate.admit(ALICE.id(), "alice", "m");
        now.set(now.get().plus(Duration.ofSeconds(61)));
        assertThat(rate.admit(ALICE.id(), "alice", "m")).isTrue();
        assertThat(rate.admit(ALICE.id(), "alice", "m")).isFalse();
        List<RefusalRate.Summary> due = rate.due();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).total()).isEqualTo(1);
        List<RefusalRate.Summary> drained = rate.drain();
        assertThat(drained).hasSize(1);
        assertThat(drained.get(0).to()).isEqualTo(now.get());
        assertThat(rate.drain()).isEmpty();
    }

    @Test
    void aFloodOfRefusalsIsRecordedUpToTheRateThenAsOneCountAndRootIsNeverCounted() {
        FakePlatform platform = new FakePlatform();
        AuditLog log = new AuditLog(dir.resolve("audit.log"), new Actor(platform.accounts()), platform.fileSecurity());
        Authorizer authz = new Authorizer(log, new RefusalRate(5, now::get));
        CordonException no = new CordonException(ExitCode.FORBIDDEN, "no", "fix");
        for (int i = 0; i < 1000; i++) {
            authz.recordRefusal(ALICE, "alice (uid 1001)", "session.start", "secret S", no);
        }
        for (int i = 0; i < 10; i++) {
            authz.recordRefusal(Caller.ROOT, "root (uid 0)", "session.show", "session s1", no);
        }
        assertThat(log.read(0)).hasSize(15);
        now.set(now.get().plus(Duration.ofMinutes(1)));
        authz.recordRefusal(ALICE, "alice (uid 1001)", "session.start", "secret S", no);
        List<JsonNode> all = log.read(0);
        assertThat(all).hasSize(17);
        JsonNode count = all.get(15);
        assertThat(count.path("action").asText()).isEqualTo("host.refused.counted");
        assertThat(count.path("actor").asText()).isEqualTo("alice (uid 1001) via the host socket");
        assertThat(count.path("args").path("counted").path("session.start").asLong()).isEqualTo(995);
        assertThat(count.path("detail").asText()).contains("alice (uid 1001): 995 more refused requests (session.start 995)")
                .contains("not recorded one by one");
        assertThat(all.get(16).path("action").asText()).isEqualTo("host.refused");
    }
}
