package dev.cordon.host.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Exec;
import dev.cordon.core.Json;
import dev.cordon.testing.ExampleClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peer rules with real accounts, and the Python example client: a throwaway group owns the socket; {@code nobody}
 * connects through {@code setpriv} with and without that group.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root to create a group and switch to nobody")
@Timeout(120)
class HostPeerTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int NOBODY = 65534;

    private String group;
    private HostFixture host;
    private Path script;

    @BeforeEach
    void start() throws IOException {
        group = "cordonwt" + Long.toString(new SecureRandom().nextLong() & 0xffffffffL, 36);
        Exec.run(List.of("groupadd", group)).orThrow("groupadd");
        host = new HostFixture(group);
        script = host.dir.resolve("cordon_client.py");
        Files.copy(ExampleClient.script(), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterEach
    void stop() {
        host.close();
        Exec.run(List.of("groupdel", group)).orThrow("groupdel");
    }

    @Test
    void pythonExampleSaysHelloAndShowsThePeer() throws IOException {
        Exec.Result r = python(List.of(), "hello");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode hello = Json.parse(r.stdout());
        assertThat(hello.path("protocol").asInt()).isEqualTo(1);
        assertThat(hello.path("server").asText()).startsWith("cordon ");
        assertThat(hello.path("peer").path("user").asText()).isEqualTo("root");
        assertThat(hello.path("peer").path("uid").asInt()).isZero();
    }

    @Test
    void pythonExampleCallsAHandlerMethodAndPrintsEventsThenResult() throws IOException {
        Exec.Result r = python(List.of(), "call", "test.echo", "--params", "{\"say\": \"hi\"}");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String[] lines = r.stdout().split("\n", 2);
        assertThat(Json.parse(lines[0])).isEqualTo(Json.parse("{\"event\":\"echo\",\"data\":{\"say\":\"hi\"}}"));
        assertThat(Json.parse(lines[1])).isEqualTo(Json.parse("{\"say\":\"hi\"}"));

        Exec.Result failed = python(List.of(), "call", "test.fail", "--params", "{\"name\": \"n1\"}");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.stderr()).contains("cordon: Thing 'n1' already exists.").contains("Fix: Remove it first.");
    }

    @Test
    void memberOfTheGroupIsServed() throws IOException {
        Exec.run(List.of("gpasswd", "-a", "nobody", group)).orThrow("gpasswd");
        Exec.Result r = python(List.of("--reuid=" + NOBODY, "--regid=" + NOBODY, "--groups=" + gid()), "hello");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode peer = Json.parse(r.stdout()).path("peer");
        assertThat(peer.path("user").asText()).isEqualTo("nobody");
        assertThat(peer.path("uid").asInt()).isEqualTo(NOBODY);
    }

    @Test
    void processRunningWithTheGroupAsItsPrimaryGidIsServed() throws IOException {
        Exec.Result r = python(List.of("--reuid=" + NOBODY, "--regid=" + gid(), "--clear-groups"), "hello");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Json.parse(r.stdout()).path("peer").path("group").asText()).isEqualTo(group);
    }

    @Test
    void nonMemberIsStoppedByTheSocketFileMode() {
        Exec.Result r = python(List.of("--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"), "hello");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(77);
        assertThat(r.stderr()).contains("permission denied");
    }

    @Test
    void nonMemberIsRefusedByThePeerCheckEvenWhenTheFileModeLetsThemIn() throws Exception {
        // a socket file loosened by mistake: the SO_PEERCRED check still turns the stranger away
        Files.setPosixFilePermissions(host.socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Exec.Result r = python(List.of("--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"), "hello");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(77);
        assertThat(r.stderr())
                .contains("User 'nobody' may not use the Cordon host at " + host.socket)
                .contains("group '" + group + "'")
                .contains("Fix: Have an administrator run `usermod -aG " + group + " nobody`");
        try (HostClient root = HostClient.connect(new dev.cordon.platform.linux.UnixSocketTransport(), host.socket)) {
            assertThat(root.hello().path("peer").path("user").asText()).isEqualTo("root");
        }
    }

    private int gid() throws IOException {
        return (Integer) Files.getAttribute(host.socket, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    /** Runs the example client, as another user when {@code setpriv} options are given. */
    private Exec.Result python(List<String> setpriv, String... args) {
        List<String> command = new ArrayList<>();
        if (!setpriv.isEmpty()) {
            command.add("setpriv");
            command.addAll(setpriv);
            command.add("--");
        }
        command.addAll(List.of(PYTHON, script.toString(), "--socket", host.socket.toString()));
        command.addAll(List.of(args));
        return Exec.run(command, null, Map.of("HOME", host.dir.toString()), 60);
    }
}
