package dev.cordon.host.wire;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.FileTrees;
import dev.cordon.core.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a scripted server: how it reports what the server said when closing on it. */
@Timeout(120)
class HostClientTest {
    private final Path dir = Files.createTempDirectory("cordon-client-");
    private final FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_BYTES);

    HostClientTest() throws IOException {
    }

    @AfterEach
    void cleanUp() {
        FileTrees.deleteTree(dir);
    }

    /** What the test does with a client connected to a scripted server and that server's end of the connection. */
    @FunctionalInterface
    private interface Exchange {
        void run(HostClient client, SocketChannel accepted) throws Exception;
    }

    private void exchange(String socketName, Exchange exchange) throws Exception {
        Path socket = dir.resolve(socketName);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket);
            try (SocketChannel accepted = server.accept()) {
                exchange.run(client, accepted);
            } finally {
                client.close();
            }
        }
    }

    @Test
    void refusalFrameBecomesTheCallsExceptionEvenWhenTheServerClosedFirst() throws Exception {
        exchange("refusing.sock", (client, accepted) -> {
            accepted.write(ByteBuffer.wrap(codec.encode(Frames.error(null, new CordonException(ExitCode.NEEDS_ROOT,
                    "User 'x' may not use the Cordon host.", "Have an administrator run `usermod -aG g x`.")))));
            accepted.close();
            assertThatThrownBy(client::hello).isInstanceOfSatisfying(CordonException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.NEEDS_ROOT);
                assertThat(e.getMessage()).isEqualTo("User 'x' may not use the Cordon host.");
                assertThat(e.fix()).contains("usermod -aG g x");
            });
        });
    }

    @Test
    void staleSocketFileIsReportedAsNoHostListening() throws IOException {
        Path socket = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();
        assertThatThrownBy(() -> HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket)).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_SET_UP);
            assertThat(e.getMessage()).contains("No Cordon host is listening at " + socket).contains("left over");
        });
    }

    @Test
    void whatMustBeInPlaceBeforeTheRequestGoesOutIsMadeFirst() throws Exception {
        // RemoteExec installs its cancelling shutdown hook there: a SIGTERM once the host may have the request cancels it
        exchange("order.sock", (client, accepted) -> {
            java.util.List<Integer> bytesAtHook = new java.util.ArrayList<>();
            accepted.configureBlocking(false);
            HostClient.Call call = client.start("run", Json.object(), e -> { }, c -> {
                try {
                    bytesAtHook.add(accepted.read(ByteBuffer.allocate(1 << 16)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(call).isNotNull();
            assertThat(bytesAtHook).as("bytes the server had read when beforeSend ran").containsExactly(0);
            accepted.configureBlocking(true);
            assertThat(accepted.read(ByteBuffer.allocate(1 << 16))).as("the request, sent after").isPositive();
        });
    }
}
