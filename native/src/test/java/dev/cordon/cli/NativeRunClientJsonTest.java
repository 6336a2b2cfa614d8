package dev.cordon.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native `cordon run` client's JSON reader, string escaper and base64 (native/src/main/c/cordon_json.c), through
 * its test driver {@code target/cordon-json-test}, against Jackson as strict as {@code FrameCodec} (duplicate keys and
 * trailing content malformed) and {@code java.util.Base64}: the same values accepted, the same refused, malformed input
 * included.
 */
class NativeRunClientJsonTest {
    static final Path DRIVER = Path.of("target", "cordon-json-test");
    private static final JsonMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    static byte[] drive(String mode, byte[] input) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(DRIVER), DRIVER.toAbsolutePath() + " is built by native/src/main/c/build.sh "
                + "(mvn compile): it needs gcc");
        Process p = new ProcessBuilder(DRIVER.toString(), mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(input);
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals('\n', out[out.length - 1]);
        return Arrays.copyOf(out, out.length - 1);
    }

    private static String parse(byte[] body) throws Exception {
        return new String(drive("parse", body), StandardCharsets.UTF_8);
    }

    @Test
    void acceptsWhatJacksonAcceptsAndGivesTheSameTree() throws Exception {
        List<String> valid = List.of(
                "{\"v\":1,\"id\":2,\"type\":\"event\",\"event\":\"stdout\",\"data\":{\"data\":\"aGkK\"}}",
                "{}", "[]", " \t\r\n{ \"a\" : [ 1 , -0 , 2.5e3 , -1.25E-2 , true , false , null ] } \n",
                "{\"s\":\"quote \\\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u00e9 \\u20ac \\ud83d\\ude00 é€😀\"}",
                "{\"big\":123456789012345678901234567890,\"max\":9223372036854775807,\"min\":-9223372036854775808}",
                "{\"nested\":{\"a\":{\"b\":[[[{\"c\":\"\"}]]]}}}", "\"text\"", "42", "{\"a\":{},\"b\":{\"a\":1}}",
                "{\"ctl\":\"\\u0000\\u001f\\u007f\"}", "[".repeat(999) + "]".repeat(999));
        for (String body : valid) {
            String got = parse(body.getBytes(StandardCharsets.UTF_8));
            assertTrue(got.startsWith("ok "), body + " -> " + got);
            JsonNode expected = STRICT.readTree(body);
            assertEquals(expected, STRICT.readTree(got.substring(3)), body);
        }
    }

    @Test
    void refusesMalformedInputAsFrameCodecDoes() throws Exception {
        List<byte[]> malformed = new ArrayList<>();
        for (String body : List.of("", "   ", "{", "}", "{\"a\":1,\"a\":2}", "{\"a\":1} {}", "{\"a\":1}x", "{\"a\":01}",
                "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":NaN}", "{\"a\":tru}", "{'a':1}",
                "{\"a\":1,}", "[1,]", "{a:1}", "{\"a\" 1}", "{\"a\":\"unterminated}", "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12g4\"}", "{\"a\":\"raw\ttab\"}", "{\"a\":\"raw\nnewline\"}", "// c\n{}", "[".repeat(1001)
                        + "]".repeat(1001))) {
            malformed.add(body.getBytes(StandardCharsets.UTF_8));
        }
        malformed.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}); // not UTF-8
        malformed.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'}); // overlong '/'
        malformed.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'}); // surrogate
        malformed.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x82, '"', '}'}); // cut sequence
        for (byte[] body : malformed) {
            String got = parse(body);
            assertTrue(got.startsWith("error "), new String(body, StandardCharsets.ISO_8859_1) + " -> " + got);
        }
        assertEquals("error a duplicate object key \"a\"", parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLoneSurrogateEscapeBecomesAQuestionMarkAsJavaWritesIt() throws Exception {
        assertEquals("ok \"a?b?\"", parse("\"a\\ud800b\\udc00\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void escapedStringsReadBackAsTheSameText() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("é€😀 \u0085 \u2028");
        for (String text : List.of("", "plain", "say \"hi\"\\", all.toString(), "/path/with spaces/and\ttabs\n")) {
            byte[] literal = drive("escape", text.getBytes(StandardCharsets.UTF_8));
            assertEquals(text, STRICT.readTree(literal).asText(), text);
            // byte for byte as Jackson writes it: the native client's --json lines are the Java CLI's (RunJsonLines)
            assertEquals(dev.cordon.core.Json.line(text), new String(literal, StandardCharsets.UTF_8), text);
        }
    }

    @Test
    void base64AsJavaWritesAndReadsIt() throws Exception {
        Random random = new Random(13);
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 64, 65535, 65536, 100_001}) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            String encoded = Base64.getEncoder().encodeToString(data);
            assertEquals(encoded, new String(drive("b64enc", data), StandardCharsets.US_ASCII), "length " + n);
            byte[] decoded = drive("b64dec", encoded.getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(data, Arrays.copyOfRange(decoded, 3, decoded.length), "length " + n);
        }
        // what Java's decoder also takes: no padding
        assertEquals("ok hi", new String(drive("b64dec", "aGk".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8));
        for (String bad : List.of("a", "aGk=a", "aG=k", "aGk==", "a===", "aGk*", "aG\nk", "====", "aGk=\n")) {
            assertEquals("error", new String(drive("b64dec", bad.getBytes(StandardCharsets.US_ASCII)),
                    StandardCharsets.US_ASCII), bad);
            boolean javaRefuses;
            try {
                Base64.getDecoder().decode(bad);
                javaRefuses = false;
            } catch (IllegalArgumentException e) {
                javaRefuses = true;
            }
            assertTrue(javaRefuses, "java.util.Base64 takes " + bad);
        }
    }
}
