package dev.cordon.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.platform.linux.confine.ConfinedLauncher;
import dev.cordon.platform.linux.confine.ConfinedSpawner;
import dev.cordon.platform.linux.confine.LandlockPolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Spawns one confined command per request: its own cgroup, then no_new_privs + Landlock + seccomp on a fresh thread. */
final class CommandSpawner {
    private final RunnerConfig config;
    private final Object spawnLock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    /** Confined once for the session's policy; created with the first command so errors reach that command. */
    private ConfinedSpawner confined;

    CommandSpawner(RunnerConfig config) {
        this.config = config;
    }

    private ConfinedSpawner confined() {
        if (confined == null) {
            confined = new ConfinedSpawner(new LandlockPolicy(config.writable(), config.hidden()));
        }
        return confined;
    }

    int landlockAbi() {
        return ConfinedLauncher.landlockAbi();
    }

    /** Starts the command, or reports its failure to start as an exit frame and returns null. */
    RunningCommand start(String id, ExecRequest request, RunnerFrames.Writer writer, Runnable onDone) {
        CommandCgroup cgroup = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(request.argv()));
            pb.directory(request.cwd().toFile());
            pb.environment().clear();
            pb.environment().putAll(request.env());
            Process process;
            synchronized (spawnLock) {
                if (config.cgroupDir() != null) {
                    cgroup = CommandCgroup.create(config.cgroupDir(), "cmd-" + sequence.incrementAndGet());
                    cgroup.enterSelf();
                }
                try {
                    process = confined().start(pb);
                } finally {
                    if (config.runnerLeaf() != null) {
                        CommandCgroup.moveSelfTo(config.runnerLeaf());
                    }
                }
            }
            return new RunningCommand(id, process, cgroup, request.timeoutMillis(), writer, onDone);
        } catch (IOException e) {
            exitWithoutStart(id, writer, cgroup, startFailureCode(e, request.argv()), e.getMessage());
        } catch (CordonException e) {
            exitWithoutStart(id, writer, cgroup, 126, e.getMessage() + (e.fix() == null ? "" : " Fix: " + e.fix()));
        }
        return null;
    }

    /** 127: not found; 126: found but not executable (the shell's conventions). */
    static int startFailureCode(IOException e, List<String> argv) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("error=2,") || m.contains("No such file")) {
            return 127;
        }
        return 126;
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
        try (var children = java.nio.file.Files.newDirectoryStream(config.cgroupDir(), "cmd-*")) {
            for (Path dir : children) {
                java.nio.file.Path kill = dir.resolve("cgroup.kill");
                if (java.nio.file.Files.exists(kill)) {
                    java.nio.file.Files.writeString(kill, "1");
                }
            }
        } catch (IOException e) {
            System.err.println("cordon-runner: cannot kill the commands' cgroups: " + e);
        }
    }
}
