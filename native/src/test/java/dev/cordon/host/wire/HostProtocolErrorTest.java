package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.ChannelStreams;
import dev.cordon.core.Json;
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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw bytes at the server: each protocol violation gets one {@code id: null} error frame, the connection is closed,
 * and a second client is still served.
 */
@Timeout(120)
class HostProtocolErrorTest {
    private final FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_BYTES);
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
    void malformedJson() throws Exception {
        assertRejected(FrameCodecTest.frame("{\"v\":1,\"id\":1,"), false, "malformed");
    }

    @Test
    void lengthZero() throws Exception {
        assertRejected(new byte[] {0, 0, 0, 0}, false, "malformed");
    }

    @Test
    void truncatedFrame() throws Exception {
        byte[] whole = FrameCodecTest.frame("{\"v\":1,\"id\":1,\"method\":\"host.hello\"}");
        byte[] cut = java.util.Arrays.copyOf(whole, 12);
        // the client ends its side mid-frame but can still read the server's answer
        assertRejected(cut, true, "truncated");
    }

    @Test
    void oversizedLengthHeader() throws Exception {
        assertRejected(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, false, "oversized");
    }

    @Test
    void unsupportedVersion() throws Exception {
        assertRejected(FrameCodecTest.frame("{\"v\":2,\"id\":1,\"method\":\"host.hello\"}"), false, "unsupported_version");
    }

    @Test
    void missingVersion() throws Exception {
        assertRejected(FrameCodecTest.frame("{\"id\":1,\"method\":\"host.hello\"}"), false, "malformed");
    }

    @Test
    void requestWithoutMethod() throws Exception {
        assertRejected(FrameCodecTest.frame("{\"v\":1,\"id\":1}"), false, "invalid_message");
    }

    @Test
    void reusingTheIdOfAnInFlightRequest() throws Exception {
        byte[] first = codec.encode(Frames.call(5, "test.block", Json.object()));
        byte[] again = codec.encode(Frames.call(5, "test.echo", Json.object()));
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(host.socket))) {
            InputStream in = ChannelStreams.in(raw);
            raw.write(ByteBuffer.wrap(first));
            assertThat(codec.read(in).orElseThrow().path("event").asText()).isEqualTo("started");
            raw.write(ByteBuffer.wrap(again));
            ObjectNode error = codec.read(in).orElseThrow();
            assertProtocolError(error, "invalid_message");
            assertThat(error.path("error").path("message").asText()).contains("already in flight");
            assertClosed(in);
        }
        host.cancelFired.await(); // the in-flight request was cancelled by the close
        assertSecondClientServed();
    }

    private void assertRejected(byte[] bytes, boolean halfClose, String reason) throws Exception {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(host.socket));
            raw.write(ByteBuffer.wrap(bytes));
            if (halfClose) {
                raw.shutdownOutput();
            }
            InputStream in = ChannelStreams.in(raw);
            assertProtocolError(codec.read(in).orElseThrow(), reason);
            assertClosed(in);
        }
        assertSecondClientServed();
    }

    private static void assertProtocolError(ObjectNode frame, String reason) {
        assertThat(frame.path("v").asInt()).isEqualTo(1);
        assertThat(frame.get("id").isNull()).isTrue();
        assertThat(frame.path("type").asText()).isEqualTo("error");
        assertThat(frame.path("error").path("code").asInt()).isEqualTo(2);
        assertThat(frame.path("error").path("kind").asText()).isEqualTo("usage");
        assertThat(frame.path("error").path("message").asText()).startsWith("Protocol error (" + reason + ")");
        assertThat(frame.path("error").path("fix").asText()).isNotBlank();
    }

    /** After the error frame the server closes: end of stream, or a reset when it left our bytes unread. */
    private void assertClosed(InputStream in) {
        Optional<ObjectNode> next;
        try {
            next = codec.read(in);
        } catch (IOException reset) {
            return;
        }
        assertThat(next).as("nothing after the error frame").isEmpty();
    }

    private void assertSecondClientServed() throws Exception {
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            assertThat(client.hello().path("protocol").asInt()).isEqualTo(1);
        }
    }
}
