package dev.cordon.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.audit.Actor;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.ProcessStarts;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerLauncher;
import dev.cordon.platform.WorkspaceAccess;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spare-runner pool offers a session only a spare started as that session's runner would be started now: a spare
 * started for another launch (the runners' spawn path switched between two sessions of one host) is discarded, counted
 * and audited, the session starts its own runner, and the next spare is made for the launch of now. With fake runners
 * (a {@code sleep} each), in-memory containers and scratch spaces, in a state directory under a temporary directory.
 */
class SpareRunnerPoolTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static final ProcessStarts STARTS = pid -> pid == SELF ? Optional.of("test:self") : Optional.empty();

    @TempDir
    Path root;
    private final FakePlatform platform = new FakePlatform();
    /** The fake runners started ahead, in order. */
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger given = new AtomicInteger();
    private Instance instance;
    private AuditLog audit;
    private SpareRunnerPool pool;
    private String spawnBefore;

    @BeforeEach
    void setUp() throws IOException {
        spawnBefore = System.getProperty(RuntimeStage.RUNNER_SPAWN_PROPERTY);
        System.clearProperty(RuntimeStage.RUNNER_SPAWN_PROPERTY);
        instance = new Instance("tpool", root);
        Files.createDirectories(instance.sessionsDir());
        int uid = 61000;
        for (String name : instance.sandboxAccounts()) {
            platform.accounts.add(new Account(name, Principal.uid(uid), Principal.gid(uid), "/nonexistent",
                    "/usr/sbin/nologin", List.of()));
            uid++;
        }
        SandboxAccounts accounts = new SandboxAccounts(instance, platform.accounts);
        SessionDirectories directories = new SessionDirectories(instance, accounts, platform.scratchSpaces,
                platform.fileSecurity, new SessionHost(STARTS));
        audit = new AuditLog(instance.auditFile(), new Actor(platform.accounts), platform.fileSecurity);
        pool = new SpareRunnerPool(accounts, directories, platform.sessionContainers, new FakeLauncher(),
                RuntimeStage.prepare(instance, platform.fileSecurity), grants(), audit, SessionGuards.ALL,
                () -> "s" + given.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        pool.stop();
        started.forEach(Process::destroyForcibly);
        if (spawnBefore == null) {
            System.clearProperty(RuntimeStage.RUNNER_SPAWN_PROPERTY);
        } else {
            System.setProperty(RuntimeStage.RUNNER_SPAWN_PROPERTY, spawnBefore);
        }
    }

    @Test
    void aSpareStartedAsTheSessionsLaunchIsOffered() throws InterruptedException {
        pool.start();
        await(() -> pool.ids().size() == NetworkMode.values().length, "a spare per network mode");

        SpareRunner spare = pool.take(spec(NetworkMode.OFFLINE));

        assertThat(spare).isNotNull();
        assertThat(pool.discardedForAnotherLaunch()).isZero();
        assertThat(spare.launch.command()).noneMatch(a -> a.startsWith("-D" + RuntimeStage.RUNNER_SPAWN_PROPERTY));
    }

    @Test
    void aSpareStartedForAnotherSpawnPathIsDiscardedAndTheNextIsMadeForTheLaunchOfNow() throws InterruptedException {
        pool.start();
        await(() -> pool.ids().size() == NetworkMode.values().length, "a spare per network mode");
        Process offlineRunner = started.get(NetworkMode.OFFLINE.ordinal()); // made in this order, under s1, s2
        String offlineId = "s" + (NetworkMode.OFFLINE.ordinal() + 1);
        assertThat(pool.ids()).contains(offlineId);

        // the runners' spawn path switched between two sessions (the native one, then the portable one)
        System.setProperty(RuntimeStage.RUNNER_SPAWN_PROPERTY, "jdk");
        SpareRunner mismatched = pool.take(spec(NetworkMode.OFFLINE));

        assertThat(mismatched).as("a spare started for the native path is not offered to a portable session").isNull();
        assertThat(pool.discardedForAnotherLaunch()).isEqualTo(1);
        await(() -> !offlineRunner.isAlive() && !pool.ids().contains(offlineId), "the mismatched spare taken down");
        // a spare's id is held from the moment it is being made, before its runner is started: wait for the runner
        await(() -> pool.ids().size() == NetworkMode.values().length && started.size() == NetworkMode.values().length + 1,
                "another spare made in its place");
        assertThat(started).hasSize(NetworkMode.values().length + 1);
        assertThat(platform.sessionContainers.removed()).containsExactly(offlineId);
        assertThat(instance.sessionsDir().resolve(offlineId)).doesNotExist();
        List<JsonNode> records = audit.read(0).stream()
                .filter(e -> "session.spare-runner".equals(e.path("action").asText())).toList();
        assertThat(records).singleElement().satisfies(e -> {
            assertThat(e.path("result").asText()).isEqualTo("discarded");
            assertThat(e.toString()).contains("another launch").contains("command");
        });

        SpareRunner next = pool.take(spec(NetworkMode.OFFLINE));
        assertThat(next).as("the spare made after the switch is offered").isNotNull();
        assertThat(next.launch.command()).contains("-D" + RuntimeStage.RUNNER_SPAWN_PROPERTY + "=jdk");
        assertThat(pool.discardedForAnotherLaunch()).isEqualTo(1);
    }

    private SessionSpec spec(NetworkMode mode) {
        return new SessionSpec(root, mode, List.of(), Map.of(), List.of(), SessionSpec.Limits.DEFAULT);
    }

    /** Waits (up to a minute) until {@code done}; fails otherwise. */
    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within a minute: " + what);
    }

    /** Lends a group per session (none of a root), gives it back; nothing else is asked of it here. */
    private static WorkspaceAccess grants() {
        AtomicInteger gids = new AtomicInteger(62000);
        return (WorkspaceAccess) Proxy.newProxyInstance(SpareRunnerPoolTest.class.getClassLoader(),
                new Class<?>[]{WorkspaceAccess.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "lend" -> Principal.gid(gids.incrementAndGet());
                    case "giveBack" -> List.of();
                    case "ownUmask" -> 022;
                    case "toString" -> "fake grants";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Starts a {@code sleep} for each runner asked for ahead: it waits, as a runner waits for its hello. */
    private final class FakeLauncher implements RunnerLauncher {
        @Override
        public boolean launchesAhead() {
            return true;
        }

        @Override
        public Process launchAhead(RunnerLaunch launch) {
            try {
                Process p = new ProcessBuilder("sleep", "600").start();
                started.add(p);
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Process launch(RunnerLaunch launch) {
            throw new AssertionError("the pool only starts runners ahead");
        }

        @Override
        public String describeExit(int status) {
            return "exit " + status;
        }

        @Override
        public Path allowedSocket(Path given) {
            throw new AssertionError("no socket here");
        }
    }
}
