package dev.cordon.host;

import dev.cordon.audit.Actor;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.testing.FakePlatform;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one place the host decides who may do what; the socket-level proof is HostAuthorizationSmokeTest. */
class AuthorizerTest {
    private static final Caller ALICE = new Caller(Principal.uid(1001), Principal.gid(1001), List.of(Principal.gid(1001), Principal.gid(990)), "alice");
    private static final Caller BOB = new Caller(Principal.uid(1002), Principal.gid(1002), List.of(Principal.gid(1002), Principal.gid(990)), "bob");

    @TempDir
    Path dir;

    private static SessionInfo session(String id, Caller owner) {
        return new SessionInfo(id, SessionState.IDLE, "offline", "t-offline", 1L, "/cg", Path.of("/w"), List.of(),
                Path.of("/h"), Path.of("/t"), Instant.EPOCH, null, null, List.of(), "clone3-into-cgroup", null, 1L << 30,
                new SessionInfo.Owner(owner.id(), owner.user()));
    }

    private AuditLog log() {
        FakePlatform platform = new FakePlatform();
        return new AuditLog(dir.resolve("audit.jsonl"), new Actor(platform.accounts()), platform.fileSecurity());
    }

    @Test
    void sessionsAreTheirOwnersAndRoots() {
        Authorizer authz = new Authorizer(log());
        SessionInfo alices = session("s1", ALICE);
        SessionInfo roots = session("s2", Caller.ROOT);
        authz.requireSession(ALICE, "stop", alices);
        authz.requireSession(Caller.ROOT, "stop", alices);
        assertThatThrownBy(() -> authz.requireSession(BOB, "stop", alices))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FORBIDDEN))
                .hasMessage("bob (uid 1002) may not stop session s1: it was started by another user, and only its owner and"
                        + " root may see or use it.");
        assertThatThrownBy(() -> authz.requireSession(ALICE, "see", roots)).isInstanceOf(CordonException.class);
        assertThat(authz.visible(ALICE, List.of(alices, roots))).containsExactly(alices);
        assertThat(authz.visible(BOB, List.of(alices, roots))).isEmpty();
        assertThat(authz.visible(Caller.ROOT, List.of(alices, roots))).containsExactly(alices, roots);
    }

    @Test
    void onlyRootAttachesSecretsAndStopsTheHost() {
        Authorizer authz = new Authorizer(log());
        authz.requireSecrets(ALICE, List.of());
        authz.requireSecrets(Caller.ROOT, List.of("TOKEN"));
        assertThatThrownBy(() -> authz.requireSecrets(ALICE, List.of("TOKEN")))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FORBIDDEN))
                .hasMessageContaining("TOKEN");
        assertThatThrownBy(() -> authz.requireRoot(ALICE, "stop the Cordon host", "fix"))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NEEDS_ROOT));
        authz.requireRoot(Caller.ROOT, "stop the Cordon host", "fix");
    }

    @Test
    void aRefusalIsAuditedWithPeerMethodAndTarget() {
        AuditLog log = log();
        new Authorizer(log).recordRefusal(BOB, "bob (uid 1002)", "session.exec", "session s1",
                new CordonException(ExitCode.FORBIDDEN, "no", "fix"));
        var entry = log.read(0).get(0);
        assertThat(entry.path("action").asText()).isEqualTo("host.refused");
        assertThat(entry.path("result").asText()).isEqualTo("refused");
        assertThat(entry.path("args").path("method").asText()).isEqualTo("session.exec");
        assertThat(entry.path("args").path("peer").asText()).isEqualTo("bob (uid 1002)");
        assertThat(entry.path("args").path("target").asText()).isEqualTo("session s1");
        assertThat(entry.path("args").path("code").asText()).isEqualTo("forbidden");
    }
}
