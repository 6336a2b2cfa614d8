package dev.cordon.platform.linux.spawn;

import dev.cordon.core.CordonException;
import dev.cordon.platform.CommandConfinement;
import dev.cordon.platform.ConfinedCommands;
import dev.cordon.platform.PreparedContainer;
import dev.cordon.platform.linux.cgroup.CommandCgroup;
import dev.cordon.platform.linux.confine.ConfinedLauncher;
import dev.cordon.platform.linux.confine.ConfinedWorkers;
import dev.cordon.platform.linux.confine.LandlockAccess;
import dev.cordon.platform.linux.confine.LandlockPolicy;
import dev.cordon.platform.linux.confine.NoCoreDumps;
import dev.cordon.platform.linux.confine.SeccompFilter;
import dev.cordon.platform.linux.confine.SessionKeyring;
import dev.cordon.platform.linux.confine.Undumpable;
import dev.cordon.platform.linux.sys.LinuxLibc;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runner's commands on Linux: each in its own cgroup inside the session's, started from threads confined with
 * no_new_privs + Landlock + seccomp ({@link ConfinedWorkers}). Two ways, chosen once when the runner starts:
 * <ul>
 *   <li>native ({@link PolledProcess}): the child is started straight into a cgroup prepared ahead of time (clone3
 *   with CLONE_INTO_CGROUP) and its whole life runs on the worker that started it;</li>
 *   <li>portable ({@link JdkProcess}): where the native spawn is unavailable (not x86_64, no library, an older
 *   kernel, {@code -Dcordon.runner.spawn=jdk}) the runner moves itself into the command's cgroup for a
 *   {@code ProcessBuilder} spawn and back out.</li>
 * </ul>
 */
public final class LinuxConfinedCommands implements ConfinedCommands {
    /** {@code -Dcordon.runner.spawn=jdk} forces the portable path (tests keep it working; support can compare). */
    static final String SPAWN_PROPERTY = "cordon.runner.spawn";
    /** The staged cordon-exec (set by the host, {@code RuntimeStage}): the portable path starts commands through it. */
    static final String EXEC_HELPER_PROPERTY = "cordon.runner.execHelper";
    /** Classes a session uses later than start-up; loaded, not initialized (some start threads when initialized). */
    private static final List<String> LATER = List.of(
            LinuxConfinedCommands.class.getName(), NativeStart.class.getName(), NativeStart.class.getName() + "$1",
            PolledProcess.class.getName(),
            JdkProcess.class.getName(), JdkProcess.class.getName() + "$Chunk",
            CommandCgroup.class.getName(), "dev.cordon.platform.linux.confine.ConfinedWorkers",
            "dev.cordon.platform.linux.confine.LandlockRules", "dev.cordon.platform.linux.confine.LandlockPolicy",
            "dev.cordon.platform.linux.confine.SeccompFilter", "dev.cordon.platform.linux.confine.Landlock",
            "dev.cordon.platform.linux.confine.LinuxSyscalls", "dev.cordon.platform.linux.spawn.SpawnedCommand",
            "dev.cordon.platform.linux.spawn.SpawnFailure", "dev.cordon.platform.linux.sys.OwnedFd",
            "dev.cordon.platform.linux.sys.Pidfd", "dev.cordon.platform.linux.sys.LinuxLibc",
            "dev.cordon.platform.ConfinedProcess$Output", "dev.cordon.platform.ConfinedProcess$OutputEnd",
            "dev.cordon.platform.ConfinedProcess$Exit");

    private final Path container;
    /** Where the runner itself lives: a fresh leaf of the session cgroup (see {@link #enterOwnLeaf}). */
    private final Path runnerLeaf;
    private final Object moveLock = new Object();
    private final AtomicLong sequence;
    private final ConfinedWorkers workers;
    /** Stacked by each natively spawned child before exec (clone3 refused), or null. */
    private final SeccompFilter childFilter;
    /**
     * The Landlock scopes of the domain each natively spawned child enters before exec, nested in its worker's (0 when
     * the kernel has no scoping, ABI &lt; 6): the runner's confined threads (the frame thread, the workers) then sit
     * outside every command's domain, so no command can signal them (R28: a SIGSTOP to the frame thread stopped the
     * runner) or reach their abstract sockets.
     */
    private final long childScopes;
    /**
     * On the portable path where the kernel has Landlock's scoping (ABI 6+): cordon-exec, which each ProcessBuilder
     * child runs first, to enter a domain of its own (the same scopes as {@link #childScopes}) before it execs the
     * command (R33: the child otherwise shares its worker's domain with the runner's other confined threads). Null on
     * the native path, without scoping (as the native spawn then), or where the host staged no helper.
     */
    private final Path execHelper;
    /**
     * What cordon-exec's environment calls each of the command's variables (cordon_exec.c): the command gets them back
     * under their own names in cordon-exec's execve, so none is a loader's or libc's before the command's domain.
     */
    static final String EXEC_HELPER_ENV_PREFIX = "CORDON_EXEC_ENV_";
    /** On the portable path without {@link #execHelper}: why (no signal scope, none staged); else empty. */
    private final String noHelperBecause;
    /** Why no command can start: confinement is unavailable (no Landlock, unknown architecture). */
    private final CordonException workersUnavailable;
    /** Why commands go the portable way; empty on the native path. */
    private final Optional<String> portableBecause;
    /** Removes finished commands' cgroups: started now, from this unconfined thread, so it may. */
    private final ThreadPoolExecutor cleanup;
    /** Unconfined threads of the portable path (pumps, exit waits, each command's follower); none on the native. */
    private final ExecutorService io = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runner-io");
        t.setDaemon(true);
        return t;
    });
    /**
     * The next native command's cgroup, made while nothing waits for it: by the cleanup thread after a command's exit
     * report, not beside a spawn (a cgroup mkdir and a clone3 into a cgroup take the same kernel lock).
     */
    private final AtomicReference<CommandCgroup> spare = new AtomicReference<>();
    /** The confined thread that runs the frame loop and spawns in place (native path), once it runs. */
    private volatile Thread spawnThread;
    /** Makes a command cgroup when none is ready and the confined frame thread needs one: unconfined, started now. */
    private final ThreadPoolExecutor maker;

    /** Applies the runner's own protections, then prepares the spawn path and the confined workers. */
    public static LinuxConfinedCommands create(CommandConfinement confinement) throws IOException {
        return create(confinement, null);
    }

    /**
     * As {@link #create(CommandConfinement)}, with the cgroup part {@code prepared} before the runner's hello when it
     * is the hello's (null, or made for no cgroup: it is made now, after the runner's own protections, as it always was).
     *
     * @throws IOException also when {@code prepared} was made for another cgroup than the hello names
     */
    public static LinuxConfinedCommands create(CommandConfinement confinement, PreparedContainer prepared)
            throws IOException {
        Prepared ahead = prepared instanceof Prepared p && p.container != null ? p : null;
        if (ahead != null && !ahead.container.equals(confinement.container())) {
            throw new IOException("the runner prepared the cgroup " + ahead.container + " but its hello names "
                    + confinement.container());
        }
        NoCoreDumps.apply(); // every command inherits it, on either spawn path (R44)
        if (confinement.privateMemory()) {
            Undumpable.apply(); // before any exec frame (commands' environments, secrets) reaches our memory
        }
        if (confinement.ownKeyring()) {
            SessionKeyring.joinFresh(); // before the workers exist: they, and the commands they start, inherit it
        }
        return new LinuxConfinedCommands(confinement, ahead != null ? ahead : prepare(confinement.container()));
    }

    /**
     * What a runner makes of its session's cgroup {@code container} (null: none) before it knows anything else of
     * its session, so that a runner started ahead of its session does it while it waits for its hello: its own leaf,
     * which it moves into, the threads that make and remove command cgroups, and the spawn path chosen and probed (on
     * the native path the probe's cgroup is kept for the first command). It depends on that cgroup alone, which is
     * the runner's own: nothing of any session's request (roots, hidden paths, guards) is in it. No thread is
     * confined and nothing is spawned but the probe's child, which exits at once.
     */
    public static Prepared prepare(Path container) throws IOException {
        return new Prepared(container);
    }

    /** See {@link #prepare}: handed to {@link #create(CommandConfinement, PreparedContainer)}, which takes it over. */
    public static final class Prepared implements PreparedContainer {
        private final Path container;
        private final Path runnerLeaf;
        private final ThreadPoolExecutor cleanup;
        private final ThreadPoolExecutor maker;
        private final AtomicLong sequence = new AtomicLong();
        private final Optional<String> portableBecause;
        /** The probe's cgroup, kept for the first native command; null otherwise. */
        private final CommandCgroup first;

        private Prepared(Path container) throws IOException {
            this.container = container;
            this.runnerLeaf = container == null ? null : enterOwnLeaf(container);
            this.cleanup = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "runner-cgroup-cleanup");
                t.setDaemon(true);
                return t;
            });
            cleanup.prestartCoreThread();
            this.maker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "runner-cgroup-maker");
                t.setDaemon(true);
                return t;
            });
            maker.prestartCoreThread();
            CommandCgroup[] kept = {null};
            this.portableBecause = chooseSpawnPath(container, sequence, kept);
            this.first = kept[0];
        }

        @Override
        public Path container() {
            return container;
        }
    }

    /**
     * Initializes what the spawn and confinement paths probe, without confining, spawning or touching any cgroup;
     * returns the classes they use later, for the caller to load (not initialize).
     */
    public static List<String> preload() {
        CgroupSpawner.unavailableReason();
        try {
            ConfinedLauncher.landlockAbi();
        } catch (CordonException noLandlock) {
            // the runner reports that to each command; the classes are loaded either way
        }
        return LATER;
    }

    private LinuxConfinedCommands(CommandConfinement confinement, Prepared prepared) {
        this.container = prepared.container;
        this.runnerLeaf = prepared.runnerLeaf;
        this.cleanup = prepared.cleanup;
        this.maker = prepared.maker;
        this.sequence = prepared.sequence;
        this.portableBecause = prepared.portableBecause;
        spare.set(prepared.first);
        ConfinedWorkers w = null;
        SeccompFilter childOnly = null;
        long scopes = 0;
        Path helper = null;
        String noHelper = "";
        CordonException unavailable = null;
        try {
            SeccompFilter.Arch arch = SeccompFilter.Arch.current();
            Set<SeccompFilter.Refusal> refusals = refusals(confinement.refusals());
            // the native spawn needs clone3 on the worker; its children then refuse it themselves before exec
            boolean nativeSpawn = portableBecause.isEmpty();
            boolean childRefusesClone3 = nativeSpawn && refusals.contains(SeccompFilter.Refusal.NAMESPACES);
            childOnly = childRefusesClone3 ? SeccompFilter.clone3Refusal(arch) : null;
            long abiScopes = LandlockAccess.scopedForAbi(ConfinedLauncher.landlockAbi());
            scopes = nativeSpawn ? abiScopes : 0;
            helper = nativeSpawn || abiScopes == 0 ? null : execHelper();
            if (!nativeSpawn && helper == null) {
                noHelper = abiScopes == 0 ? "no cordon-exec: Landlock ABI " + ConfinedLauncher.landlockAbi()
                        + " has no signal scope" : "no cordon-exec: the host staged none";
            }
            w = new ConfinedWorkers(new LandlockPolicy(confinement.writable(), confinement.hidden(), confinement.socketDirs(),
                    helper == null ? List.of() : List.of(helper)), SeccompFilter.forSpawner(arch, refusals, nativeSpawn));
        } catch (CordonException e) {
            unavailable = e;
        }
        this.workers = w;
        this.childFilter = childOnly;
        this.childScopes = scopes;
        this.execHelper = helper;
        this.noHelperBecause = noHelper;
        this.workersUnavailable = unavailable;
    }

    /** The staged exec helper the host named, if it is a file; null otherwise (the portable path then starts as before). */
    private static Path execHelper() {
        String named = System.getProperty(EXEC_HELPER_PROPERTY);
        if (named == null || named.isBlank()) {
            return null;
        }
        Path p = Path.of(named);
        if (!p.isAbsolute() || !Files.isRegularFile(p)) {
            System.err.println("cordon-runner: no exec helper at " + named + "; commands share their worker's Landlock domain");
            return null;
        }
        return p;
    }

    /** What the commands' seccomp filter refuses. */
    static Set<SeccompFilter.Refusal> refusals(Set<CommandConfinement.Refusal> refusals) {
        Set<SeccompFilter.Refusal> out = EnumSet.noneOf(SeccompFilter.Refusal.class);
        for (CommandConfinement.Refusal r : refusals) {
            out.add(switch (r) {
                case TERMINAL_INJECTION -> SeccompFilter.Refusal.TERMINAL_INJECTION;
                case KEYRINGS -> SeccompFilter.Refusal.KEYRINGS;
                case NAMESPACES -> SeccompFilter.Refusal.NAMESPACES;
            });
        }
        return out;
    }

    /** Why commands go the portable way (empty: the native); on the native path the probe's cgroup in {@code kept}. */
    private static Optional<String> chooseSpawnPath(Path container, AtomicLong sequence, CommandCgroup[] kept)
            throws IOException {
        if ("jdk".equals(System.getProperty(SPAWN_PROPERTY))) {
            return Optional.of("-D" + SPAWN_PROPERTY + "=jdk");
        }
        if (container == null) {
            return Optional.of("the session has no cgroup v2 directory");
        }
        if (!Files.exists(container.resolve("cgroup.kill"))) {
            return Optional.of("the kernel has no cgroup.kill (before 5.14)");
        }
        Optional<String> unavailable = CgroupSpawner.unavailableReason();
        if (unavailable.isPresent()) {
            return unavailable;
        }
        CommandCgroup first = CommandCgroup.createOpen(container, "cmd-" + sequence.incrementAndGet());
        Optional<String> refused = CgroupSpawner.probe(first.dirFd().number());
        if (refused.isPresent()) {
            try {
                first.remove();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            kept[0] = first;
        }
        return refused;
    }

    @Override
    public int confinementAbi() {
        return ConfinedLauncher.landlockAbi();
    }

    @Override
    public String method() {
        return portableBecause.map(why -> "processbuilder+cgroup-move" + (execHelper == null ? "" : "+cordon-exec")
                + " (" + why + (noHelperBecause.isEmpty() ? "" : "; " + noHelperBecause) + ")").orElse("clone3-into-cgroup");
    }

    @Override
    public void start(List<String> argv, Path cwd, Map<String, String> env, Lifecycle lifecycle) {
        if (workers == null) {
            lifecycle.notStarted(126, workersUnavailable.getMessage()
                    + (workersUnavailable.fix() == null ? "" : " Fix: " + workersUnavailable.fix()));
        } else if (portableBecause.isEmpty()) {
            startNative(argv, cwd, env, lifecycle);
        } else {
            startPortable(argv, cwd, env, lifecycle);
        }
    }

    /**
     * On the native path the frame loop runs on a confined thread of its own (confined as the workers are, by the
     * same policy and filter), which then spawns each command in place: the spawn no longer waits for a worker to
     * wake, and only the command's following is handed to a worker. Elsewhere, and if that thread cannot be confined,
     * the loop runs on the caller's thread and every spawn goes to a worker, as before.
     */
    @Override
    public <T> T serveFrames(Callable<T> loop) throws Exception {
        if (workers == null || portableBecause.isPresent()) {
            return loop.call();
        }
        boolean[] entered = {false};
        try {
            return workers.callConfined("runner-frames", () -> {
                entered[0] = true;
                spawnThread = Thread.currentThread();
                return loop.call();
            });
        } catch (RuntimeException notConfined) {
            if (entered[0]) {
                throw notConfined; // the loop's own failure
            }
            System.err.println("cordon-runner: the frame thread could not be confined (" + notConfined.getMessage()
                    + "); spawning from the workers");
            return loop.call();
        }
    }

    private void startNative(List<String> argv, Path cwd, Map<String, String> env, Lifecycle lifecycle) {
        CommandCgroup cgroup = spare.getAndSet(null);
        boolean inPlace = Thread.currentThread() == spawnThread;
        try {
            if (cgroup == null) {
                // commands sent faster than the cleanup thread prepares them; a confined thread may not mkdir
                cgroup = inPlace ? makeUnconfined() : nextCgroup();
            }
        } catch (IOException e) {
            lifecycle.notStarted(126, "Cannot create the command's cgroup: " + e.getMessage());
            return;
        }
        NativeStart start = new NativeStart(argv, cwd, env, cgroup, lifecycle);
        if (inPlace) {
            start.spawnHereFollowElsewhere();
        } else {
            workers.execute(start);
        }
    }

    /** A command cgroup made by the unconfined maker thread, for the confined frame thread (which waits for it). */
    private CommandCgroup makeUnconfined() throws IOException {
        try {
            return maker.submit(this::nextCgroup).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the command's cgroup was made", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** On the cleanup thread, after a command's end: the next native command's cgroup, unless one is ready. */
    private void prepareSpare() {
        if (portableBecause.isPresent() || spare.get() != null) {
            return;
        }
        try {
            CommandCgroup next = nextCgroup();
            if (!spare.compareAndSet(null, next)) {
                next.remove();
            }
        } catch (IOException e) {
            System.err.println("cordon-runner: cannot prepare the next command's cgroup (will retry): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On a confined worker: the spawn straight into the prepared cgroup, then the command's whole life. */
    private final class NativeStart implements ConfinedWorkers.Task {
        private final List<String> argv;
        private final Path cwd;
        private final Map<String, String> env;
        private final CommandCgroup cgroup;
        private final Lifecycle lifecycle;

        NativeStart(List<String> argv, Path cwd, Map<String, String> env, CommandCgroup cgroup, Lifecycle lifecycle) {
            this.argv = argv;
            this.cwd = cwd;
            this.env = env;
            this.cgroup = cgroup;
            this.lifecycle = lifecycle;
        }

        @Override
        public void run() {
            SpawnedCommand c = spawn();
            if (c != null) {
                follow(c);
            }
        }

        /** On the confined frame thread: the spawn here, the command's following on a worker. */
        void spawnHereFollowElsewhere() {
            SpawnedCommand c = spawn();
            if (c == null) {
                return;
            }
            workers.execute(new ConfinedWorkers.Task() {
                @Override
                public void run() {
                    follow(c);
                }

                @Override
                public void refused(RuntimeException why) {
                    // the command runs already, confined by the thread that spawned it: following it starts
                    // nothing, and it must be followed, killed if need be, and reported
                    follow(c);
                }
            });
        }

        /** The spawn straight into the prepared cgroup; null when it failed (reported). */
        private SpawnedCommand spawn() {
            try {
                return CgroupSpawner.start(argv, env, cwd, OptionalInt.of(cgroup.dirFd().number()), childFilter,
                        childScopes);
            } catch (IOException e) {
                notStarted(lifecycle, cgroup, startFailureCode(e), e.getMessage());
            } catch (RuntimeException e) {
                notStarted(lifecycle, cgroup, 126, "Starting the command failed: " + e.getMessage());
            }
            return null;
        }

        private void follow(SpawnedCommand c) {
            try {
                lifecycle.run(new PolledProcess(c, cgroup));
            } finally {
                removeLater(cgroup);
            }
        }

        @Override
        public void refused(RuntimeException why) {
            notStarted(lifecycle, cgroup, 126, why.getMessage());
        }
    }

    private CommandCgroup nextCgroup() throws IOException {
        return CommandCgroup.createOpen(container, "cmd-" + sequence.incrementAndGet());
    }

    private void startPortable(List<String> argv, Path cwd, Map<String, String> env, Lifecycle lifecycle) {
        CommandCgroup cgroup = null;
        Process process;
        try {
            if (container != null) {
                cgroup = CommandCgroup.create(container, "cmd-" + sequence.incrementAndGet());
            }
            process = startByMoving(argv, cwd, env, cgroup);
        } catch (IOException e) {
            notStarted(lifecycle, cgroup, startFailureCode(e), e.getMessage());
            return;
        } catch (CordonException e) {
            notStarted(lifecycle, cgroup, 126, e.getMessage() + (e.fix() == null ? "" : " Fix: " + e.fix()));
            return;
        }
        JdkProcess command = new JdkProcess(process, cgroup, io);
        CommandCgroup own = cgroup;
        io.execute(() -> {
            try {
                lifecycle.run(command);
            } finally {
                if (own != null) {
                    removeLater(own);
                }
            }
        });
    }

    /** The child is born inside the command's cgroup because the runner is there while it spawns. */
    private Process startByMoving(List<String> argv, Path cwd, Map<String, String> env, CommandCgroup cgroup)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(execHelper == null ? new ArrayList<>(argv) : throughHelper(argv, cwd));
        pb.directory(cwd.toFile());
        pb.environment().clear();
        if (execHelper == null) {
            pb.environment().putAll(env);
        } else {
            // renamed until cordon-exec's execve, after the command's own domain: a request's LD_PRELOAD, LD_AUDIT,
            // LD_LIBRARY_PATH would otherwise load the member's code into cordon-exec in the worker's domain (R36)
            env.forEach((name, value) -> pb.environment().put(EXEC_HELPER_ENV_PREFIX + name, value));
        }
        synchronized (moveLock) {
            if (cgroup != null) {
                cgroup.enterSelf();
            }
            try {
                return workers.start(pb);
            } finally {
                if (runnerLeaf != null) {
                    CommandCgroup.moveSelfTo(runnerLeaf);
                }
            }
        }
    }

    /**
     * {@code cordon-exec FILE ARGV…}, FILE found as the JDK finds a program (a name with a slash as it is, relative to
     * the command's directory; else the first regular executable file of that name in the runner's own PATH), so that
     * a command that cannot start is reported as not started with the JDK's error as before (127 when not found, 126
     * when not executable), not as a command that ran and exited.
     */
    private List<String> throughHelper(List<String> argv, Path cwd) throws IOException {
        String program = argv.get(0);
        String file = null;
        boolean denied = false;
        if (program.contains("/")) {
            Path p = cwd.resolve(program);
            if (Files.exists(p)) {
                file = program;
                denied = !Files.isExecutable(p) || Files.isDirectory(p);
            }
        } else {
            String path = System.getenv("PATH");
            for (String dir : (path == null ? "/bin:/usr/bin" : path).split(":", -1)) {
                Path p = dir.isEmpty() ? cwd.resolve(program) : cwd.resolve(dir).resolve(program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    file = p.toString();
                    denied = false;
                    break;
                }
                denied |= Files.exists(p);
            }
        }
        if (file == null || denied) {
            throw new IOException("Cannot run program \"" + program + "\" (in directory \"" + cwd + "\"): "
                    + (file == null && !denied ? "error=2, No such file or directory" : "error=13, Permission denied"));
        }
        List<String> out = new ArrayList<>(argv.size() + 2);
        out.add(execHelper.toString());
        out.add(file);
        out.addAll(argv);
        return out;
    }

    /**
     * Moves the runner into a cgroup of its own, {@code runner-<pid>} (its host pid), created now, and removes the empty leaves a
     * runner before it left (a network switch replaces the runner; the host has killed everything in the session). Why not stay in the session cgroup: once a cgroup has
     * been killed through {@code cgroup.kill} (as the host does on every switch), the kernel (seen on 6.18) SIGKILLs
     * every child its members start with {@code CLONE_INTO_CGROUP}, because it compares the kill counter of the parent's
     * cgroup with that of the fresh target. A leaf created after the kill has never been killed.
     */
    private static Path enterOwnLeaf(Path sessionDir) throws IOException {
        try (var leaves = Files.newDirectoryStream(sessionDir, p -> Files.isDirectory(p)
                && (p.getFileName().toString().startsWith("runner-") || p.getFileName().toString().startsWith("cmd-")))) {
            for (Path old : leaves) {
                try {
                    Files.delete(old);
                } catch (FileSystemException busy) {
                    System.err.println("cordon-runner: keeping " + old + ": " + busy.getReason());
                }
            }
        }
        Path leaf = CommandCgroup.create(sessionDir, CommandCgroup.runnerLeafName(CommandCgroup.runnerHostPid())).dir();
        CommandCgroup.moveSelfTo(leaf);
        return leaf;
    }

    /** 127: not found; 126: found but not executable, or the start failed otherwise (the shell's conventions). */
    static int startFailureCode(IOException e) {
        if (e instanceof SpawnFailure f) {
            return f.step() == SpawnFailure.Step.EXEC && f.errno() == LinuxLibc.ENOENT ? 127 : 126;
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("error=2,") || m.contains("No such file") ? 127 : 126;
    }

    /** Reports the command as never started, then has its cgroup (if any) removed. */
    private void notStarted(Lifecycle lifecycle, CommandCgroup cgroup, int code, String message) {
        try {
            lifecycle.notStarted(code, message);
        } finally {
            if (cgroup != null) {
                removeLater(cgroup);
            }
        }
    }

    /**
     * Has the cleanup thread remove the cgroup (it is empty, or its processes are killed first), then prepare the next
     * command's.
     */
    private void removeLater(CommandCgroup cgroup) {
        cleanup.execute(() -> {
            try {
                cgroup.remove();
            } catch (IOException e) {
                System.err.println("cordon-runner: cannot remove the cgroup " + cgroup.dir() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            prepareSpare();
        });
    }

    /** Kills the tree of every command this runner started (each lives in a cmd-N child of the session cgroup). */
    @Override
    public void killAll() {
        if (container == null) {
            return;
        }
        try (var children = Files.newDirectoryStream(container, "cmd-*")) {
            for (Path dir : children) {
                Path kill = dir.resolve("cgroup.kill");
                if (Files.exists(kill)) {
                    Files.writeString(kill, "1");
                }
            }
        } catch (IOException e) {
            System.err.println("cordon-runner: cannot kill the commands' cgroups: " + e);
        }
    }
}
