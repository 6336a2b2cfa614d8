package dev.cordon.host.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Frames of the host protocol: a 4-byte big-endian unsigned length N (1 ≤ N ≤ the limit), then N bytes of UTF-8
 * JSON holding exactly one object with {@code "v": 1}. See docs/protocol.md.
 *
 * <p>Frames are JSON trees, read and written with Jackson's streaming parser and generator: no {@code ObjectMapper}
 * is built for them. Its construction took 0.14-0.42 s of a runner's start (with the runner's class-data archive,
 * docs/benchmarks.md), and the runner needs nothing else of it. The bytes written are the mapper's.
 */
public final class FrameCodec {
    public static final int PROTOCOL_VERSION = 1;
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    private static final int HEADER_BYTES = 4;

    /** Strict: duplicate keys are malformed, not silently resolved (and so is trailing content: see decode). */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
        byte[] body = serialize(message);
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
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            node = first == null ? null : tree(parser, first);
            JsonToken trailing = node == null ? null : parser.nextToken();
            if (trailing != null) {
                throw new WireException(WireException.Kind.MALFORMED, "the frame is not one JSON value: trailing token ("
                        + trailing + ") after the value");
            }
        } catch (WireException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new WireException(WireException.Kind.MALFORMED,
                    "the frame is not one JSON value: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new WireException(WireException.Kind.MALFORMED, "the frame is not one JSON value: " + e.getMessage());
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

    /** The value starting at {@code token} (the parser's current one), as the mapper's {@code readTree} builds it. */
    private static JsonNode tree(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName(); // FIELD_NAME (duplicates: the parser refuses them)
                    o.set(name, tree(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(tree(p, t));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonProcessingException("unexpected token " + token) { };
        }
    }

    /** Compact JSON of {@code message}, byte for byte what {@code Json.line} writes. */
    static byte[] serialize(ObjectNode message) throws WireException {
        StringWriter out = new StringWriter(256); // chars, then UTF-8, as the mapper's writeValueAsString
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (!write(g, message)) {
                // a node only the mapper can write (a POJO, binary data): never in Cordon's frames, handled anyway
                return Json.line(message).getBytes(StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new WireException(WireException.Kind.MALFORMED, "cannot encode the frame: " + e.getMessage());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code node}; false (and stops) at a node that needs the mapper. */
    private static boolean write(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                g.writeFieldName(e.getKey());
                if (!write(g, e.getValue())) {
                    return false;
                }
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode item : node) {
                if (!write(g, item)) {
                    return false;
                }
            }
            g.writeEndArray();
        } else if (node.isTextual()) {
            g.writeString(node.textValue());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            g.writeNull();
        } else if (node.isNumber()) {
            switch (node.numberType()) {
                case INT -> g.writeNumber(node.intValue());
                case LONG -> g.writeNumber(node.longValue());
                case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                case FLOAT -> g.writeNumber(node.floatValue());
                case DOUBLE -> g.writeNumber(node.doubleValue());
                case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                default -> {
                    return false;
                }
            }
        } else {
            return false; // POJO, binary, missing: the mapper's
        }
        return true;
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
