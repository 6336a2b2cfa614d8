package dev.cordon.session;

import dev.cordon.Backend;
import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import dev.cordon.doctor.Check;
import dev.cordon.doctor.DoctorReport;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.LinuxPlatform;
import dev.cordon.platform.linux.Passwd;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.platform.linux.UnixSocketListener;
import dev.cordon.provision.SetupRequest;
import dev.cordon.runner.ChannelGuard;
import dev.cordon.testing.TestInstance;
import dev.cordon.testing.ThrowawayUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link dev.cordon.platform.linux.mount.SocketIsolation} in real sessions, and the doctor's live proof of it (root: real accounts and sessions). */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "sessions need root")
class SocketIsolationSessionTest {
    private static TestInstance t;
    private static Backend backend;

    @BeforeAll
    static void setUpInstance() {
        t = new TestInstance();
        backend = new Backend(t.instance, new LinuxPlatform(t.instance));
        backend.provisioner().setup(new SetupRequest(List.of()), false, l -> { });
    }

    @AfterAll
    static void tearDownInstance() {
        try {
            backend.provisioner().uninstall(false, l -> { });
        } finally {
            t.close();
        }
    }

    record Ran(CommandExit exit, String out, String err) {
    }

    private static Ran run(SessionManager manager, String session, String... argv) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var h = manager.exec(session, List.of(argv), Map.of(), Duration.ofSeconds(30), new CommandListener() {
            @Override
            public void started(long pid) {
            }

            @Override
            public synchronized void output(int fd, byte[] data) {
                (fd == 1 ? out : err).writeBytes(data);
            }

            @Override
            public void exited(CommandExit exit) {
            }
        });
        CommandExit exit = h.await();
        return new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWorkspaceUnderTmpIsBoundIntoThePrivateTmpWithItsParentsModesAndAclsAndNothingElse() throws Exception {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "cordon-private-tmp-").toRealPath();
        try (SessionManager manager = backend.sessions()) {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------")); // the grant adds traverse
            Path ws = Files.createDirectories(base.resolve("project"));
            Files.createDirectories(ws.resolve(".git"));
            Files.writeString(base.resolve("sibling.txt"), "not the session's");
            Files.setPosixFilePermissions(base.resolve("sibling.txt"), PosixFilePermissions.fromString("rw-r--r--"));
            SessionInfo s = manager.start(new SessionSpec(ws, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT));
            Ran r = run(manager, s.id(), "sh", "-c", "echo hi > made.txt && cat made.txt; ls -A /tmp; cat " + base
                    + "/sibling.txt 2>&1; stat -c %a " + base + "; getfacl -p " + base + " | grep '^group:'; touch .git/x 2>&1 || true");
            assertThat(r.exit().code()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).isEqualTo("hi");
            assertThat(lines.get(1)).isEqualTo(base.getFileName().toString()); // the only entry of the private /tmp
            assertThat(lines.get(2)).contains("No such file"); // the sibling is not there
            assertThat(lines.get(3)).isEqualTo(Exec.run(List.of("stat", "-c", "%a", base.toString())).stdout().strip());
            // traverse for this session's own group (review finding F4), none for the sandbox group every session holds
            int sessionGroup = (Integer) Files.getAttribute(s.home(), "unix:gid");
            assertThat(lines).contains("group:" + sessionGroup + ":--x").noneMatch(l -> l.startsWith("group:"
                    + t.instance.sandboxGroup() + ":"));
            assertThat(r.out()).contains("Read-only file system"); // the protected .git still is, under the bind
            assertThat(ws.resolve("made.txt")).hasContent("hi");
        } finally {
            FileTrees.deleteTree(base);
        }
    }

    @Test
    void aNetworkSwitchCoversSocketsBoundSinceTheRunnerStarted() throws Exception {
        Path ws = Files.createTempDirectory(Path.of("/tmp"), "cordon-switch-ws-");
        Path dir = Files.createDirectories(Path.of("/var/cache", "cordon-" + t.name() + "-late"));
        Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (SessionManager manager = backend.sessions()) {
            SessionInfo s = manager.start(new SessionSpec(ws, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT));
            try (UnixSocketListener late = UnixSocketListener.open(dir.resolve("late.sock"))) {
                manager.setNetwork(s.id(), NetworkMode.ONLINE, null, "test");
                Ran r = run(manager, s.id(), "/usr/bin/python3", "-c", "import socket; s = socket.socket(socket.AF_UNIX);"
                        + " s.connect('" + late.path() + "'); s.sendall(b'x')");
                Thread.sleep(200);
                assertThat(r.exit().code()).as(r.out() + r.err()).isNotZero();
                assertThat(r.err()).contains("ConnectionRefusedError");
                assertThat(late.received()).isEmpty();
            }
        } finally {
            FileTrees.deleteTree(ws);
            FileTrees.deleteTree(dir);
        }
    }

    @Test
    void anAllowedSocketIsAuditedAndShown() throws Exception {
        Path ws = Files.createTempDirectory(Path.of("/tmp"), "cordon-allow-ws-");
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cordon-allow-sock-");
        try (SessionManager manager = backend.sessions();
             UnixSocketListener l = UnixSocketListener.open(dir.resolve("display.sock"))) {
            Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path link = Files.createSymbolicLink(dir.resolve("link.sock"), l.path());
            SessionInfo s = manager.start(new SessionSpec(ws, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT, List.of(link)));
            assertThat(manager.show(s.id()).allowedSockets()).containsExactly(l.path()); // the real path
            var start = backend.audit().read(50).stream().filter(e -> e.path("action").asText().equals("session.start")
                    && e.path("args").path("session").asText().equals(s.id())).findFirst().orElseThrow();
            assertThat(start.path("args").path("allowSockets").get(0).asText()).isEqualTo(l.path().toString());
        } finally {
            FileTrees.deleteTree(ws);
            FileTrees.deleteTree(dir);
        }
    }

    @Test
    void aMembersSessionMayNotAllowASocketTheMemberCouldNotUse() throws Exception {
        try (ThrowawayUsers users = new ThrowawayUsers()) {
            Account alice = users.create("czsa");
            Caller asAlice = new Caller(alice.id(), alice.primaryGroup(), Passwd.load().gidsOf(alice).stream().map(g -> (Principal) Principal.gid(g)).toList(), alice.name());
            Path ws = Files.createDirectories(ThrowawayUsers.home(alice).resolve("project"));
            Exec.run(List.of("chown", PosixIds.uid(alice) + ":" + PosixIds.gid(alice), ws.toString())).orThrow("chown");
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "cordon-member-sock-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (SessionManager manager = backend.sessions();
                 UnixSocketListener rootOnly = UnixSocketListener.open(dir.resolve("root-only.sock"))) {
                Files.setPosixFilePermissions(rootOnly.path(), PosixFilePermissions.fromString("rwx------"));
                assertThatThrownBy(() -> manager.start(new SessionSpec(ws, NetworkMode.OFFLINE, List.of(), Map.of(),
                        List.of(), SessionSpec.Limits.DEFAULT, List.of(rootOnly.path())), asAlice, 022))
                        .isInstanceOf(CordonException.class).hasMessageContaining("Refused to allow the socket "
                                + rootOnly.path()).satisfies(e -> assertThat(((CordonException) e).exitCode())
                                .isEqualTo(ExitCode.FORBIDDEN));
                assertThat(manager.list()).isEmpty();
            } finally {
                FileTrees.deleteTree(dir);
            }
        }
    }

    @Test
    void anAllowedSocketThatIsNoSocketIsRefusedAndNothingStarts() throws Exception {
        Path ws = Files.createTempDirectory(Path.of("/tmp"), "cordon-allow-ws-");
        try (SessionManager manager = backend.sessions()) {
            Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path notSocket = Files.writeString(ws.resolve("not-a-socket"), "x");
            assertThatThrownBy(() -> manager.start(new SessionSpec(ws, NetworkMode.OFFLINE, List.of(), Map.of(),
                    List.of(), SessionSpec.Limits.DEFAULT, List.of(notSocket)))).isInstanceOf(CordonException.class)
                    .hasMessageContaining("--allow-socket " + notSocket + " is not a Unix socket");
            assertThat(manager.list()).isEmpty();
        } finally {
            FileTrees.deleteTree(ws);
        }
    }

    @Test
    void theDoctorProvesItLiveAndFailsWithAFixWhenTheProtectionIsOff() {
        DoctorReport on = backend.doctor().run(c -> { });
        assertThat(on.checks()).filteredOn(c -> c.id().equals("sandbox.sockets")).singleElement().satisfies(c -> {
            assertThat(c.status()).as(c.evidence()).isEqualTo(Check.Status.PASS);
            assertThat(c.evidence()).contains("as " + t.instance.offlineAccount()).contains("refused");
        });

        Set<ChannelGuard> withoutSockets = EnumSet.copyOf(ChannelGuard.ALL);
        withoutSockets.remove(ChannelGuard.SOCKETS);
        DoctorReport off = backend.doctor(withoutSockets).run(c -> { });
        assertThat(off.healthy()).as(off.checks().toString()).isFalse();
        assertThat(off.checks()).filteredOn(c -> c.id().equals("sandbox.sockets")).singleElement().satisfies(c -> {
            assertThat(c.status()).as(c.evidence()).isEqualTo(Check.Status.FAIL);
            assertThat(c.evidence()).contains("REACHED");
            assertThat(c.fix()).contains("Unix socket");
        });
        // the probe sessions are gone with their directories
        assertThat(t.instance.sessionsDir().toFile().list()).isEmpty();
    }
}
