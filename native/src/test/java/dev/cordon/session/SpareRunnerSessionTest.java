package dev.cordon.session;

import dev.cordon.cli.CordonCli;
import dev.cordon.core.Exec;
import dev.cordon.leftovers.LiveSessions;
import dev.cordon.core.JavaRuntime;
import dev.cordon.platform.ProcessContainers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every session test again with runners prepared ahead ({@link SessionManager#startSpareRunners}, what {@code cordon
 * serve} does unless {@code --no-spare-runner}): a session with the default limits takes the waiting runner of its
 * network mode, whose mounts are made in its namespace after the workspace is known. Then the spares' own lifecycle:
 * each serves one session at most and is replaced; a request the spare does not fit starts its own runner; the janitor
 * and the reaper see a spare as live; host stop takes spares down; a spare whose runner died is replaced, not used; a
 * crashed host's spares are reaped like its sessions.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "sessions need root")
class SpareRunnerSessionTest extends SessionManagerTest {
    @Override
    @BeforeEach
    protected void setUp() throws Exception {
        super.setUp();
        manager.startSpareRunners();
        await(() -> manager.spareRunnerIds().size() == NetworkMode.values().length, "a spare per network mode");
        // a spare's id is held from the moment it is being made, before its runner is started: wait for the runners
        await(() -> manager.spareRunnerIds().stream().allMatch(id -> runnersOf(id).size() == 1), "the spares' runners");
    }

    /**
     * The account's live processes but the waiting spares' runners, which belong to no session: what the session tests
     * count (only the runner is left, nothing is left) is about sessions. A spare's cgroup holds its runner and, with a
     * pid namespace of its own (R46), the process the host started (the namespace's keeper) and the namespace's init.
     */
    @Override
    protected long sessionProcesses(String account) throws Exception {
        Process p = new ProcessBuilder("ps", "-u", account, "-o", "pid=,stat=").start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        Set<String> spares = manager.spareRunnerIds();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+"))
                .filter(f -> !f[1].startsWith("Z"))
                .filter(f -> containers().sessionOf(Long.parseLong(f[0])).filter(spares::contains).isEmpty()).count();
    }

    /** Waits (up to two minutes: runners start slowly on a loaded machine) until {@code done}; fails otherwise. */
    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within two minutes: " + what);
    }

    private static ProcessContainers containers() {
        return backend.platform().sessionContainers();
    }

    /** The processes in session (or spare) {@code id}'s container now. */
    private static List<Long> processesOf(String id) {
        return ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> containers().sessionOf(pid).filter(id::equals).isPresent()).toList();
    }

    /**
     * The runner among the processes of spare (or session) {@code id}'s container: its JVM. With a pid namespace of its
     * own (R46) the process the host started (cordon-mounts, in the host's namespace) and the namespace's init are in
     * the container too, as the runner's parent and grandparent; the runner is named by its own host pid (its leaf
     * cgroup, what the host records), not theirs.
     */
    private static List<Long> runnersOf(String id) {
        return processesOf(id).stream().filter(SpareRunnerSessionTest::isJvm).toList();
    }

    private static boolean isJvm(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command())
                .filter(c -> Path.of(c).getFileName().toString().equals("java")).isPresent();
    }

    private static boolean childOfTheRunner(String id, long pid) {
        List<Long> runner = runnersOf(id);
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(p -> runner.contains(p.pid())).orElse(true);
    }

    /**
     * Every process of {@code id}'s container but its runner is one of the runner's ancestors (keeper, init) or a child the
     * runner started itself, as the check after the reaper allows (a fourth process was seen once here; which it was is
     * not known, so anything else still fails).
     */
    private static void assertOnlyTheRunnerAndItsAncestors(String id, long runner) {
        List<Long> ancestors = new java.util.ArrayList<>();
        for (var p = ProcessHandle.of(runner).flatMap(ProcessHandle::parent); p.isPresent(); p = p.get().parent()) {
            ancestors.add(p.get().pid());
        }
        assertThat(processesOf(id)).as("the spare %s's processes: its runner %d, its ancestors and its children", id, runner)
                .contains(runner).allMatch(pid -> pid == runner || ancestors.contains(pid) || childOfTheRunner(id, pid));
    }

    private SessionInfo start(NetworkMode mode, SessionSpec.Limits limits) {
        return manager.start(new SessionSpec(workspace, mode, List.of(), Map.of(), List.of(), limits));
    }

    private CommandExit runIn(String session, String script) throws InterruptedException {
        return manager.exec(session, List.of("sh", "-c", script), Map.of(), null, IGNORE_OUTPUT).await();
    }

    @Test
    void aSessionTakesTheSpareOfItsModeOnceAndAnotherIsMade() throws Exception {
        Set<String> spares = manager.spareRunnerIds();

        SessionInfo first = start(NetworkMode.OFFLINE, SessionSpec.Limits.DEFAULT);

        assertThat(spares).contains(first.id());
        assertThat(manager.spareRunnerIds()).doesNotContain(first.id());
        assertThat(processesOf(first.id())).contains(first.runnerPid());
        assertThat(runIn(first.id(), "touch one && ! touch /etc/cordon-spare-test 2>/dev/null").code()).isZero();
        await(() -> manager.spareRunnerIds().size() == 2, "the offline spare replaced");
        assertThat(manager.spareRunnerIds()).doesNotContain(first.id());

        SessionInfo second = start(NetworkMode.OFFLINE, SessionSpec.Limits.DEFAULT);

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.runnerPid()).isNotEqualTo(first.runnerPid());
        assertThat(second.home()).isNotEqualTo(first.home());
        assertThat(runIn(second.id(), "touch two").code()).isZero();
        assertThat(runIn(first.id(), "test -e two").code()).isZero(); // the same workspace, each its own runner
        int firstGroup = (Integer) Files.getAttribute(first.home(), "unix:gid");
        int secondGroup = (Integer) Files.getAttribute(second.home(), "unix:gid");
        assertThat(secondGroup).isNotEqualTo(firstGroup);
        assertThat(runIn(second.id(), "! ls " + first.home() + " 2>/dev/null").code())
                .as("the first session's HOME is not the second's to read").isZero();
        manager.stop(first.id());
        await(() -> manager.spareRunnerIds().size() == 2, "the offline spare replaced again");
        assertThat(manager.spareRunnerIds()).doesNotContain(first.id(), second.id());
    }

    /**
     * What depends on a runner's cgroup alone is made while the spare waits, before any session takes it: the runner
     * is in its own leaf of the spare's cgroup (it moved there before it said it waits); a session that takes it
     * still runs each command in a cgroup of its own beside that leaf.
     */
    @Test
    void aWaitingSpareIsInItsOwnLeafCgroupBeforeItIsTaken() throws Exception {
        for (String id : manager.spareRunnerIds()) {
            await(() -> runnersOf(id).size() == 1 && cgroupOf(runnersOf(id).get(0)).endsWith("/runner-" + runnersOf(id).get(0)),
                    "the spare " + id + "'s runner in its own leaf");
        }

        SessionInfo s = start(NetworkMode.OFFLINE, SessionSpec.Limits.DEFAULT);

        assertThat(cgroupOf(s.runnerPid())).endsWith("/" + s.id() + "/runner-" + s.runnerPid());
        assertThat(runIn(s.id(), "grep -q '/" + s.id() + "/cmd-[0-9]*$' /proc/self/cgroup").code())
                .as("the command in a cgroup of its own in its session's").isZero();
    }

    /** The cgroup v2 path of process {@code pid} ({@code /proc/PID/cgroup}), empty once it is gone. */
    private static String cgroupOf(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                    .filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse("");
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    @Test
    void aRequestWithOtherLimitsStartsItsOwnRunnerAndLeavesTheSpare() throws Exception {
        Set<String> spares = manager.spareRunnerIds();

        SessionInfo s = start(NetworkMode.OFFLINE, SessionSpec.Limits.DEFAULT.withTmpSize(64L << 20));

        assertThat(spares).doesNotContain(s.id());
        assertThat(manager.spareRunnerIds()).isEqualTo(spares);
        assertThat(runIn(s.id(), "touch own").code()).isZero();
    }

    /**
     * A spare's namespace is a copy of the host's when it was made: a workspace on a file system mounted since is not
     * there. Such a spare is not used (the session starts its own runner, which sees it) and is replaced.
     */
    @Test
    void aFileSystemMountedSinceTheSpareWasMadeIsSeenBecauseTheSpareIsNotUsed() throws Exception {
        Set<String> spares = manager.spareRunnerIds();
        Path base = Files.createTempDirectory(Path.of("/srv"), "cordon-spare-mnt-");
        Path mnt = Files.createDirectory(base.resolve("mnt"));
        Exec.run(List.of("mount", "-t", "tmpfs", "-o", "size=4m", "cordon-test-spare", mnt.toString())).orThrow("mount");
        try {
            Path ws = Files.createDirectory(mnt.resolve("ws"));
            Files.writeString(ws.resolve("README"), "on the new mount\n");
            SessionInfo s = manager.start(new SessionSpec(ws, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT));

            assertThat(spares).doesNotContain(s.id());
            assertThat(runIn(s.id(), "grep -q 'on the new mount' README && touch made").code()).isZero();
            assertThat(ws.resolve("made")).exists();
            await(() -> manager.spareRunnerIds().size() == 2 && !manager.spareRunnerIds().equals(spares),
                    "the stale offline spare replaced");
            manager.stop(s.id());
        } finally {
            Exec.run(List.of("umount", mnt.toString())).orThrow("umount");
            dev.cordon.testing.TestInstance.deleteTree(base);
        }
    }

    @Test
    void theJanitorAndTheReaperSeeASpareAsLive() throws Exception {
        LiveSessions live = new SessionHost(backend.platform().processStarts()).liveSessions(t.instance, containers());
        for (String id : manager.spareRunnerIds()) {
            List<Long> pids = runnersOf(id);
            assertThat(pids).as("the spare %s's runner", id).hasSize(1);
            assertOnlyTheRunnerAndItsAncestors(id, pids.get(0));
            assertThat(live.owns(pids.get(0).intValue())).as("janitor: %s's runner is live", id).isTrue();
            for (long pid : processesOf(id)) { // its namespace's keeper and init too: the janitor kills none of them
                assertThat(live.owns((int) pid)).as("janitor: %s's process %d is live", id, pid).isTrue();
            }
            assertThat(live.directories()).contains(t.instance.sessionsDir().resolve(id));
        }
        Set<String> spares = manager.spareRunnerIds();
        Map<String, List<Long>> before = new java.util.HashMap<>();
        spares.forEach(id -> before.put(id, processesOf(id)));

        manager.reapStale();

        assertThat(manager.spareRunnerIds()).isEqualTo(spares);
        for (String id : spares) {
            assertThat(t.instance.sessionsDir().resolve(id).resolve("home")).isDirectory();
            // none killed, none added but a short-lived child of the runner's own (seen once under load: still setting up)
            List<Long> after = processesOf(id);
            assertThat(after).as("the reaper killed none of %s's processes", id).containsAll(before.get(id));
            assertThat(after).as("%s's processes now: those before and the runner's children", id)
                    .allMatch(pid -> before.get(id).contains(pid) || childOfTheRunner(id, pid));
        }
        assertThat(start(NetworkMode.ONLINE, SessionSpec.Limits.DEFAULT).id()).isIn(spares);
    }

    @Test
    void hostStopTakesTheSparesDown() throws Exception {
        Set<String> spares = manager.spareRunnerIds();
        List<Long> runners = spares.stream().flatMap(id -> runnersOf(id).stream()).toList();
        assertThat(runners).hasSize(2);
        List<Long> all = spares.stream().flatMap(id -> processesOf(id).stream()).toList(); // keepers and inits too

        manager.close();

        assertThat(manager.spareRunnerIds()).isEmpty();
        for (String id : spares) {
            assertThat(t.instance.sessionsDir().resolve(id)).doesNotExist();
            assertThat(processesOf(id)).isEmpty();
        }
        runners.forEach(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        all.forEach(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void aSpareWhoseRunnerDiedIsReplacedNotUsed() throws Exception {
        String dead = manager.spareRunnerIds().stream().filter(id -> !runnersOf(id).isEmpty()).findFirst().orElseThrow();
        // which mode: the account its runner runs as (not its namespace's keeper or init: those are root's)
        long pid = runnersOf(dead).get(0);
        String user = ProcessHandle.of(pid).flatMap(h -> h.info().user()).orElseThrow();
        NetworkMode mode = user.equals(t.instance.offlineAccount()) ? NetworkMode.OFFLINE : NetworkMode.ONLINE;
        Exec.run(List.of("kill", "-KILL", Long.toString(pid))).orThrow("kill the spare's runner");

        await(() -> !manager.spareRunnerIds().contains(dead) && manager.spareRunnerIds().size() == 2,
                "the dead spare replaced");
        assertThat(t.instance.sessionsDir().resolve(dead)).doesNotExist();

        SessionInfo s = start(mode, SessionSpec.Limits.DEFAULT);

        assertThat(s.id()).isNotEqualTo(dead);
        assertThat(runIn(s.id(), "touch after-death").code()).isZero();
    }

    @Test
    void aCrashedHostsSparesAreReapedLikeItsSessions() throws Exception {
        manager.close(); // this test's own host holds none while the other one runs
        Set<String> before = new SessionHost(backend.platform().processStarts()).liveIds(t.instance);
        Process host = new ProcessBuilder(JavaRuntime.javaBinary(), "-cp", System.getProperty("java.class.path"),
                CordonCli.class.getName(), "serve", "--instance=" + t.instance.name(),
                "--socket=" + t.instance.sessionsDir().getParent().resolve("spare-test.sock"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> theirs;
        try {
            await(() -> spareIdsOfOthers(before).size() == 2
                    && spareIdsOfOthers(before).stream().allMatch(id -> runnersOf(id).size() == 1), "the other host's spares");
            theirs = spareIdsOfOthers(before);
        } finally {
            host.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, as a crash
        }
        await(() -> theirs.stream().allMatch(id -> processesOf(id).isEmpty()), "the spares' runners ended with their host");
        theirs.forEach(id -> assertThat(t.instance.sessionsDir().resolve(id)).isDirectory());

        manager = backend.sessions();
        manager.reapStale();

        for (String id : theirs) {
            assertThat(t.instance.sessionsDir().resolve(id)).doesNotExist();
        }
    }

    /** The sessions directory's entries with a live host that were not there before (another host's). */
    private static Set<String> spareIdsOfOthers(Set<String> before) {
        Set<String> ids = new java.util.TreeSet<>(new SessionHost(backend.platform().processStarts()).liveIds(t.instance));
        ids.removeAll(before);
        return ids;
    }
}
