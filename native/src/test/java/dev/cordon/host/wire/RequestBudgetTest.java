package dev.cordon.host.wire;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.platform.PeerIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Y3: one member's requests in flight over all its connections are bounded; a request beyond the bound is refused at
 * once, naming the bound and the fix; root is counted, never refused; every request the server took is released when
 * it ends, however it ends. (Real members through the socket: HostAuthorizationSmokeTest's [R227] row.)
 */
@Timeout(120) // a hang is a failure; nothing below asserts on time
class RequestBudgetTest {
    private static final PeerIdentity ALICE = new PeerIdentity("alice", "alice", Optional.empty(), Optional.empty());
    private static final PeerIdentity BOB = new PeerIdentity("bob", "bob", Optional.empty(), Optional.empty());
    private static final PeerIdentity ROOT = new PeerIdentity("root", "root", Optional.empty(),
            Optional.of(dev.cordon.core.Caller.ROOT));

    @Test
    void aMemberBeyondTheBoundIsRefusedNamingItAndTheFixAndOthersAreNot() {
        RequestBudget budget = new RequestBudget(3);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take(ALICE, i, "session.start")).isEmpty();
        }
        CordonException refused = budget.take(ALICE, 9, "session.start").orElseThrow();
        assertThat(refused.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(refused.getMessage()).contains("User 'alice' already has 3 requests in flight", "(3)",
                "request 9 (session.start) was not started");
        assertThat(refused.fix()).contains("Wait for the results of your earlier requests");
        assertThat(budget.inFlight(ALICE)).as("a refused request is not counted").isEqualTo(3);
        assertThat(budget.take(BOB, 1, "session.list")).as("another member's requests do not count").isEmpty();
        budget.release(ALICE);
        assertThat(budget.take(ALICE, 10, "session.exec")).as("room again once one ended").isEmpty();
        assertThat(budget.take(ALICE, 11, "session.exec")).isPresent();
    }

    @Test
    void rootIsCountedNeverRefused() {
        RequestBudget budget = new RequestBudget(2);
        for (int i = 0; i < 100; i++) {
            assertThat(budget.take(ROOT, i, "session.exec")).isEmpty();
        }
        assertThat(budget.inFlight(ROOT)).isEqualTo(100);
    }

    @Test
    void theServerReleasesEveryRequestItTookHoweverItEnds() throws Exception {
        try (HostFixture host = new HostFixture();
             HostClient one = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket);
             HostClient two = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            assertThat(one.hello().path("peer").path("user").asText()).as("the test runs as root").isEqualTo("root");
            List<HostClient.Call> calls = new ArrayList<>();
            for (int round = 0; round < 2 * RequestBudget.PER_MEMBER; round++) {
                HostClient c = round % 2 == 0 ? one : two;
                calls.add(c.start("test.count", Json.object().put("n", 2).put("tag", "t"), e -> { }));
                calls.add(c.start("test.later", Json.object().put("n", 1).put("fail", round % 3 == 0), e -> { }));
                calls.add(c.start("test.fail", Json.object().put("name", "x"), e -> { }));
                if (round % 32 == 0) { // logged at length: a few are enough
                    calls.add(c.start("test.crash", Json.object(), e -> { }));
                }
                if (calls.size() >= 48) { // under one connection's bound of requests in flight
                    for (HostClient.Call call : calls) {
                        awaitEnd(call);
                    }
                    calls.clear();
                }
            }
            for (HostClient.Call call : calls) {
                awaitEnd(call);
            }
            assertThat(host.server.requests().inFlight(ROOT))
                    .as("requests of root in flight after every answer arrived (all taken)").isZero();
        }
    }

    /** The call's terminal frame arrived: a result, or an error (the failing test methods). */
    private static void awaitEnd(HostClient.Call call) throws InterruptedException {
        try {
            call.await();
        } catch (CordonException expected) {
            assertThat(call.method()).isIn("test.later", "test.fail", "test.crash");
        }
    }

    @Test
    void aBoundBelowOneIsAProgrammingError() {
        assertThatThrownBy(() -> new RequestBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
