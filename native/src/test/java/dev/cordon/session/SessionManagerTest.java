package dev.cordon.session;

import dev.cordon.Backend;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.doctor.ChannelAttacks;
import dev.cordon.platform.linux.LinuxPlatform;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.provision.SetupRequest;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions through the real layers: root host, runner as the sandbox account, confined commands, cgroups. */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "sessions need root")
public class SessionManagerTest {
    protected static TestInstance t;
    protected static Backend backend;
    protected SessionManager manager;
    protected Path workspace;

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

    @BeforeEach
    protected void setUp() throws Exception {
        manager = backend.sessions();
        workspace = Files.createTempDirectory("cordon-ws-");
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    protected void tearDown() {
        manager.close();
        TestInstance.deleteTree(workspace);
    }

    /**
     * F6: a start that dies of an Error (the host out of memory, forty-fifth review) is taken down like any failed start:
     * nothing of it is left listed as starting, and the workspace's grants go back.
     */
    @Test
    void aStartThatDiesOfAnErrorIsTakenDownAndGivesTheWorkspaceBack() throws Exception {
        String aclsBefore = acls(workspace);
        dev.cordon.platform.RunnerLauncher real = backend.platform().runnerLauncher();
        dev.cordon.platform.RunnerLauncher dying = new dev.cordon.platform.RunnerLauncher() {
            @Override
            public Process launch(dev.cordon.platform.RunnerLaunch launch) {
                throw new OutOfMemoryError("injected: Java heap space");
            }

            @Override
            public boolean launchesAhead() {
                return false;
            }

            @Override
            public String describeExit(int status) {
                return real.describeExit(status);
            }

            @Override
            public Path allowedSocket(Path given) {
                return real.allowedSocket(given);
            }
        };
        try (SessionManager m = manager(dying, backend.platform().workspaceAccess())) {
            assertThatThrownBy(() -> m.start(new SessionSpec(workspace, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT))).isInstanceOf(OutOfMemoryError.class);
            assertThat(m.list()).isEmpty();
        }
        assertThat(acls(workspace)).isEqualTo(aclsBefore);
    }

    /** A manager of the test instance's sessions with this launcher and these grants (the real ones otherwise). */
    private static SessionManager manager(dev.cordon.platform.RunnerLauncher launcher, dev.cordon.platform.WorkspaceAccess grants) {
        SandboxAccounts accounts = new SandboxAccounts(t.instance, backend.platform().accounts());
        return new SessionManager(t.instance, accounts, new SessionDirectories(t.instance, accounts,
                backend.platform().scratchSpaces(), backend.platform().fileSecurity(), new SessionHost(backend.platform()
                .processStarts())), backend.platform().sessionContainers(), launcher, RuntimeStage.prepare(t.instance,
                backend.platform().fileSecurity()), grants, SessionSecrets.of(backend.vault()), backend.audit(),
                SessionGuards.ALL);
    }

    /**
     * V4: a session being torn down (here its hand-back held up) stays listed as STOPPING, so that it counts toward its
     * owner's limits until its mounts, cgroup and grants are gone; a second stop, a command and a network switch are
     * refused as "is stopping"; stopIfPresent (a Ctrl-C hook, host shutdown) waits for the teardown and tears down
     * nothing twice; once it ended, the session is gone.
     */
    @Test
    @Timeout(120)
    void aSessionBeingStoppedStaysListedAsStoppingUntilItsTeardownEnded() throws Exception {
        dev.cordon.platform.WorkspaceAccess real = backend.platform().workspaceAccess();
        java.util.concurrent.CountDownLatch inGiveBack = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger giveBacks = new java.util.concurrent.atomic.AtomicInteger();
        dev.cordon.platform.WorkspaceAccess slow = (dev.cordon.platform.WorkspaceAccess) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{dev.cordon.platform.WorkspaceAccess.class}, (proxy, method, args) -> {
                    if (method.getName().equals("giveBack")) {
                        giveBacks.incrementAndGet();
                        inGiveBack.countDown();
                        release.await();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (SessionManager m = manager(backend.platform().runnerLauncher(), slow)) {
            SessionInfo s = m.start(new SessionSpec(workspace, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT));
            java.util.concurrent.CompletableFuture<List<String>> stop = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> m.stop(s.id()));
            java.util.concurrent.CompletableFuture<java.util.Optional<List<String>>> hook = null;
            try {
                assertThat(inGiveBack.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(m.list()).extracting(SessionInfo::id, SessionInfo::state)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(s.id(), SessionState.STOPPING));
                assertThatThrownBy(() -> m.stop(s.id())).isInstanceOfSatisfying(CordonException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                    assertThat(e.getMessage()).contains("Session " + s.id() + " is stopping");
                });
                assertThatThrownBy(() -> m.exec(s.id(), List.of("true"), Map.of(), null, IGNORE_OUTPUT))
                        .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.getMessage()).contains("is stopping"));
                assertThatThrownBy(() -> m.setNetwork(s.id(), NetworkMode.ONLINE, null, null))
                        .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.getMessage()).contains("is stopping"));
                hook = java.util.concurrent.CompletableFuture.supplyAsync(() -> m.stopIfPresent(s.id()));
                Thread.sleep(500);
                assertThat(hook).isNotDone(); // it waits for the teardown in flight
            } finally {
                release.countDown();
            }
            assertThat(stop.get(60, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            assertThat(hook.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
            assertThat(giveBacks).hasValue(1); // torn down once
            assertThat(m.list()).isEmpty();
            assertThatThrownBy(() -> m.stop(s.id())).isInstanceOfSatisfying(CordonException.class,
                    e -> assertThat(e.getMessage()).contains("There is no session"));
        }
    }

    private SessionInfo start(NetworkMode mode) {
        return manager.start(new SessionSpec(workspace, mode, List.of(), Map.of(), List.of(), SessionSpec.Limits.DEFAULT));
    }

    /** For commands whose output and events a test does not look at. */
    static final CommandListener IGNORE_OUTPUT = new CommandListener() {
        @Override
        public void started(long pid) {
        }

        @Override
        public void output(int fd, byte[] data) {
        }

        @Override
        public void exited(CommandExit exit) {
        }
    };

    /** Runs a command and collects its output. */
    record Ran(CommandExit exit, String out, String err) {
    }

    private Ran run(String session, Duration timeout, String... argv) throws InterruptedException {
        return run(session, timeout, false, argv);
    }

    private Ran run(String session, Duration timeout, boolean maskSecrets, String... argv) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var h = manager.exec(session, List.of(argv), Map.of(), timeout, new CommandListener() {
            @Override
            public void started(long pid) {
            }

            @Override
            public void output(int fd, byte[] data) {
                (fd == 1 ? out : err).writeBytes(data);
            }

            @Override
            public void exited(CommandExit exit) {
            }
        }, maskSecrets);
        CommandExit exit = h.await();
        return new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Which way the runner starts commands in these tests (the portable way in {@link PortableSpawnSessionTest}). */
    protected void assertSpawnMethod(String method) {
        assertThat(method).isEqualTo("clone3-into-cgroup");
    }

    @Test
    void runsAsTheSandboxAccountWithASessionHomeAndAllowListedEnvironment() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        assertSpawnMethod(s.spawn());
        // runners map the class-data archive the host made for their classpath (half the JVM's start-up)
        assertThat(Files.readString(Path.of("/proc", s.runnerPid().toString(), "cmdline")))
                .contains("-XX:SharedArchiveFile=" + t.instance.stateDir().resolve("runtime"));
        Ran r = run(s.id(), null, "sh", "-c", "id -un; id -G; echo $HOME; echo $TMPDIR; echo ${SSH_AUTH_SOCK:-none}; pwd; exit 7");
        assertThat(r.exit().code()).isEqualTo(7);
        // the sandbox group, and the session's own group (its grants' and its HOME's: review finding F4), nothing else
        int sessionGroup = (Integer) Files.getAttribute(s.home(), "unix:gid");
        assertThat(dev.cordon.platform.linux.SessionGroupIds.inRange(sessionGroup)).as("gid %d", sessionGroup).isTrue();
        assertThat(r.out().lines().toList()).containsExactly(t.instance.offlineAccount(),
                PosixIds.gid(backend.platform().accounts().group(t.instance.sandboxGroup()).orElseThrow()) + " " + sessionGroup,
                s.home().toString(), s.tmp().toString(), "none", workspace.toRealPath().toString());
        assertThat(manager.show(s.id()).commands()).singleElement().satisfies(c -> assertThat(c.exitCode()).isEqualTo(7));
    }

    @Test
    void refusesBadWorkspaces() throws Exception {
        Path file = Files.createFile(workspace.resolve("file"));
        for (Path bad : List.of(workspace.resolve("missing"), file, Path.of("/"), Path.of("/root"), t.instance.stateDir(),
                Path.of("/etc"))) {
            assertThatThrownBy(() -> manager.start(new SessionSpec(bad, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT)))
                    .isInstanceOf(CordonException.class)
                    .hasMessageContaining(bad.toString())
                    .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
        assertThat(manager.list()).isEmpty();
    }

    @Test
    void unknownSessionsAndBadCommandsAreUsageErrors() throws Exception {
        assertThatThrownBy(() -> manager.show("s00000000")).hasMessageContaining("no session s00000000");
        assertThatThrownBy(() -> manager.stop("nope")).hasMessageContaining("no session nope");
        SessionInfo s = start(NetworkMode.OFFLINE);
        assertThat(run(s.id(), null, "no-such-command-xyz").exit().code()).isEqualTo(127);
        assertThatThrownBy(() -> run(s.id(), null, "echo", "bad\uFFFDname")).hasMessageContaining("not valid UTF-8");
        assertThat(run(s.id(), null, "true").exit().code()).isZero();
    }

    @Test
    void timeoutKillsTheWholeTree() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        Ran r = run(s.id(), Duration.ofMillis(500), "sh", "-c", "(sleep 300 &); sleep 300");
        assertThat(r.exit().timedOut()).isTrue();
        assertThat(sessionProcesses(t.instance.offlineAccount())).as("processes after the timeout").isEqualTo(1);
    }

    @Test
    @Timeout(120)
    void aCommandThatNeverStopsWritingStillTimesOut() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        long t0 = System.nanoTime();
        var h = manager.exec(s.id(), List.of("yes"), Map.of(), Duration.ofSeconds(2), IGNORE_OUTPUT);
        CommandExit exit = h.await();
        assertThat(exit.timedOut()).isTrue();
        assertThat(exit.killed()).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(run(s.id(), null, "true").exit().code()).isZero();
    }

    @Test
    void aDoubleForkedDaemonIsGoneWithItsCommand() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        Ran r = run(s.id(), null, "sh", "-c", "(setsid sleep 300 &); echo started");
        assertThat(r.out()).contains("started");
        // only the runner itself is left
        assertThat(sessionProcesses(t.instance.offlineAccount())).isEqualTo(1);
    }

    @Test
    void hundredMegabytesOfOutputStreamWithBoundedMemory() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        AtomicLong bytes = new AtomicLong();
        var h = manager.exec(s.id(), List.of("head", "-c", "100000000", "/dev/zero"), Map.of(), null, new CommandListener() {
            @Override
            public void started(long pid) {
            }

            @Override
            public void output(int fd, byte[] data) {
                bytes.addAndGet(data.length);
            }

            @Override
            public void exited(CommandExit exit) {
            }
        });
        assertThat(h.await().code()).isZero();
        assertThat(bytes.get()).isEqualTo(100_000_000L);
        String status = Files.readString(Path.of("/proc", Long.toString(manager.show(s.id()).runnerPid()), "status"));
        long hwmKb = status.lines().filter(l -> l.startsWith("VmHWM:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
        assertThat(hwmKb).as("runner peak RSS in kB").isLessThan(400_000);
    }

    @Test
    void stdinReachesTheCommand() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var h = manager.exec(s.id(), List.of("tr", "a-z", "A-Z"), Map.of(), null, new CommandListener() {
            @Override
            public void started(long pid) {
            }

            @Override
            public void output(int fd, byte[] data) {
                out.writeBytes(data);
            }

            @Override
            public void exited(CommandExit exit) {
            }
        });
        h.stdin("hello sandbox\n".getBytes(StandardCharsets.UTF_8), true);
        assertThat(h.await().code()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO SANDBOX\n");
    }

    /** The channel guards hold on this spawn path too (the portable one refuses clone3 on the whole worker). */
    @Test
    void commandsReachNoTerminalCreateNoNamespacesAndCannotReadTheRunner() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        Ran terminal = run(s.id(), null, ChannelAttacks.PYTHON, "-c", ChannelAttacks.TERMINAL);
        assertThat(ChannelAttacks.unexpected(ChannelAttacks.results(terminal.out()), ChannelAttacks.TERMINAL_REFUSED))
                .as(terminal.out() + terminal.err()).isEmpty();
        Ran namespaces = run(s.id(), null, ChannelAttacks.PYTHON, "-c", ChannelAttacks.NAMESPACES);
        assertThat(ChannelAttacks.unexpected(ChannelAttacks.results(namespaces.out()), ChannelAttacks.NAMESPACES_REFUSED))
                .as(namespaces.out() + namespaces.err()).isEmpty();
        Ran memory = run(s.id(), null, ChannelAttacks.PYTHON, "-c", ChannelAttacks.RUNNER_MEMORY);
        Map<String, String> results = ChannelAttacks.results(memory.out());
        // the command names its parent in the runner's own pid namespace (R46)
        assertThat(results.get("runner")).isEqualTo(manager.runnerPidSeenByCommands(s.id()).toString());
        assertThat(ChannelAttacks.runnerMemoryLeaks(results)).as(memory.out()).isEmpty();
        assertThat(results).hasSizeGreaterThan(10);
        // the host still manages the runner: reads its /proc entries and its cgroup, and the next command starts
        assertThat(Files.readString(Path.of("/proc", s.runnerPid().toString(), "status"))).contains("Uid:");
        assertThat(manager.pids(s.id())).contains(s.runnerPid());
        assertThat(run(s.id(), null, "true").exit().code()).isZero();
    }

    @Test
    void aKilledRunnerFailsItsSessionAndTheHostKeepsServing() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        var h = manager.exec(s.id(), List.of("sleep", "300"), Map.of(), null, IGNORE_OUTPUT);
        ProcessHandle.of(s.runnerPid()).orElseThrow().destroyForcibly();
        CommandExit exit = h.await();
        assertThat(exit.killed()).contains("runner exited unexpectedly");
        waitFor(() -> manager.show(s.id()).state() == SessionState.FAILED);
        assertThat(sessionProcesses(t.instance.offlineAccount())).isZero();
        SessionInfo next = start(NetworkMode.OFFLINE);
        assertThat(run(next.id(), null, "true").exit().code()).isZero();
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> audited(String action) {
        return backend.audit().read(0).stream().filter(e -> e.path("action").asText().equals(action)).toList();
    }

    @Test
    void commandsAndRefusedAttemptsAreAudited() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        run(s.id(), Duration.ofSeconds(30), "echo", "audited-" + s.id());
        var exec = audited("session.exec").stream()
                .filter(e -> e.path("args").path("argv").toString().contains("audited-" + s.id())).toList();
        assertThat(exec).hasSize(1);
        assertThat(exec.get(0).path("result").asText()).isEqualTo("started");
        assertThat(exec.get(0).path("args").path("session").asText()).isEqualTo(s.id());
        assertThat(exec.get(0).path("args").path("network").asText()).isEqualTo("offline");
        assertThat(exec.get(0).path("args").path("timeout").asText()).isEqualTo("PT30S");

        // refused: a command in a session that is not there, an empty command, a workspace in a system tree
        assertThatThrownBy(() -> run("s00000000", null, "true")).hasMessageContaining("no session s00000000");
        assertThatThrownBy(() -> manager.exec(s.id(), List.of(), Map.of(), null, null));
        assertThatThrownBy(() -> manager.start(new SessionSpec(Path.of("/etc"), NetworkMode.OFFLINE, List.of(), Map.of(),
                List.of(), SessionSpec.Limits.DEFAULT)));
        assertThat(audited("session.exec")).anyMatch(e -> e.path("result").asText().equals("refused")
                && e.path("args").path("session").asText().equals("s00000000")
                && e.path("detail").asText().contains("no session s00000000"));
        assertThat(audited("session.exec")).anyMatch(e -> e.path("result").asText().equals("refused")
                && e.path("args").path("session").asText().equals(s.id()));
        assertThat(audited("session.start")).anyMatch(e -> e.path("result").asText().equals("refused")
                && e.path("args").path("workspace").asText().equals("/etc") && e.path("detail").asText().contains("/etc"));
    }

    @Test
    void networkToggleSwitchesAccountsAndRevertsByItself() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        SessionInfo online = manager.setNetwork(s.id(), NetworkMode.ONLINE, Duration.ofSeconds(1), "fetch deps");
        assertThat(online.network()).isEqualTo("online");
        assertThat(online.networkRevertsAt()).isNotNull();
        assertThat(run(s.id(), null, "id", "-un").out().strip()).isEqualTo(t.instance.onlineAccount());
        waitFor(() -> manager.show(s.id()).network().equals("offline"));
        assertThat(run(s.id(), null, "id", "-un").out().strip()).isEqualTo(t.instance.offlineAccount());
        assertThat(backend.audit().read(0)).extracting(e -> e.path("action").asText()).contains("session.set-network");
        assertThat(backend.audit().read(0).stream().filter(e -> e.path("action").asText().equals("session.set-network"))
                .map(e -> e.path("args").path("reason").asText()).toList()).contains("fetch deps");
    }

    /**
     * Review Y5: a revert time that overflows (forSeconds Long.MAX_VALUE) was computed after the runner had been
     * relaunched online, so the switch stood and no record was written. Now it is refused before anything changes, and
     * the refusal is audited.
     */
    @Test
    void anOverlongRevertIsRefusedBeforeTheSwitchAndAudited() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        long runner = s.runnerPid();
        assertThatThrownBy(() -> manager.setNetwork(s.id(), NetworkMode.ONLINE, Duration.ofSeconds(Long.MAX_VALUE), "why"))
                .isInstanceOfSatisfying(CordonException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("at most 31536000 seconds");
                });
        assertThat(manager.show(s.id()).network()).isEqualTo("offline");
        assertThat(manager.show(s.id()).runnerPid()).isEqualTo(runner); // not relaunched
        assertThat(manager.show(s.id()).networkRevertsAt()).isNull();
        assertThat(run(s.id(), null, "id", "-un").out().strip()).isEqualTo(t.instance.offlineAccount());
        assertThat(audited("session.set-network")).anySatisfy(e -> {
            assertThat(e.path("args").path("session").asText()).isEqualTo(s.id());
            assertThat(e.path("args").path("to").asText()).isEqualTo("online");
            assertThat(e.path("result").asText()).isEqualTo("refused");
        });
    }

    @Test
    void secretsReachOnlyOnlineSessionsAndOnlyWhenNamed() throws Exception {
        backend.vault().set("SMOKE_TOKEN", "t0ken-value".getBytes(StandardCharsets.UTF_8));
        SessionInfo offline = manager.start(new SessionSpec(workspace, NetworkMode.OFFLINE, List.of(), Map.of(),
                List.of("SMOKE_TOKEN"), SessionSpec.Limits.DEFAULT));
        assertThat(run(offline.id(), null, "sh", "-c", "echo ${SMOKE_TOKEN:-absent}").out().strip()).isEqualTo("absent");
        SessionInfo onlineNamed = manager.start(new SessionSpec(workspace, NetworkMode.ONLINE, List.of(), Map.of(),
                List.of("SMOKE_TOKEN"), SessionSpec.Limits.DEFAULT));
        assertThat(run(onlineNamed.id(), null, "sh", "-c", "echo ${SMOKE_TOKEN:-absent}").out().strip()).isEqualTo("t0ken-value");
        SessionInfo onlineUnnamed = start(NetworkMode.ONLINE);
        assertThat(run(onlineUnnamed.id(), null, "sh", "-c", "echo ${SMOKE_TOKEN:-absent}").out().strip()).isEqualTo("absent");
        assertThatThrownBy(() -> manager.start(new SessionSpec(workspace, NetworkMode.ONLINE, List.of(), Map.of(),
                List.of("NOT_THERE"), SessionSpec.Limits.DEFAULT))).hasMessageContaining("no secret named NOT_THERE");
        backend.vault().remove("SMOKE_TOKEN");
    }

    @Test
    void aDisplaySeesSecretValuesMaskedAndTheHistoryNeverHoldsThem() throws Exception {
        String value = "t0ken-value-42";
        backend.vault().set("MASK_TOKEN", value.getBytes(StandardCharsets.UTF_8));
        try {
            SessionInfo s = manager.start(new SessionSpec(workspace, NetworkMode.ONLINE, List.of(), Map.of(),
                    List.of("MASK_TOKEN"), SessionSpec.Limits.DEFAULT));
            // a client that pipes the output on (cordon run) gets it as the command wrote it
            assertThat(run(s.id(), null, "sh", "-c", "echo $MASK_TOKEN").out().strip()).isEqualTo(value);
            // a display gets it masked, also when the value arrives split across writes and on stderr
            Ran masked = run(s.id(), null, true, "sh", "-c", "echo token=$MASK_TOKEN; printf %s \"$MASK_TOKEN\" | "
                    + "fold -w 3 | tr -d '\\n'; echo; echo \"$MASK_TOKEN\" >&2; echo \"$MASK_TOKEN\" > kept.txt");
            assertThat(masked.out()).isEqualTo("token=***\n***\n").doesNotContain(value);
            assertThat(masked.err()).isEqualTo("***\n");
            // the history: an argument holding the value is recorded masked
            run(s.id(), null, "echo", "--header=" + value);
            assertThat(manager.show(s.id()).commands()).extracting(c -> String.join(" ", c.argv()))
                    .contains("echo --header=***").noneMatch(a -> a.contains(value));
            // and so is the audit log's record of it
            assertThat(audited("session.exec")).anyMatch(e -> e.path("args").path("argv").toString()
                    .equals("[\"echo\",\"--header=***\"]")).noneMatch(e -> e.toString().contains(value));
            // offline later: what the session was handed stays masked (a file it wrote while online)
            manager.setNetwork(s.id(), NetworkMode.OFFLINE, null, "test");
            assertThat(run(s.id(), null, true, "cat", "kept.txt").out()).isEqualTo("***\n");
        } finally {
            backend.vault().remove("MASK_TOKEN");
        }
    }

    /**
     * Sends 4 MiB of stdin on a thread of its own: far more than the pipe and the flow-control window hold, so the
     * sender waits (the runner must not) until the command reads or ends.
     */
    private static Thread floodStdin(SessionManager.CommandHandle h) {
        Thread flood = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 64; i++) {
                h.stdin(chunk, false);
            }
        }, "stdin-flood");
        flood.setDaemon(true);
        flood.start();
        return flood;
    }

    private static List<Path> commandCgroups(Path sessionCgroup) {
        try (var children = Files.list(sessionCgroup)) {
            return children.filter(p -> p.getFileName().toString().startsWith("cmd-")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCommandThatNeverReadsItsFloodedStdinCanStillBeKilledAndTheSessionGoesOn() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        var h = manager.exec(s.id(), List.of("sleep", "60"), Map.of(), Duration.ofSeconds(60), IGNORE_OUTPUT);
        Thread flood = floodStdin(h);
        Thread.sleep(1000);
        assertThat(flood.isAlive()).as("the sender waits for the command to read").isTrue();
        long t0 = System.nanoTime();
        h.kill();
        CommandExit exit = h.await();
        assertThat(exit.killed()).isEqualTo("killed on request");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        flood.join(10_000);
        assertThat(flood.isAlive()).as("the sender is let go when the command ends").isFalse();
        assertThat(run(s.id(), null, "true").exit().code()).isZero();
    }

    @Test
    void aCommandThatTimesOutWithAFloodedStdinLeavesTheSessionServing() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        var h = manager.exec(s.id(), List.of("sleep", "30"), Map.of(), Duration.ofSeconds(2), IGNORE_OUTPUT);
        Thread flood = floodStdin(h);
        CommandExit exit = h.await();
        assertThat(exit.timedOut()).isTrue();
        flood.join(10_000);
        assertThat(flood.isAlive()).as("the host still waits to hand stdin to the runner").isFalse();
        assertThat(run(s.id(), null, "true").exit().code()).isZero();
    }

    @Test
    void aThousandSequentialCommandsLeaveNothingBehind() throws Exception {
        SessionInfo s = start(NetworkMode.OFFLINE);
        for (int i = 0; i < 1000; i++) {
            assertThat(run(s.id(), null, "true").exit().code()).isZero();
        }
        Path cg = Path.of(manager.show(s.id()).cgroup());
        // finished commands' cgroups are removed right after their exit reports; at most the next command's, made
        // ahead of time, exists, and it is empty
        waitFor(() -> commandCgroups(cg).size() <= 1);
        for (Path next : commandCgroups(cg)) {
            assertThat(Files.readString(next.resolve("cgroup.procs"))).isBlank();
        }
        manager.stop(s.id());
        assertThat(sessionProcesses(t.instance.offlineAccount())).isZero();
        // commands cannot make keys (seccomp); a reused uid may hold keys an earlier account's doctor probe left
        assertThat(backend.leftovers().scan().items())
                .filteredOn(l -> l.kind() != dev.cordon.leftovers.Leftover.Kind.KEY).isEmpty();
        assertThat(Files.exists(cg)).isFalse();
    }

    @Test
    void aDevelopersPrivateWorkspaceIsLentForTheSessionAndGivenBack() throws Exception {
        String developer = t.name() + "-dev";
        Exec.run(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", developer)).orThrow("useradd");
        Path home = Files.createTempDirectory("cordon-devhome-");
        try {
            Path project = Files.createDirectory(home.resolve("project"));
            Files.writeString(project.resolve("existing.txt"), "one\n");
            Files.createDirectory(project.resolve(".git"));
            Exec.run(List.of("chown", "-R", developer + ":" + developer, home.toString())).orThrow("chown");
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxr-xr-x"));
            String aclsBefore = acls(home, project, project.resolve("existing.txt"), project.resolve(".git"));

            SessionInfo s = manager.start(new SessionSpec(project, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                    SessionSpec.Limits.DEFAULT));
            assertThat(run(s.id(), null, "sh", "-c", "echo new > new.txt && echo two >> existing.txt").exit().code()).isZero();
            assertThat(run(s.id(), null, "sh", "-c", "echo x > .git/config").exit().code()).isNotZero();
            // while the session runs, the developer can edit what the sandbox created
            Exec.Result edit = Exec.run(List.of("setpriv", "--reuid=" + developer, "--regid=" + developer,
                    "--clear-groups", "--", "sh", "-c", "echo edited >> " + project.resolve("new.txt")));
            assertThat(edit.exitCode()).as(edit.stderr()).isZero();
            manager.stop(s.id());

            assertThat(Files.getOwner(project.resolve("new.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo(developer);
            assertThat(Files.readString(project.resolve("new.txt"))).isEqualTo("new\nedited\n");
            assertThat(Files.readString(project.resolve("existing.txt"))).isEqualTo("one\ntwo\n");
            assertThat(acls(home, project, project.resolve("existing.txt"), project.resolve(".git"))).isEqualTo(aclsBefore);
            assertThat(acls(project.resolve("new.txt"))).doesNotContain("group:" + PosixIds.gid(backend.platform().accounts()
                    .group(t.instance.sandboxGroup()).orElseThrow()));
        } finally {
            Exec.run(List.of("userdel", developer));
            TestInstance.deleteTree(home);
        }
    }

    private static String acls(Path... paths) {
        List<String> cmd = new java.util.ArrayList<>(List.of("getfacl", "--absolute-names", "--numeric"));
        for (Path p : paths) {
            cmd.add(p.toString());
        }
        return Exec.run(cmd).orThrow("getfacl").stdout();
    }

    /** The live processes of {@code account} that sessions hold ({@link SpareRunnerSessionTest}: not the spares). */
    protected long sessionProcesses(String account) throws Exception {
        return liveProcesses(account);
    }

    /** Processes of the account that are not zombies (pid 1 on some hosts never reaps orphans). */
    static long liveProcesses(String account) throws Exception {
        Process p = new ProcessBuilder("ps", "-u", account, "-o", "stat=").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("Z")).count();
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }
}
