package dev.cordon.cli;

import dev.cordon.cli.NativeRunClientTest.Ran;
import dev.cordon.testing.InstalledInstance;
import dev.cordon.testing.ServeProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `cordon run` through a real `cordon serve` of a set-up instance, by the native client ({@code target/cordon-run},
 * what ./cordon runs) and by the Java CLI: the same stdout bytes, stderr and exit code for a command that succeeds,
 * fails, is not found, writes binary and several MB, reads stdin, times out, and for the host's refusal. The native
 * runs must not fall back to the Java CLI (their launcher here only says FALLBACK).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "sets up an instance and runs sessions")
class NativeRunParityTest {
    private static InstalledInstance box;
    private static ServeProcess host;
    private static Path launcher;

    @BeforeAll
    static void setUp() throws Exception {
        box = InstalledInstance.create("cordon-native-run-ws-");
        launcher = Files.createTempFile("cordon-native-run-launcher-", "");
        Files.writeString(launcher, "#!/bin/sh\necho FALLBACK\nexit 99\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        host = ServeProcess.start(NativeRunClientTest.javaCommand(List.of("serve", "--instance=" + box.test().name())),
                box.test().instance.hostSocket());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            Files.deleteIfExists(launcher);
            box.close();
        }
    }

    private static List<String> run(String... tail) {
        List<String> args = new ArrayList<>(List.of("run", "--instance", box.test().name(), "--workspace",
                box.workspace().toString()));
        args.addAll(List.of(tail));
        return args;
    }

    private static Ran same(List<String> args, byte[] stdin) throws Exception {
        List<String> nativeCommand = new ArrayList<>(List.of(NativeRunClientTest.CLIENT.toAbsolutePath().toString(),
                launcher.toString()));
        nativeCommand.addAll(args);
        Ran nat = NativeRunClientTest.run(nativeCommand, stdin, Map.of(), box.workspace());
        Ran jvm = NativeRunClientTest.run(NativeRunClientTest.javaCommand(args), stdin, Map.of(), box.workspace());
        assertTrue(!new String(nat.out(), StandardCharsets.ISO_8859_1).startsWith("FALLBACK"), "the native client fell back: " + args);
        assertEquals(jvm.exit(), nat.exit(), args + ": exit code; native " + nat + "; java " + jvm);
        assertEquals(jvm.err(), nat.err(), args + ": stderr");
        assertArrayEquals(jvm.out(), nat.out(), args + ": stdout");
        return nat;
    }

    @Test
    void successAndFailureAsTheJavaCli() throws Exception {
        Ran ok = same(run("--", "/bin/sh", "-c", "echo out; echo err >&2; echo \"$1\"", "sh", "é€😀 \"q\""), new byte[0]);
        assertEquals(0, ok.exit());
        assertEquals("out\né€😀 \"q\"\n", new String(ok.out(), StandardCharsets.UTF_8));
        assertEquals("err\n", ok.err());
        assertEquals(7, same(run("--", "/bin/sh", "-c", "echo failing >&2; exit 7"), new byte[0]).exit());
        Ran missing = same(run("--", "/no/such/program"), new byte[0]);
        assertEquals(127, missing.exit());
        assertTrue(missing.err().startsWith("cordon: "), missing.err());
        assertEquals(0, same(run("--network", "online", "--env", "A=1", "--", "/bin/sh", "-c", "test \"$A\" = 1"),
                new byte[0]).exit());
    }

    @Test
    void binaryAndLargeOutputAsTheJavaCli() throws Exception {
        Ran binary = same(run("--", "/bin/sh", "-c",
                "printf '\\000\\001\\033[6n\\200\\377'; head -c 100000 /dev/zero | tr '\\000' '\\377'"), new byte[0]);
        assertEquals(8 + 100000, binary.out().length);
        Ran large = same(run("--", "/bin/sh", "-c", "seq 1 1000000; seq 1 100000 >&2"), new byte[0]);
        assertEquals(6888896, large.out().length);
    }

    @Test
    void stdinAsTheJavaCli() throws Exception {
        byte[] input = new byte[2 * 1024 * 1024 + 3];
        new Random(13).nextBytes(input);
        Ran echoed = same(run("--", "cat"), input);
        assertArrayEquals(input, echoed.out());
    }

    @Test
    void timeoutAndRefusalAsTheJavaCli() throws Exception {
        assertEquals(124, same(run("--timeout", "1", "--", "sleep", "30"), new byte[0]).exit());
        List<String> refused = new ArrayList<>(List.of("run", "--instance", box.test().name(), "--workspace", "/etc",
                "--", "/bin/true"));
        Ran r = same(refused, new byte[0]);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("/etc") && r.err().contains("\nFix: "), r.err());
    }

    /** {@code --json} through a real host: the same events and result (session ids and pids are each run's own). */
    @Test
    void jsonLinesAsTheJavaCli() throws Exception {
        // alive for a second before it writes: the host names the pid of a command still running (R46: one that ended
        // before the host could name it is started with pid null)
        List<String> args = run("--json", "--", "/bin/sh", "-c", "sleep 1; printf 'out \\033[31m'; printf err >&2; exit 5");
        List<String> nativeCommand = new ArrayList<>(List.of(NativeRunClientTest.CLIENT.toAbsolutePath().toString(),
                launcher.toString()));
        nativeCommand.addAll(args);
        Ran nat = NativeRunClientTest.run(nativeCommand, new byte[0], Map.of(), box.workspace());
        Ran jvm = NativeRunClientTest.run(NativeRunClientTest.javaCommand(args), new byte[0], Map.of(), box.workspace());
        assertTrue(!new String(nat.out(), StandardCharsets.ISO_8859_1).startsWith("FALLBACK"), "the native client fell back");
        assertEquals(5, nat.exit(), nat.toString());
        assertEquals(jvm.exit(), nat.exit());
        assertEquals(jvm.err(), nat.err());
        assertEquals("", nat.err());
        assertEquals(jsonRun(jvm.out()), jsonRun(nat.out()));
        assertEquals(List.of("session", "started", "stdout \"out \\u001B[31m\"", "stderr \"err\"",
                "cordon.run/1 {\"exitCode\":5,\"timedOut\":false,\"started\":true,\"error\":null}"), jsonRun(nat.out()));
        List<String> refused = new ArrayList<>(List.of("run", "--json", "--instance", box.test().name(), "--workspace",
                "/etc", "--", "/bin/true"));
        Ran r = same(refused, new byte[0]);
        assertEquals(2, r.exit());
        assertTrue(new String(r.out(), StandardCharsets.UTF_8).contains("\"schema\" : \"cordon.error/1\""), r.toString());
    }

    /** The lines of a run's --json, each event once with its decoded output, the result without its session id. */
    private static List<String> jsonRun(byte[] out) throws Exception {
        List<String> rows = new ArrayList<>();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        String session = null;
        for (String line : new String(out, StandardCharsets.UTF_8).lines().toList()) {
            var n = dev.cordon.core.Json.parse(line);
            String event = n.path("event").asText(null);
            if ("stdout".equals(event) || "stderr".equals(event)) {
                ("stdout".equals(event) ? stdout : stderr).append(new String(
                        java.util.Base64.getDecoder().decode(n.path("data").path("data").asText()), StandardCharsets.UTF_8));
                continue;
            }
            if (event != null) {
                if ("session".equals(event)) {
                    session = n.path("data").path("session").asText();
                }
                if ("started".equals(event)) {
                    assertTrue(n.path("data").path("pid").asLong() > 0, line);
                }
                rows.add(event);
                continue;
            }
            rows.add("stdout " + dev.cordon.core.Json.line(stdout.toString()));
            rows.add("stderr " + dev.cordon.core.Json.line(stderr.toString()));
            var result = (com.fasterxml.jackson.databind.node.ObjectNode) n;
            assertEquals(session, result.remove("session").asText(), line);
            rows.add(result.remove("schema").asText() + " " + dev.cordon.core.Json.line(result));
        }
        return rows;
    }
}
