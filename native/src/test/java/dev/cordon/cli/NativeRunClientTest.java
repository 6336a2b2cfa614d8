package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import dev.cordon.host.wire.FrameCodec;
import dev.cordon.testing.PtyHost;
import dev.cordon.testing.PtyHost.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native `cordon run` client ({@code target/cordon-run}) against a scripted host at an instance's socket, beside
 * the Java CLI against the same script: the same request, the same stdout bytes, stderr and exit code for output,
 * refusals, connection errors, planted-repository lines, stdin and SIGTERM; malformed frames an error naming a fix
 * (exit 70); and everything it does not handle handed to the launcher (the Java CLI) untouched. The sessions
 * themselves: NativeRunParityTest.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "binds a host socket under /run")
class NativeRunClientTest {
    static final Path CLIENT = Path.of("target", "cordon-run");
    private static final SecureRandom RANDOM = new SecureRandom();

    private String instance;
    private Path socketDir;
    private FakeHost host;
    private Path work;
    private Path launcher;

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(Files.isExecutable(CLIENT), CLIENT.toAbsolutePath() + " is built by native/src/main/c/build.sh");
        instance = "n" + RANDOM.ints(7, 0, 26).mapToObj(i -> String.valueOf((char) ('a' + i))).reduce("", String::concat);
        socketDir = Path.of("/run", instance + "-cordon");
        Files.createDirectories(socketDir);
        work = Files.createTempDirectory("cordon-native-run-");
        launcher = work.resolve("launcher");
        Files.writeString(launcher, "#!/bin/sh\nprintf 'FALLBACK %s\\n' \"$_CORDON_RUN_FALLBACK\"\nprintf '%s\\n' \"$@\"\nexit 99\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (host != null) {
            host.close();
        }
        dev.cordon.core.FileTrees.deleteTree(socketDir);
        dev.cordon.core.FileTrees.deleteTree(work);
    }

    // ------------------------------------------------------------------ same as the Java CLI

    @Test
    void outputAndExitCodeAsTheJavaCli() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        host = new FakeHost(id -> List.of(
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"session\",\"data\":{\"session\":\"s1\"}}", id),
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"started\",\"data\":{\"pid\":42}}", id),
                output(id, "stdout", "out\n".getBytes(StandardCharsets.UTF_8)),
                output(id, "stderr", "err é\n".getBytes(StandardCharsets.UTF_8)),
                output(id, "stdout", binary),
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"newKind\",\"data\":{}}", id),
                result(id, "{\"exitCode\":3,\"timedOut\":false,\"started\":true,\"error\":null,\"session\":\"s1\"}")));
        Ran nat = assertSame(runArgs());
        assertEquals(3, nat.exit());
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes("out\n".getBytes(StandardCharsets.UTF_8));
        want.writeBytes(binary);
        assertArrayEquals(want.toByteArray(), nat.out());
        assertEquals("err é\n", nat.err());
    }

    @Test
    void theRequestIsTheJavaClis() throws Exception {
        host = new FakeHost(id -> List.of(result(id, "{\"exitCode\":0,\"started\":true,\"timedOut\":false,\"error\":null}")));
        List<String> args = List.of("run", "--instance", instance, "--workspace=./x//y/", "--network", "ONLINE",
                "--env", "A=1", "--env=B=two words", "--env", "A=3", "--writable", "rel/", "--writable=/abs//w/",
                "--timeout", "7", "--raw-output", "--secret", "TOKEN", "--allow-socket", "sock//s/", "--secret=B",
                "--allow-socket=/tmp/x.sock", "--tmp-size", "512mib", "--", "/bin/sh", "-c", "echo \"$1\" 'é€😀' \\ \t", "--json", "-h");
        assertSame(args);
        assertEquals(2, host.requests.size());
        JsonNode fromNative = host.requests.get(0).path("params");
        JsonNode fromJava = host.requests.get(1).path("params");
        assertEquals(fromJava, fromNative);
        assertEquals(work + "/./x/y", fromNative.path("workspace").asText());
        assertEquals("online", fromNative.path("network").asText());
        assertEquals("{\"A\":\"3\",\"B\":\"two words\"}", fromNative.path("env").toString());
        assertEquals("[\"TOKEN\",\"B\"]", fromNative.path("secrets").toString());
        assertEquals(512L << 20, fromNative.path("tmpSize").asLong());
        for (String size : List.of("1048576", "1M", "2g", "1T", "3072KiB", "4096kb", "0000000000001T")) {
            host.requests.clear();
            List<String> sized = new ArrayList<>(runArgs());
            sized.addAll(sized.indexOf("--"), List.of("--tmp-size", size));
            assertSame(sized);
            assertEquals(host.requests.get(1).path("params"), host.requests.get(0).path("params"), size);
        }
    }

    @Test
    void notStartedAsTheJavaCli() throws Exception {
        host = new FakeHost(id -> List.of(result(id, "{\"exitCode\":127,\"timedOut\":false,\"started\":false,"
                + "\"error\":\"Cannot run program \\\"/no/such\\\": error=2, No such file or directory\"}")));
        Ran nat = assertSame(runArgs());
        assertEquals(127, nat.exit());
        assertEquals("cordon: Cannot run program \"/no/such\": error=2, No such file or directory\n", nat.err());
    }

    @Test
    void refusalsAsTheJavaCli() throws Exception {
        for (String error : List.of(
                "{\"code\":5,\"kind\":\"forbidden\",\"message\":\"--workspace /x is not yours … ✓\",\"fix\":\"Lend your own.\"}",
                "{\"code\":2,\"kind\":\"usage\",\"message\":\"--workspace /etc is the system directory /etc.\",\"fix\":\"Give a project directory.\"}",
                "{\"code\":70,\"kind\":\"internal\",\"message\":\"boom\",\"fix\":null}",
                "{\"code\":42,\"kind\":\"other\",\"message\":\"an unknown code\",\"fix\":\"x\"}",
                "{\"code\":3,\"kind\":\"conflict\",\"message\":\"held by s2\"}")) {
            host = new FakeHost(id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"error\",\"error\":" + error + "}", id)));
            Ran nat = assertSame(runArgs());
            assertTrue(nat.exit() != 0 && nat.err().startsWith("cordon: "), nat.toString());
            host.close();
            host = null;
        }
    }

    @Test
    void connectionErrorsAsTheJavaCli() throws Exception {
        host = new FakeHost(id -> List.of(frame("{\"v\":1,\"id\":null,\"type\":\"error\",\"error\":{\"code\":77,"
                + "\"kind\":\"needs_root\",\"message\":\"Permission denied.\",\"fix\":\"usermod -aG g u\"}}", 0)));
        host.closeAfterScript = true;
        assertEquals(77, assertSame(runArgs()).exit());
        host.close();
        host = new FakeHost(id -> List.of());
        host.closeAfterScript = true;
        Ran lost = assertSame(runArgs());
        assertEquals(69, lost.exit());
        assertTrue(lost.err().contains("Lost the connection to the Cordon host at /run/" + instance + "-cordon/host.sock"),
                lost.err());
    }

    @Test
    void aHostThatClosesWithTheClientsLastFramesUnreadIsToldAsAClose() throws Exception {
        host = new FakeHost(id -> List.of());
        host.resetAfterRun = true; // ECONNRESET, not EOF: each client tells it as the same close
        Ran lost = assertSame(runArgs());
        assertEquals(69, lost.exit());
        assertTrue(lost.err().contains("the host closed the connection"), lost.err());
    }

    @Test
    void plantedRepositoryLinesAsTheJavaCli() throws Exception {
        host = new FakeHost(id -> List.of(
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"gitPlanted\",\"data\":{\"lines\":["
                        + "\"made inert: /w/.git\",\"esc \\u001b]52;c;x\\u0007 del \\u007f c1 \\u009b é\"]}}", id),
                result(id, "{\"exitCode\":0,\"started\":true,\"timedOut\":false,\"error\":null}")));
        Ran nat = assertSame(runArgs());
        assertEquals("cordon: made inert: /w/.git\ncordon: esc ^[]52;c;x^G del ^? c1 M-^[ é\n", nat.err());
    }

    /** {@code --json}: every event and the result as the Java CLI prints them (RunJsonLines), errors as its JSON. */
    @Test
    void jsonLinesAsTheJavaCli() throws Exception {
        List<String> json = new ArrayList<>(runArgs());
        json.add(1, "--json");
        host = new FakeHost(id -> List.of(
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"session\",\"data\":{\"session\":\"s1\"}}", id),
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"started\",\"data\":{\"pid\":4294967296}}", id),
                output(id, "stdout", "out\n\u001b[31m".getBytes(StandardCharsets.UTF_8)),
                output(id, "stderr", new byte[] {0, (byte) 0xff, 10}),
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"gitPlanted\",\"data\":{\"lines\":["
                        + "\"made inert: /w/.git\",\"esc \\u001b]52;c;x\\u0007 \\b\\f\\t\\r\\n del \\u007f c1 \\u009b é 😀 \\\"q\\\" \\\\ /\"]}}", id),
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"new\\tKind\",\"data\":{\"a\":[1,-2,true,false,null,{}],"
                        + "\"b\":{\"c\":[]},\"z\":\"\"}}", id),
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"noData\"}", id),
                result(id, "{\"session\":\"s1\",\"exitCode\":3,\"timedOut\":false,\"started\":true,\"error\":null,"
                        + "\"extra\":[\"x\"]}")));
        Ran nat = assertSame(json);
        assertEquals(3, nat.exit());
        List<String> lines = new String(nat.out(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(8, lines.size(), lines.toString());
        assertEquals("{\"event\":\"started\",\"data\":{\"pid\":4294967296}}", lines.get(1));
        assertEquals("{\"schema\":\"cordon.run/1\",\"session\":\"s1\",\"exitCode\":3,\"timedOut\":false,\"started\":true,"
                + "\"error\":null,\"extra\":[\"x\"]}", lines.get(7));
        assertEquals("", nat.err());
        host.close();
        // not started: only the result, no message
        host = new FakeHost(id -> List.of(result(id, "{\"exitCode\":127,\"timedOut\":false,\"started\":false,"
                + "\"error\":\"Cannot run program \\\"/no/such\\\"\"}")));
        assertEquals(127, assertSame(json).exit());
        host.close();
        for (String error : List.of(
                "{\"code\":5,\"kind\":\"forbidden\",\"message\":\"--workspace /x is not yours … ✓ \\u001b\",\"fix\":\"Lend your own.\"}",
                "{\"code\":2,\"kind\":\"usage\",\"message\":\"bad\",\"fix\":\"Give a project directory.\"}",
                "{\"code\":70,\"kind\":\"internal\",\"message\":\"boom\",\"fix\":null}",
                "{\"code\":42,\"kind\":\"other\",\"message\":\"an unknown code\",\"fix\":\"x\"}",
                "{\"code\":3,\"kind\":\"conflict\",\"message\":\"held by s2\"}")) {
            host = new FakeHost(id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"error\",\"error\":" + error + "}", id)));
            Ran refused = assertSame(json);
            assertTrue(new String(refused.out(), StandardCharsets.UTF_8).startsWith("{\n  \"schema\" : \"cordon.error/1\""),
                    refused.toString());
            host.close();
        }
        host = new FakeHost(id -> List.of());
        host.closeAfterScript = true;
        assertEquals(69, assertSame(json).exit());
        host.close();
        host = null;
    }

    @Test
    void stdinIsForwardedAsByTheJavaCli() throws Exception {
        byte[] input = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(5).nextBytes(input);
        host = new FakeHost(id -> List.of(result(id, "{\"exitCode\":0,\"started\":true,\"timedOut\":false,\"error\":null}")));
        host.answerAtEof = true;
        Ran nat = run(nativeCommand(runArgs()), input, Map.of());
        assertEquals(0, nat.exit(), nat.toString());
        assertArrayEquals(input, host.stdin(0));
        host.answerAtEof = true;
        Ran jvm = run(javaCommand(runArgs()), input, Map.of());
        assertEquals(0, jvm.exit(), jvm.toString());
        assertArrayEquals(input, host.stdin(1));
        host.answerAtEof = true;
        Ran empty = run(nativeCommand(runArgs()), new byte[0], Map.of());
        assertEquals(0, empty.exit(), empty.toString());
        assertEquals(0, host.stdin(2).length);
    }

    @Test
    void sigtermCancelsAndExits143AsTheJavaCli() throws Exception {
        host = new FakeHost(id -> List.of(
                frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"session\",\"data\":{\"session\":\"s1\"}}", id)));
        for (List<String> command : List.of(nativeCommand(runArgs()), javaCommand(runArgs()))) {
            int before = host.cancels.size();
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
            environment(pb, Map.of());
            Process p = pb.start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            assertTrue(host.awaitRequests(host.requests.size() + 1), "no run request from " + command.get(0));
            p.destroy(); // SIGTERM at once: both clients set up their cancel before the request goes out
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue(), new String(err.get(), StandardCharsets.UTF_8));
            for (int i = 0; i < 100 && host.cancels.size() == before; i++) {
                Thread.sleep(50);
            }
            assertEquals(before + 1, host.cancels.size(), "no cancel from " + command.get(0));
        }
    }

    private Terminal onPty(List<String> command) throws Exception {
        Ran ran = run(PtyHost.command(command), new byte[0], Map.of("PYTHONCOERCECLOCALE", "0"));
        return PtyHost.parse(ran.out());
    }

    @Test
    void onATerminalEscapeSequencesAreShownAsTextAsByTheJavaCli() throws Exception {
        byte[] attack = ("A\u001b]52;c;SU5KRUNURUQ=\u0007B\u001b]2;title\u001b\\C\u001b[6nD\u001b[1;31mRED\u001b[0m"
                + " h\u00e9\u2713 \u009b6n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] raw = {(byte) 0x9b, '6', 'n', (byte) 0xff, (byte) 0xe2, (byte) 0x9c, '\n', 0x1b, '[', '3'};
        host = new FakeHost(id -> {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < attack.length; i += 3) { // sequences and characters split between events
                frames.add(output(id, i % 2 == 0 ? "stdout" : "stderr", Arrays.copyOfRange(attack, i, Math.min(i + 3, attack.length))));
            }
            frames.add(output(id, "stdout", raw)); // ends inside a CSI: held, then shown at the end
            frames.add(output(id, "stderr", new byte[] {(byte) 0xe2, (byte) 0x9c}));
            frames.add(frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"gitPlanted\",\"data\":{\"lines\":["
                    + "\"planted \\u001b[6n \\u009b é\"]}}", id));
            frames.add(result(id, "{\"exitCode\":127,\"timedOut\":false,\"started\":false,"
                    + "\"error\":\"Cannot run \\u001b]52;c;eA==\\u0007 \\u001b[1;32mgreen\\u001b[0m ✓\"}"));
            return frames;
        });
        for (List<String> args : List.of(runArgs(), withRaw(runArgs()))) {
            Terminal nat = onPty(nativeCommand(args));
            Terminal jvm = onPty(javaCommand(args));
            assertEquals(jvm.exit(), nat.exit(), args.toString());
            assertEquals(new String(jvm.bytes(), StandardCharsets.ISO_8859_1), new String(nat.bytes(), StandardCharsets.ISO_8859_1),
                    args.toString());
            assertTrue(!new String(nat.bytes(), StandardCharsets.ISO_8859_1).contains("FALLBACK"), "fell back");
            assertEquals(127, nat.exit());
            String shown = new String(nat.bytes(), StandardCharsets.UTF_8);
            assertTrue(shown.contains(args.contains("--raw-output") ? "\u001b]52;c;SU5K" : "^[]52;c;SU5K"), shown);
            assertTrue(shown.contains("cordon: Cannot run ^[]52;c;eA==^G \u001b[1;32mgreen\u001b[0m ✓"), shown);
        }
        host.close();
        host = new FakeHost(id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"error\",\"error\":{\"code\":5,"
                + "\"kind\":\"forbidden\",\"message\":\"not \\u001b]0;yours\\u0007 \\u009b\",\"fix\":\"\\u001b[2J\"}}", id)));
        Terminal nat = onPty(nativeCommand(runArgs()));
        Terminal jvm = onPty(javaCommand(runArgs()));
        assertEquals(5, nat.exit());
        assertEquals(jvm.exit(), nat.exit());
        assertEquals(new String(jvm.bytes(), StandardCharsets.ISO_8859_1), new String(nat.bytes(), StandardCharsets.ISO_8859_1));
    }

    private static List<String> withRaw(List<String> args) {
        List<String> out = new ArrayList<>(args);
        out.add(out.indexOf("--"), "--raw-output");
        return out;
    }

    @Test
    void sigtermWhileOurStdoutIsNotReadCancelsAndExitsAsTheJavaCli() throws Exception {
        byte[] chunk = new byte[48 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        host = new FakeHost(id -> {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 60; i++) { // ~2.9 MB: far more than a pipe and two socket buffers hold
                frames.add(output(id, "stdout", chunk));
            }
            return frames;
        });
        for (List<String> command : List.of(nativeCommand(runArgs()), javaCommand(runArgs()))) {
            int before = host.cancels.size();
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()); // its stdout: a pipe nobody reads
            environment(pb, Map.of());
            Process p = pb.start();
            assertTrue(host.awaitRequests(host.requests.size() + 1), "no run request from " + command.get(0));
            Thread.sleep(1500);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), command.get(0) + " did not exit on SIGTERM");
            assertEquals(143, p.exitValue());
            for (int i = 0; i < 100 && host.cancels.size() == before; i++) {
                Thread.sleep(50);
            }
            assertEquals(before + 1, host.cancels.size(), "no cancel from " + command.get(0));
        }
    }

    // ------------------------------------------------------------------ malformed frames: an error naming a fix

    @Test
    void malformedFramesAreAnErrorNamingAFix() throws Exception {
        List<LongFunction<List<byte[]>>> scripts = List.of(
                id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"result\",", id)),
                id -> List.of(frame("{\"v\":2,\"id\":%d,\"type\":\"result\",\"result\":{\"exitCode\":0}}", id)),
                id -> List.of(frame("{\"id\":%d,\"type\":\"result\",\"result\":{\"exitCode\":0}}", id)),
                id -> List.of(frame("{\"v\":1,\"v\":1,\"id\":%d,\"type\":\"result\",\"result\":{\"exitCode\":0}}", id)),
                id -> List.of(frame("[1]", id)),
                id -> List.of(new byte[] {0, 0, 0, 0}),
                id -> List.of(new byte[] {0, 0x20, 0, 0}),
                id -> List.of(new byte[] {0, 0, 0, 10, '{'}),
                id -> List.of(new byte[] {0, 0}),
                id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"stdout\",\"data\":{\"data\":\"a*b\"}}", id)),
                id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"stdout\",\"data\":{}}", id)),
                id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"mystery\"}", id)),
                id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"result\",\"result\":{\"exitCode\":\"0\"}}", id)),
                id -> List.of(frame("{\"v\":1,\"id\":%d,\"type\":\"error\",\"error\":{\"code\":\"5\"}}", id)),
                id -> List.of(bytes(frame("{\"v\":1,\"id\":%d,\"type\":\"result\",\"result\":{\"exitCode\":0}}", id), 0xff)));
        for (LongFunction<List<byte[]>> script : scripts) {
            host = new FakeHost(script);
            host.closeAfterScript = true;
            Ran nat = run(nativeCommand(runArgs()), new byte[0], Map.of());
            assertEquals(70, nat.exit(), nat.toString());
            assertTrue(nat.err().startsWith("cordon: The Cordon host at /run/" + instance + "-cordon/host.sock sent a bad frame: ")
                    && nat.err().contains("\nFix: "), nat.toString());
            host.close();
            host = null;
        }
    }

    // ------------------------------------------------------------------ everything else: the Java CLI, untouched

    @Test
    void handsEverythingElseToTheJavaCli() throws Exception {
        host = new FakeHost(id -> List.of(result(id, "{\"exitCode\":0,\"started\":true,\"timedOut\":false,\"error\":null}")));
        String ws = "--workspace=" + work;
        List<List<String>> declined = List.of(
                List.of("run", "--instance", instance, ws, "--json", "--json", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--json=true", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--tmp-size", "1023K", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--tmp-size", "2T", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--tmp-size", " 2G", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--tmp-size", "2Gı", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--tmp-size", "2GiBB", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--tmp-size", "12345678901234", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--tmp-size", "1G", "--tmp-size", "2G", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "/bin/true"),
                List.of("run", "--instance", instance, ws, "--help"),
                List.of("run", "--instance", instance, ws, "--"),
                List.of("run", "--instance", instance, ws, "--", ""),
                List.of("run", "--instance", instance, "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, ws, "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--timeout", "0", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--timeout", "010", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--timeout", "31536001", "--", "/bin/true"), // above InputBounds
                List.of("run", "--instance", instance, ws, "--network", "dialup", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--env", "1A=x", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--env", "NOEQUALS", "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--workspace", "--", "/bin/true"),
                List.of("run", "--instance", "Bad", ws, "--", "/bin/true"),
                List.of("run", "--instance", "nosuchhost", ws, "--", "/bin/true"),
                List.of("run", "--instance", instance, ws, "--", "/bin/echo", "\ufffd"),
                List.of("status", "--instance", instance));
        for (List<String> args : declined) {
            assertFallback(run(nativeCommand(args), new byte[0], Map.of()), args);
        }
        List<String> ok = runArgs();
        assertFallback(run(nativeCommand(ok), new byte[0], Map.of("CORDON_JVM_CLIENT", "1")), ok);
        assertFallback(run(nativeCommand(ok), new byte[0], Map.of("LANG", "C")), ok);
        assertFallback(run(nativeCommand(ok), new byte[0], Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=ISO-8859-1")), ok);
        assertEquals(0, host.requests.size(), "a declined command line sent a request");
        host.close();
        for (String hello : List.of(
                "{\"v\":1,\"id\":1,\"type\":\"result\",\"result\":{\"protocol\":2,\"server\":\"cordon 9\"}}",
                "{\"v\":1,\"id\":null,\"type\":\"error\",\"error\":{\"code\":77,\"kind\":\"needs_root\",\"message\":\"no\",\"fix\":\"x\"}}",
                "{\"v\":2,\"id\":1,\"type\":\"result\",\"result\":{\"protocol\":2}}")) {
            host = new FakeHost(id -> List.of());
            host.hello = frame(hello, 0);
            assertFallback(run(nativeCommand(ok), new byte[0], Map.of()), ok);
            assertEquals(0, host.requests.size());
            host.close();
        }
        host = null;
    }

    private void assertFallback(Ran ran, List<String> args) {
        String want = "FALLBACK 1\n" + String.join("\n", args) + "\n";
        assertEquals(99, ran.exit(), args + ": " + ran);
        assertEquals(want, new String(ran.out(), StandardCharsets.UTF_8), args.toString());
        assertEquals("", ran.err(), args.toString());
    }

    // ------------------------------------------------------------------ helpers

    private List<String> runArgs() {
        return List.of("run", "--instance", instance, "--workspace", work.toString(), "--", "/bin/true");
    }

    private List<String> nativeCommand(List<String> args) {
        List<String> c = new ArrayList<>(List.of(CLIENT.toAbsolutePath().toString(), launcher.toString()));
        c.addAll(args);
        return c;
    }

    static List<String> javaCommand(List<String> args) {
        List<String> c = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                CordonCli.class.getName()));
        c.addAll(args);
        return c;
    }

    /** Both clients against the same script: the same stdout bytes, stderr and exit code. The native run. */
    private Ran assertSame(List<String> args) throws Exception {
        Ran nat = run(nativeCommand(args), new byte[0], Map.of());
        Ran jvm = run(javaCommand(args), new byte[0], Map.of());
        assertEquals(jvm.exit(), nat.exit(), "exit code; native " + nat + " java " + jvm);
        assertEquals(jvm.err(), nat.err(), "stderr");
        assertArrayEquals(jvm.out(), nat.out(), "stdout");
        assertTrue(!new String(nat.out(), StandardCharsets.ISO_8859_1).startsWith("FALLBACK"), "the native client fell back");
        return nat;
    }

    record Ran(int exit, byte[] out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + ", stdout " + out.length + " bytes, stderr: " + err;
        }
    }

    static void environment(ProcessBuilder pb, Map<String, String> extra) {
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LC_") || k.equals("CORDON_JVM_CLIENT") || k.equals("CORDON_INSTANCE")
                || k.endsWith("JAVA_OPTIONS") || k.equals("_CORDON_RUN_FALLBACK"));
        env.put("LANG", "C.UTF-8");
        env.putAll(extra);
    }

    private Ran run(List<String> command, byte[] stdin, Map<String, String> env) throws Exception {
        return run(command, stdin, env, work);
    }

    static Ran run(List<String> command, byte[] stdin, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        environment(pb, env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture.runAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException closed) {
                // the client ended without reading all of it
            }
        });
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "still running: " + command);
        return new Ran(p.exitValue(), out.get(60, TimeUnit.SECONDS),
                new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A frame of {@code json} (a {@code %d} in it is the request id). */
    static byte[] frame(String json, long id) {
        byte[] body = (json.contains("%d") ? String.format(json, id) : json).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] bytes(byte[] frame, int replaceLastBrace) {
        byte[] copy = frame.clone();
        copy[copy.length - 2] = (byte) replaceLastBrace; // inside the JSON: not UTF-8 there
        return copy;
    }

    private static byte[] output(long id, String stream, byte[] data) {
        return frame("{\"v\":1,\"id\":%d,\"type\":\"event\",\"event\":\"" + stream + "\",\"data\":{\"data\":\""
                + Base64.getEncoder().encodeToString(data) + "\"}}", id);
    }

    private static byte[] result(long id, String result) {
        return frame("{\"v\":1,\"id\":%d,\"type\":\"result\",\"result\":" + result + "}", id);
    }

    /** A host at the instance's socket that answers host.hello and answers `run` with a script. */
    final class FakeHost implements AutoCloseable {
        final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
        final List<ByteArrayOutputStream> inputs = new CopyOnWriteArrayList<>();
        final List<Long> cancels = new CopyOnWriteArrayList<>();
        volatile boolean closeAfterScript;
        volatile boolean answerAtEof;
        /** On a run: stop reading for a while (the client's stdin end arrives unread), then close: the client gets a reset. */
        volatile boolean resetAfterRun;
        volatile byte[] hello;
        private final LongFunction<List<byte[]>> script;
        private final ServerSocketChannel server;
        private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();

        FakeHost(LongFunction<List<byte[]>> script) throws IOException {
            this.script = script;
            Path socket = socketDir.resolve("host.sock");
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(this::accept, "fake-host");
            t.setDaemon(true);
            t.start();
        }

        boolean awaitRequests(int n) throws InterruptedException {
            for (int i = 0; i < 600 && requests.size() < n; i++) {
                Thread.sleep(50);
            }
            return requests.size() >= n;
        }

        byte[] stdin(int request) {
            return inputs.get(request).toByteArray();
        }

        private void accept() {
            try {
                while (true) {
                    SocketChannel c = server.accept();
                    connections.add(c);
                    Thread t = new Thread(() -> serve(c), "fake-host-connection");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(SocketChannel c) {
            FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_BYTES);
            InputStream in = dev.cordon.core.ChannelStreams.in(c); // not Channels: its read holds the lock writes need
            OutputStream out = dev.cordon.core.ChannelStreams.out(c);
            ByteArrayOutputStream stdin = null;
            long runId = -1;
            try (c) {
                while (true) {
                    Optional<ObjectNode> f = codec.read(in);
                    if (f.isEmpty()) {
                        return;
                    }
                    ObjectNode frame = f.get();
                    String method = frame.path("method").asText();
                    long id = frame.path("id").asLong();
                    switch (method) {
                        case "host.hello" -> {
                            if (hello != null) {
                                out.write(hello);
                                return;
                            }
                            ObjectNode r = Json.object();
                            r.put("protocol", 1);
                            r.put("server", "fake");
                            ObjectNode answer = Json.object();
                            answer.put("v", 1);
                            answer.put("id", id);
                            answer.put("type", "result");
                            answer.set("result", r);
                            out.write(codec.encode(answer));
                        }
                        case "run" -> {
                            runId = id;
                            stdin = new ByteArrayOutputStream();
                            inputs.add(stdin);
                            requests.add(frame);
                            if (resetAfterRun) {
                                Thread.sleep(300);
                                return;
                            }
                            if (!answerAtEof) {
                                answer(c, out, id);
                            }
                        }
                        case "input" -> {
                            stdin.writeBytes(Base64.getDecoder().decode(frame.path("params").path("data").asText()));
                            if (frame.path("params").path("eof").asBoolean() && answerAtEof && id == runId) {
                                answerAtEof = false;
                                answer(c, out, id);
                            }
                        }
                        case "cancel" -> cancels.add(id);
                        default -> throw new IllegalStateException("unexpected " + frame);
                    }
                }
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends the script from a thread of its own (this one keeps reading: a cancel), then closes if asked to. */
        private void answer(SocketChannel c, OutputStream out, long id) {
            List<byte[]> frames = script.apply(id);
            boolean close = closeAfterScript;
            Thread t = new Thread(() -> {
                try {
                    for (byte[] b : frames) {
                        out.write(b);
                    }
                    out.flush();
                    if (close) {
                        c.close();
                    }
                } catch (IOException gone) {
                    // the client went away
                }
            }, "fake-host-answer");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel c : connections) {
                c.close();
            }
            Files.deleteIfExists(socketDir.resolve("host.sock"));
        }
    }
}
