package dev.cordon.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.platform.linux.LinuxLibc;
import dev.cordon.platform.linux.confine.ConfinedLauncher;
import dev.cordon.platform.linux.confine.ConfinedSpawner;
import dev.cordon.platform.linux.confine.LandlockPolicy;
import dev.cordon.platform.linux.spawn.CgroupSpawner;
import dev.cordon.platform.linux.spawn.SpawnFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spawns one confined command per request, in its own cgroup, from a thread confined with no_new_privs + Landlock +
 * seccomp. Two ways into the cgroup: {@link CgroupSpawner} starts the child straight inside it (clone3 with
 * CLONE_INTO_CGROUP); where that is unavailable the runner moves itself in for the spawn and back out.
 */
final class CommandSpawner {
    /** {@code -Dcordon.runner.spawn=jdk} forces the portable path (tests keep it working; support can compare). */
    static final String SPAWN_PROPERTY = "cordon.runner.spawn";

    private final RunnerConfig config;
    /** Where the runner itself lives: a fresh leaf of the session cgroup (see {@link #enterOwnLeaf}). */
    private final Path runnerLeaf;
    private final Object moveLock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    /** Confined once for the session's policy; created with the first command so errors reach that command. */
    private ConfinedSpawner confined;
    /** Why commands go through ProcessBuilder and cgroup moves; empty while the native spawn is in use. */
    private volatile Optional<String> portableBecause;

    CommandSpawner(RunnerConfig config) throws IOException {
        this.config = config;
        this.runnerLeaf = config.cgroupDir() == null ? null : enterOwnLeaf(config.cgroupDir());
        this.portableBecause = "jdk".equals(System.getProperty(SPAWN_PROPERTY))
                ? Optional.of("-D" + SPAWN_PROPERTY + "=jdk")
                : CgroupSpawner.unavailableReason();
    }

    private synchronized ConfinedSpawner confined() {
        if (confined == null) {
            confined = new ConfinedSpawner(new LandlockPolicy(config.writable(), config.hidden()));
        }
        return confined;
    }

    int landlockAbi() {
        return ConfinedLauncher.landlockAbi();
    }

    /** How commands are started, for the ready frame and diagnostics. */
    String spawnMethod() {
        return portableBecause.map(why -> "processbuilder+cgroup-move (" + why + ")").orElse("clone3-into-cgroup");
    }

    /** Starts the command, or reports its failure to start as an exit frame and returns null. */
    RunningCommand start(String id, ExecRequest request, RunnerFrames.Writer writer, Runnable onDone) {
        CommandCgroup cgroup = null;
        try {
            if (config.cgroupDir() != null) {
                cgroup = CommandCgroup.create(config.cgroupDir(), "cmd-" + sequence.incrementAndGet());
            }
            Process process = portableBecause.isEmpty() ? startIntoCgroup(request, cgroup) : startByMoving(request, cgroup);
            return new RunningCommand(id, process, cgroup, request.timeoutMillis(), writer, onDone);
        } catch (IOException e) {
            exitWithoutStart(id, writer, cgroup, startFailureCode(e), e.getMessage());
        } catch (CordonException e) {
            exitWithoutStart(id, writer, cgroup, 126, e.getMessage() + (e.fix() == null ? "" : " Fix: " + e.fix()));
        }
        return null;
    }

    private Process startIntoCgroup(ExecRequest request, CommandCgroup cgroup) throws IOException {
        OptionalInt dirFd = cgroup == null ? OptionalInt.empty() : OptionalInt.of(CgroupSpawner.openDirectory(cgroup.dir()));
        try {
            return confined().start(() -> CgroupSpawner.start(request.argv(), request.env(), request.cwd(), dirFd));
        } catch (SpawnFailure f) {
            if (!f.kernelUnsupported()) {
                throw f;
            }
            portableBecause = Optional.of("the kernel refused clone3 with CLONE_INTO_CGROUP: " + f.getMessage());
            System.err.println("cordon-runner: from now on commands start through ProcessBuilder: " + portableBecause.get());
            return startByMoving(request, cgroup);
        } finally {
            dirFd.ifPresent(CgroupSpawner::closeDirectory);
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
                return confined().start(pb);
            } finally {
                if (runnerLeaf != null) {
                    CommandCgroup.moveSelfTo(runnerLeaf);
                }
            }
        }
    }

    /**
     * Moves the runner into a cgroup of its own, {@code runner-<pid>}, created now, and removes the empty leaves of
     * runners before it (a network switch replaces the runner). Why not stay in the session cgroup: once a cgroup has
     * been killed through {@code cgroup.kill} (as the host does on every switch), the kernel (seen on 6.18) SIGKILLs
     * every child its members start with {@code CLONE_INTO_CGROUP}, because it compares the kill counter of the parent's
     * cgroup with that of the fresh target. A leaf created after the kill has never been killed.
     */
    private static Path enterOwnLeaf(Path sessionDir) throws IOException {
        try (var leaves = Files.newDirectoryStream(sessionDir, "runner-*")) {
            for (Path old : leaves) {
                try {
                    Files.delete(old);
                } catch (java.nio.file.FileSystemException busy) {
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

    private static void exitWithoutStart(String id, RunnerFrames.Writer writer, CommandCgroup cgroup, int code, String message) {
        if (cgroup != null) {
            try {
                cgroup.remove();
            } catch (IOException | InterruptedException e) {
                System.err.println("cordon-runner: cannot remove the cgroup of " + id + ": " + e);
            }
        }
        ObjectNode exit = Json.object();
        exit.put("type", "exit");
        exit.put("cmd", id);
        exit.put("code", code);
        exit.put("started", false);
        exit.put("error", message);
        writer.write(exit);
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
