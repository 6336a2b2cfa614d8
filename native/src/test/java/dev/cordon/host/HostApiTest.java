package dev.cordon.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.Backend;
import dev.cordon.cli.CordonCli;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.host.wire.HostClient;
import dev.cordon.host.wire.HostServer;
import dev.cordon.session.SessionManager;
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
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host over its real socket: session methods, disconnects, a host killed with SIGKILL and the reaper. */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "the host needs root")
class HostApiTest {
    private static InstalledInstance installed;
    private static TestInstance t;
    private static Backend backend;
    private static Path workspace;

    @BeforeAll
    static void setUp() throws Exception {
        installed = InstalledInstance.create("cordon-host-ws-");
        t = installed.test();
        backend = installed.backend();
        workspace = installed.workspace();
    }

    @AfterAll
    static void tearDown() {
        installed.close();
    }

    private static ObjectNode startParams() {
        ObjectNode p = Json.object();
        p.put("workspace", workspace.toString());
        return p;
    }

    private static long sandboxProcesses() throws Exception {
        Process p = new ProcessBuilder("ps", "-u", t.instance.offlineAccount(), "-o", "stat=").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("Z")).count();
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        for (int i = 0; i < 300 && !condition.call(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.call()).as("condition within 15 s").isTrue();
    }

    @Test
    void sessionsOverTheSocketAndADisconnectKillsTheCommandTree() throws Exception {
        Path socket = Files.createTempDirectory("cordon-sock-").resolve("host.sock");
        SessionManager sessions = backend.sessions();
        HostServer server = new HostServer(socket, t.instance.usersGroup(), backend.platform().hostTransport(),
                backend.platform().accounts(), new HostApi(backend, sessions, () -> { }));
        server.start();
        try {
            String id;
            try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket)) {
                id = client.call("session.start", startParams(), e -> { }).path("id").asText();
                ObjectNode exec = Json.object();
                exec.put("id", id);
                exec.putArray("argv").add("sh").add("-c").add("echo hello; exec sleep 300");
                CountDownLatch printed = new CountDownLatch(1);
                StringBuilder out = new StringBuilder();
                client.start("session.exec", exec, e -> {
                    if (e.name().equals("stdout")) {
                        out.append(new String(Base64.getDecoder().decode(e.data().path("data").asText()), StandardCharsets.UTF_8));
                        printed.countDown();
                    }
                });
                assertThat(printed.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(out).hasToString("hello\n");
                ObjectNode ps = Json.object();
                ps.put("id", id);
                JsonNode tree = client.call("session.ps", ps, e -> { });
                // R46: above the runner, the cordon-mounts the host started and its pid namespace's init; nothing else runs
                assertThat(tree.path("processes")).extracting(p -> p.path("role").asText())
                        .containsExactlyInAnyOrder("namespace-keeper", "namespace-init", "runner", "command");
                JsonNode usage = client.call("session.usage", ps, e -> { });
                assertThat(usage.path("session").asText()).isEqualTo(id);
                assertThat(usage.path("usage").path("procs").asInt()).isGreaterThanOrEqualTo(2); // runner and command
                assertThat(usage.path("usage").path("memory.current").asLong()).isPositive();
            } // the client disconnects with the command still running
            waitFor(() -> sandboxProcesses() == 1); // only the runner is left
            try (HostClient second = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket)) {
                assertThat(second.call("session.list", Json.object(), e -> { }).path("sessions")).hasSize(1);
                ObjectNode bad = Json.object();
                bad.put("id", "nope");
                assertThatThrownBy(() -> second.call("session.show", bad, e -> { })).isInstanceOf(CordonException.class)
                        .hasMessageContaining("no session nope");
                ObjectNode stop = Json.object();
                stop.put("id", id);
                second.call("session.stop", stop, e -> { });
            }
            assertThat(sandboxProcesses()).isZero();
        } finally {
            server.close();
            sessions.close();
        }
    }

    @Test
    void aHostKilledWithSigkillLeavesNothingRunningAndTheNextHostReapsItsLeftovers() throws Exception {
        Path socket = Files.createTempDirectory("cordon-sock-").resolve("host.sock");
        Process host = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), CordonCli.class.getName(), "serve", "--instance=" + t.name(),
                "--socket=" + socket).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        try {
            waitFor(() -> Files.exists(socket));
            String id;
            try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket)) {
                id = client.call("session.start", startParams(), e -> { }).path("id").asText();
                ObjectNode exec = Json.object();
                exec.put("id", id);
                exec.putArray("argv").add("sh").add("-c").add("(setsid sleep 300 &); exec sleep 300");
                CountDownLatch started = new CountDownLatch(1);
                client.start("session.exec", exec, e -> {
                    if (e.name().equals("started")) {
                        started.countDown();
                    }
                });
                assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(300); // let the daemon fork
                assertThat(sandboxProcesses()).isGreaterThanOrEqualTo(3);
                host.destroyForcibly().waitFor();
            }
            waitFor(() -> sandboxProcesses() == 0);
            Path sessionDir = t.instance.sessionsDir().resolve(id);
            assertThat(sessionDir).exists(); // a crashed host cannot clean up after itself ...
            backend.sessions().reapStale(); // ... the next one does
            assertThat(sessionDir).doesNotExist();
            assertThat(dev.cordon.platform.linux.cgroup.SessionCgroups.open(t.instance.stateDir().getFileName().toString())
                    .list()).isEmpty();
        } finally {
            host.destroyForcibly();
        }
    }

    /** The socket's one-shot `run` refuses a command line it cannot run before it starts a session for it. */
    @Test
    void aRunWithoutACommandIsRefusedBeforeASessionStarts() throws Exception {
        Path socket = Files.createTempDirectory("cordon-sock-").resolve("host.sock");
        SessionManager sessions = backend.sessions();
        HostServer server = new HostServer(socket, t.instance.usersGroup(), backend.platform().hostTransport(),
                backend.platform().accounts(), new HostApi(backend, sessions, () -> { }));
        server.start();
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket)) {
            long starts = backend.audit().read(0).stream()
                    .filter(e -> e.path("action").asText().equals("session.start")).count();
            ObjectNode none = startParams();
            ObjectNode empty = startParams();
            empty.putArray("argv");
            ObjectNode emptyProgram = startParams();
            emptyProgram.putArray("argv").add("").add("x");
            for (ObjectNode p : java.util.List.of(none, empty, emptyProgram)) {
                assertThatThrownBy(() -> client.call("run", p, e -> { })).as(p.toString())
                        .isInstanceOfSatisfying(CordonException.class, e -> {
                            assertThat(e.exitCode()).isEqualTo(dev.cordon.core.ExitCode.USAGE);
                            assertThat(e.fix()).contains("after `--`");
                        });
            }
            for (String timeout : java.util.List.of("0", "-5", "1.5", "\"60\"")) {
                ObjectNode p = startParams();
                p.putArray("argv").add("true");
                p.set("timeoutSeconds", Json.parse(timeout));
                assertThatThrownBy(() -> client.call("run", p, e -> { })).as(timeout)
                        .isInstanceOfSatisfying(CordonException.class, e -> {
                            assertThat(e.exitCode()).isEqualTo(dev.cordon.core.ExitCode.USAGE);
                            assertThat(e.getMessage()).contains("timeoutSeconds " + timeout);
                        });
            }
            assertThat(backend.audit().read(0).stream()
                    .filter(e -> e.path("action").asText().equals("session.start")).count()).isEqualTo(starts);
            assertThat(sessions.list()).isEmpty();
        } finally {
            server.close();
            sessions.close();
        }
    }

    /**
     * A malformed request is a usage error naming its field, before a session starts: an {@code argv} that is not an
     * array of strings (an object's values were run as a command line), a path holding a NUL byte (was {@code internal}
     * with an InvalidPathException).
     */
    @Test
    void malformedArgvAndPathsAreUsageErrorsNamingTheField() throws Exception {
        Path socket = Files.createTempDirectory("cordon-sock-").resolve("host.sock");
        SessionManager sessions = backend.sessions();
        HostServer server = new HostServer(socket, t.instance.usersGroup(), backend.platform().hostTransport(),
                backend.platform().accounts(), new HostApi(backend, sessions, () -> { }));
        server.start();
        try (HostClient client = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), socket)) {
            long starts = backend.audit().read(0).stream()
                    .filter(e -> e.path("action").asText().equals("session.start")).count();
            for (String argv : java.util.List.of("{\"0\": \"true\"}", "\"true\"", "[\"true\", 5]", "[[\"true\"]]")) {
                ObjectNode p = startParams();
                p.set("argv", Json.parse(argv));
                assertThatThrownBy(() -> client.call("run", p, e -> { })).as(argv)
                        .isInstanceOfSatisfying(CordonException.class, e -> {
                            assertThat(e.exitCode()).isEqualTo(dev.cordon.core.ExitCode.USAGE);
                            assertThat(e.getMessage()).contains("'argv'");
                        });
            }
            ObjectNode nulWorkspace = Json.object();
            nulWorkspace.put("workspace", workspace + "/a\0b");
            ObjectNode nulWritable = startParams();
            nulWritable.putArray("writable").add(workspace + "\0");
            ObjectNode objectWritable = startParams();
            objectWritable.putObject("writable").put("a", workspace.toString());
            ObjectNode nulSocket = startParams();
            nulSocket.putArray("allowSockets").add("/tmp/x\0");
            java.util.Map<String, ObjectNode> cases = new java.util.LinkedHashMap<>();
            cases.put("workspace", nulWorkspace);
            cases.put("writable", nulWritable);
            cases.put("writable ", objectWritable);
            cases.put("allowSockets", nulSocket);
            for (var c : cases.entrySet()) {
                for (String method : java.util.List.of("session.start", "run")) {
                    ObjectNode p = c.getValue().deepCopy();
                    p.putArray("argv").add("true");
                    assertThatThrownBy(() -> client.call(method, p, e -> { })).as(method + " " + p)
                            .isInstanceOfSatisfying(CordonException.class, e -> {
                                assertThat(e.exitCode()).isEqualTo(dev.cordon.core.ExitCode.USAGE);
                                assertThat(e.getMessage()).contains("'" + c.getKey().strip() + "'");
                            });
                }
            }
            assertThat(backend.audit().read(0).stream()
                    .filter(e -> e.path("action").asText().equals("session.start")).count()).isEqualTo(starts);
            assertThat(sessions.list()).isEmpty();
        } finally {
            server.close();
            sessions.close();
        }
    }
}
