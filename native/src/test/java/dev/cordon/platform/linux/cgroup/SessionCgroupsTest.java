package dev.cordon.platform.linux.cgroup;

import dev.cordon.platform.ProcessLimits;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.cordon.testing.ProcessStates.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Real cgroups on this (hybrid) host, as root; each test has its own prefix, removed after it even when it fails. */
class SessionCgroupsTest {
    private static final long MIB = 1 << 20;
    private final String prefix = "t" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) + "-cordon";
    private final List<Process> started = new ArrayList<>();
    private SessionCgroups cgroups;

    @BeforeEach
    void open() {
        cgroups = SessionCgroups.open(prefix);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor();
        }
        cgroups.removeAll();
        for (Path mount : List.of("/sys/fs/cgroup/unified", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/memory")
                .stream().map(Path::of).toList()) {
            assertThat(mount.resolve(prefix)).doesNotExist();
        }
    }

    @Test
    void aDoubleForkingDaemonStaysInTheCgroupAndKillAllEndsTheWholeTree() throws Exception {
        SessionCgroup cgroup = cgroups.create("s1", ProcessLimits.none());
        assertThat(cgroup.directories()).containsExactly(
                Path.of("/sys/fs/cgroup/unified", prefix, "s1"),
                Path.of("/sys/fs/cgroup/pids", prefix, "s1"),
                Path.of("/sys/fs/cgroup/memory", prefix, "s1"));
        assertThat(cgroup.directories()).allSatisfy(d -> assertThat(d).isDirectory());

        List<Long> members = startSleeperAndDaemon(cgroup);

        cgroup.killAll();

        assertThat(cgroup.pids()).isEmpty();
        assertAllDead(members);
        cgroup.remove();
        assertThat(cgroup.directories()).allSatisfy(d -> assertThat(d).doesNotExist());
        assertThat(cgroups.list()).isEmpty();
    }

    @Test
    void withoutCgroupKillFreezingAndSignallingEndsTheWholeTreeToo() throws Exception {
        SessionCgroup cgroup = cgroups.create("s1", ProcessLimits.none());
        List<Long> members = startSleeperAndDaemon(cgroup);

        cgroup.killBySignals();

        assertThat(cgroup.pids()).isEmpty();
        assertAllDead(members);
        assertThat(CgroupFiles.read(cgroup.directories().get(0).resolve("cgroup.freeze"))).isEqualTo("0");
    }

    /**
     * Starts {@code sleep 300} and a shell that double-forks a daemon, adds both, and returns the cgroup's members
     * once the daemon is running: the two added processes, the shell's own sleep and the daemon.
     */
    private List<Long> startSleeperAndDaemon(SessionCgroup cgroup) throws IOException {
        Process sleeper = start(List.of("sleep", "300"));
        // The shell waits for a line before forking: add() right after start() would otherwise race its first fork.
        Process shell = start(List.of("sh", "-c", "read go; (sleep 300 &) ; sleep 300"));
        cgroup.add(sleeper.pid());
        cgroup.add(shell.pid());
        shell.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        shell.getOutputStream().flush();

        Set<Long> members = waitUntil(cgroup::pids, pids -> pids.size() == 4 && pids.stream()
                .filter(p -> "sleep".equals(comm(p))).count() == 3);
        assertThat(members).contains(sleeper.pid(), shell.pid());
        long daemon = members.stream().filter(p -> "sleep".equals(comm(p)) && p != sleeper.pid()
                && parent(p) != shell.pid()).findFirst().orElseThrow();
        assertThat(parent(daemon)).as("the daemon left its parent's tree").isNotIn(shell.pid(),
                ProcessHandle.current().pid());
        return List.copyOf(members);
    }

    @Test
    void nestedOfFindsACommandsOwnCgroupByItsPidAndKillsItsTreeThere() throws Exception {
        SessionCgroup cgroup = cgroups.create("s1", ProcessLimits.none());
        Path session = cgroup.delegatedDirectory().orElseThrow();
        Path cmd = Files.createDirectory(session.resolve("cmd-1"));
        Path runner = Files.createDirectory(session.resolve("runner-1"));
        Process command = start(List.of("sh", "-c", "read go; sleep 300"));
        Process inRunnerLeaf = start(List.of("sleep", "300"));
        Process inSession = start(List.of("sleep", "300"));
        Files.writeString(cmd.resolve("cgroup.procs"), Long.toString(command.pid()));
        Files.writeString(runner.resolve("cgroup.procs"), Long.toString(inRunnerLeaf.pid()));
        cgroup.add(inSession.pid());
        command.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        command.getOutputStream().flush();
        waitUntil(() -> CgroupFiles.procs(cmd), pids -> pids.size() == 2);

        var nested = cgroup.nestedOf(command.pid()).orElseThrow();
        assertThat(nested.name()).isEqualTo("cmd-1");
        assertThat(cgroup.nestedOf(inRunnerLeaf.pid())).as("the runner's own leaf is no command's").isEmpty();
        assertThat(cgroup.nestedOf(inSession.pid())).as("the session's own directory").isEmpty();
        assertThat(cgroup.nestedOf(ProcessHandle.current().pid())).as("outside the session").isEmpty();

        nested.kill();
        assertThat(command.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        waitUntil(() -> CgroupFiles.procs(cmd), Set::isEmpty);
        assertThat(inRunnerLeaf.isAlive()).isTrue();
        assertThat(inSession.isAlive()).isTrue();
        Files.delete(cmd);
        nested.kill(); // gone: nothing to kill, no error
    }

    @Test
    void thePidsLimitRefusesForksBeyondFive() throws Exception {
        SessionCgroup cgroup = cgroups.create("s1", new ProcessLimits(5, ProcessLimits.NO_LIMIT));
        assertThat(cgroup.limits()).isEqualTo(new ProcessLimits(5, ProcessLimits.NO_LIMIT));

        Process shell = start(cgroup.commandEntering(List.of("sh", "-c",
                "i=0; while [ $i -lt 20 ]; do sleep 300 >/dev/null 2>&1 & i=$((i+1)); done; echo finished")));
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        shell.waitFor();

        assertThat(output).containsIgnoringCase("fork");
        var stats = cgroup.stats();
        assertThat(Long.parseLong(stats.get("pids.peak"))).as("pids.peak").isEqualTo(5);
        assertThat(Long.parseLong(stats.get("pids.refused"))).as("forks refused").isPositive();
        assertThat(stats).containsEntry("pids.max", "5");
        // a child forked just before the shell exited may still be "sh" for a moment, until its exec of sleep
        long until = System.nanoTime() + 5_000_000_000L;
        Set<Long> sleepers = cgroup.pids();
        while (System.nanoTime() < until && !sleepers.stream().allMatch(p -> "sleep".equals(comm(p)))) {
            Thread.sleep(20);
            sleepers = cgroup.pids();
        }
        assertThat(sleepers).hasSize(4).allSatisfy(p -> assertThat(comm(p)).isEqualTo("sleep"));

        cgroup.close();

        assertAllDead(List.copyOf(sleepers));
        assertThat(cgroup.exists()).isFalse();
    }

    @Test
    void theMemoryLimitIsWrittenReadBackAndEnforced() throws Exception {
        SessionCgroup cgroup = cgroups.create("s1", new ProcessLimits(ProcessLimits.NO_LIMIT, 64 * MIB));

        assertThat(cgroup.limits()).isEqualTo(new ProcessLimits(ProcessLimits.NO_LIMIT, 64 * MIB));
        assertThat(cgroup.stats()).containsEntry("memory.max", Long.toString(64 * MIB))
                .containsKeys("memory.current", "memory.peak");

        // No swap on this host: touching 200 MiB inside a 64 MiB cgroup ends in the OOM killer's SIGKILL.
        Process hog = start(cgroup.commandEntering(List.of("/usr/bin/python3", "-c",
                "b = b'x' * (200 << 20); print('allocated')")));
        String output = new String(hog.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(hog.waitFor()).as("exit status of the memory hog").isEqualTo(128 + 9);
        assertThat(output).doesNotContain("allocated");
        assertThat(Long.parseLong(cgroup.stats().get("memory.peak"))).isLessThanOrEqualTo(64 * MIB);
    }

    @Test
    void reapAllRemovesAStaleSessionWithAProcessAndKeepsTheLiveOne() throws Exception {
        SessionCgroup live = cgroups.create("live", ProcessLimits.none());
        SessionCgroup stale = cgroups.create("stale", new ProcessLimits(10, 128 * MIB));
        Process liveSleeper = start(live.commandEntering(List.of("sleep", "300")));
        Process staleSleeper = start(stale.commandEntering(List.of("sleep", "300")));
        waitUntil(stale::pids, pids -> pids.contains(staleSleeper.pid()));
        waitUntil(live::pids, pids -> pids.contains(liveSleeper.pid()));

        // What a host restarted after a crash does: a fresh view of the prefix, and the sessions it knows are live.
        SessionCgroups afterRestart = SessionCgroups.open(prefix);
        assertThat(afterRestart.list()).extracting(SessionCgroup::sessionId).containsExactly("live", "stale");

        List<String> reaped = afterRestart.reapAll(Set.of("live"));

        assertThat(reaped).containsExactly("stale");
        staleSleeper.waitFor();
        assertThat(stale.exists()).isFalse();
        assertThat(stale.directories()).allSatisfy(d -> assertThat(d).doesNotExist());
        assertThat(liveSleeper.isAlive()).isTrue();
        assertThat(live.pids()).containsExactly(liveSleeper.pid());
        assertThat(afterRestart.list()).extracting(SessionCgroup::sessionId).containsExactly("live");
    }

    @Test
    void listFindsASessionLeftInOnlySomeHierarchies() throws Exception {
        Files.createDirectories(Path.of("/sys/fs/cgroup/pids", prefix, "half"));

        assertThat(cgroups.list()).extracting(SessionCgroup::sessionId).containsExactly("half");
        assertThat(cgroups.reapAll(Set.of())).containsExactly("half");
        assertThat(Path.of("/sys/fs/cgroup/pids", prefix, "half")).doesNotExist();
    }

    @Test
    void pureV2WithoutControllersTracksAndKillsButRefusesLimits() throws Exception {
        // This host's v2 tree offers no controllers, which is what a pure-v2 host with pids and memory off looks like.
        SessionCgroups v2Only = new SessionCgroups(new CgroupLayout.Unified(Path.of("/sys/fs/cgroup/unified")), prefix);
        assertThat(v2Only.unenforceable()).hasSize(2);

        assertThatThrownBy(() -> v2Only.create("limited", new ProcessLimits(5, ProcessLimits.NO_LIMIT)))
                .isInstanceOfSatisfying(CordonException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("process-count limit").contains("pids controller");
                });
        SessionCgroup cgroup = v2Only.create("s1", ProcessLimits.none());
        assertThat(cgroup.directories()).containsExactly(Path.of("/sys/fs/cgroup/unified", prefix, "s1"));
        Process sleeper = start(cgroup.commandEntering(List.of("sleep", "300")));
        waitUntil(cgroup::pids, pids -> pids.contains(sleeper.pid()));

        cgroup.close();

        sleeper.waitFor();
        assertThat(cgroup.exists()).isFalse();
    }

    @Test
    void refusesAnExistingSessionTheHostProcessAndBadNames() {
        SessionCgroup cgroup = cgroups.create("s1", ProcessLimits.none());

        assertThatThrownBy(() -> cgroups.create("s1", ProcessLimits.none())).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT));
        assertThatThrownBy(() -> cgroup.add(ProcessHandle.current().pid()))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> cgroups.create("../escape", ProcessLimits.none()))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> cgroups.create("cgroup.procs", ProcessLimits.none()))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThat(cgroup.pids()).isEmpty();
    }

    @Test
    void supportOnThisHostIsFullAndSaysHybrid() {
        CgroupSupport support = SessionCgroups.support();

        assertThat(SessionCgroups.supported()).isTrue();
        assertThat(support.pidsLimit()).isTrue();
        assertThat(support.memoryLimit()).isTrue();
        assertThat(support.missing()).isEmpty();
        assertThat(support.summary()).startsWith("hybrid cgroups (v2 tracking at /sys/fs/cgroup/unified)");
    }

    private Process start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    /** Gone: no /proc entry, or a zombie (pid 1 on this VM does not reap orphans, so a killed daemon stays one). */
    private static void assertAllDead(List<Long> pids) {
        for (long pid : pids) {
            String state = waitUntil(() -> state(pid), s -> s.equals("gone") || s.equals("Z"));
            assertThat(state).as("pid " + pid).isIn("gone", "Z");
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "gone";
        }
    }

    private static long parent(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
    }

    /** Polls until the value satisfies the condition; a bounded wait, failing with the last value seen. */
    private static <T> T waitUntil(Supplier<T> value, Predicate<T> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        T last = value.get();
        while (!condition.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                fail("condition not reached; last value: " + last);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }
}
