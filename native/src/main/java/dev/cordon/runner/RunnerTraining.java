package dev.cordon.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.platform.Platforms;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RunnerMain --train}: the work a class-data archive of the runner is made from (see the host's
 * RuntimeStage). It goes through the frame codec with the frames of a session and loads the classes of the spawn and
 * confinement paths — without confining, spawning or touching any cgroup.
 */
final class RunnerTraining {
    /** Classes a session uses later than start-up; loaded, not initialized (some start threads when initialized). */
    private static final List<String> LATER = List.of(
            "dev.cordon.runner.RunnerLoop", "dev.cordon.runner.CommandLifecycle", "dev.cordon.runner.StdinQueue",
            "dev.cordon.runner.RunnerCommand", "java.util.concurrent.ThreadPoolExecutor",
            "java.util.concurrent.SynchronousQueue", "java.util.concurrent.FutureTask",
            "java.util.concurrent.ConcurrentHashMap");

    private RunnerTraining() {
    }

    static void run() throws IOException {
        ByteArrayOutputStream channel = new ByteArrayOutputStream();
        RunnerFrames.Writer writer = new RunnerFrames.Writer(channel);
        ObjectNode hello = JsonNodeFactory.instance.objectNode();
        hello.put("type", "hello");
        hello.put("session", "s-training");
        hello.putArray("writable").add("/tmp");
        hello.putArray("hidden").add("/nonexistent");
        writer.write(hello);
        ObjectNode exec = JsonNodeFactory.instance.objectNode();
        exec.put("type", "exec");
        exec.put("cmd", "c1");
        exec.putArray("argv").add("/bin/true");
        exec.put("cwd", "/tmp");
        exec.putObject("env").put("PATH", "/usr/bin:/bin");
        exec.put("timeoutMs", 0);
        writer.write(exec);
        writer.writeBuffered(CommandFrames.started("c1", 1));
        writer.write(CommandFrames.output("c1", 1, new byte[] {'x', '\n'}, 2));
        writer.write(CommandFrames.exit("c1", 0, null));
        writer.write(CommandFrames.notStarted("c2", 127, "not found"));
        InputStream in = new ByteArrayInputStream(channel.toByteArray());
        RunnerConfig.from(RunnerFrames.read(in)).confinement();
        ExecRequest.from(RunnerFrames.read(in));
        while (RunnerFrames.read(in) != null) {
            // the runner's own frames, decoded as the host would
        }
        ClassLoader loader = RunnerTraining.class.getClassLoader();
        List<String> later = new ArrayList<>(LATER);
        later.addAll(Platforms.preloadConfinedCommands());
        for (String name : later) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the runner's classpath lacks " + name, e);
            }
        }
    }
}
