package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import dev.cordon.platform.ConfinedCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's main loop against frames from a host in memory and a platform that records what it is asked. */
@Timeout(30)
class RunnerLoopTest {
    /** Starts nothing by itself: keeps each request and its lifecycle for the test to drive. */
    private static final class RecordingCommands implements ConfinedCommands {
        record Start(List<String> argv, Path cwd, Map<String, String> env, Lifecycle lifecycle) {
        }

        final List<Start> starts = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String method() {
            return "recording";
        }

        @Override
        public int confinementAbi() {
            return 0;
        }

        @Override
        public void start(List<String> argv, Path cwd, Map<String, String> env, Lifecycle lifecycle) {
            starts.add(new Start(argv, cwd, env, lifecycle));
        }

        @Override
        public void killAll() {
        }
    }

    private final RecordingCommands commands = new RecordingCommands();
    private final Frames frames = new Frames();
    private final ExecutorService io = Executors.newCachedThreadPool();
    private final RunnerLoop loop = new RunnerLoop(commands, frames.writer, io);
    private final ByteArrayOutputStream host = new ByteArrayOutputStream();
    private final RunnerFrames.Writer hostWriter = new RunnerFrames.Writer(host);

    private ObjectNode frame(String type, String cmd) {
        ObjectNode f = Json.object();
        f.put("type", type);
        f.put("cmd", cmd);
        return f;
    }

    private void exec(String cmd, String... argv) {
        exec(hostWriter, cmd, argv);
    }

    private void exec(RunnerFrames.Writer to, String cmd, String... argv) {
        ObjectNode f = frame("exec", cmd);
        var a = f.putArray("argv");
        for (String s : argv) {
            a.add(s);
        }
        f.put("cwd", "/srv/project/ws");
        f.putObject("env").put("PATH", "/usr/bin:/bin");
        f.put("timeoutMs", 0);
        to.write(f);
    }

    private RunnerLoop.End serve() throws Exception {
        return loop.serve(new ByteArrayInputStream(host.toByteArray()));
    }

    @Test
    void anExecFrameStartsItsCommandWithWhatTheHostSent() throws Exception {
        exec("c1", "git", "status");
        assertThat(serve()).isEqualTo(RunnerLoop.End.HOST_GONE);
        assertThat(commands.starts).hasSize(1);
        RecordingCommands.Start s = commands.starts.get(0);
        assertThat(s.argv()).containsExactly("git", "status");
        assertThat(s.cwd()).isEqualTo(Path.of("/srv/project/ws"));
        assertThat(s.env()).isEqualTo(Map.of("PATH", "/usr/bin:/bin"));
    }

    @Test
    void aPingIsAnsweredWithAPongOfTheSameSequenceNumber() throws Exception {
        ObjectNode ping = Json.object();
        ping.put("type", "ping");
        ping.put("seq", 7);
        hostWriter.write(ping);
        assertThat(serve()).isEqualTo(RunnerLoop.End.HOST_GONE);
        JsonNode pong = frames.last();
        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("seq").asLong()).isEqualTo(7);
        assertThat(commands.starts).isEmpty();
    }

    @Test
    void anExecFrameThatIsNotCompleteStartsNothingAndIsReportedNotStarted() throws Exception {
        hostWriter.write(frame("exec", "c1"));
        serve();
        assertThat(commands.starts).isEmpty();
        JsonNode exit = frames.last();
        assertThat(exit.path("cmd").asText()).isEqualTo("c1");
        assertThat(exit.path("started").asBoolean()).isFalse();
        assertThat(exit.path("code").asInt()).isEqualTo(126);
        assertThat(exit.path("error").asText()).contains("no argv").contains("Fix: ");
        assertThat(loop.running()).isZero();
    }

    @Test
    void killAndStdinFramesReachTheirCommandAndUnknownOnesAreIgnored() throws Exception {
        PipedOutputStream live = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(live, 1 << 16);
        RunnerFrames.Writer hostLive = new RunnerFrames.Writer(live);
        java.util.concurrent.Future<RunnerLoop.End> served = io.submit(() -> loop.serve(in));
        exec(hostLive, "c1", "cat");
        exec(hostLive, "c2", "sleep", "60");
        waitUntil(() -> commands.starts.size() == 2);
        FakeProcess cat = new FakeProcess();
        Thread c1 = new Thread(() -> commands.starts.get(0).lifecycle().run(cat));
        c1.start();
        ObjectNode stdin = frame("stdin", "c1");
        stdin.put("data", Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)));
        stdin.put("eof", true);
        hostLive.write(stdin);
        hostLive.write(frame("kill", "c2"));
        hostLive.write(frame("kill", "no-such-command"));
        hostLive.write(frame("resize", "c1"));
        waitUntil(() -> cat.stdinClosed);
        assertThat(cat.stdinText()).isEqualTo("hi");
        FakeProcess sleep = new FakeProcess();
        commands.starts.get(1).lifecycle().run(sleep); // killed on request before it ran: killed as it starts
        assertThat(sleep.treeKills).hasValue(1);
        assertThat(cat.treeKills).as("c1 was not killed").hasValue(0);
        cat.exit(0);
        c1.join(10_000);
        live.close();
        assertThat(served.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(RunnerLoop.End.HOST_GONE);
        List<JsonNode> exits = frames.all().stream().filter(f -> f.path("type").asText().equals("exit")).toList();
        assertThat(exits).extracting(f -> f.path("cmd").asText() + " " + f.path("code").asInt() + " " + f.path("killed").asText())
                .containsExactlyInAnyOrder("c2 137 killed on request", "c1 0 ");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void shutdownKillsEveryRunningCommandAndEndsTheLoop() throws Exception {
        exec("c1", "sleep", "60");
        hostWriter.write(frame("shutdown", ""));
        exec("c2", "never", "read");
        assertThat(serve()).isEqualTo(RunnerLoop.End.SHUTDOWN);
        assertThat(commands.starts).as("nothing after the shutdown frame is read").hasSize(1);
        FakeProcess p = new FakeProcess();
        commands.starts.get(0).lifecycle().run(p);
        assertThat(p.treeKills).hasValue(1);
        assertThat(frames.last().path("killed").asText()).isEqualTo("session stopping");
        assertThat(loop.running()).isZero();
    }

    @Test
    void aCommandIsKnownFromItsExecUntilItsExitIsReported() throws Exception {
        exec("c1", "true");
        serve();
        assertThat(loop.running()).isEqualTo(1);
        commands.starts.get(0).lifecycle().run(new FakeProcess().exit(0));
        assertThat(loop.running()).isZero();
        host.reset();
        exec("c2", "nope");
        serve();
        commands.starts.get(1).lifecycle().notStarted(127, "not found");
        assertThat(loop.running()).isZero();
    }
}
