package dev.cordon.session;

import dev.cordon.platform.HostIdentity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.audit.AuditLog;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.leftovers.LiveSessions;
import dev.cordon.leftovers.StaleSessions;
import dev.cordon.platform.ProcessLimits;
import dev.cordon.platform.ProcessStarts;
import dev.cordon.platform.linux.LinuxRunnerLauncher;
import dev.cordon.testing.FakePlatform;
import dev.cordon.testing.FakeProcessContainers;
import dev.cordon.testing.FakeScratchSpaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What happens to sessions whose host is gone and to those whose host lives, decided above the seam: with in-memory
 * process containers, scratch spaces and process start times, in a state directory under a temporary directory,
 * without root.
 */
class SessionLifecycleTest {
    private static final long SELF = ProcessHandle.current().pid();
    /** Start times as a platform would report them: this process runs, every other pid is gone. */
    private static final ProcessStarts STARTS = pid -> pid == SELF ? Optional.of("test:self") : Optional.empty();
    /** This process's pid with a start time it never had: a host that is gone. */
    private static final String DEAD_HOST = SELF + " test:earlier";
    private static final String LIVE_HOST = HostIdentity.current(STARTS).toString();

    @TempDir
    Path root;
    private Instance instance;
    private final FakePlatform platform = new FakePlatform();
    private final FakeProcessContainers containers = platform.sessionContainers;
    private final FakeScratchSpaces scratch = platform.scratchSpaces;
    private SessionDirectories directories;

    @BeforeEach
    void setUp() throws IOException {
        instance = new Instance("tlife", root);
        Files.createDirectories(instance.sessionsDir());
        directories = new SessionDirectories(instance, new SandboxAccounts(instance, platform.accounts), scratch, platform.fileSecurity,
                new SessionHost(STARTS));
    }

    @Test
    void aSessionWhoseHostIsGoneIsFoundAndReapedWhole() throws IOException {
        Path dir = session("s1", DEAD_HOST);
        containers.create("s1", ProcessLimits.none()).admit(4242);
        StaleSessions stale = reaper();

        assertThat(stale.find()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("s1");
            assertThat(s.mounts()).containsExactlyInAnyOrder(dir.resolve("home"), dir.resolve("tmp"));
            assertThat(s.host()).contains("gone");
        });
        assertThat(stale.reap("s1")).isTrue();

        assertThat(containers.removed()).containsExactly("s1");
        assertThat(scratch.under(dir)).isEmpty();
        assertThat(dir).doesNotExist();
        assertThat(stale.find()).isEmpty();
    }

    @Test
    void aSessionWhoseHostLivesIsNeitherFoundNorReaped() throws IOException {
        Path dir = session("s1", LIVE_HOST);
        FakeProcessContainers.FakeContainer c = containers.create("s1", ProcessLimits.none());
        c.admit(4242);
        StaleSessions stale = reaper();

        assertThat(stale.find()).isEmpty();
        assertThatThrownBy(() -> stale.reap("s1")).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT));

        assertThat(containers.removed()).isEmpty();
        assertThat(c.pids()).containsExactly(4242L);
        assertThat(dir.resolve("home")).isDirectory();
        assertThat(scratch.under(dir)).hasSize(2);
    }

    @Test
    void somethingElseMountedInAStaleSessionKeepsItsDirectory() throws IOException {
        Path dir = session("s1", DEAD_HOST);
        containers.create("s1", ProcessLimits.none());
        scratch.mountForeign(dir.resolve("home").resolve("nfs"));

        assertThatThrownBy(() -> reaper().reap("s1")).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT));

        assertThat(dir.resolve("host")).exists();
        assertThat(scratch.under(dir)).hasSize(2); // nothing was released: nothing half-done
    }

    @Test
    void aProcessIsALiveSessionsOnlyWhileItsContainersHostRuns() throws IOException {
        session("live", LIVE_HOST);
        session("dead", DEAD_HOST);
        containers.create("live", ProcessLimits.none()).admit(100);
        containers.create("dead", ProcessLimits.none()).admit(200);
        LiveSessions live = new SessionHost(STARTS).liveSessions(instance, containers);

        assertThat(live.owns(100)).isTrue();
        assertThat(live.owns(200)).isFalse();
        assertThat(live.owns(300)).isFalse();
        assertThat(live.directories()).containsExactly(instance.sessionsDir().resolve("live"));

        containers.get("live").orElseThrow().killAll();
        assertThat(live.owns(100)).isFalse();
    }

    @Test
    void aHostsStartReapsEveryContainerAndDirectoryNoLiveHostClaims() throws IOException {
        Path dead = session("sdead", DEAD_HOST);
        Path other = session("sother", LIVE_HOST); // another live host's (a `cordon run`)
        Path starting = Files.createDirectory(instance.sessionsDir().resolve(SessionHost.STAGE_PREFIX + "abc"));
        containers.create("sdead", ProcessLimits.none()).admit(1);
        containers.create("sother", ProcessLimits.none()).admit(2);
        containers.create("sorphan", ProcessLimits.none()).admit(3); // its directory is gone already

        try (SessionManager manager = manager()) {
            manager.reapStale();
        }

        assertThat(containers.removed()).containsExactlyInAnyOrder("sdead", "sorphan");
        assertThat(containers.get("sother").orElseThrow().pids()).containsExactly(2L);
        assertThat(dead).doesNotExist();
        assertThat(scratch.under(dead)).isEmpty();
        assertThat(other).isDirectory();
        assertThat(starting).isDirectory();
    }

    private StaleSessions reaper() {
        return new StaleSessionReaper(instance, containers, new dev.cordon.platform.linux.WorkspaceGrants(instance, STARTS), directories);
    }

    private SessionManager manager() {
        SandboxAccounts accounts = new SandboxAccounts(instance, platform.accounts);
        return new SessionManager(instance, accounts, directories, containers, new LinuxRunnerLauncher(),
                RuntimeStage.prepare(instance, new dev.cordon.platform.linux.PosixFileSecurity()), new dev.cordon.platform.linux.WorkspaceGrants(instance, STARTS), new SessionSecrets() {
                    @Override
                    public boolean exists(String name) {
                        return false;
                    }

                    @Override
                    public byte[] reveal(String name) {
                        throw new AssertionError("no secret is handed out here");
                    }
                }, new AuditLog(instance.auditFile()), SessionGuards.ALL);
    }

    /** A session directory with its host record and two bounded scratch spaces, as a host makes it. */
    private Path session(String id, String hostRecord) throws IOException {
        Path dir = Files.createDirectory(instance.sessionsDir().resolve(id));
        Files.writeString(dir.resolve("host"), hostRecord);
        for (String sub : List.of("home", "tmp")) {
            Path p = Files.createDirectory(dir.resolve(sub));
            scratch.bound(p, 1 << 20, null);
        }
        return dir;
    }
}
