package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerLauncher;
import dev.cordon.platform.RunnerSetup;
import dev.cordon.platform.linux.cgroup.CommandCgroup;
import dev.cordon.platform.linux.cgroup.SessionCgroup;
import dev.cordon.platform.linux.confine.LandlockRules;
import dev.cordon.platform.linux.mount.MountAliases;
import dev.cordon.platform.linux.mount.MountOp;
import dev.cordon.platform.linux.mount.PrivateMounts;
import dev.cordon.platform.linux.mount.SocketIsolation;
import dev.cordon.platform.linux.sys.MountInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Linux: the runner enters the session's cgroup before its first instruction ({@link SessionCgroup#commandEntering}),
 * then, as root, a private mount namespace gets the setup's mount operations ({@link PrivateMounts}), and {@code
 * setpriv} becomes the account (its groups only those of the launch, the parent-death signal set) and execs the runner:
 * {@code sh (cgroup) → [setsid] → unshare + mount script → setpriv → runner}. With the compiled {@code cordon-mounts}
 * the runner lives in a pid namespace of its own too (R46: {@code cordon-mounts --pid}, its init between the started
 * process and the runner): {@link NamespacedRunner} names it by its host pid.
 */
public final class LinuxRunnerLauncher implements RunnerLauncher {
    /**
     * Runners are started from this one long-lived thread: the kernel's parent-death signal fires when the thread that
     * forked a process exits, so spawning from a short-lived thread would kill the runner with it.
     */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "runner-launcher");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Process launch(RunnerLaunch launch) {
        return start(launch, command(launch));
    }

    /** Where the mount operations can be made into a waiting runner's namespace: the compiled cordon-mounts. */
    @Override
    public boolean launchesAhead() {
        return PrivateMounts.canEnter();
    }

    /** {@link #launch} with no mount operation: {@code [setsid] cordon-mounts [--ipc] -- setpriv … -- runner}. */
    @Override
    public Process launchAhead(RunnerLaunch launch) {
        if (!launchesAhead()) {
            throw new UnsupportedOperationException("cordon-mounts is not available: no runner is started ahead");
        }
        Plan plan = plan(launch);
        return start(launch, command(launch, plan, List.of()));
    }

    /**
     * {@code cordon-mounts --enter PID CGROUP_PROCS [--ipc] OPS…}: the launch's mount operations (its socket isolation
     * planned now), made in the waiting runner's namespaces by a single-threaded root process that joins them. The
     * runner must be the one process of the launch's cgroup (nothing else lives there before its hello), listed in
     * its own leaf of it (which it moved into before it said it waits, as every runner named its cgroup does), and be
     * started by {@link #launchAhead} with the same namespaces.
     */
    @Override
    public void completeAhead(Process runner, RunnerLaunch launch) {
        if (!(launch.container() instanceof SessionCgroup cgroup)) {
            throw new IllegalArgumentException("a Linux runner launches into a session cgroup, not " + launch.container());
        }
        // the runner moved itself into its own leaf of the session cgroup before it said it waits (RunnerMain)
        Path procs = cgroup.delegatedDirectory().map(d -> d.resolve(CommandCgroup.runnerLeafName(runner.pid()))
                .resolve("cgroup.procs")).orElseThrow(() ->
                new IllegalStateException("a session cgroup without its own directory cannot hold a runner started ahead"));
        Plan plan = plan(launch);
        List<String> argv = PrivateMounts.enterCommand(runner.pid(), procs, plan.ops(), plan.privateIpc()).orElseThrow(() ->
                new UnsupportedOperationException("cordon-mounts is not available: no runner is started ahead"));
        Exec.Result r = Exec.run(argv);
        if (r.exitCode() != 0) {
            throw new CordonException(ExitCode.INTERNAL, "Could not set up the prepared runner's mounts (exit status "
                    + r.exitCode() + "): " + r.stderr().strip(), "Run `cordon doctor`; `cordon serve --no-spare-runner`"
                    + " starts every runner when its session starts.");
        }
    }

    /**
     * Each mount of this process's mount namespace by id and mount point, sorted, but the sessions' scratch spaces
     * ({@link ScratchMounts#SOURCE}): those come and go with every session, and a runner's namespace may hold some of
     * other sessions' either way (read-only, in the hidden state directory, detached when their directory goes). A
     * mount id is never reused while the mount exists, so an equal text means no file system was mounted or taken off
     * in between.
     */
    @Override
    public String hostView() {
        List<String> mounts = new ArrayList<>();
        try {
            // bytes, one char each (R62): compared, never decoded, so no name can make it unreadable
            for (String line : Files.readString(MountInfo.SELF, StandardCharsets.ISO_8859_1).split("\n")) {
                String[] fields = line.split(" ");
                int dash = line.indexOf(" - ");
                String[] after = dash < 0 ? new String[0] : line.substring(dash + 3).split(" ");
                if (fields.length > 4 && !(after.length > 1 && after[1].equals(ScratchMounts.SOURCE))) {
                    mounts.add(fields[0] + " " + fields[4]);
                }
            }
        } catch (IOException e) {
            return "unreadable " + System.nanoTime(); // never equal: no runner started ahead is used
        }
        mounts.sort(null);
        return String.join("\n", mounts);
    }

    /**
     * From this namespace's {@code /proc/self/mountinfo} ({@link MountAliases}), each place taken at its real path as
     * far as it exists (as the runner's Landlock rules take it) and named back as given.
     */
    @Override
    public Map<Path, Path> otherPathsTo(Collection<Path> places) {
        Map<Path, Path> given = new LinkedHashMap<>();
        places.forEach(p -> given.putIfAbsent(LandlockRules.canonical(p), p));
        Map<Path, Path> out = new LinkedHashMap<>();
        MountAliases.of(given.keySet(), MountInfo.current()).forEach((at, path) -> out.put(at, given.get(path)));
        return out;
    }

    /** From this namespace's {@code /proc/self/mountinfo} ({@link MountAliases#servingByPath}). */
    @Override
    public Map<Path, String> servingByPath() {
        return MountAliases.servingByPath(MountInfo.current());
    }

    private Process start(RunnerLaunch launch, List<String> command) {
        if (!(launch.container() instanceof SessionCgroup cgroup)) {
            throw new IllegalArgumentException("a Linux runner launches into a session cgroup, not " + launch.container());
        }
        cgroup.delegateTo(PosixIds.uid(launch.account()), PosixIds.gid(launch.account()));
        List<String> argv = cgroup.commandEntering(command);
        Future<Process> started = LAUNCHER.submit(() -> {
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(launch.environment());
            return pb.start();
        });
        try {
            return privateProcesses(launch) && PrivateMounts.pidNamespaces() ? new NamespacedRunner(started.get())
                    : started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CordonException.internal("Interrupted while starting the runner", e);
        } catch (ExecutionException e) {
            throw new CordonException(ExitCode.UNAVAILABLE, "Cannot start the session runner: " + e.getCause().getMessage(),
                    "Check that setpriv (util-linux) and unshare are installed.", e.getCause());
        }
    }

    /**
     * The command line inside the cgroup: {@code [setsid] unshare … sh -c SCRIPT cordon-mounts OPS… -- setpriv … --
     * COMMAND…}. Plans the socket isolation now (the sockets bound at this moment) and makes its staging points.
     */
    static List<String> command(RunnerLaunch launch) {
        Plan plan = plan(launch);
        return command(launch, plan, plan.ops());
    }

    /**
     * The setup's mount operations in order, and whether it asks for a new IPC namespace, a new pid namespace and a new
     * session.
     */
    record Plan(List<MountOp> ops, boolean privateIpc, boolean privateProcesses, boolean privateNetwork, boolean newSession) {
    }

    private static boolean privateProcesses(RunnerLaunch launch) {
        return launch.setup().stream().anyMatch(RunnerSetup.PrivateProcesses.class::isInstance);
    }

    private static List<String> command(RunnerLaunch launch, Plan plan, List<MountOp> ops) {
        List<String> cmd = new ArrayList<>();
        if (plan.newSession()) {
            cmd.add(Exec.require("setsid", "util-linux").toString()); // no controlling terminal (TIOCSTI, /dev/tty)
        }
        // a pid namespace of its own (R46): the runner's commands see only the session's processes
        cmd.addAll(PrivateMounts.command(ops, plan.privateIpc(), plan.privateProcesses(), plan.privateNetwork(),
                asAccount(launch)));
        return cmd;
    }

    private static Plan plan(RunnerLaunch launch) {
        List<MountOp> ops = new ArrayList<>();
        boolean privateIpc = false;
        boolean privateProcesses = false;
        boolean privateNetwork = false;
        boolean newSession = false;
        for (RunnerSetup step : launch.setup()) {
            if (step instanceof RunnerSetup.Cover cover) {
                ops.addAll(MountAliases.covers(cover.paths())); // first: a shared directory hidden later may hold some
            } else if (step instanceof RunnerSetup.IsolateLocalSockets isolate) {
                ops.addAll(socketIsolation(isolate));
            } else if (step instanceof RunnerSetup.ReadOnlyEverything) {
                ops.add(MountOp.readOnlyEverything());
            } else if (step instanceof RunnerSetup.Writable w) {
                ops.add(MountOp.writable(w.path()));
            } else if (step instanceof RunnerSetup.ReadOnly ro) {
                ops.add(ro.directory() ? MountOp.readOnlyDir(ro.path()) : MountOp.readOnlyFile(ro.path()));
            } else if (step instanceof RunnerSetup.PrivateIpc) {
                privateIpc = true; // a new IPC namespace, with its own POSIX queues where the host has them mounted
                ops.add(MountOp.freshMqueue(Path.of("/dev/mqueue")));
            } else if (step instanceof RunnerSetup.PrivateProcesses) {
                privateProcesses = true; // made by the compiled cordon-mounts only (PrivateMounts.pidNamespaces)
            } else if (step instanceof RunnerSetup.PrivateNetwork) {
                privateNetwork = true;
            } else if (step instanceof RunnerSetup.NoControllingTerminal) {
                newSession = true;
            } else {
                throw new IllegalArgumentException("unknown runner setup step " + step);
            }
        }
        return new Plan(ops, privateIpc, privateProcesses, privateNetwork, newSession);
    }

    /** {@code setpriv} to the account: its uid and gid, only the launch's extra groups, TERM when the host dies. */
    static List<String> asAccount(RunnerLaunch launch) {
        List<String> cmd = new ArrayList<>(List.of(Exec.require("setpriv", "util-linux").toString(),
                "--reuid=" + PosixIds.uid(launch.account()), "--regid=" + PosixIds.gid(launch.account())));
        cmd.add(launch.extraGroups().isEmpty() ? "--clear-groups" : "--groups="
                + launch.extraGroups().stream().map(g -> Integer.toString(PosixIds.gid(g))).collect(Collectors.joining(",")));
        cmd.addAll(List.of("--pdeathsig=TERM", "--"));
        cmd.addAll(launch.command());
        return cmd;
    }

    /**
     * The mount operations that keep the runner and its commands away from pathname Unix sockets outside the session
     * ({@link SocketIsolation}), planned anew at every runner start: a network switch also covers the sockets bound
     * since the session started. Its staging points are made here, in the session's root-only directory.
     */
    private static List<MountOp> socketIsolation(RunnerSetup.IsolateLocalSockets isolate) {
        Path stageRoot = isolate.stagingDir();
        List<Path> keep = new ArrayList<>(SocketIsolation.NAME_SERVICE_FILES);
        keep.addAll(isolate.keep());
        UnixSocketTable.Bound bound = UnixSocketTable.bound();
        SocketIsolation.Plan plan = SocketIsolation.plan(new SocketIsolation.Layout(SocketIsolation.SHARED_DIRS,
                isolate.sessionRoots(), isolate.allowedSockets(), keep, bound.paths(), stageRoot, bound.undecodable()));
        try {
            Files.createDirectories(stageRoot);
            Files.setPosixFilePermissions(stageRoot, PosixFilePermissions.fromString("rwx------"));
            for (Path p : plan.stagingPoints()) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the runner's staging directories in " + stageRoot + ": "
                    + e.getMessage(), e);
        }
        return plan.ops();
    }

    /**
     * The JDK reports a process killed by signal N as status 128+N; the wrappers before the runner's own code exit
     * with their own statuses: 125 (entering the session cgroup) and 90 (the mount operations).
     */
    @Override
    public String describeExit(int status) {
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            return "it was killed by signal " + signal + signalName(signal) + " (exit status " + status + ")";
        }
        return switch (status) {
            case 125 -> "it exited with status 125: it could not enter the session's cgroup";
            case 90 -> "it exited with status 90: one of the mounts of its private namespace failed (a root or socket"
                    + " of the session reached through a symlink since the session was planned, or a bind of .git, .codex"
                    + " or .agents read-only, or another path to a place the session may not read that could not be"
                    + " covered; its stderr names the operation)";
            default -> "it exited with status " + status;
        };
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }

    /**
     * A command's pid as its runner reported it (in the runner's pid namespace, R46) in the host's: the runner's child
     * of that pid there; 0 when it already ended (there is nothing of it left to name). Unchanged for a runner without
     * a pid namespace of its own.
     */
    @Override
    public long hostPid(Process runner, long pidInRunner) {
        if (!(runner instanceof NamespacedRunner)) {
            return pidInRunner;
        }
        return NamespacedRunner.hostPid(runner.pid(), pidInRunner).orElse(0);
    }

    /**
     * From {@code /proc/<pid>/mountinfo} of the runner itself (in a pid namespace of its own: the init's child), which
     * lists its mount namespace's mounts at their points as the runner sees them. A mount point whose name is not a
     * faithful path is left out (no protected path is such a name). Empty once the runner ended; a runner whose mount
     * table cannot be read is an error (the caller must not take "cannot tell" for "nothing mounted").
     */
    @Override
    public java.util.Optional<java.util.Set<Path>> mountPoints(Process runner) {
        long pid = hostPid(runner, pidSeenByCommands(runner));
        if (pid <= 0 || !runner.isAlive()) {
            return java.util.Optional.empty();
        }
        String own = mountNamespace(ProcessHandle.current().pid());
        if (own != null && own.equals(mountNamespace(pid))) {
            // a wrapper that forked before the namespace was made: its child in the runner's namespace
            pid = runner.toHandle().descendants().mapToLong(ProcessHandle::pid)
                    .filter(p -> !own.equals(Objects.requireNonNullElse(mountNamespace(p), own)))
                    .findFirst().orElseThrow(() -> CordonException.internal("Cannot find the mount namespace of the session"
                            + " runner " + runner.pid() + ": it and its processes share the host's.", null));
        }
        Path table = Path.of("/proc", Long.toString(pid), "mountinfo");
        List<MountInfo> mounts;
        try {
            mounts = MountInfo.read(table);
        } catch (IOException e) {
            if (!runner.isAlive()) {
                return java.util.Optional.empty();
            }
            throw CordonException.internal("Cannot read the session runner's mount table " + table + ": " + e.getMessage(), e);
        }
        java.util.Set<Path> points = new java.util.HashSet<>();
        mounts.stream().filter(MountInfo::faithful).forEach(m -> points.add(m.mountPoint()));
        return java.util.Optional.of(points);
    }

    /** The {@code mnt:[…]} identity of {@code pid}'s mount namespace, or null when it cannot be read (it ended). */
    private static String mountNamespace(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** In a pid namespace of its own the runner is the init's first child: 2 there. */
    @Override
    public long pidSeenByCommands(Process runner) {
        return runner instanceof NamespacedRunner ? NamespacedRunner.RUNNER_IN_NAMESPACE : runner.pid();
    }

    @Override
    public Path allowedSocket(Path given) {
        return SocketIsolation.allowedSocket(given);
    }
}
