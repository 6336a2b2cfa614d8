package dev.cordon.runner;

import dev.cordon.core.CordonException;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.confine.ConfinedLauncher;
import dev.cordon.platform.linux.confine.ConfinedWorkers;
import dev.cordon.platform.linux.confine.LandlockPolicy;
import dev.cordon.platform.linux.confine.SeccompFilter;
import dev.cordon.platform.linux.spawn.CgroupSpawner;
import dev.cordon.platform.linux.spawn.SpawnFailure;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts one confined command per request, each in its own cgroup, on threads confined with no_new_privs + Landlock +
 * seccomp ({@link ConfinedWorkers}). Two ways, chosen once when the runner starts:
 * <ul>
 *   <li>native ({@link PolledCommand}): the child is started straight into a cgroup prepared ahead of time (clone3
 *   with CLONE_INTO_CGROUP) and its whole life runs on one worker;</li>
 *   <li>portable ({@link RunningCommand}): where the native spawn is unavailable (not x86_64, no library, an older
 *   kernel, {@code -Dcordon.runner.spawn=jdk}) the runner moves itself into the command's cgroup for a
 *   {@code ProcessBuilder} spawn and back out.</li>
 * </ul>
 * Only the runner's main thread calls {@link #start}.
 */
final class CommandSpawner {
    /** {@code -Dcordon.runner.spawn=jdk} forces the portable path (tests keep it working; support can compare). */
    static final String SPAWN_PROPERTY = "cordon.runner.spawn";

    private final RunnerConfig config;
    /** Where the runner itself lives: a fresh leaf of the session cgroup (see {@link #enterOwnLeaf}). */
    private final Path runnerLeaf;
    private final Object moveLock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    private final ConfinedWorkers workers;
    /** Stacked by each natively spawned child before exec (clone3 refused), or null. */
    private final SeccompFilter childFilter;
    /** Why no command can start: confinement is unavailable (no Landlock, unknown architecture). */
    private final CordonException workersUnavailable;
    /** Why commands go the portable way; empty on the native path. */
    private final Optional<String> portableBecause;
    /** Removes finished commands' cgroups: started now, from this unconfined thread, so it may. */
    private final ThreadPoolExecutor cleanup;
    /** The next native command's cgroup, made while nothing waits for it. */
    private CommandCgroup spare;

    CommandSpawner(RunnerConfig config) throws IOException {
        this.config = config;
        this.runnerLeaf = config.cgroupDir() == null ? null : enterOwnLeaf(config.cgroupDir());
        this.cleanup = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "runner-cgroup-cleanup");
            t.setDaemon(true);
            return t;
        });
        cleanup.prestartCoreThread();
        this.portableBecause = chooseSpawnPath();
        ConfinedWorkers w = null;
        SeccompFilter childOnly = null;
        CordonException unavailable = null;
        try {
            SeccompFilter.Arch arch = SeccompFilter.Arch.current();
            Set<SeccompFilter.Refusal> refusals = refusals(config.guards());
            // the native spawn needs clone3 on the worker; its children then refuse it themselves before exec
            boolean nativeSpawn = portableBecause.isEmpty();
            boolean childRefusesClone3 = nativeSpawn && refusals.contains(SeccompFilter.Refusal.NAMESPACES);
            childOnly = childRefusesClone3 ? SeccompFilter.clone3Refusal(arch) : null;
            w = new ConfinedWorkers(new LandlockPolicy(config.writable(), config.hidden()),
                    SeccompFilter.forSpawner(arch, refusals, nativeSpawn));
        } catch (CordonException e) {
            unavailable = e;
        }
        this.workers = w;
        this.childFilter = childOnly;
        this.workersUnavailable = unavailable;
    }

    /** What the commands' seccomp filter refuses, by the session's channel guards. */
    static Set<SeccompFilter.Refusal> refusals(Set<ChannelGuard> guards) {
        Set<SeccompFilter.Refusal> out = EnumSet.noneOf(SeccompFilter.Refusal.class);
        if (guards.contains(ChannelGuard.TERMINAL)) {
            out.add(SeccompFilter.Refusal.TERMINAL_INJECTION);
        }
        if (guards.contains(ChannelGuard.IPC)) {
            out.add(SeccompFilter.Refusal.KEYRINGS);
        }
        if (guards.contains(ChannelGuard.NAMESPACES)) {
            out.add(SeccompFilter.Refusal.NAMESPACES);
        }
        return out;
    }

    private Optional<String> chooseSpawnPath() throws IOException {
        if ("jdk".equals(System.getProperty(SPAWN_PROPERTY))) {
            return Optional.of("-D" + SPAWN_PROPERTY + "=jdk");
        }
        if (config.cgroupDir() == null) {
            return Optional.of("the session has no cgroup v2 directory");
        }
        if (!Files.exists(config.cgroupDir().resolve("cgroup.kill"))) {
            return Optional.of("the kernel has no cgroup.kill (before 5.14)");
        }
        Optional<String> unavailable = CgroupSpawner.unavailableReason();
        if (unavailable.isPresent()) {
            return unavailable;
        }
        spare = nextCgroup();
        Optional<String> refused = CgroupSpawner.probe(spare.dirFd().number());
        if (refused.isPresent()) {
            try {
                spare.remove();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spare = null;
        }
        return refused;
    }

    int landlockAbi() {
        return ConfinedLauncher.landlockAbi();
    }

    /** How commands are started, for the ready frame and diagnostics. */
    String spawnMethod() {
        return portableBecause.map(why -> "processbuilder+cgroup-move (" + why + ")").orElse("clone3-into-cgroup");
    }

    /**
     * Accepts the command: it is in {@code running} from before it can end until it has reported its exit; a failure
     * to start is reported as its exit frame.
     */
    void start(String id, ExecRequest request, RunnerFrames.Writer writer, Map<String, RunnerCommand> running) {
        if (workers == null) {
            writer.write(CommandFrames.notStarted(id, 126, workersUnavailable.getMessage()
                    + (workersUnavailable.fix() == null ? "" : " Fix: " + workersUnavailable.fix())));
        } else if (portableBecause.isEmpty()) {
            startNative(id, request, writer, running);
        } else {
            startPortable(id, request, writer, running);
        }
    }

    private void startNative(String id, ExecRequest request, RunnerFrames.Writer writer, Map<String, RunnerCommand> running) {
        CommandCgroup cgroup = spare;
        spare = null;
        try {
            if (cgroup == null) {
                cgroup = nextCgroup();
            }
        } catch (IOException e) {
            writer.write(CommandFrames.notStarted(id, 126, "Cannot create the command's cgroup: " + e.getMessage()));
            return;
        }
        PolledCommand command = new PolledCommand(id, request, cgroup, writer, () -> running.remove(id),
                RunningCommand.IO, cleanup, childFilter);
        running.put(id, command);
        workers.execute(command);
        try {
            spare = nextCgroup();
        } catch (IOException e) {
            System.err.println("cordon-runner: cannot prepare the next command's cgroup (will retry): " + e);
        }
    }

    private CommandCgroup nextCgroup() throws IOException {
        return CommandCgroup.createOpen(config.cgroupDir(), "cmd-" + sequence.incrementAndGet());
    }

    private void startPortable(String id, ExecRequest request, RunnerFrames.Writer writer, Map<String, RunnerCommand> running) {
        CommandCgroup cgroup = null;
        try {
            if (config.cgroupDir() != null) {
                cgroup = CommandCgroup.create(config.cgroupDir(), "cmd-" + sequence.incrementAndGet());
            }
            RunningCommand command = new RunningCommand(id, startByMoving(request, cgroup), cgroup,
                    request.timeoutMillis(), writer, () -> running.remove(id));
            running.put(id, command);
            command.begin();
        } catch (IOException e) {
            notStarted(id, writer, cgroup, startFailureCode(e), e.getMessage());
        } catch (CordonException e) {
            notStarted(id, writer, cgroup, 126, e.getMessage() + (e.fix() == null ? "" : " Fix: " + e.fix()));
        }
    }

    /** The child is born inside the command's cgroup because the runner is there while it spawns. */
    private Process startByMoving(ExecRequest request, CommandCgroup cgroup) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(request.argv()));
        pb.directory(request.cwd().toFile());
        pb.environment().clear();
        pb.environment().putAll(request.env());
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
     * Moves the runner into a cgroup of its own, {@code runner-<pid>}, created now, and removes the empty leaves a
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
        Path leaf = CommandCgroup.create(sessionDir, "runner-" + ProcessHandle.current().pid()).dir();
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

    private static void notStarted(String id, RunnerFrames.Writer writer, CommandCgroup cgroup, int code, String message) {
        if (cgroup != null) {
            try {
                cgroup.remove();
            } catch (IOException | InterruptedException e) {
                System.err.println("cordon-runner: cannot remove the cgroup of " + id + ": " + e);
            }
        }
        writer.write(CommandFrames.notStarted(id, code, message));
    }

    /** Kills the tree of every command this runner started (each lives in a cmd-N child of the session cgroup). */
    void killAllCommands() {
        if (config.cgroupDir() == null) {
            return;
        }
        try (var children = Files.newDirectoryStream(config.cgroupDir(), "cmd-*")) {
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
