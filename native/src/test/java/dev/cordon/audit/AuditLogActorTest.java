package dev.cordon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Records made for a socket peer name the peer as their actor; everything else this process's user. */
class AuditLogActorTest {
    @TempDir
    Path dir;

    @Test
    void recordsInsideAnActingForScopeNameThePeerAndOnlyOnThatThread() throws Exception {
        FakePlatform platform = new FakePlatform();
        platform.accounts.loginUser("alice");
        Actor actor = new Actor(platform.accounts());
        AuditLog log = new AuditLog(dir.resolve("audit.log"), actor, platform.fileSecurity());
        log.record("before", Map.of(), "ok", null);
        try (AuditLog.ActingFor alice = AuditLog.actingFor("alice (uid 1001) via the host socket")) {
            log.record("for-alice", Map.of(), "ok", null);
            Thread other = new Thread(() -> log.record("other-thread", Map.of(), "ok", null));
            other.start();
            other.join();
            try (AuditLog.ActingFor bob = AuditLog.actingFor("bob (uid 1002) via the host socket")) {
                log.record("for-bob", Map.of(), "ok", null);
            }
            log.record("for-alice-again", Map.of(), "ok", null);
        }
        log.record("after", Map.of(), "ok", null);
        List<JsonNode> entries = log.read(0);
        String own = actor.describe();
        assertThat(entries).extracting(e -> e.path("action").asText() + " " + e.path("actor").asText()).containsExactly(
                "before " + own,
                "for-alice alice (uid 1001) via the host socket",
                "other-thread " + own,
                "for-bob bob (uid 1002) via the host socket",
                "for-alice-again alice (uid 1001) via the host socket",
                "after " + own);
        assertThat(entries).allSatisfy(e -> assertThat(e.path("user").asText()).isEqualTo(Actor.effectiveUser()));
    }
}
