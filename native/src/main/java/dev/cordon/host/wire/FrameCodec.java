package dev.cordon.host.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Frames of the host protocol: a 4-byte big-endian unsigned length N (1 ≤ N ≤ the limit), then N bytes of UTF-8
 * JSON holding exactly one object with {@code "v": 1}. See docs/protocol.md.
 */
public final class FrameCodec {
    public static final int PROTOCOL_VERSION = 1;
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    private static final int HEADER_BYTES = 4;

    /** Strict: trailing content after the object and duplicate keys are malformed, not silently resolved. */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final int maxFrameBytes;

    public FrameCodec(int maxFrameBytes) {
        if (maxFrameBytes < 16) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 16, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Reads one frame. Empty at a clean end of stream (no byte of a next frame was read).
     *
     * @throws WireException for a truncated, oversized, malformed or unsupported-version frame
     */
    public Optional<ObjectNode> read(InputStream in) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        int got = readFully(in, header);
        if (got == 0) {
            return Optional.empty();
        }
        if (got < HEADER_BYTES) {
            throw new WireException(WireException.Kind.TRUNCATED,
                    "the stream ended after " + got + " of the 4 bytes of a frame length");
        }
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
        if (length == 0) {
            throw new WireException(WireException.Kind.MALFORMED, "frame length 0: a frame holds one JSON object");
        }
        if (length > maxFrameBytes) {
            throw new WireException(WireException.Kind.OVERSIZED,
                    "frame length " + length + " exceeds the limit of " + maxFrameBytes + " bytes");
        }
        byte[] body = new byte[(int) length];
        int bodyGot = readFully(in, body);
        if (bodyGot < body.length) {
            throw new WireException(WireException.Kind.TRUNCATED,
                    "the stream ended after " + bodyGot + " of the " + length + " bytes of a frame");
        }
        return Optional.of(decode(body));
    }

    /** Writes one frame, adding {@code "v": 1} when absent; one write call, then a flush. */
    public void write(OutputStream out, ObjectNode message) throws IOException {
        out.write(encode(message));
        out.flush();
    }

    /** The complete frame (header and body), so callers can serialize outside their writer lock. */
    public byte[] encode(ObjectNode message) throws WireException {
        if (!message.has("v")) {
            message.put("v", PROTOCOL_VERSION);
        }
        byte[] body = Json.line(message).getBytes(StandardCharsets.UTF_8);
        if (body.length > maxFrameBytes) {
            throw new WireException(WireException.Kind.OVERSIZED,
                    "an outgoing frame of " + body.length + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
        }
        return ByteBuffer.allocate(HEADER_BYTES + body.length).putInt(body.length).put(body).array();
    }

    private static ObjectNode decode(byte[] body) throws WireException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new WireException(WireException.Kind.MALFORMED, "the frame is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new WireException(WireException.Kind.MALFORMED,
                    "the frame is not one JSON value: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new WireException(WireException.Kind.MALFORMED,
                    "the frame holds JSON " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase())
                            + ", not an object");
        }
        JsonNode v = node.get("v");
        if (v == null || !v.isIntegralNumber()) {
            throw new WireException(WireException.Kind.MALFORMED,
                    "the frame has no integer protocol version \"v\"");
        }
        if (!v.canConvertToInt() || v.intValue() != PROTOCOL_VERSION) {
            throw new WireException(WireException.Kind.UNSUPPORTED_VERSION,
                    "protocol version " + v.asText() + " is not supported; this side speaks version " + PROTOCOL_VERSION);
        }
        return (ObjectNode) node;
    }

    /** Reads until the buffer is full or the stream ends; returns how many bytes were read. */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
