package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_BYTES);

    @Test
    void writesLengthPrefixedJsonWithVersionAndReadsItBack() throws IOException {
        ObjectNode message = Json.object().put("id", 7).put("method", "session.list");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(out, message);

        byte[] bytes = out.toByteArray();
        int length = ByteBuffer.wrap(bytes, 0, 4).getInt();
        assertThat(length).isEqualTo(bytes.length - 4);
        assertThat(new String(bytes, 4, length, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":7,\"method\":\"session.list\",\"v\":1}");

        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        assertThat(codec.read(in)).contains(message);
        assertThat(codec.read(in)).isEmpty();
    }

    /** Without an ObjectMapper, the frames are still exactly the mapper's: the same bytes out, the same trees in. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":1,\"id\":7,\"method\":\"session.exec\",\"params\":{\"argv\":[\"git\",\"status\"],\"env\":{}}}",
            "{\"type\":\"out\",\"cmd\":\"c-1\",\"fd\":1,\"data\":\"eA==\",\"v\":1}",
            "{\"v\":1,\"s\":\"t\\u00e9st \\\"q\\\" \\\\ \\n \\t \\u0001 \\u2028 \u65e5\\ud83d\\ude00\",\"n\":null}",
            "{\"v\":1,\"i\":-2147483648,\"l\":9223372036854775807,\"b\":123456789012345678901234567890,\"d\":0.1}",
            "{\"v\":1,\"e\":1.5E300,\"z\":-0.0,\"t\":true,\"f\":false,\"a\":[[],{},[1,[2,{\"x\":[]}]]]}"})
    void framesAreTheMappersBytesAndTrees(String json) throws IOException {
        ObjectNode mappers = (ObjectNode) Json.MAPPER.readTree(json);
        ObjectNode ours = codec.read(new ByteArrayInputStream(frame(json))).orElseThrow();
        assertThat(ours).isEqualTo(mappers);
        assertThat(ours.toString()).isEqualTo(mappers.toString());
        assertThat(new String(FrameCodec.serialize(mappers), StandardCharsets.UTF_8)).isEqualTo(Json.line(mappers));
        assertThat(new String(FrameCodec.serialize(ours), StandardCharsets.UTF_8)).isEqualTo(Json.line(mappers));
    }

    @Test
    void readsNonAsciiTextAsUtf8() throws IOException {
        ObjectNode message = Json.object().put("v", 1).put("text", "grüße ✓");
        assertThat(codec.read(new ByteArrayInputStream(codec.encode(message)))).contains(message);
    }

    @Test
    void cleanEndOfStreamIsEmpty() throws IOException {
        assertThat(codec.read(new ByteArrayInputStream(new byte[0]))).isEqualTo(Optional.empty());
    }

    @Test
    void lengthZeroIsMalformed() {
        assertKind(new byte[] {0, 0, 0, 0}, WireException.Kind.MALFORMED, "length 0");
    }

    @Test
    void oversizedLengthIsRefusedBeforeTheBodyIsRead() {
        byte[] header = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        ByteArrayInputStream in = new ByteArrayInputStream(concat(header, new byte[100]));
        assertThatThrownBy(() -> codec.read(in)).isInstanceOfSatisfying(WireException.class,
                e -> assertThat(e.kind()).isEqualTo(WireException.Kind.OVERSIZED))
                .hasMessageContaining("2147483647").hasMessageContaining("1048576");
        assertThat(in.available()).as("body bytes left unread").isEqualTo(100);
    }

    @Test
    void lengthAboveSignedRangeIsOversizedNotNegative() {
        assertKind(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, WireException.Kind.OVERSIZED,
                "4294967295");
    }

    @Test
    void oneByteOverTheLimitIsOversized() {
        FrameCodec small = new FrameCodec(64);
        byte[] frame = frame("{\"v\":1,\"pad\":\"" + "x".repeat(65 - 16) + "\"}");
        assertThat(frame.length - 4).isEqualTo(65);
        assertThatThrownBy(() -> small.read(new ByteArrayInputStream(frame)))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.kind()).isEqualTo(WireException.Kind.OVERSIZED));
    }

    @Test
    void endOfStreamInsideTheHeaderOrBodyIsTruncated() {
        assertKind(new byte[] {0, 0}, WireException.Kind.TRUNCATED, "2 of the 4 bytes");
        byte[] whole = frame("{\"v\":1}");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
        assertKind(cut, WireException.Kind.TRUNCATED, "5 of the 7 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2]", "\"v\"", "{\"v\":1} {\"v\":1}", "{\"v\":1,\"v\":1}", "{}",
            "{\"v\":\"1\"}", "{\"v\":1.0}", "null"})
    void malformedBodies(String body) {
        assertKind(frame(body), WireException.Kind.MALFORMED, "");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = {'{', '"', 'v', '"', ':', '1', ',', '"', 'x', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};
        assertKind(concat(ByteBuffer.allocate(4).putInt(body.length).array(), body), WireException.Kind.MALFORMED,
                "UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"v\":2}", "{\"v\":0}", "{\"v\":99999999999}"})
    void otherVersionsAreUnsupported(String body) {
        assertKind(frame(body), WireException.Kind.UNSUPPORTED_VERSION, "version");
    }

    @Test
    void outgoingFrameAboveTheLimitIsRefused() {
        FrameCodec small = new FrameCodec(64);
        ObjectNode big = Json.object().put("pad", "x".repeat(100));
        assertThatThrownBy(() -> small.write(new ByteArrayOutputStream(), big))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.kind()).isEqualTo(WireException.Kind.OVERSIZED));
    }

    private void assertKind(byte[] input, WireException.Kind kind, String messagePart) {
        assertThatThrownBy(() -> codec.read(new ByteArrayInputStream(input)))
                .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(messagePart);
    }

    static byte[] frame(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return concat(ByteBuffer.allocate(4).putInt(bytes.length).array(), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
