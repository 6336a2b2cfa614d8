package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The server and the Java client over a real socket: requests, events, input, cancel, disconnect, shutdown. */
@Timeout(120) // a hang is a failure, not a stuck build; nothing below asserts on time
class HostServerTest {
    private HostFixture host;

    @BeforeEach
    void start() throws IOException {
        host = new HostFixture();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void helloNamesProtocolServerAndPeer() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            JsonNode hello = client.hello();
            assertThat(hello.path("protocol").asInt()).isEqualTo(1);
            assertThat(hello.path("server").asText()).startsWith("cordon ");
            assertThat(hello.path("peer").path("uid").asInt()).isZero();
            assertThat(hello.path("peer").path("user").asText()).isEqualTo("root");
            assertThat(hello.path("peer").path("group").asText()).isEqualTo("root");
        }
    }

    @Test
    void requestRoundTripDeliversEventsInOrderThenTheResult() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            List<Event> events = new ArrayList<>();
            JsonNode result = client.call("test.count", Json.object().put("n", 5).put("tag", "a"), events::add);
            assertThat(result).isEqualTo(Json.object().put("count", 5).put("tag", "a"));
            assertThat(events).extracting(Event::name).containsOnly("tick");
            assertThat(events).extracting(e -> e.data().path("i").asInt()).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void requestsOnOneConnectionRunConcurrently() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            // each waits at a two-party barrier: neither can finish unless both run at the same time
            HostClient.Call first = client.start("test.barrier", Json.object().put("tag", "first"), e -> { });
            HostClient.Call second = client.start("test.barrier", Json.object().put("tag", "second"), e -> { });
            assertThat(first.id()).isNotEqualTo(second.id());
            assertThat(second.await().path("tag").asText()).isEqualTo("second");
            assertThat(first.await().path("tag").asText()).isEqualTo("first");
        }
    }

    @Test
    void framesOfManyConcurrentRequestsStayWhole() throws Exception {
        int requests = 16;
        int eventsEach = 200;
        Map<Long, List<Event>> eventsById = new ConcurrentHashMap<>();
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            List<HostClient.Call> calls = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                String tag = "req-" + r + "-" + "x".repeat(2000); // events large enough to fill socket buffers
                calls.add(client.start("test.count", Json.object().put("n", eventsEach).put("tag", tag),
                        e -> eventsById.computeIfAbsent(e.id(), id -> new CopyOnWriteArrayList<>()).add(e)));
            }
            for (int r = 0; r < requests; r++) {
                HostClient.Call call = calls.get(r);
                String tag = "req-" + r + "-" + "x".repeat(2000);
                assertThat(call.await().path("tag").asText()).isEqualTo(tag);
                List<Event> events = eventsById.get(call.id());
                assertThat(events).hasSize(eventsEach);
                assertThat(events).allSatisfy(e -> assertThat(e.data().path("tag").asText()).isEqualTo(tag));
                for (int i = 0; i < eventsEach; i++) {
                    assertThat(events.get(i).data().path("i").asInt()).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void aRequestFinishedLaterEndsOnTheCompletingThreadAfterItsEvents() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            List<Event> events = new ArrayList<>();
            JsonNode result = client.call("test.later", Json.object().put("n", 3), events::add);
            assertThat(result).isEqualTo(Json.object().put("thread", "test-completer"));
            assertThat(events).extracting(e -> e.data().path("i").asInt()).containsExactly(0, 1, 2);
            assertThatThrownBy(() -> client.call("test.later", Json.object().put("fail", true), e -> { }))
                    .isInstanceOfSatisfying(CordonException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                        assertThat(e.getMessage()).isEqualTo("Later failure.");
                    });
            // the connection stays usable: the ignored second completion wrote nothing
            assertThat(client.call("test.echo", Json.object().put("k", "v"), e -> { }).path("k").asText()).isEqualTo("v");
        }
    }

    /**
     * Events emitted inside an {@link dev.cordon.core.OutputBatch} (the runner reader's frames of one read) are held and
     * sent with the next frame or at the batch's end: whoever writes the result, and however much is held, the client
     * gets every event, in order, before the result.
     */
    @Test
    void eventsHeldInAnOutputBatchStillComeInOrderBeforeTheResult() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            for (String where : List.of("inside", "other", "after")) {
                for (int pad : new int[] {0, 10_000}) { // 10,000: 20 events exceed what a connection holds
                    List<Event> events = new ArrayList<>();
                    JsonNode result = client.call("test.batch", Json.object().put("n", 20).put("pad", pad)
                            .put("result", where), events::add);
                    assertThat(result.path("where").asText()).as(where + ", pad " + pad).isEqualTo(where);
                    assertThat(events).as(where + ", pad " + pad).extracting(e -> e.data().path("i").asInt())
                            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
                }
            }
            assertThat(client.call("test.echo", Json.object().put("k", "v"), e -> { }).path("k").asText()).isEqualTo("v");
        }
    }

    @Test
    void aHandlerThatThrowsAfterFinishLaterOrReturnsLaterUnaskedGetsAnError() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            assertThatThrownBy(() -> client.call("test.later-then-throw", Json.object(), e -> { }))
                    .isInstanceOfSatisfying(CordonException.class,
                            e -> assertThat(e.getMessage()).isEqualTo("Thrown after finishLater."));
            assertThatThrownBy(() -> client.call("test.later-unasked", Json.object(), e -> { }))
                    .isInstanceOfSatisfying(CordonException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.INTERNAL);
                        assertThat(e.getMessage()).contains("LATER without finishLater()");
                    });
        }
    }

    @Test
    void theFirstInputHookRunsOnceInputArrivesAndAtOnceAfterwards() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            List<Event> events = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> waiting = new CompletableFuture<>();
            HostClient.Call call = client.start("test.first-input", Json.object(), e -> {
                events.add(e);
                if (e.name().equals("waiting")) {
                    waiting.complete(null);
                }
            });
            waiting.get();
            call.sendInput("abc".getBytes(StandardCharsets.UTF_8), true);
            assertThat(call.await().path("read").asText()).isEqualTo("abc");
            assertThat(events).extracting(Event::name).containsExactly("waiting", "again");
        }
    }

    @Test
    void inputFramesReachTheHandlerUntilEof() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            HostClient.Call call = client.start("test.cat", Json.object(), e -> { });
            call.sendInput("hello ".getBytes(StandardCharsets.UTF_8), false);
            call.sendInput("world".getBytes(StandardCharsets.UTF_8), false);
            call.sendInput(new byte[0], true);
            JsonNode result = call.await();
            assertThat(result.path("head").asText()).isEqualTo("hello world");
            assertThat(result.path("bytes").asLong()).isEqualTo(11);
        }
    }

    @Test
    void inputLargerThanTheBufferStreamsThroughWithBackpressure() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(data);
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            HostClient.Call call = client.start("test.cat", Json.object(), e -> { });
            int chunk = 256 * 1024;
            for (int off = 0; off < data.length; off += chunk) {
                call.sendInput(Arrays.copyOfRange(data, off, Math.min(data.length, off + chunk)), false);
            }
            call.sendInput(new byte[0], true);
            JsonNode result = call.await();
            assertThat(result.path("bytes").asLong()).isEqualTo(data.length);
            assertThat(result.path("sha256").asText()).isEqualTo(HostFixture.sha256(data));
            assertThat(client.hello().path("protocol").asInt()).as("connection still usable").isEqualTo(1);
        }
    }

    @Test
    void cancelFrameFiresOnCancelAndEndsInput() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            CompletableFuture<Void> started = new CompletableFuture<>();
            HostClient.Call call = client.start("test.block", Json.object(), e -> started.complete(null));
            started.get();
            call.cancel();
            JsonNode result = call.await();
            assertThat(result.path("cancelled").asBoolean()).isTrue();
            assertThat(result.path("inputEnded").asBoolean()).isTrue();
            host.cancelFired.await(); // the other cancel action, which may run just after the result was sent
        }
    }

    @Test
    void clientDisconnectMidRequestFiresOnCancel() throws Exception {
        HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket);
        CompletableFuture<Void> started = new CompletableFuture<>();
        HostClient.Call call = client.start("test.block", Json.object(), e -> started.complete(null));
        started.get();
        client.close();
        host.cancelFired.await();
        assertThatThrownBy(call::await).isInstanceOf(CordonException.class);
        try (HostClient other = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            assertThat(other.hello().path("protocol").asInt()).isEqualTo(1);
        }
    }

    @Test
    void serverCloseFiresOnCancelFailsTheCallAndRemovesTheSocket() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            CompletableFuture<Void> started = new CompletableFuture<>();
            HostClient.Call call = client.start("test.block", Json.object(), e -> started.complete(null));
            started.get();
            host.server.close();
            host.cancelFired.await();
            assertThatThrownBy(call::await).isInstanceOfSatisfying(CordonException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE));
            assertThat(host.socket).doesNotExist();
            host.server.awaitClosed();
        }
    }

    @Test
    void handlerErrorsComeBackAsTheExceptionsTheyWere() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            assertThatThrownBy(() -> client.call("test.fail", Json.object().put("name", "x"), e -> { }))
                    .isInstanceOfSatisfying(CordonException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                        assertThat(e.getMessage()).isEqualTo("Thing 'x' already exists.");
                        assertThat(e.fix()).isEqualTo("Remove it first.");
                    });
            assertThatThrownBy(() -> client.call("test.crash", Json.object(), e -> { }))
                    .isInstanceOfSatisfying(CordonException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.INTERNAL);
                        assertThat(e.getMessage()).contains("test.crash").contains("boom");
                    });
            assertThat(client.call("test.echo", Json.object().put("still", "served"), e -> { }).path("still").asText())
                    .isEqualTo("served");
        }
    }

    @Test
    void socketIsRootOnly0600WhenTheGroupDoesNotExistAndIsRemovedOnClose() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host.socket, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
        assertThat(Files.getOwner(host.socket).getName()).isEqualTo("root");
        assertThat(host.server.socketMode()).startsWith("0600 root");
        host.server.close();
        assertThat(host.socket).doesNotExist();
        try (var files = Files.list(host.dir)) {
            assertThat(files).as("no staging directory left behind").isEmpty();
        }
    }

    @Test
    void socketIs0660RootGroupWhenTheGroupExists() throws IOException {
        assumeTrue(dev.cordon.platform.linux.Passwd.load().group("staff").isPresent(), "needs the group staff (Debian)");
        try (HostFixture withGroup = new HostFixture("staff")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(withGroup.socket,
                    LinkOption.NOFOLLOW_LINKS))).isEqualTo("rw-rw----");
            assertThat(Files.getAttribute(withGroup.socket, "posix:group", LinkOption.NOFOLLOW_LINKS).toString())
                    .isEqualTo("staff");
            assertThat(withGroup.server.socketMode()).isEqualTo("0660 root:staff");
        }
    }

    @Test
    void liveSocketIsRefusedWithConflict() {
        HostServer second = HostFixture.server(host.socket, HostFixture.NO_SUCH_GROUP, ctx -> Json.object());
        assertThatThrownBy(second::start).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
            assertThat(e.getMessage()).contains("already listening").contains(host.socket.toString());
        });
        second.close();
        assertThat(host.socket).as("the refused server leaves the live socket alone").exists();
    }

    @Test
    void staleSocketFromADeadServerIsReplaced() throws Exception {
        // a server that died without cleaning up: its socket file stays, nothing listens
        java.nio.channels.ServerSocketChannel dead = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX);
        java.nio.file.Path stale = host.dir.resolve("stale.sock");
        dead.bind(java.net.UnixDomainSocketAddress.of(stale));
        dead.close();
        assertThat(stale).exists();

        try (HostServer replacement = HostFixture.server(stale, HostFixture.NO_SUCH_GROUP, ctx -> Json.object())) {
            replacement.start();
            try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), stale)) {
                assertThat(client.hello().path("protocol").asInt()).isEqualTo(1);
            }
        }
        assertThat(stale).doesNotExist();
    }

    @Test
    void pathThatIsNotASocketIsRefusedAndKept() throws IOException {
        java.nio.file.Path file = Files.writeString(host.dir.resolve("notes.txt"), "keep me");
        HostServer server = HostFixture.server(file, HostFixture.NO_SUCH_GROUP, ctx -> Json.object());
        assertThatThrownBy(server::start).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT));
        server.close();
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void connectingWhereNoHostListensSaysHowToStartOne() {
        assertThatThrownBy(() -> HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.dir.resolve("missing.sock")))
                .isInstanceOfSatisfying(CordonException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_SET_UP);
                    assertThat(e.getMessage()).contains("No Cordon host is listening at " + host.dir.resolve("missing.sock"));
                    assertThat(e.fix()).contains("sudo cordon serve");
                });
    }
}
