package dev.cordon.acceptance;

import dev.cordon.Backend;
import dev.cordon.acceptance.SandboxSmokeTest.Outcome;
import dev.cordon.acceptance.SandboxSmokeTest.Recorder;
import dev.cordon.acceptance.SandboxSmokeTest.Row;
import dev.cordon.acceptance.SandboxSmokeTest.Run;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.cli.CordonCli;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.platform.linux.LinuxPlatform;
import dev.cordon.provision.SetupRequest;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSpec;
import dev.cordon.session.SessionState;
import dev.cordon.testing.CliRun;
import dev.cordon.testing.ServeProcess;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.cordon.testing.ProcessStates.state;
import static dev.cordon.acceptance.SandboxSmokeTest.step;

/**
 * R28 (security review, ninth): a command must not be able to stop, hang or kill its own runner, and what the host
 * promises about a command (its timeout, the kill when its client goes away, a session exec that answers) must hold
 * even when the runner is stopped. The attack is tried for real: a command {@code tgkill}s every thread of its runner
 * (the reviewer's reproducer stopped the runner through its {@code runner-frames} thread, which shared the command's
 * Landlock domain), and root stops a runner with {@code kill -STOP} to stand for any hang. Each row gets a session of
 * its own (a row that succeeds as the attacker leaves its runner broken). Prints
 * {@code Runner isolation smoke tests: N/M passed}.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "provisions accounts and runs sessions")
class RunnerIsolationSmokeTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** The host passes it on to the runners it starts: {@code jdk} forces the portable spawn path. */
    private static final String SPAWN_PROPERTY = "cordon.runner.spawn";
    private static final Path SMOKE_PARENT = Path.of("/srv");
    /** Signals a command sends to every thread of its runner: stop, terminal stop, continue, then kill. */
    private static final String SIGNALS = "19,20,18,9";
    /**
     * Sends each signal in argv[2] (comma-separated numbers) to each thread of the parent (the runner) with
     * {@code tgkill}, writing {@code signal comm tid errno} per attempt to the file argv[1] as it goes (the command's
     * output goes through the runner, which the attempt may stop), then {@code done}.
     */
    private static final String TGKILL_ALL = String.join("\n",
            "import ctypes, os, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "out = open(sys.argv[1], 'w', buffering=1)",
            "ppid = os.getppid()",
            "tids = sorted(int(t) for t in os.listdir('/proc/%d/task' % ppid))",
            "for sig in [int(s) for s in sys.argv[2].split(',')]:",
            "    for tid in tids:",
            "        try:",
            "            name = open('/proc/%d/task/%d/comm' % (ppid, tid)).read().strip().replace(' ', '_')",
            "        except OSError:",
            "            name = '?'",
            "        r = libc.syscall(234, ppid, tid, sig)",
            "        out.write('%d %s %d %d\\n' % (sig, name, tid, 0 if r == 0 else ctypes.get_errno()))",
            "out.write('done\\n')");

    /**
     * R38: argv[1] the results file, argv[2] runner pids (comma-separated), argv[3] another session's command. First the
     * same calls on the command itself (must work), then each call on each target: {@code name target errno} per line.
     */
    private static final String PID_CALLS = String.join("\n",
            "import ctypes, os, platform, resource, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "x86 = platform.machine() == 'x86_64'",
            "IOPRIO_SET, KCMP = (251, 312) if x86 else (30, 272)",
            "IDLE = 3 << 13",
            "out = open(sys.argv[1], 'w', buffering=1)",
            "def attempt(name, target, fn):",
            "    try:",
            "        fn(); err = 0",
            "    except OSError as e:",
            "        err = e.errno",
            "    out.write('%s %s %d\\n' % (name, target, err))",
            "def call(nr, *args):",
            "    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])",
            "    if r < 0:",
            "        e = ctypes.get_errno(); raise OSError(e, os.strerror(e))",
            "    return r",
            "def write(path, text):",
            "    with open(path, 'w') as f: f.write(text)",
            "def opened(path):",
            "    os.close(os.open(path, os.O_RDONLY))",
            "def getfd(pid):",
            "    fd = call(434, pid, 0)",
            "    try: call(438, fd, 0, 0)",
            "    finally: os.close(fd)",
            "def madvise(pid):",
            "    fd = call(434, pid, 0)",
            "    try: call(440, fd, 0, 0, 20, 0)",
            "    finally: os.close(fd)",
            "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)",
            "attempt('self-prlimit', 0, lambda: resource.prlimit(0, resource.RLIMIT_NOFILE, (min(soft, 512), hard)))",
            "attempt('self-setrlimit', 0, lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)))",
            "attempt('self-nice', 0, lambda: os.nice(1))",
            "attempt('self-setpriority', 0, lambda: os.setpriority(os.PRIO_PROCESS, 0, 5))",
            "attempt('self-affinity', 0, lambda: os.sched_setaffinity(0, os.sched_getaffinity(0)))",
            "attempt('self-scheduler', 0, lambda: os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0)))",
            "attempt('self-ioprio', 0, lambda: call(IOPRIO_SET, 1, 0, IDLE))",
            "cpus = sorted(os.sched_getaffinity(0))",
            "for pid in [int(p) for p in sys.argv[2].split(',')]:",
            "    attempt('prlimit-nofile', pid, lambda: resource.prlimit(pid, resource.RLIMIT_NOFILE, (3, 3)))",
            "    attempt('prlimit-cpu', pid, lambda: resource.prlimit(pid, resource.RLIMIT_CPU, (1, 1)))",
            "    attempt('setpriority', pid, lambda: os.setpriority(os.PRIO_PROCESS, pid, 19))",
            "    attempt('setpriority-pgrp', pid, lambda: os.setpriority(os.PRIO_PGRP, os.getpgid(pid), 19))",
            "    attempt('sched_setaffinity', pid, lambda: os.sched_setaffinity(pid, {cpus[-1]}))",
            "    attempt('sched_setscheduler', pid, lambda: os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0)))",
            "    attempt('ioprio_set', pid, lambda: call(IOPRIO_SET, 1, pid, IDLE))",
            "    attempt('oom_score_adj', pid, lambda: write('/proc/%d/oom_score_adj' % pid, '1000'))",
            "uid = os.getuid()",
            "attempt('setpriority-user', uid, lambda: os.setpriority(os.PRIO_USER, uid, 18))",
            "attempt('ioprio_set-user', uid, lambda: call(IOPRIO_SET, 3, uid, IDLE))",
            "cmd = int(sys.argv[3])",
            "attempt('prlimit-core', cmd, lambda: resource.prlimit(cmd, resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2))",
            "attempt('oom_score_adj', cmd, lambda: write('/proc/%d/oom_score_adj' % cmd, '1000'))",
            "attempt('environ', cmd, lambda: opened('/proc/%d/environ' % cmd))",
            "attempt('mem', cmd, lambda: opened('/proc/%d/mem' % cmd))",
            "attempt('pidfd_getfd', cmd, lambda: getfd(cmd))",
            "attempt('kcmp', cmd, lambda: call(KCMP, os.getpid(), cmd, 0, 0, 0))",
            "attempt('process_madvise', cmd, lambda: madvise(cmd))",
            "out.write('done\\n')");

    private static TestInstance testInstance;
    private static Backend backend;
    private static SessionManager sessions;
    private static Path root;
    /** A `cordon serve` of the instance, started by the first row that goes through a real host. */
    private static ServeProcess host;

    @BeforeAll
    static void setUp() throws Exception {
        testInstance = new TestInstance();
        backend = new Backend(testInstance.instance, new LinuxPlatform(testInstance.instance));
        backend.provisioner().setup(new SetupRequest(List.of()), false, line -> { });
        sessions = backend.sessions();
        // not under /tmp: every runner gets a private, empty /tmp
        Files.createDirectories(SMOKE_PARENT);
        root = Files.createTempDirectory(SMOKE_PARENT, "cordon-r28-").toRealPath();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void cleanUp() {
        List<Throwable> failures = new ArrayList<>();
        step(failures, () -> {
            if (host != null) {
                host.close(); // SIGTERM: it stops its sessions (a stopped runner is killed)
            }
        });
        step(failures, () -> {
            if (sessions != null) {
                for (SessionInfo s : sessions.list()) {
                    if (s.runnerPid() != null) {
                        Exec.run(List.of("kill", "-CONT", Long.toString(s.runnerPid()))); // a row's stopped runner
                    }
                }
                sessions.close();
            }
        });
        SandboxSmokeTest.removeInstance(failures, root, backend, testInstance);
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("Clean-up of the smoke test failed: " + failures.get(0));
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Test
    void runnerIsolationSmokeTests() {
        SmokeRows.runAndReport("Runner isolation smoke tests", rows());
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("[R28a] a command tgkills SIGSTOP, SIGTSTP, SIGCONT, SIGKILL to every thread of its runner"
                + " (runner-frames and the confined workers included): each refused (EPERM), the runner runs on",
                this::signalsToEveryRunnerThreadRefused));
        rows.add(new Row("[R33] on the portable spawn path (-Dcordon.runner.spawn=jdk: ProcessBuilder from a confined"
                + " worker, as on arm64) a command tgkills SIGSTOP, SIGTSTP, SIGCONT, SIGKILL to every thread of its runner"
                + " (the confined worker that started it included): each refused (EPERM), the runner runs on",
                this::portableSignalsToEveryRunnerThreadRefused));
        rows.add(new Row("[R28b] root stops the runner (kill -STOP): `--timeout 5` still ends the command on time (host"
                + " kills its cgroup), its exit is reported as a timeout", this::timeoutWithRunnerStopped));
        rows.add(new Row("[R28b] root stops the runner: the kill the host sends when a client disconnects (onCancel ->"
                + " CommandHandle.kill) still ends the command's tree and reports its end", this::killWithRunnerStopped));
        rows.add(new Row("[R28b] root stops the runner: `session exec` into it ends with an error instead of hanging; the"
                + " session is failed, its runner and tree gone, its workspace handed back (getfacl as before)",
                this::execIntoStoppedRunner));
        rows.add(new Row("[R28b] through a real host: `cordon run --timeout 5` whose runner root stops: the client exits"
                + " 124 on time, the command's tree ends, the one-shot session is gone", this::hostRunTimeoutWithRunnerStopped));
        rows.add(new Row("[R28b] through a real host: the client of `cordon run` is killed while its runner is stopped:"
                + " the command's tree ends, the one-shot session is gone", this::hostRunClientKilledWithRunnerStopped));
        rows.add(new Row("[R28c] a command tgkills SIGQUIT to every thread of its runner: refused; the frame channel"
                + " intact (the next command in the session runs and its output arrives)", this::sigquitFromCommand));
        rows.add(new Row("[R28c] root sends SIGQUIT to the runner: its JVM's thread dump goes to stderr, not into the"
                + " frame channel (the next command runs, the session lives)", this::sigquitFromRoot));
        rows.add(new Row("[R28d] the command's own domain takes nothing else away: it renames and hard-links across"
                + " directories of its workspace (Landlock denies REFER in a domain that does not allow it: EXDEV)",
                this::renameAcrossDirectoriesStillWorks));
        rows.add(new Row("[R33] on the portable spawn path the command's own domain (cordon-exec) takes nothing else away"
                + " either: it renames and hard-links across directories of its workspace", this::portableRenameStillWorks));
        rows.add(new Row("[R44a] a command of session B raises RLIMIT_CORE of session A's command (same account) to"
                + " unlimited and lowers its RLIMIT_CPU to 0 (prlimit64): no core appears in A's workspace (its cwd), no file"
                + " there holds A's secret", this::noCoreFromAnotherSession));
        rows.add(new Row("[R44b] a command raises its own core limit (`ulimit -c unlimited`, setrlimit) and aborts: no"
                + " core appears in its workspace, the hard limit stays 0", this::noCoreFromOwnLimit));
        rows.add(new Row("[R44b] on the portable spawn path (ProcessBuilder, cordon-exec) the same: no core, the hard"
                + " limit stays 0", this::portableNoCoreFromOwnLimit));
        rows.add(new Row("[R46] a command of an online session passes a secret on as an argument (`Authorization: token"
                + " $TOK`): another online and an offline session of the same accounts grep /proc/[0-9]*/cmdline and do"
                + " not find it, but do find their own command's", this::secretArgumentsInvisible));
        // before the [R38] rows, though no longer needed: the native [R38] row turns spares on for the rest of the class,
        // and since f3d31c4 a portable session meeting a spare started for the native path has it discarded and starts
        // its own runner (the [spare] row proves it); kept first so these rows do not start and discard a spare each
        rows.add(new Row("[R36] on the portable spawn path a request's env LD_PRELOAD (a library whose constructor"
                + " tgkills SIGSTOP to every thread of its parent, the runner) runs only in the command, after its own"
                + " domain: each refused, the runner runs on, the command's output arrives", this::portablePreloadRefused));
        rows.add(new Row("[R38] on the portable spawn path a command of session A calls prlimit64, setpriority,"
                + " sched_setaffinity, sched_setscheduler, ioprio_set on session B's runner (and PRIO_USER/IOPRIO_WHO_USER"
                + " on its account): each refused, B's runner's limits/nice/CPUs/policy/ioprio unchanged, B's next"
                + " command runs; the same calls on A itself still work", this::portablePidCallsRefused));
        rows.add(new Row("[R38] a command of session A (spares on, as `cordon serve` keeps them) calls prlimit64,"
                + " setpriority, sched_setaffinity, sched_setscheduler, ioprio_set on session B's runner and on the waiting"
                + " spare, and (siblings) prlimit RLIMIT_CORE, oom_score_adj, /proc environ and mem, pidfd_getfd, kcmp,"
                + " process_madvise on B's command: each refused, nothing of theirs changed, B's next command and the next"
                + " session (which takes the spare if it is offered by then) run; the same calls on A itself still work", this::pidCallsRefused));
        rows.add(new Row("[spare] spares on, the spawn path switched between two sessions of one host: a session on the"
                + " native path runs a command; then, a spare started for the native path waiting, a session on the"
                + " portable path is not handed it (discarded) but starts its own runner, whose commands go the portable"
                + " way: its command runs too", this::spawnPathSwitchedWithSpares));
        return rows;
    }

    // ------------------------------------------------------------------ rows

    /**
     * R38 on the portable path, before spares are on: no spare to attack here (a native spare waiting would be
     * discarded, not taken, by this portable session: the [spare] row).
     */
    private Outcome portablePidCallsRefused() throws Exception {
        return onPortablePath(() -> pidCalls("portable-pidcalls", true));
    }

    private Outcome pidCallsRefused() throws Exception {
        sessions.startSpareRunners(); // as `cordon serve` keeps them by default; the last rows of the class
        return pidCalls("pidcalls", false);
    }

    /**
     * The spare pool meets a session whose launch differs from its spare's (SpareRunnerPool#take): before, the portable
     * session was handed the native spare and failed (INTERNAL "started for another launch").
     */
    private Outcome spawnPathSwitchedWithSpares() throws Exception {
        sessions.startSpareRunners();
        awaitSpare(Duration.ofSeconds(90));
        Thread.sleep(3000); // its process exists before the pool offers it: let it finish starting
        String first = withSession("switch-native", (s, ws, runner) -> Outcome.expect(true, ranIn(s, ws, "native")))
                .detail();
        long nativeSpare = awaitSpare(Duration.ofSeconds(90)); // the one made after the first session took one
        Thread.sleep(3000);
        String second;
        try {
            second = onPortablePath(() -> withSession("switch-portable", (s, ws, runner) -> Outcome.expect(true,
                    ranIn(s, ws, "portable") + (runner == nativeSpare ? " (TOOK the native spare " + nativeSpare + ")"
                            : " (own runner " + runner + ", not the native spare " + nativeSpare + ")")))).detail();
        } catch (RuntimeException e) {
            second = "FAILED to start: " + e.getMessage();
        }
        boolean ok = first.startsWith("native: ran, clone3") && second.startsWith("portable: ran, processbuilder")
                && second.contains("own runner");
        return Outcome.expect(ok, "first session " + first + "; second session " + second);
    }

    /** Runs {@code echo ran} in session {@code s}: {@code label: ran, <spawn method>} when its output file says so. */
    private static String ranIn(SessionInfo s, Path ws, String label) throws Exception {
        Path out = ws.resolve("ran.txt");
        Recorder rec = start(s, Duration.ofSeconds(60), "/bin/sh", "-c", "echo ran > " + out);
        boolean exited = rec.awaitExit(Duration.ofSeconds(40));
        String said = Files.exists(out) ? Files.readString(out).strip() : "(no output file)";
        return label + ": " + (exited && said.equals("ran") ? "ran, " + spawnOf(s) : "did NOT run (" + said + ", "
                + (exited ? rec.toRun().describe() : "not exited") + ")");
    }

    /**
     * Session B runs a {@code sleep} with a marker in its environment; a command of session A attacks B's runner (and,
     * with {@code spare}, the waiting spare runner of the same account) and B's command by pid. Each attempt must be
     * refused and, read back by root, nothing of the targets changed; B's next command, and a session start that takes
     * the spare, must run.
     */
    private Outcome pidCalls(String name, boolean portable) throws Exception {
        return withSession(name + "-b", (victim, victimWs, victimRunner) -> {
            Recorder sleeper = new Recorder();
            SessionManager.CommandHandle sleeping = sessions.exec(victim.id(), List.of("/bin/sleep", "300"),
                    Map.of("R38_MARK", "R38-VICTIM-SECRET"), Duration.ofSeconds(600), sleeper);
            long victimCommand = sleeper.awaitPid(Duration.ofSeconds(20));
            try {
                return withSession(name + "-a", (s, ws, runner) -> {
                    List<Long> runners = new ArrayList<>(List.of(victimRunner));
                    if (!portable) {
                        runners.add(awaitSpare(Duration.ofSeconds(90)));
                        Thread.sleep(3000); // its process exists before the pool offers it: let it finish starting
                    }
                    List<Long> targets = new ArrayList<>(runners);
                    targets.add(victimCommand);
                    Map<Long, String> before = new java.util.LinkedHashMap<>();
                    for (long pid : targets) {
                        before.put(pid, processState(pid));
                    }
                    Path results = ws.resolve("pidcalls.txt");
                    Recorder rec = start(s, Duration.ofSeconds(60), PYTHON, "-c", PID_CALLS, results.toString(),
                            runners.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
                            Long.toString(victimCommand));
                    List<String> lines = awaitDone(results, Duration.ofSeconds(40));
                    boolean exited = rec.awaitExit(Duration.ofSeconds(30));
                    List<String> attempts = lines.stream().filter(l -> !l.equals("done")).toList();
                    List<String> selfFailed = attempts.stream().filter(l -> l.startsWith("self-") && !l.endsWith(" 0")).toList();
                    // the seccomp-refused calls must fail with EPERM; the siblings (Landlock, file modes) with any error
                    List<String> allowed = attempts.stream().filter(l -> !l.startsWith("self-") && l.endsWith(" 0")).toList();
                    List<String> changed = new ArrayList<>();
                    for (long pid : targets) {
                        String after = processState(pid);
                        if (!after.equals(before.get(pid))) {
                            changed.add(pid + ": " + before.get(pid) + " -> " + after);
                        }
                    }
                    String spawn = spawnOf(s);
                    boolean pathAsMeant = !portable || spawn != null && spawn.startsWith("processbuilder");
                    String victimNext = tryEcho(victim);
                    String spareTaken = "";
                    boolean spareRuns = true;
                    if (!portable) {
                        long spare = runners.get(1);
                        try {
                            SessionInfo c = sessions.start(spec(workspace(name + "-c")));
                            try {
                                spareTaken = "; the next session " + (Long.valueOf(spare).equals(c.runnerPid())
                                        ? "took the spare " + spare : "did NOT take the spare (runner " + c.runnerPid() + ")")
                                        + ", its command: " + tryEcho(c);
                                // whether it takes this spare depends on timing (a spare is offered once made); it must run
                                spareRuns = spareTaken.endsWith(": ok");
                            } finally {
                                sessions.stopIfPresent(c.id());
                            }
                        } catch (CordonException e) {
                            spareTaken = "; the next session (taking the spare " + spare + ") FAILED to start: " + e.getMessage();
                            spareRuns = false;
                        }
                    }
                    boolean victimAlive = !dead(victimCommand);
                    return Outcome.expect(lines.contains("done") && attempts.size() > 8 && allowed.isEmpty()
                                    && selfFailed.isEmpty() && changed.isEmpty() && exited && pathAsMeant
                                    && victimNext.equals("ok") && spareRuns && victimAlive,
                            "commands started by " + spawn + "; targets: runners " + runners + ", B's command "
                                    + victimCommand + "; " + attempts.size() + " attempts (errno by call: "
                                    + errnosByCall(attempts) + "), allowed: "
                                    + (allowed.isEmpty() ? "none" : allowed) + "; on itself failed: "
                                    + (selfFailed.isEmpty() ? "none" : selfFailed) + "; changed (root reads): "
                                    + (changed.isEmpty() ? "nothing" : changed) + "; B's command "
                                    + (victimAlive ? "alive" : "GONE") + "; B's next command: " + victimNext + spareTaken
                                    + "; attacker " + (exited ? "exited: " + rec.toRun().describe() : "did NOT exit"));
                });
            } finally {
                sleeping.kill();
            }
        });
    }

    private Outcome renameAcrossDirectoriesStillWorks() throws Exception {
        return renameAcrossDirectories("refer", false);
    }

    private Outcome portableRenameStillWorks() throws Exception {
        return onPortablePath(() -> renameAcrossDirectories("portable-refer", true));
    }

    /** A row whose session's runner starts its commands the portable way (the host passes the property on). */
    private static Outcome onPortablePath(java.util.concurrent.Callable<Outcome> row) throws Exception {
        System.setProperty(SPAWN_PROPERTY, "jdk");
        try {
            return row.call();
        } finally {
            System.clearProperty(SPAWN_PROPERTY);
        }
    }

    private Outcome renameAcrossDirectories(String name, boolean portable) throws Exception {
        return withSession(name, (s, ws, runner) -> {
            Path results = ws.resolve("refer.txt");
            String program = String.join("\n",
                    "import os, sys",
                    "out = open(sys.argv[1], 'w', buffering=1)",
                    "os.makedirs('a/deep', exist_ok=True); os.makedirs('b', exist_ok=True)",
                    "open('a/f', 'w').close(); open('a/g', 'w').close()",
                    "for name, op in (('rename-file', lambda: os.rename('a/f', 'b/f')),",
                    "                 ('link', lambda: os.link('a/g', 'b/g')),",
                    "                 ('rename-dir', lambda: os.rename('a/deep', 'b/deep'))):",
                    "    try:",
                    "        op(); out.write(name + ' ok\\n')",
                    "    except OSError as e:",
                    "        out.write(name + ' ' + e.strerror + '\\n')",
                    "out.write('done\\n')");
            Recorder rec = start(s, Duration.ofSeconds(60), PYTHON, "-c", program, results.toString());
            List<String> lines = awaitDone(results, Duration.ofSeconds(40));
            boolean exited = rec.awaitExit(Duration.ofSeconds(30));
            String spawn = spawnOf(s);
            boolean pathAsMeant = !portable || spawn != null && spawn.startsWith("processbuilder");
            return Outcome.expect(lines.equals(List.of("rename-file ok", "link ok", "rename-dir ok", "done")) && exited
                    && Files.exists(ws.resolve("b/f")) && Files.exists(ws.resolve("b/deep")) && pathAsMeant,
                    "commands started by " + spawn + "; results: " + lines + "; command " + (exited ? "exited: " + rec.toRun().describe() : "did NOT exit"));
        });
    }

    private Outcome signalsToEveryRunnerThreadRefused() throws Exception {
        return signalsRefused("signals", false);
    }

    /** R33: the same attack on a runner that starts its commands the portable way. */
    private Outcome portableSignalsToEveryRunnerThreadRefused() throws Exception {
        return onPortablePath(() -> signalsRefused("portable-signals", true));
    }

    /**
     * R36: the reviewer's preload library, in a request's environment on the portable path. It ran inside cordon-exec
     * (dynamically linked, started with the command's environment) before that entered the command's own domain, i.e.
     * in the worker's domain, which runner threads share: SIGSTOP to every runner thread allowed, the runner stopped.
     * Each process that loads it writes {@code exe= ppid= threads= allowed= sig=} (or that its parent is not the runner).
     */
    private Outcome portablePreloadRefused() throws Exception {
        return onPortablePath(() -> withSession("portable-preload", (s, ws, runner) -> {
            Path source = ws.resolve("pre.c");
            Path library = ws.resolve("pre.so");
            Path results = ws.resolve("preload.txt");
            Files.writeString(source, PRELOAD_SIGNALLER);
            Exec.run(List.of("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString())).orThrow("gcc pre.so");
            Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwxr-xr-x"));
            Recorder rec = new Recorder();
            long inside = pidInItsNamespace(runner); // what the command's getppid() says (R46: the runner's pid namespace)
            sessions.exec(s.id(), List.of("sh", "-c", "sleep 2; echo after"), Map.of("LD_PRELOAD", library.toString(),
                    "RV_OUT", results.toString(), "RV_RUNNER", Long.toString(inside), "RV_SIG", "19"),
                    Duration.ofSeconds(60), rec);
            boolean exited = rec.awaitExit(Duration.ofSeconds(40));
            String state = resumeIfStopped(runner);
            List<String> lines = Files.exists(results) ? Files.readAllLines(results) : List.of();
            List<String> atRunner = lines.stream().filter(l -> l.contains(" ppid=" + inside + " threads=")).toList();
            List<String> allowed = atRunner.stream().filter(l -> !l.contains(" allowed=0 ")).toList();
            boolean runs = "S".equals(state) || "R".equals(state);
            String spawn = spawnOf(s);
            boolean portable = spawn != null && spawn.startsWith("processbuilder");
            Run run = exited ? rec.toRun() : null;
            boolean output = run != null && run.code() == 0 && run.stdout().contains("after");
            return Outcome.expect(!atRunner.isEmpty() && allowed.isEmpty() && runs && output && portable,
                    "commands started by " + spawn + "; the library ran in: " + lines + "; runner state after: " + state
                            + "; command " + (exited ? "exited: " + run.describe() : "did NOT report its exit"));
        }));
    }

    /** R36's preload library: its constructor tgkills RV_SIG to every thread of its parent when that is RV_RUNNER. */
    private static final String PRELOAD_SIGNALLER = String.join("\n",
            "#define _GNU_SOURCE",
            "#include <dirent.h>",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include <sys/syscall.h>",
            "#include <unistd.h>",
            "__attribute__((constructor)) static void pre(void) {",
            "    const char *out = getenv(\"RV_OUT\"), *runner = getenv(\"RV_RUNNER\"), *sig = getenv(\"RV_SIG\");",
            "    if (!out || !runner || !sig) return;",
            "    char exe[512]; ssize_t n = readlink(\"/proc/self/exe\", exe, sizeof exe - 1); exe[n < 0 ? 0 : n] = 0;",
            "    FILE *f = fopen(out, \"a\"); if (!f) return;",
            "    int ppid = getppid();",
            "    if (ppid != atoi(runner)) { fprintf(f, \"exe=%s ppid=%d not-the-runner\\n\", exe, ppid); fclose(f); return; }",
            "    char dir[64]; snprintf(dir, sizeof dir, \"/proc/%d/task\", ppid);",
            "    int threads = 0, allowed = 0; DIR *d = opendir(dir); struct dirent *e;",
            "    while (d && (e = readdir(d))) {",
            "        if (e->d_name[0] == '.') continue;",
            "        threads++;",
            "        if (syscall(SYS_tgkill, ppid, atoi(e->d_name), atoi(sig)) == 0) allowed++;",
            "    }",
            "    if (d) closedir(d);",
            "    fprintf(f, \"exe=%s ppid=%d threads=%d allowed=%d sig=%s\\n\", exe, ppid, threads, allowed, sig);",
            "    fclose(f);",
            "}", "");

    /**
     * Every thread of the runner tgkilled by a command; on the native path the frame thread (runner-frames, the one
     * R28 stopped) must be among them, on the portable path the runner must really start commands that way.
     */
    private Outcome signalsRefused(String name, boolean portable) throws Exception {
        return withSession(name, (s, ws, runner) -> {
            Path results = ws.resolve("tgkill.txt");
            Recorder rec = start(s, Duration.ofSeconds(60), PYTHON, "-c", TGKILL_ALL, results.toString(), SIGNALS);
            List<String> lines = awaitDone(results, Duration.ofSeconds(40));
            String state = resumeIfStopped(runner);
            List<String> attempts = lines.stream().filter(l -> !l.equals("done")).toList();
            List<String> allowed = attempts.stream().filter(l -> !l.endsWith(" 1")).toList();
            boolean sawFrameThread = attempts.stream().anyMatch(l -> l.contains(" runner-frames "));
            boolean exited = rec.awaitExit(Duration.ofSeconds(30));
            boolean runnerAlive = Files.exists(Path.of("/proc", Long.toString(runner)));
            boolean runs = "S".equals(state) || "R".equals(state);
            String spawn = spawnOf(s);
            boolean pathAsMeant = portable ? spawn != null && spawn.startsWith("processbuilder") : sawFrameThread;
            return Outcome.expect(lines.contains("done") && !attempts.isEmpty() && allowed.isEmpty() && pathAsMeant
                            && runs && runnerAlive && exited,
                    "commands started by " + spawn + "; "
                            + attempts.size() + " attempts on " + attempts.stream().map(l -> l.split(" ")[2]).distinct().count()
                            + " threads" + (portable ? (pathAsMeant ? "" : " (NOT the portable path)")
                            : sawFrameThread ? " (runner-frames among them)" : " (NO runner-frames thread seen)")
                            + ", allowed: " + (allowed.isEmpty() ? "none" : allowed) + "; runner state after: " + state
                            + (runnerAlive ? "" : " (runner GONE)") + "; command " + (exited ? "exited: "
                            + rec.toRun().describe() : "did NOT report its exit"));
        });
    }

    private Outcome timeoutWithRunnerStopped() throws Exception {
        return withSession("timeout", (s, ws, runner) -> {
            Path counter = ws.resolve("counter");
            long t0 = System.nanoTime();
            Recorder rec = start(s, Duration.ofSeconds(5), counting(counter).toArray(String[]::new));
            long pid = rec.awaitPid(Duration.ofSeconds(20));
            stop(runner);
            boolean exited = rec.awaitExit(Duration.ofSeconds(14).minusNanos(System.nanoTime() - t0));
            double at = (System.nanoTime() - t0) / 1e9;
            Run run = exited ? rec.toRun() : null;
            Outcome end = ended(counter, pid, exited && run.timedOut(), exited ? "exit reported after "
                    + String.format("%.1f", at) + " s: " + run.describe() + (run.error() == null ? "" : " (" + run.error() + ")")
                    : "NO exit reported within 14 s of the start (timeout 5 s)");
            return end;
        });
    }

    private Outcome killWithRunnerStopped() throws Exception {
        return withSession("kill", (s, ws, runner) -> {
            Path counter = ws.resolve("counter");
            Recorder rec = new Recorder();
            SessionManager.CommandHandle handle = sessions.exec(s.id(), counting(counter), Map.of(), null, rec);
            long pid = rec.awaitPid(Duration.ofSeconds(20));
            stop(runner);
            long t0 = System.nanoTime();
            handle.kill(); // what the host does when the client of a session exec or a run disconnects
            boolean exited = rec.awaitExit(Duration.ofSeconds(8));
            double at = (System.nanoTime() - t0) / 1e9;
            return ended(counter, pid, exited, exited ? "exit reported " + String.format("%.1f", at)
                    + " s after the kill: " + rec.toRun().describe() : "NO exit reported within 8 s of the kill");
        });
    }

    private Outcome execIntoStoppedRunner() throws Exception {
        Path ws = workspace("exec");
        Files.setPosixFilePermissions(ws, PosixFilePermissions.fromString("rwxr-xr-x")); // lent through an ACL entry
        String aclBefore = getfacl(ws);
        SessionInfo s = sessions.start(spec(ws));
        long runner = s.runnerPid();
        try {
            String aclLent = getfacl(ws);
            stop(runner);
            long t0 = System.nanoTime();
            Recorder rec = start(s, Duration.ofSeconds(600), "/bin/echo", "hello");
            boolean exited = rec.awaitExit(Duration.ofSeconds(40));
            double at = (System.nanoTime() - t0) / 1e9;
            SessionInfo after = settled(s.id(), Duration.ofSeconds(20));
            boolean runnerGone = dead(runner);
            String aclAfter = getfacl(ws);
            Run run = exited ? rec.toRun() : null;
            String error = run == null ? null : run.error();
            String refusedAfter;
            try {
                Run again = SmokeRows.run(sessions, s, Map.of(), Duration.ofSeconds(10), "/bin/echo", "again");
                refusedAfter = "a second exec was NOT refused: " + again.describe();
            } catch (CordonException refused) {
                refusedAfter = "a second exec refused: " + refused.getMessage();
            } catch (IllegalStateException hung) {
                refusedAfter = "a second exec HUNG: " + hung.getMessage();
            }
            boolean failed = after != null && (after.state() == SessionState.FAILED || after.state() == SessionState.STUCK);
            return Outcome.expect(exited && !run.ok() && error != null && failed && runnerGone
                            && aclAfter.equals(aclBefore) && !aclLent.equals(aclBefore) && refusedAfter.startsWith("a second exec refused"),
                    (exited ? "exit after " + String.format("%.1f", at) + " s: " + run.describe() + " error: " + error
                            : "NO exit within 40 s (the client hangs)")
                            + "; session " + (after == null ? "gone" : after.state() + " (" + after.failure() + ")")
                            + "; runner " + (runnerGone ? "gone" : "STILL THERE")
                            + "; workspace ACL " + (aclLent.equals(aclBefore) ? "NOT CHANGED while lent" : "lent")
                            + ", " + (aclAfter.equals(aclBefore) ? "as before after" : "STILL LENT after")
                            + "; " + refusedAfter);
        } finally {
            resumeIfStopped(runner);
            sessions.stopIfPresent(s.id());
        }
    }

    private Outcome sigquitFromCommand() throws Exception {
        return withSession("quit", (s, ws, runner) -> {
            Path results = ws.resolve("quit.txt");
            Recorder rec = start(s, Duration.ofSeconds(60), PYTHON, "-c", TGKILL_ALL, results.toString(), "3");
            List<String> lines = awaitDone(results, Duration.ofSeconds(40));
            List<String> allowed = lines.stream().filter(l -> !l.equals("done") && !l.endsWith(" 1")).toList();
            boolean exited = rec.awaitExit(Duration.ofSeconds(30));
            return afterQuit(s, runner, "the command's SIGQUIT attempts: " + (lines.size() - 1) + ", allowed: "
                    + (allowed.isEmpty() ? "none" : allowed) + "; it " + (exited ? "exited" : "did NOT report its exit"),
                    allowed.isEmpty() && lines.contains("done") && exited);
        });
    }

    private Outcome sigquitFromRoot() throws Exception {
        return withSession("rootquit", (s, ws, runner) -> {
            Exec.run(List.of("kill", "-QUIT", Long.toString(runner))).orThrow("kill -QUIT");
            Thread.sleep(1000); // the dump is written at once by the JVM's signal thread
            return afterQuit(s, runner, "root's SIGQUIT sent", true);
        });
    }

    private Outcome hostRunTimeoutWithRunnerStopped() throws Exception {
        Path ws = workspace("host-timeout");
        Path counter = ws.resolve("counter");
        Process client = hostRun(ws, counter, "--timeout", "5");
        try {
            long runner = stopRunnerOf(ws, counter);
            long t0 = System.nanoTime(); // the command counts (1 s after its start at most)
            // its tree ends 2 s past the timeout, its end is reported 2 s later, then the session is taken down
            boolean exited = client.waitFor(20, TimeUnit.SECONDS);
            double at = (System.nanoTime() - t0) / 1e9;
            String first = read(counter);
            Thread.sleep(2500);
            String later = read(counter);
            boolean gone = sessionOf(ws).isEmpty();
            boolean onTime = first.matches("[1-8]"); // killed by 5 + 2 s (+ 1 s of sleep)
            return Outcome.expect(exited && client.exitValue() == 124 && first.equals(later) && onTime && gone,
                    (exited ? "client exited " + client.exitValue() + " " + String.format("%.1f", at)
                            + " s after the command began counting"
                            : "client still waiting 20 s after the command began counting (timeout 5 s)") + "; runner " + runner
                            + " stopped; counter " + first + " then " + later + " 2.5 s later; the one-shot session "
                            + (gone ? "gone" : "STILL LISTED"));
        } finally {
            client.destroyForcibly();
            sessionOf(ws).ifPresent(RunnerIsolationSmokeTest::resumeIfStopped);
        }
    }

    private Outcome hostRunClientKilledWithRunnerStopped() throws Exception {
        Path ws = workspace("host-kill");
        Path counter = ws.resolve("counter");
        Process client = hostRun(ws, counter);
        try {
            long runner = stopRunnerOf(ws, counter);
            client.destroyForcibly(); // SIGKILL: its socket closes, as when a terminal is closed
            client.waitFor(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            String first = read(counter);
            boolean gone = false;
            while (!gone && System.nanoTime() - t0 < 10_000_000_000L) {
                Thread.sleep(250);
                gone = sessionOf(ws).isEmpty();
            }
            double at = (System.nanoTime() - t0) / 1e9;
            String mid = read(counter);
            Thread.sleep(2500);
            String later = read(counter);
            return Outcome.expect(gone && mid.equals(later),
                    "client killed with runner " + runner + " stopped; the one-shot session " + (gone ? "gone after "
                            + String.format("%.1f", at) + " s" : "STILL LISTED 10 s later") + "; counter " + first
                            + " at the kill, " + mid + " then, " + later + " 2.5 s later");
        } finally {
            sessionOf(ws).ifPresent(RunnerIsolationSmokeTest::resumeIfStopped);
        }
    }

    /** `cordon run --json` (through the listening host, also as root) of the counting loop in {@code ws}. */
    private static Process hostRun(Path ws, Path counter, String... options) throws Exception {
        if (host == null) {
            host = ServeProcess.start(concat(java(), "serve", "--instance=" + testInstance.name()),
                    testInstance.instance.hostSocket());
        }
        List<String> argv = new ArrayList<>(concat(java(), "run", "--json", "--instance=" + testInstance.name(),
                "--workspace", ws.toString()));
        argv.addAll(List.of(options));
        argv.add("--");
        argv.addAll(counting(counter));
        return new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits for the counting command to count, then stops its session's runner (root's {@code kill -STOP}). */
    private static long stopRunnerOf(Path ws, Path counter) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end && !(Files.exists(counter) && sessionOf(ws).isPresent())) {
            Thread.sleep(100);
        }
        long runner = sessionOf(ws).orElseThrow(() -> new IllegalStateException("no session of " + ws + " in 60 s"));
        stop(runner);
        return runner;
    }

    /** The runner pid of the host's session on {@code ws}, if the host lists one. */
    private static Optional<Long> sessionOf(Path ws) {
        CliRun list = CliRun.of("session", "list", "--instance=" + testInstance.name(), "--json");
        if (list.exit() != 0) {
            throw new IllegalStateException("session list failed: " + list.err());
        }
        for (JsonNode s : list.json().path("sessions")) {
            if (s.path("workspace").asText().equals(ws.toString()) && s.path("runnerPid").canConvertToLong()) {
                return Optional.of(s.path("runnerPid").asLong());
            }
        }
        return Optional.empty();
    }

    private static List<String> java() {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                CordonCli.class.getName());
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    /** After a SIGQUIT: the same runner still serves the session and its frames arrive intact. */
    private Outcome afterQuit(SessionInfo s, long runner, String what, boolean ok) throws Exception {
        Run next;
        String nextText;
        try {
            next = SmokeRows.run(sessions, s, Map.of(), Duration.ofSeconds(30), "/bin/echo", "after-quit");
            nextText = next.describe() + " stdout " + next.stdout().strip();
        } catch (RuntimeException e) {
            next = null;
            nextText = "refused: " + e.getMessage();
        }
        SessionInfo after = sessions.list().stream().filter(i -> i.id().equals(s.id())).findFirst().orElse(null);
        boolean sameRunner = after != null && Long.valueOf(runner).equals(after.runnerPid()) && after.state().live();
        return Outcome.expect(ok && next != null && next.ok() && next.stdout().equals("after-quit\n") && sameRunner,
                what + "; next command: " + nextText + "; session " + (after == null ? "gone"
                        : after.state() + (after.failure() == null ? "" : " (" + after.failure() + ")")
                        + ", runner " + after.runnerPid()));
    }

    /**
     * R44: B's command ({@code prlimit64} on A's command: core unlimited, CPU soft 0, so the kernel sends SIGXCPU,
     * whose default action dumps core) must not make A's command write its memory (environment, secret) into A's
     * workspace. Passes whatever stops it (RLIMIT_CORE hard 0 for every command, or a refused {@code prlimit64}).
     */
    private Outcome noCoreFromAnotherSession() throws Exception {
        String secret = "r44secret" + Long.toHexString(System.nanoTime());
        return withSession("core-victim", (a, wsA, runnerA) -> withSession("core-attacker", (b, wsB, runnerB) -> {
            // spins (CPU time, so an RLIMIT_CPU of 0 means SIGXCPU at once) for at most 25 s
            Recorder victim = new Recorder();
            sessions.exec(a.id(), List.of(PYTHON, "-c", "import time\nend = time.time() + 25\nwhile time.time() < end: pass"),
                    Map.of("R44TOK", secret), Duration.ofSeconds(60), victim);
            long pid = victim.awaitPid(Duration.ofSeconds(20));
            Thread.sleep(1500); // past the second of CPU time the kernel makes of an RLIMIT_CPU of 0
            String limitsBefore = coreLimit(pid);
            String cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
            Path results = wsB.resolve("prlimit.txt");
            String program = String.join("\n",
                    "import ctypes, sys",
                    "libc = ctypes.CDLL(None, use_errno=True)",
                    "class R(ctypes.Structure): _fields_ = [('cur', ctypes.c_uint64), ('max', ctypes.c_uint64)]",
                    "out = open(sys.argv[1], 'w', buffering=1)",
                    "pid = int(sys.argv[2]); inf = 2**64 - 1",
                    "for name, res, lim in (('core', 4, R(inf, inf)), ('cpu', 0, R(0, inf))):",
                    "    r = libc.prlimit(pid, res, ctypes.byref(lim), None)",
                    "    out.write('%s %d\\n' % (name, 0 if r == 0 else ctypes.get_errno()))",
                    "out.write('done\\n')");
            Recorder attacker = start(b, Duration.ofSeconds(60), PYTHON, "-c", program, results.toString(), Long.toString(pid));
            List<String> lines = awaitDone(results, Duration.ofSeconds(30));
            String limitsAfter = coreLimit(pid);
            boolean attackerExited = attacker.awaitExit(Duration.ofSeconds(30));
            boolean victimExited = victim.awaitExit(Duration.ofSeconds(40));
            Thread.sleep(1000); // a core is written before the exit is reported; a moment more all the same
            List<String> found = coresAndSecrets(List.of(wsA, Path.of(cwd)), secret);
            return Outcome.expect(lines.contains("done") && attackerExited && victimExited && found.isEmpty(),
                    "A's command pid " + pid + " in " + cwd + ", RLIMIT_CORE " + limitsBefore + " before, "
                            + limitsAfter + " after B's prlimit64: " + lines.stream().filter(l -> !l.equals("done")).toList()
                            + " (errno per call); A's command " + (victimExited ? "ended: " + victim.toRun().describe()
                            : "did NOT end") + "; in A's workspace: " + (found.isEmpty() ? "no core, no file with the secret"
                            : "FOUND " + found));
        }));
    }

    /**
     * R46: the eleventh review's reproducer. A's command (online, as a root session with {@code --secret} is) holds a
     * token in its argv; B (online) and C (offline) run {@code grep -a -o 'token <prefix>…' /proc/[0-9]*\/cmdline}. Each
     * must also find its own shell's command line there (a marker in its argv, at its own {@code $$}), so the row cannot
     * pass on an empty or broken {@code /proc}. The sessions are started by root here: a member's session runs as the
     * same two sandbox accounts, which is what the finding is about.
     */
    private Outcome secretArgumentsInvisible() throws Exception {
        String secret = "r46tok" + Long.toHexString(System.nanoTime());
        String marker = "r46own" + Long.toHexString(System.nanoTime());
        Path wsA = workspace("r46-victim");
        SessionInfo a = sessions.start(new SessionSpec(wsA, NetworkMode.ONLINE, List.of(), Map.of(), List.of(),
                SessionSpec.Limits.DEFAULT));
        try {
            Recorder victim = new Recorder();
            sessions.exec(a.id(), List.of("/bin/sh", "-c", PYTHON + " -c 'import time; time.sleep(60)' \"Authorization: token"
                    + " $R46TOK\""), Map.of("R46TOK", secret), Duration.ofSeconds(90), victim);
            victim.awaitPid(Duration.ofSeconds(20));
            // the host sees the token in a command line (the victim runs): else the row proves nothing
            String onHost = "";
            for (int i = 0; i < 100 && onHost.isEmpty(); i++) {
                onHost = commandLinesHolding("token " + secret);
                if (onHost.isEmpty()) {
                    Thread.sleep(100);
                }
            }
            List<String> seen = new ArrayList<>();
            boolean ok = !onHost.isEmpty();
            for (NetworkMode mode : List.of(NetworkMode.ONLINE, NetworkMode.OFFLINE)) {
                Path ws = workspace("r46-" + mode.name().toLowerCase(java.util.Locale.ROOT));
                Path results = ws.resolve("grep.txt");
                SessionInfo b = sessions.start(new SessionSpec(ws, mode, List.of(), Map.of(), List.of(),
                        SessionSpec.Limits.DEFAULT));
                try {
                    String script = "{ grep -a -o 'token r46tok[a-z0-9]*' /proc/[0-9]*/cmdline; "
                            + "echo \"own $(grep -l -a -F -- \"$2\" /proc/$$/cmdline)\"; "
                            + "echo \"processes $(ls -d /proc/[0-9]* | wc -l)\"; echo done; } > \"$1\" 2>/dev/null";
                    Recorder r = start(b, Duration.ofSeconds(60), "/bin/sh", "-c", script, "r46", results.toString(), marker);
                    List<String> lines = awaitDone(results, Duration.ofSeconds(30));
                    r.awaitExit(Duration.ofSeconds(30));
                    boolean found = lines.stream().anyMatch(l -> l.contains(secret));
                    boolean own = lines.stream().anyMatch(l -> l.startsWith("own /proc/") && l.endsWith("/cmdline"));
                    ok &= lines.contains("done") && !found && own;
                    seen.add(mode + " session: " + lines.stream().filter(l -> !l.equals("done")).toList());
                } finally {
                    sessions.stopIfPresent(b.id());
                }
            }
            return Outcome.expect(ok, "A's token on the host in " + (onHost.isEmpty() ? "NO command line"
                    : onHost.replace('\n', ' ')) + "; " + String.join("; ", seen));
        } finally {
            sessions.stopIfPresent(a.id());
        }
    }

    /** Host pid {@code pid} as its own pid namespace numbers it: the last field of {@code NSpid} in its status. */
    private static long pidInItsNamespace(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("NSpid:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return Long.parseLong(f[f.length - 1]);
            }
        }
        throw new IOException("no NSpid line in /proc/" + pid + "/status");
    }

    /** The host's {@code /proc/<pid>/cmdline} files that hold {@code text}, space-separated. */
    private static String commandLinesHolding(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (var procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path p : procs) {
                try {
                    byte[] cmdline = Files.readAllBytes(p.resolve("cmdline"));
                    if (new String(cmdline, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text)) {
                        found.add(p.resolve("cmdline").toString());
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return String.join(" ", found);
    }

    private Outcome noCoreFromOwnLimit() throws Exception {
        return ownLimitCore("core-own", false);
    }

    private Outcome portableNoCoreFromOwnLimit() throws Exception {
        return onPortablePath(() -> ownLimitCore("portable-core-own", true));
    }

    /**
     * R44, the same-session form (which no refusal of {@code prlimit64} on another pid stops): {@code ulimit -c
     * unlimited} in a shell, then a Python that raises its own limit with setrlimit and aborts (SIGABRT dumps core).
     */
    private Outcome ownLimitCore(String name, boolean portable) throws Exception {
        String secret = "r44secret" + Long.toHexString(System.nanoTime());
        return withSession(name, (s, ws, runner) -> {
            Path results = ws.resolve("limits.txt");
            String python = String.join("\n",
                    "import os, resource, sys",
                    "out = open(sys.argv[1], 'a', buffering=1)",
                    "try:",
                    "    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))",
                    "    out.write('setrlimit ok\\n')",
                    "except (OSError, ValueError) as e:", // ValueError: not allowed to raise the hard limit
                    "    out.write('setrlimit refused: %s\\n' % e)",
                    "out.write('python %s %s\\n' % resource.getrlimit(resource.RLIMIT_CORE))",
                    "out.write('done\\n')",
                    "os.abort()");
            String script = "ulimit -c unlimited 2>/dev/null; echo \"ulimit $? $(ulimit -Sc) $(ulimit -Hc)\" > \"$1\"; "
                    + "exec " + PYTHON + " -c \"$2\" \"$1\"";
            Recorder rec = new Recorder();
            sessions.exec(s.id(), List.of("/bin/sh", "-c", script, "r44", results.toString(), python),
                    Map.of("R44TOK", secret), Duration.ofSeconds(60), rec);
            List<String> lines = awaitDone(results, Duration.ofSeconds(30));
            boolean exited = rec.awaitExit(Duration.ofSeconds(30));
            Thread.sleep(1000);
            List<String> found = coresAndSecrets(List.of(ws), secret);
            String spawn = spawnOf(s);
            boolean pathAsMeant = !portable || spawn != null && spawn.startsWith("processbuilder");
            boolean hardZero = lines.stream().anyMatch(l -> l.startsWith("python ") && l.endsWith(" 0"));
            return Outcome.expect(lines.contains("done") && exited && found.isEmpty() && hardZero && pathAsMeant,
                    "commands started by " + spawn + "; " + lines.stream().filter(l -> !l.equals("done")).toList()
                            + "; command " + (exited ? "ended: " + rec.toRun().describe() : "did NOT end")
                            + "; in its workspace: " + (found.isEmpty() ? "no core" : "FOUND " + found));
        });
    }

    /** The {@code Max core file size} line of {@code /proc/PID/limits}: soft and hard; {@code (gone)} once it ended. */
    private static String coreLimit(long pid) throws IOException {
        List<String> limits;
        try {
            limits = Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"));
        } catch (NoSuchFileException ended) {
            return "(gone)";
        }
        return limits.stream()
                .filter(l -> l.startsWith("Max core file size")).map(l -> l.substring(26).strip().replaceAll("\\s+", " "))
                .findFirst().orElse("(none)");
    }

    /** Files beneath {@code dirs} named {@code core*}, or holding {@code secret}, each with its size and owner. */
    private static List<String> coresAndSecrets(List<Path> dirs, String secret) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path dir : dirs) {
            try (var walk = Files.walk(dir)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    byte[] bytes = Files.readAllBytes(f);
                    boolean holds = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret);
                    if (f.getFileName().toString().startsWith("core") || holds) {
                        String entry = f + " (" + bytes.length + " bytes, " + Files.getOwner(f).getName()
                                + (holds ? ", holds the secret)" : ")");
                        if (!found.contains(entry)) {
                            found.add(entry);
                        }
                    }
                }
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ helpers

    /** What R38's calls change of a process, as root reads it: limits, nice, policy, CPUs, I/O priority, OOM score. */
    private static String processState(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        String limits = Files.readAllLines(proc.resolve("limits")).stream()
                .filter(l -> l.startsWith("Max open files") || l.startsWith("Max cpu time") || l.startsWith("Max core file size"))
                .map(l -> l.replaceAll("\\s+", " ").strip()).collect(java.util.stream.Collectors.joining(", "));
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields[0] is field 3 (state)
        String cpus = Files.readAllLines(proc.resolve("status")).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .findFirst().orElse("?").replaceAll("\\s+", " ");
        String ioprio = Exec.run(List.of("ionice", "-p", Long.toString(pid))).stdout().strip();
        String oom = Files.readString(proc.resolve("oom_score_adj")).strip();
        return limits + "; nice " + fields[16] + "; policy " + fields[38] + "; " + cpus + "; ionice " + ioprio
                + "; oom_score_adj " + oom;
    }

    /** The waiting spare runner: a runner JVM of the offline account that no session holds. */
    private static long awaitSpare(Duration bound) throws Exception {
        String uid = Long.toString(dev.cordon.platform.linux.PosixIds.uid(
                backend.platform().accounts().user(testInstance.instance.offlineAccount()).orElseThrow()));
        long end = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < end) {
            java.util.Set<Long> held = new java.util.HashSet<>();
            sessions.list().forEach(i -> held.add(i.runnerPid()));
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String n = p.getFileName().toString();
                    if (!n.matches("\\d+") || held.contains(Long.parseLong(n))) {
                        continue;
                    }
                    try {
                        String cmdline = Files.readString(p.resolve("cmdline"));
                        boolean ours = Files.readAllLines(p.resolve("status")).stream()
                                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals(uid));
                        if (ours && cmdline.contains("dev.cordon.runner.RunnerMain")) {
                            return Long.parseLong(n);
                        }
                    } catch (IOException gone) {
                        // the process ended meanwhile
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no spare runner of the offline account within " + bound.toSeconds() + " s");
    }

    /** {@code call errno[/errno]} for each call of {@code name target errno} lines, the caller's own left out. */
    private static String errnosByCall(List<String> attempts) {
        Map<String, java.util.Set<String>> by = new java.util.LinkedHashMap<>();
        for (String line : attempts) {
            String[] f = line.split(" ");
            if (f.length == 3 && !f[0].startsWith("self-")) {
                by.computeIfAbsent(f[0], k -> new java.util.TreeSet<>()).add(f[2]);
            }
        }
        return by.entrySet().stream().map(e -> e.getKey() + " " + String.join("/", e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** {@code ok} if {@code /bin/echo ok} runs in the session and prints it, else what happened. */
    private static String tryEcho(SessionInfo s) {
        try {
            Run r = SmokeRows.run(sessions, s, Map.of(), Duration.ofSeconds(30), "/bin/echo", "ok");
            return r.ok() && r.stdout().equals("ok\n") ? "ok" : "FAILED: " + r.describe()
                    + (r.error() == null ? "" : " (" + r.error() + ")") + " " + r.stderr().strip();
        } catch (Exception e) {
            return "FAILED: " + e.getMessage();
        }
    }

    /** How the session's runner starts commands, as the host reports it (null before the runner said). */
    private static String spawnOf(SessionInfo started) {
        return sessions.list().stream().filter(i -> i.id().equals(started.id())).map(SessionInfo::spawn)
                .filter(java.util.Objects::nonNull).findFirst().orElse(started.spawn());
    }

    @FunctionalInterface
    private interface InSession {
        Outcome run(SessionInfo s, Path ws, long runner) throws Exception;
    }

    /** Runs {@code body} in a fresh session on a fresh workspace; its runner continued if stopped, then stopped. */
    private static Outcome withSession(String name, InSession body) throws Exception {
        Path ws = workspace(name);
        SessionInfo s = sessions.start(spec(ws));
        long runner = s.runnerPid();
        try {
            return body.run(s, ws, runner);
        } finally {
            resumeIfStopped(runner);
            sessions.stopIfPresent(s.id());
        }
    }

    /** A shell loop writing 1, 2, 3, ... to {@code counter}, one a second, until killed. */
    private static List<String> counting(Path counter) {
        return List.of("/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo $i > " + counter + "; sleep 1; done");
    }

    /** Whether the counting command stopped counting and its process is dead, and what was seen. */
    private static Outcome ended(Path counter, long pid, boolean exited, String exitWords) throws Exception {
        String first = read(counter);
        Thread.sleep(2500);
        String later = read(counter);
        boolean treeGone = dead(pid); // a zombie of the stopped runner at most
        return Outcome.expect(exited && treeGone && first.equals(later), exitWords + "; counter " + first + " then "
                + later + " 2.5 s later; command pid " + pid + (treeGone ? " gone" : " STILL RUNNING"));
    }

    private static Recorder start(SessionInfo s, Duration timeout, String... argv) {
        Recorder rec = new Recorder();
        sessions.exec(s.id(), List.of(argv), Map.of(), timeout, rec);
        return rec;
    }

    private static SessionSpec spec(Path ws) {
        return new SessionSpec(ws, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(), SessionSpec.Limits.DEFAULT);
    }

    private static Path workspace(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    private static void stop(long pid) {
        Exec.run(List.of("kill", "-STOP", Long.toString(pid))).orThrow("kill -STOP");
    }

    /** The runner's state letter; a stopped one (T) is continued so that its session can be taken down. */
    private static String resumeIfStopped(long pid) {
        String state = state(pid);
        if ("T".equals(state) || "t".equals(state)) {
            Exec.run(List.of("kill", "-CONT", Long.toString(pid)));
        }
        return state;
    }

    /** Gone, or a zombie (killed; its parent, a stopped runner, has not reaped it). */
    private static boolean dead(long pid) {
        String state = state(pid);
        return state.equals("gone") || state.equals("Z");
    }

    /** The session once it is no longer stopping (its teardown takes a moment), or as it is after {@code bound}. */
    private static SessionInfo settled(String id, Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        SessionInfo info;
        do {
            info = sessions.list().stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
            if (info == null || info.state() != SessionState.STOPPING) {
                return info;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        return info;
    }

    /** The lines of {@code file} once it ends with {@code done}, or what it has after {@code bound}. */
    private static List<String> awaitDone(Path file, Duration bound) throws Exception {
        long end = System.nanoTime() + bound.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < end) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.contains("done")) {
                break;
            }
            Thread.sleep(100);
        }
        return lines;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return "(none)";
        }
    }

    private static String getfacl(Path p) {
        return Exec.run(List.of("getfacl", "--absolute-names", p.toString())).orThrow("getfacl").stdout();
    }
}
