package dev.cordon.cli;

import dev.cordon.Backend;
import dev.cordon.core.Json;
import dev.cordon.testing.CliRun;
import dev.cordon.testing.InstalledInstance;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `cordon run` as a real process: exit codes, streams, stdin, Ctrl-C, JSON lines. */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root")
class RunCommandTest {
    private static InstalledInstance installed;
    private static TestInstance t;
    private static Backend backend;
    private static Path workspace;

    @BeforeAll
    static void setUp() throws Exception {
        installed = InstalledInstance.create("cordon-run-ws-");
        t = installed.test();
        backend = installed.backend();
        workspace = installed.workspace();
    }

    @AfterAll
    static void tearDown() {
        installed.close();
    }

    record Result(int exit, String out, String err) {
    }

    private static ProcessBuilder cordon(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), CordonCli.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static Result run(String stdin, String... args) throws Exception {
        Process p = cordon(args).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private String[] runArgs(String... command) {
        List<String> a = new ArrayList<>(List.of("run", "--instance=" + t.name(), "--workspace", workspace.toString()));
        a.addAll(List.of(command));
        return a.toArray(String[]::new);
    }

    @Test
    void exitCodesStreamsAndStdin() throws Exception {
        Result r = run("", runArgs("--", "sh", "-c", "echo out; echo err >&2; exit 3"));
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThat(run("", runArgs("--", "definitely-not-a-command")).exit()).isEqualTo(127);
        assertThat(run("", runArgs("--timeout", "1", "--", "sleep", "30")).exit()).isEqualTo(124);
        assertThat(run("piped input\n", runArgs("--", "cat")).out()).isEqualTo("piped input\n");
        Result bad = run("", "run", "--instance=" + t.name(), "--workspace", "/", "--", "true");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("root directory").contains("Fix:");
    }

    private static long auditedSessionStarts() {
        return backend.audit().read(0).stream().filter(e -> e.path("action").asText().equals("session.start")).count();
    }

    /** Refused as a usage error before a session (audit record, session directory, runner) exists. */
    @Test
    void aRunWithoutACommandIsRefusedBeforeASessionStarts() throws Exception {
        long starts = auditedSessionStarts();
        for (String[] args : List.of(runArgs(), runArgs("--"), runArgs("--", ""), runArgs("--json", "--", ""))) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains("Fix:").contains("after `--`");
        }
        CliRun json = CliRun.of(runArgs("--json", "--", ""));
        assertThat(json.json().path("schema").asText()).isEqualTo("cordon.error/1");
        assertThat(json.json().path("exitCode").asInt()).isEqualTo(2);
        assertThat(auditedSessionStarts()).isEqualTo(starts);
        if (Files.isDirectory(t.instance.sessionsDir())) {
            try (var dirs = Files.list(t.instance.sessionsDir())) {
                assertThat(dirs.toList()).isEmpty();
            }
        }
        // the same session options with a command do start one: the count above can move
        assertThat(run("", runArgs("--", "true")).exit()).isZero();
        assertThat(auditedSessionStarts()).isEqualTo(starts + 1);
    }

    /** Root with a host listening at the instance's socket: the host runs the one-shot session, as for a member. */
    @Test
    void rootGoesThroughARunningHost() throws Exception {
        Path socket = t.instance.hostSocket();
        Files.createDirectories(socket.getParent());
        var sessions = backend.sessions();
        var server = new dev.cordon.host.wire.HostServer(socket, t.instance.usersGroup(),
                backend.platform().hostTransport(), backend.platform().accounts(),
                new dev.cordon.host.HostApi(backend, sessions, () -> { }));
        server.start();
        try {
            long starts = auditedSessionStarts();
            Result r = run("piped input\n", runArgs("--", "sh", "-c", "cat; echo err >&2; exit 3"));
            assertThat(r.exit()).as(r.err()).isEqualTo(3);
            assertThat(r.out()).isEqualTo("piped input\n");
            assertThat(r.err()).isEqualTo("err\n");
            assertThat(run("", runArgs("--", "definitely-not-a-command")).exit()).isEqualTo(127);
            assertThat(auditedSessionStarts()).isEqualTo(starts + 2);
            assertThat(backend.audit().read(0)).filteredOn(e -> e.path("action").asText().equals("session.start"))
                    .last().satisfies(e -> assertThat(e.path("actor").asText()).contains("via the host socket"));
            assertThat(sessions.list()).isEmpty(); // each one-shot session was stopped by the host
        } finally {
            server.close();
            Files.deleteIfExists(socket.getParent());
        }
    }

    /** The event names in order (stdout/stderr chunks merged), each with its data's field names, then the result's. */
    private static List<String> jsonShape(String out) throws Exception {
        List<String> shape = new ArrayList<>();
        for (String line : out.lines().toList()) {
            var n = Json.parse(line);
            List<String> fields = new ArrayList<>();
            (n.has("event") ? n.path("data") : n).fieldNames().forEachRemaining(fields::add);
            String row = (n.has("event") ? n.path("event").asText() : n.path("schema").asText()) + " " + fields;
            if (shape.isEmpty() || !shape.get(shape.size() - 1).equals(row)) {
                shape.add(row);
            }
        }
        return shape;
    }

    private static String decoded(String out, String stream) throws Exception {
        var text = new StringBuilder();
        for (String line : out.lines().toList()) {
            var n = Json.parse(line);
            if (n.path("event").asText().equals(stream)) {
                text.append(new String(java.util.Base64.getDecoder().decode(n.path("data").path("data").asText()),
                        StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    @Test
    void jsonLinesEndWithTheResult() throws Exception {
        // alive for a second: the host names the pid of a command still running (one that ended at once is null, R46)
        Result r = run("", runArgs("--json", "--", "sh", "-c", "sleep 1; printf hi"));
        List<String> lines = r.out().lines().toList();
        assertThat(Json.parse(lines.get(0)).path("event").asText()).isEqualTo("session");
        assertThat(Json.parse(lines.get(1)).path("event").asText()).isEqualTo("started");
        assertThat(Json.parse(lines.get(1)).path("data").path("pid").asLong()).isPositive();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"event\":\"stdout\"").contains("\"aGk=\""));
        var last = Json.parse(lines.get(lines.size() - 1));
        assertThat(last.path("schema").asText()).isEqualTo("cordon.run/1");
        assertThat(last.path("exitCode").asInt()).isZero();
        assertThat(last.path("session").asText()).isEqualTo(Json.parse(lines.get(0)).path("data").path("session").asText());
    }

    /**
     * A script reading {@code run --json} sees the same lines whoever runs the command: this process (root, no host),
     * the host for root, the host for a member (RemoteExec) — the events of docs/protocol.md's {@code run}, then the
     * result.
     */
    @Test
    void jsonLinesAreTheSameWithAndWithoutAHost() throws Exception {
        String[] args = runArgs("--json", "--", "sh", "-c", "printf out; printf err >&2; exit 4");
        Result alone = run("", args);
        Path socket = t.instance.hostSocket();
        Files.createDirectories(socket.getParent());
        var server = new dev.cordon.host.wire.HostServer(socket, t.instance.usersGroup(),
                backend.platform().hostTransport(), backend.platform().accounts(),
                new dev.cordon.host.HostApi(backend, backend.sessions(), () -> { }));
        server.start();
        Result hosted;
        long hostStarts = auditedSessionStarts();
        try {
            hosted = run("", args);
            assertThat(backend.audit().read(0)).filteredOn(e -> e.path("action").asText().equals("session.start"))
                    .last().satisfies(e -> assertThat(e.path("actor").asText()).contains("via the host socket"));
        } finally {
            server.close();
            Files.deleteIfExists(socket.getParent());
        }
        assertThat(auditedSessionStarts()).isEqualTo(hostStarts + 1);
        for (Result r : List.of(alone, hosted)) {
            assertThat(r.exit()).as(r.err()).isEqualTo(4);
            assertThat(decoded(r.out(), "stdout")).isEqualTo("out");
            assertThat(decoded(r.out(), "stderr")).isEqualTo("err");
            assertThat(r.err()).isEmpty();
            assertThat(Json.parse(r.out().lines().reduce((a, b) -> b).orElseThrow()).path("exitCode").asInt())
                    .isEqualTo(4);
        }
        List<String> shape = jsonShape(alone.out());
        assertThat(shape.get(0)).isEqualTo("session [session]");
        assertThat(shape.get(1)).isEqualTo("started [pid]");
        assertThat(shape).contains("stdout [data]", "stderr [data]");
        assertThat(shape.get(shape.size() - 1))
                .isEqualTo("cordon.run/1 [schema, session, exitCode, timedOut, started, error]");
        assertThat(jsonShape(hosted.out())).containsExactlyInAnyOrderElementsOf(shape);
        assertThat(jsonShape(hosted.out()).subList(0, 2)).isEqualTo(shape.subList(0, 2));
    }

    @Test
    void allowSocketUnhidesExactlyTheNamedSocket() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cordon-run-sockets-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var allowed = dev.cordon.platform.linux.UnixSocketListener.open(dir.resolve("allowed.sock"));
             var other = dev.cordon.platform.linux.UnixSocketListener.open(dir.resolve("other.sock"))) {
            String connect = "import socket, sys\nfor p in sys.argv[1:]:\n    s = socket.socket(socket.AF_UNIX)\n"
                    + "    try:\n        s.connect(p); s.sendall(b'run-test'); print('reached')\n"
                    + "    except OSError as e:\n        print('refused', e.errno)\n";
            List<String> args = new ArrayList<>(List.of(runArgs("--allow-socket", allowed.path().toString(), "--",
                    "/usr/bin/python3", "-c", connect, allowed.path().toString(), other.path().toString())));
            Result r = run("", args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).containsExactly("reached", "refused 2");
            Thread.sleep(200);
            assertThat(allowed.received()).containsExactly("run-test");
            assertThat(other.received()).isEmpty();

            Result bad = run("", runArgs("--allow-socket", dir.toString(), "--", "true"));
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("--allow-socket " + dir + " is not a Unix socket").contains("Fix:");
        } finally {
            dev.cordon.core.FileTrees.deleteTree(dir);
        }
    }

    @Test
    void ctrlCExits130AndLeavesNothingRunning() throws Exception {
        Process p = cordon(runArgs("--", "sh", "-c", "(setsid sleep 300 &); echo ready; sleep 300"))
                .redirectError(new File("/dev/null")).start();
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo("ready");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(130);
        Process ps = new ProcessBuilder("ps", "-u", t.instance.offlineAccount(), "-o", "stat=").start();
        String states = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(states.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("Z")).count()).isZero();
        try (var dirs = Files.list(t.instance.sessionsDir())) {
            assertThat(dirs.toList()).isEmpty();
        }
    }
}
