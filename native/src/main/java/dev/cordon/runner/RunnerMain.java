package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import dev.cordon.platform.linux.confine.SessionKeyring;
import dev.cordon.platform.linux.confine.Undumpable;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * L3: the long-lived runner of one session, started by the host as the session's sandbox account. It talks to the
 * host over its own stdin/stdout (private by construction) in {@link RunnerFrames}, and spawns every command of the
 * session through {@link CommandSpawner} (L4: no_new_privs, Landlock, seccomp, its own cgroup).
 */
public final class RunnerMain {
    private RunnerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--train")) {
            RunnerTraining.run(); // for the host's class-data archive: no frames, no confinement, no commands
            return;
        }
        // Our stdout is the frame channel: nothing else may ever print to it.
        PrintStream frameOut = new PrintStream(new BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false);
        System.setOut(System.err);
        InputStream in = new BufferedInputStream(System.in, 1 << 16);
        RunnerFrames.Writer writer = new RunnerFrames.Writer(frameOut);
        JsonNode hello = RunnerFrames.read(in);
        if (hello == null || !"hello".equals(hello.path("type").asText())) {
            System.err.println("cordon-runner: expected a hello frame from the host");
            System.exit(2);
            return;
        }
        RunnerConfig config = RunnerConfig.from(hello);
        if (config.guards().contains(ChannelGuard.RUNNER_MEMORY)) {
            // before any exec frame (commands' environments, secrets) reaches our memory
            Undumpable.apply();
        }
        if (config.guards().contains(ChannelGuard.IPC)) {
            // before the workers exist: they, and the commands they start, inherit it
            SessionKeyring.joinFresh();
        }
        CommandSpawner spawner = new CommandSpawner(config);
        // The host's death reaches us as SIGTERM (parent-death signal) or as the end of stdin: either way no command
        // of this session may outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(spawner::killAllCommands, "runner-shutdown"));
        ObjectNode ready = Json.object();
        ready.put("type", "ready");
        ready.put("pid", ProcessHandle.current().pid());
        ready.put("landlockAbi", spawner.landlockAbi());
        ready.put("spawn", spawner.spawnMethod());
        writer.write(ready);
        Map<String, RunnerCommand> commands = new ConcurrentHashMap<>();
        while (true) {
            JsonNode frame = RunnerFrames.read(in);
            if (frame == null) {
                break; // the host went away: our commands die with our cgroup, which the host (or its reaper) kills
            }
            String type = frame.path("type").asText();
            String id = frame.path("cmd").asText();
            switch (type) {
                case "exec" -> spawner.start(id, ExecRequest.from(frame), writer, commands);
                case "stdin" -> {
                    RunnerCommand c = commands.get(id);
                    if (c != null) {
                        c.stdin(frame.path("data").isTextual() ? java.util.Base64.getDecoder().decode(frame.path("data").asText()) : new byte[0],
                                frame.path("eof").asBoolean());
                    }
                }
                case "kill" -> {
                    RunnerCommand c = commands.get(id);
                    if (c != null) {
                        c.kill("killed on request");
                    }
                }
                case "shutdown" -> {
                    commands.values().forEach(c -> c.kill("session stopping"));
                    writer.flush();
                    System.exit(0);
                }
                default -> System.err.println("cordon-runner: ignoring unknown frame type " + type);
            }
        }
        commands.values().forEach(c -> c.kill("host disconnected"));
        System.exit(0);
    }
}
