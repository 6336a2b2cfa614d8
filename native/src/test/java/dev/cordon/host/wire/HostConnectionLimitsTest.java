package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.ChannelStreams;
import dev.cordon.core.CordonException;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.platform.Platform;
import dev.cordon.platform.Platforms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * R39: a connection that sends no complete frame within the idle timeout gets one {@code id: null} error frame naming
 * the option and is closed; one that has sent a frame stays. (The per-member and overall caps refuse only peers other
 * than root: HostAuthorizationSmokeTest's [R39] row tries them with real members.)
 */
@Timeout(60)
class HostConnectionLimitsTest {
    private final FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_BYTES);
    private Path dir;
    private Path socket;
    private HostServer server;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("cordon-host-limits-");
        socket = dir.resolve("host.sock");
        Platform platform = Platforms.detect(Instance.of("cordon"));
        server = new HostServer(socket, HostFixture.NO_SUCH_GROUP, platform.hostTransport(), platform.accounts(),
                ctx -> Json.object(), new ConnectionLimits(64, 1000, Duration.ofSeconds(1)));
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    @Test
    void aConnectionWithoutACompleteFrameIsClosedAfterTheIdleTimeout() throws Exception {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(socket));
            byte[] hello = FrameCodecTest.frame("{\"v\":1,\"id\":1,\"method\":\"host.hello\"}");
            raw.write(ByteBuffer.wrap(Arrays.copyOf(hello, 6))); // a header and part of a body: never complete
            long t0 = System.nanoTime();
            InputStream in = ChannelStreams.in(raw);
            ObjectNode frame = codec.read(in).orElseThrow();
            double after = (System.nanoTime() - t0) / 1e9;
            assertThat(frame.get("id").isNull()).isTrue();
            assertThat(frame.path("error").path("message").asText())
                    .contains("no complete request within 1 s").contains("--connection-idle-timeout 1");
            assertThat(after).isBetween(0.5, 10.0);
            assertThat(codec.read(in)).as("closed after the error frame").isEmpty();
        }
    }

    @Test
    void aConnectionThatSentAFrameStaysOpenPastTheIdleTimeout() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket)) {
            assertThat(client.hello().path("protocol").asInt()).isEqualTo(1);
            Thread.sleep(2500);
            assertThat(client.hello().path("protocol").asInt()).isEqualTo(1);
        }
    }

    @Test
    void limitsAreCheckedAndTheDefaultTotalStaysUnderHalfTheDescriptorLimit() {
        assertThat(ConnectionLimits.DEFAULT.underDescriptorLimit(20000).total()).isEqualTo(1000);
        assertThat(ConnectionLimits.DEFAULT.underDescriptorLimit(1024).total()).isEqualTo(512);
        assertThat(ConnectionLimits.DEFAULT.underDescriptorLimit(0).total()).isEqualTo(1000);
        assertThatThrownBy(() -> new ConnectionLimits(0, 10, Duration.ofSeconds(1)))
                .isInstanceOf(CordonException.class).hasMessageContaining("--member-max-connections 0");
        assertThatThrownBy(() -> new ConnectionLimits(64, 10, Duration.ofSeconds(1)))
                .isInstanceOf(CordonException.class).hasMessageContaining("--max-connections 10");
        assertThatThrownBy(() -> new ConnectionLimits(64, 100, Duration.ZERO))
                .isInstanceOf(CordonException.class).hasMessageContaining("--connection-idle-timeout 0");
    }
}
