package dev.cordon.doctor;

import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import dev.cordon.platform.Account;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.LeftoverSources;
import dev.cordon.platform.LeftoverSources.SystemObject;
import dev.cordon.platform.Terminal;
import dev.cordon.session.CommandExit;
import dev.cordon.session.CommandListener;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The doctor's live probes of the local-channel guards: one throw-away offline session, started as any session is,
 * whose commands try the {@link ChannelAttacks}; each check passes only when its attack was refused. A check that
 * cannot run (not root, not set up, no python3) is a SKIP with the fix; a probe session that cannot start fails them.
 */
public final class ChannelProbes implements SandboxProbes {
    static final String TERMINAL = "sandbox.terminal";
    static final String IPC = "sandbox.ipc";
    static final String NAMESPACES = "sandbox.namespaces";
    static final String RUNNER_MEMORY = "sandbox.runner-memory";
    static final String RUNNER_SIGNALS = "sandbox.runner-signals";
    static final String PROCESS_CALLS = "sandbox.process-calls";
    static final String PROCESSES = "sandbox.processes";
    static final String NETWORK = "sandbox.network";
    private static final String TERMINAL_TITLE = "Caller's terminal out of reach (live probe)";
    private static final String IPC_TITLE = "SysV IPC, POSIX queues and keyrings stay in their session (live probe)";
    private static final String NAMESPACES_TITLE = "Commands cannot create namespaces (live probe)";
    private static final String RUNNER_MEMORY_TITLE = "Runner's memory unreadable by its commands (live probe)";
    private static final String RUNNER_SIGNALS_TITLE = "Runner out of its commands' signal reach (live probe)";
    private static final String PROCESS_CALLS_TITLE =
            "Other processes of the account out of reach of prlimit, nice, affinity and I/O priority (live probe)";
    private static final String PROCESSES_TITLE =
            "Commands see only their session's processes, not the host's or other sessions' (live probe)";
    private static final String NETWORK_TITLE =
            "An offline session's sockets and ports are its own, out of other sessions' and users' sight (live probe)";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final boolean elevated;
    private final Supplier<SessionManager> sessions;
    private final FileSecurity files;
    private final Terminal terminal;
    private final LeftoverSources leftovers;
    private final Accounts accounts;

    /**
     * @param elevated whether this process may start sessions (else the checks are skips)
     * @param sessions a new session broker for the probe session, closed after it; one with a guard off in tests that
     *                 show a check fails then
     * @param files    where the probe session's workspace goes ({@link FileSecurity#sharedTemporaryRoot()})
     * @param terminal  the kernel's terminal-injection switch, for the evidence ({@link Terminal#injectionSwitch()})
     * @param leftovers where the keyring probe's key is found and removed when a session let the probe make it
     *                  ({@link LeftoverSources#systemObjects}, {@link LeftoverSources#remove}: as the janitor does)
     * @param accounts  the probe session's account by name, for its uid
     */
    public ChannelProbes(boolean elevated, Supplier<SessionManager> sessions, FileSecurity files, Terminal terminal,
                         LeftoverSources leftovers, Accounts accounts) {
        this.elevated = elevated;
        this.sessions = sessions;
        this.files = files;
        this.terminal = terminal;
        this.leftovers = leftovers;
        this.accounts = accounts;
    }

    @Override
    public List<Check> run() {
        if (!elevated) {
            return skipAll("the probes start a sandbox session, which needs root",
                    "Run `sudo cordon doctor` to include them.");
        }
        if (!Files.isExecutable(Path.of(ChannelAttacks.PYTHON))) {
            return skipAll(ChannelAttacks.PYTHON + " is missing; the probes are python programs",
                    "Install it (`apt-get install python3`) and run `cordon doctor` again.");
        }
        SessionManager sessions;
        try {
            sessions = this.sessions.get();
        } catch (CordonException e) {
            return skipAll(e.getMessage(), e.fix());
        }
        Path workspace = null;
        try (sessions) {
            workspace = Files.createTempDirectory(files.sharedTemporaryRoot(), "cordon-doctor-");
            SessionInfo session = sessions.start(new SessionSpec(workspace, NetworkMode.OFFLINE, List.of(), Map.of(),
                    List.of(), SessionSpec.Limits.DEFAULT));
            String where = " (as " + session.account() + ", session " + session.id() + ")";
            List<Check> checks = new ArrayList<>();
            checks.add(terminal(run(sessions, session, ChannelAttacks.TERMINAL), where));
            checks.add(ipc(sessions, session, where));
            checks.add(namespaces(run(sessions, session, ChannelAttacks.NAMESPACES), where));
            // the probes name the runner as its commands see it (R46: its pid in its own pid namespace)
            String seen = String.valueOf(sessions.runnerPidSeenByCommands(session.id()));
            checks.add(runnerMemory(run(sessions, session, ChannelAttacks.RUNNER_MEMORY), session, seen, where));
            checks.add(runnerSignals(run(sessions, session, ChannelAttacks.RUNNER_SIGNALS), session, seen, where));
            checks.add(processCalls(run(sessions, session, ChannelAttacks.PROCESS_CALLS), session, seen, where));
            String host = String.valueOf(ProcessHandle.current().pid());
            checks.add(processes(run(sessions, session, ChannelAttacks.PROCESSES, host), session.runnerPid(), seen, host,
                    where));
            checks.add(network(run(sessions, session, ChannelAttacks.NETWORK, "cordon-doctor-" + session.id()),
                    hostNetworkNamespace(), sessions.offlineSharesHostNetwork(), where));
            return checks;
        } catch (CordonException | IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String why = "the probe session failed: " + e.getMessage();
            return List.of(failed(TERMINAL, TERMINAL_TITLE, why), failed(IPC, IPC_TITLE, why),
                    failed(NAMESPACES, NAMESPACES_TITLE, why), failed(RUNNER_MEMORY, RUNNER_MEMORY_TITLE, why),
                    failed(RUNNER_SIGNALS, RUNNER_SIGNALS_TITLE, why), failed(PROCESS_CALLS, PROCESS_CALLS_TITLE, why),
                    failed(PROCESSES, PROCESSES_TITLE, why), failed(NETWORK, NETWORK_TITLE, why));
        } finally {
            if (workspace != null) {
                FileTrees.deleteTree(workspace);
            }
        }
    }

    private static Check failed(String id, String title, String why) {
        return Check.fail(id, title, why, "Fix what stops sessions from starting (`cordon run --workspace DIR -- true` "
                + "shows it), then run `cordon doctor` again.");
    }

    private static List<Check> skipAll(String why, String fix) {
        return List.of(Check.skip(TERMINAL, TERMINAL_TITLE, why, fix), Check.skip(IPC, IPC_TITLE, why, fix),
                Check.skip(NAMESPACES, NAMESPACES_TITLE, why, fix), Check.skip(RUNNER_MEMORY, RUNNER_MEMORY_TITLE, why, fix),
                Check.skip(RUNNER_SIGNALS, RUNNER_SIGNALS_TITLE, why, fix),
                Check.skip(PROCESS_CALLS, PROCESS_CALLS_TITLE, why, fix), Check.skip(PROCESSES, PROCESSES_TITLE, why, fix),
                Check.skip(NETWORK, NETWORK_TITLE, why, fix));
    }

    private Check terminal(Map<String, String> results, String where) {
        Map<String, String> wrong = ChannelAttacks.unexpected(results, ChannelAttacks.TERMINAL_REFUSED);
        String evidence = ChannelAttacks.describe(results) + where + terminal.injectionSwitch().map(s -> "; " + s).orElse("");
        return wrong.isEmpty() ? Check.pass(TERMINAL, TERMINAL_TITLE, evidence)
                : Check.fail(TERMINAL, TERMINAL_TITLE, "not refused: " + ChannelAttacks.describe(wrong) + "; " + evidence,
                "Commands could reach a terminal or push keystrokes into one: runners must start with `setsid` "
                        + "(util-linux) and the seccomp filter must refuse TIOCSTI/TIOCLINUX; update Cordon. "
                        + "`sysctl dev.tty.legacy_tiocsti=0` closes TIOCSTI for everyone on kernels from 6.2.");
    }

    private Check ipc(SessionManager sessions, SessionInfo session, String where) throws InterruptedException {
        String key = Integer.toString(0x43000000 | new SecureRandom().nextInt(1 << 24));
        String name = SystemObject.DOCTOR_KEY_PREFIX + key;
        Map<String, String> made;
        Map<String, String> host;
        String keyLeft;
        try {
            made = run(sessions, session, ChannelAttacks.IPC, "make", key, name);
            host = hostIpc("look", key, name);
        } finally {
            try {
                hostIpc("remove", key, name); // without the guard they were made in the host's namespace
            } finally {
                // without it the key went into the account's user keyring, which outlives the session (and the account)
                keyLeft = removeKey(session.account(), name);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (String object : ChannelAttacks.IPC_OBJECTS) {
            if (!"ENOENT".equals(host.get(object))) {
                wrong.add(object + " made in the session is " + host.get(object) + " outside it");
            }
        }
        if (!"made".equals(made.get("shm"))) {
            wrong.add("SysV shared memory does not work inside the session (" + made.get("shm") + ")");
        }
        if (!"EPERM".equals(made.get("user-keyring"))) {
            wrong.add("the account's user keyring took a key (" + made.get("user-keyring") + ")");
        }
        String evidence = "in the session: " + ChannelAttacks.describe(made) + "; from the host: "
                + ChannelAttacks.describe(host) + where + (keyLeft.isEmpty() ? "" : "; " + keyLeft);
        return wrong.isEmpty() ? Check.pass(IPC, IPC_TITLE, evidence)
                : Check.fail(IPC, IPC_TITLE, String.join("; ", wrong) + "; " + evidence,
                "Other sessions and the online account could read what an offline command leaves in SysV IPC, POSIX "
                        + "queues or the user keyring: runners must start in their own IPC namespace (`unshare --ipc`, "
                        + "a kernel with CONFIG_IPC_NS) and the seccomp filter must refuse the keyring syscalls; update "
                        + "Cordon.");
    }

    /**
     * Removes the key {@code name} from {@code account}'s kernel keyring if the probe made one there (the keyring guard
     * off): "" when none is left, else what is left and why (the janitor, `cordon leftovers clean`, finds it later).
     */
    private String removeKey(String account, String name) {
        List<String> left = new ArrayList<>();
        try {
            Account a = accounts.user(account).orElseThrow(() -> CordonException.internal("the probe session's account "
                    + account + " is not there", null));
            for (SystemObject o : leftovers.systemObjects(Set.of(a.id()), w -> left.add(w))) {
                if (o.kind() == SystemObject.Kind.KEY && o.key().substring(o.key().indexOf(':') + 1).equals(name)) {
                    LeftoverSources.Removal r = leftovers.remove(o);
                    if (r.result() != LeftoverSources.Removal.Result.REMOVED
                            && r.result() != LeftoverSources.Removal.Result.GONE) {
                        left.add(o.description() + " not removed: " + r.detail());
                    }
                }
            }
        } catch (CordonException e) {
            left.add("cannot remove the probe's key " + name + " of " + account + ": " + e.getMessage());
        }
        return left.isEmpty() ? "" : String.join("; ", left) + " (`cordon leftovers clean` removes the probe's keys)";
    }

    private static Check namespaces(Map<String, String> results, String where) {
        Map<String, String> wrong = ChannelAttacks.unexpected(results, ChannelAttacks.NAMESPACES_REFUSED);
        String evidence = ChannelAttacks.describe(results) + where;
        return wrong.isEmpty() ? Check.pass(NAMESPACES, NAMESPACES_TITLE, evidence)
                : Check.fail(NAMESPACES, NAMESPACES_TITLE, "unexpected: " + ChannelAttacks.describe(wrong) + "; " + evidence,
                "Commands could create namespaces (a user namespace gives them CAP_NET_ADMIN and netfilter to attack "
                        + "the kernel with): the seccomp filter must refuse unshare/clone with CLONE_NEW*, setns and "
                        + "clone3; update Cordon.");
    }

    private static Check runnerMemory(Map<String, String> results, SessionInfo session, String seen, String where) {
        List<String> leaks = ChannelAttacks.runnerMemoryLeaks(results);
        boolean parentIsRunner = seen.equals(results.get("runner"));
        String evidence = "runner " + results.get("runner") + ", " + results.get("threads") + " threads, "
                + (results.size() - 2) + " paths tried" + where;
        if (!parentIsRunner) {
            return Check.fail(RUNNER_MEMORY, RUNNER_MEMORY_TITLE, "the probe's parent " + results.get("runner")
                    + " is not the runner " + session.runnerPid() + " (" + seen + " in its pid namespace); " + evidence,
                    "Report this with `cordon doctor --bundle`: commands are not started by their runner.");
        }
        return leaks.isEmpty() ? Check.pass(RUNNER_MEMORY, RUNNER_MEMORY_TITLE, "none readable: " + evidence)
                : Check.fail(RUNNER_MEMORY, RUNNER_MEMORY_TITLE, "readable: " + String.join(", ", leaks) + "; " + evidence,
                "A command could read its runner's memory (other commands' environments and secrets): the runner "
                        + "must make itself non-dumpable (prctl PR_SET_DUMPABLE 0); update Cordon.");
    }

    /**
     * Passes when the command could signal no thread of its runner (signal 0: checked, never delivered). R28: a
     * command that shared a runner thread's Landlock domain stopped the whole runner with one SIGSTOP to that thread.
     */
    private static Check runnerSignals(Map<String, String> results, SessionInfo session, String seen, String where) {
        List<String> allowed = ChannelAttacks.runnerSignalsAllowed(results);
        String evidence = "runner " + results.get("runner") + ", " + results.get("threads") + " threads tried" + where;
        if (!seen.equals(results.get("runner"))) {
            return Check.fail(RUNNER_SIGNALS, RUNNER_SIGNALS_TITLE, "the probe's parent " + results.get("runner")
                    + " is not the runner " + session.runnerPid() + " (" + seen + " in its pid namespace); " + evidence,
                    "Report this with `cordon doctor --bundle`: commands are not started by their runner.");
        }
        if (allowed.isEmpty()) {
            return Check.pass(RUNNER_SIGNALS, RUNNER_SIGNALS_TITLE, "every one refused (EPERM): " + evidence);
        }
        return Check.fail(RUNNER_SIGNALS, RUNNER_SIGNALS_TITLE, "not refused: " + String.join(", ", allowed) + "; "
                + evidence + (session.spawn() == null ? "" : "; commands started by " + session.spawn()),
                runnerSignalsFix(session.spawn()));
    }

    /**
     * Passes when each pid-addressed call on the runner (a process of the account outside the command's tree, as other
     * sessions' runners and commands and the waiting spare are) was refused with {@code EPERM} (R38).
     */
    private static Check processCalls(Map<String, String> results, SessionInfo session, String seen, String where) {
        String evidence = ChannelAttacks.describe(results) + where;
        if (!seen.equals(results.get("runner"))) {
            return Check.fail(PROCESS_CALLS, PROCESS_CALLS_TITLE, "the probe's parent " + results.get("runner")
                    + " is not the runner " + session.runnerPid() + " (" + seen + " in its pid namespace); " + evidence,
                    "Report this with `cordon doctor --bundle`: commands are not started by their runner.");
        }
        List<String> allowed = ChannelAttacks.PROCESS_CALL_NAMES.stream()
                .filter(name -> !"EPERM".equals(results.get(name))).map(name -> name + " " + results.get(name)).toList();
        return allowed.isEmpty() ? Check.pass(PROCESS_CALLS, PROCESS_CALLS_TITLE, "every one refused (EPERM): " + evidence)
                : Check.fail(PROCESS_CALLS, PROCESS_CALLS_TITLE, "not refused: " + String.join(", ", allowed) + "; " + evidence,
                "A command could lower the limits, priority, CPUs or I/O class of every other process of its account "
                        + "(other sessions' runners and commands, the waiting spare; review finding R38): the seccomp "
                        + "filter must refuse prlimit64, setpriority, sched_set* and ioprio_set on any pid but the "
                        + "caller's own; update Cordon.");
    }

    /** The inode of this process's network namespace: the host's, where other sessions and local users are. */
    private static String hostNetworkNamespace() throws IOException {
        return String.valueOf(Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino"));
    }

    /**
     * Passes when an offline command's network namespace ({@code netns} of {@link ChannelAttacks#NETWORK}) is not the
     * host's ({@code hostNs}): its abstract Unix sockets and listening ports are then listed in no other session's
     * {@code /proc/net} and reached by no local user (Y4, Y4b, Y4c).
     */
    static Check network(Map<String, String> results, String hostNs, boolean sharedByDesign, String where) {
        String evidence = "an offline command's network namespace " + results.get("netns") + ", the host's " + hostNs
                + "; an abstract socket bound there: " + results.get("abstract") + where;
        if (sharedByDesign) {
            return Check.skip(NETWORK, NETWORK_TITLE, "not covered: this instance lets the offline account reach loopback"
                    + " TCP ports (a local proxy), so offline sessions stay in the host's network namespace to reach them,"
                    + " where their socket names and listening ports are listed to local users, who may connect to them: "
                    + evidence, "If no session needs the proxy, run `cordon setup` without --allow-loopback-port, then"
                    + " `cordon doctor` again.");
        }
        if (results.get("netns") != null && !hostNs.equals(results.get("netns"))) {
            return Check.pass(NETWORK, NETWORK_TITLE, "a namespace of its own: " + evidence);
        }
        return Check.fail(NETWORK, NETWORK_TITLE, "the offline session shares the host's network namespace: " + evidence,
                "An offline command's socket names and listening ports are then listed in every session's /proc/net,"
                        + " and local users outside any session can connect to it (review finding Y4): its names can carry"
                        + " data out. Cordon makes the namespace with its mount helper (cordon-mounts, or unshare from"
                        + " util-linux where that is missing); check that `unshare --net true` works as root, then run"
                        + " `cordon doctor` again, or report it with `cordon doctor --bundle`.");
    }

    /**
     * Passes when a command of the session cannot see the host's own process ({@code hostPid}, outside every session) in
     * its {@code /proc}: the runner and its commands live in a pid namespace of their own (R46), so other sessions'
     * processes, the waiting spare and their command lines are out of sight too.
     */
    static Check processes(Map<String, String> results, Long runnerPid, String seen, String hostPid, String where) {
        String evidence = results.get("visible") + " processes visible (" + results.get("pids") + "), the runner "
                + seen + ", the probe " + results.get("self") + "; the host's own process " + hostPid + ": "
                + results.get("host") + where;
        if ("ENOENT".equals(results.get("host"))) {
            return Check.pass(PROCESSES, PROCESSES_TITLE, "only the session's own: " + evidence);
        }
        boolean namespaced = !seen.equals(String.valueOf(runnerPid));
        String risk = "A command sees every process of the machine and its command line (a token passed as an argument "
                + "is readable by every session of the same sandbox account; review finding R46). ";
        return Check.fail(PROCESSES, PROCESSES_TITLE, "the host's process is visible: " + evidence, namespaced
                ? risk + "The runner is in a pid namespace of its own, yet its commands see the host's processes: its "
                        + "/proc is not that namespace's. Report this with `cordon doctor --bundle`."
                : risk + "The runner has no pid namespace of its own (it is " + seen + " to its commands, as to the host): "
                        + "Cordon makes one with its compiled mount helper, cordon-mounts (built with gcc when Cordon is "
                        + "built), and the shell fallback it uses when that is missing makes none. Install a Cordon build "
                        + "that has cordon-mounts (or build it where gcc is installed), then run `cordon doctor` again.");
    }

    /**
     * What to do when a command may signal its runner. A command gets a Landlock domain of its own from the native
     * spawn, and on the portable path from cordon-exec (R33), both only where the kernel has Landlock's signal scope
     * (ABI 6). The spawn method says which path runs and, on the portable one, whether cordon-exec is used and why not.
     */
    static String runnerSignalsFix(String spawn) {
        String holds = "the host itself still enforces each command's timeout and the kill on disconnect, and fails a "
                + "runner that stops answering, so a command can stop or kill only its own session's runner";
        if (spawn != null && spawn.startsWith("processbuilder")) {
            String why = spawn.contains("(") ? " " + spawn.substring(spawn.indexOf('(')).trim() : "";
            if (spawn.startsWith("processbuilder+cgroup-move+cordon-exec")) {
                return "Commands here are started by the portable spawn path" + why + " through cordon-exec, which "
                        + "gives each its own Landlock domain with the signal scope before it runs (review finding R33), "
                        + "yet a command could signal its runner: report this with `cordon doctor --bundle`. Until then "
                        + holds + ".";
            }
            return "Commands here are started by the portable spawn path" + why + " without cordon-exec, the helper "
                    + "that gives each command a Landlock domain of its own on that path (review finding R33): it needs "
                    + "Landlock's signal scope (ABI 6, kernel >= 6.12) and a Cordon build that has cordon-exec (built "
                    + "with gcc); update the kernel, or install such a build. Until then " + holds + ".";
        }
        return "Each command needs a Landlock domain of its own with the signal scope (Landlock ABI 6, kernel >= 6.12), "
                + "made by the native spawn (libcordonspawn): update the kernel or Cordon. Until then " + holds + ".";
    }

    /** Runs {@code program} with python3 in the session and returns its {@code name result} lines. */
    private static Map<String, String> run(SessionManager sessions, SessionInfo session, String program, String... args)
            throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of(ChannelAttacks.PYTHON, "-c", program));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandExit exit = sessions.exec(session.id(), argv, Map.of(), COMMAND_TIMEOUT, new CommandListener() {
            @Override
            public void started(long pid) {
            }

            @Override
            public synchronized void output(int fd, byte[] data) {
                (fd == 1 ? out : err).writeBytes(data);
            }

            @Override
            public void exited(CommandExit e) {
            }
        }).await();
        if (exit.code() != 0) {
            throw new CordonException(dev.cordon.core.ExitCode.INTERNAL, "a probe program ended with code " + exit.code()
                    + (exit.error() == null ? "" : " (" + exit.error() + ")") + ": "
                    + err.toString(StandardCharsets.UTF_8).strip(), null);
        }
        return ChannelAttacks.results(out.toString(StandardCharsets.UTF_8));
    }

    /** The IPC program run by the host itself, as root, in the host's IPC namespace. */
    static Map<String, String> hostIpc(String mode, String key, String name) {
        Exec.Result r = Exec.run(List.of(ChannelAttacks.PYTHON, "-c", ChannelAttacks.IPC, mode, key, name));
        if (!r.ok()) {
            throw new CordonException(dev.cordon.core.ExitCode.INTERNAL, "The host's IPC probe (" + mode + ") failed: "
                    + r.stderr().strip(), "Check that python3 runs as root.");
        }
        return ChannelAttacks.results(r.stdout());
    }
}
