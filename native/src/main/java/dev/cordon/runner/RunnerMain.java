package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.platform.ConfinedCommands;
import dev.cordon.platform.Platforms;
import dev.cordon.platform.PreparedContainer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * L3: the long-lived runner of one session, started by the host as the session's sandbox account. It talks to the
 * host over its own stdin/stdout (private by construction) in {@link RunnerFrames}, and spawns every command of the
 * session through the platform's {@link ConfinedCommands} (L4: on Linux no_new_privs, Landlock, seccomp, its own
 * cgroup), following each with a {@link CommandLifecycle}.
 */
public final class RunnerMain {
    /** Threads that write the host's stdin into commands, reused across commands. */
    private static final ExecutorService STDIN_FEEDERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runner-stdin");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@code --container DIR}: the session's process container the host made the runner in (on Linux its delegated
     * cgroup directory), prepared before the hello, which must name the same one.
     */
    public static final String CONTAINER_ARG = "--container";

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
        // Before the hello, what does not depend on it: the frame codec's and the confinement path's classes and the
        // probes they make (Landlock's ABI, the spawn library), as the class-data archive's training does: nothing
        // confined, spawned or written to any cgroup. A runner started ahead of its session (the host's spare) does
        // this while it waits; then it says so, and the host completes its mounts only after that.
        RunnerTraining.run();
        // and what depends on its process container alone, which the host named when it started it: on Linux its own
        // leaf cgroup and the spawn path's probe (nothing of the session's request, and nothing confined)
        PreparedContainer prepared = Platforms.prepareContainer(container(args));
        ObjectNode waiting = JsonNodeFactory.instance.objectNode();
        waiting.put("type", "waiting");
        writer.write(waiting);
        JsonNode hello = RunnerFrames.read(in);
        if (hello == null || !"hello".equals(hello.path("type").asText())) {
            System.err.println("cordon-runner: expected a hello frame from the host");
            System.exit(2);
            return;
        }
        RunnerConfig config = RunnerConfig.from(hello);
        ConfinedCommands commands = Platforms.confinedCommands(config.confinement(), prepared);
        // The host's death reaches us as SIGTERM (parent-death signal) or as the end of stdin: either way no command
        // of this session may outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(commands::killAll, "runner-shutdown"));
        ObjectNode ready = JsonNodeFactory.instance.objectNode(); // no ObjectMapper in the runner (FrameCodec)
        ready.put("type", "ready");
        ready.put("pid", ProcessHandle.current().pid());
        ready.put("landlockAbi", commands.confinementAbi());
        ready.put("spawn", commands.method());
        writer.write(ready);
        RunnerLoop loop = new RunnerLoop(commands, writer, STDIN_FEEDERS);
        try {
            commands.serveFrames(() -> loop.serve(in));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // from this (unconfined) thread: the shutdown hook that kills every command is started by the exiting thread
        System.exit(0);
    }

    /** The container named by {@link #CONTAINER_ARG}, or null. */
    private static Path container(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(CONTAINER_ARG)) {
                return Path.of(args[i + 1]);
            }
        }
        return null;
    }
}
