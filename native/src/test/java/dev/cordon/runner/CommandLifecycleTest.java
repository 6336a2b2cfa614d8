package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One command's life in the runner against a process in memory: frames, stdin, timeout, kills, failures. */
@Timeout(30)
class CommandLifecycleTest {
    private final Frames frames = new Frames();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService io = Executors.newCachedThreadPool();

    private CommandLifecycle command(long timeoutMillis) {
        return new CommandLifecycle("c1", timeoutMillis, frames.writer, () -> events.add("done, " + frames.types()), io);
    }

    @Test
    void outputOfBothStreamsThenTheExitAreReportedInOrder() {
        FakeProcess p = new FakeProcess().out("hello ").err("oops").out("world").exit(3);
        command(0).run(p);
        assertThat(frames.types()).containsExactly("started", "out", "out", "out", "exit");
        assertThat(frames.all().get(0).path("pid").asLong()).isEqualTo(4242);
        assertThat(frames.output(1)).isEqualTo("hello world");
        assertThat(frames.output(2)).isEqualTo("oops");
        JsonNode exit = frames.last();
        assertThat(exit.path("code").asInt()).isEqualTo(3);
        assertThat(exit.path("started").asBoolean()).isTrue();
        assertThat(exit.path("timedOut").asBoolean()).isFalse();
        assertThat(exit.has("killed")).isFalse();
        assertThat(p.treeKills).hasValue(0);
        assertThat(p.closed).as("handles released").isTrue();
        assertThat(p.stdinClosed).as("stdin closed though the host never sent any").isTrue();
    }

    @Test
    void theCommandIsForgottenBeforeItsExitIsReported() {
        command(0).run(new FakeProcess().exit(0));
        assertThat(events).containsExactly("done, [started]");
    }

    @Test
    void whatTheCommandLeftInItsContainerIsKilledWhenItsMainProcessExits() {
        FakeProcess p = new FakeProcess().out("forked\n").exitLeavingStreamsOpen(0);
        p.leftovers = true; // a double-forked daemon holds the pipes
        command(0).run(p);
        assertThat(p.treeKills).hasValue(1);
        JsonNode exit = frames.last();
        assertThat(exit.path("code").asInt()).as("the main process's own status").isZero();
        assertThat(exit.has("killed")).as("the command was not killed, its leftovers were").isFalse();
    }

    @Test
    void aCommandPastItsTimeoutIsKilledAndReportedAsTimedOut() {
        FakeProcess p = new FakeProcess(); // never exits by itself
        long t0 = System.nanoTime();
        command(200).run(p);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(150L, 10_000L);
        assertThat(p.treeKills).hasValue(1);
        JsonNode exit = frames.last();
        assertThat(exit.path("code").asInt()).isEqualTo(137);
        assertThat(exit.path("timedOut").asBoolean()).isTrue();
        assertThat(exit.path("killed").asText()).isEqualTo("timeout");
    }

    @Test
    void aCommandThatNeverStopsWritingStillTimesOut() {
        FakeProcess p = new FakeProcess();
        p.flood = true;
        command(200).run(p);
        assertThat(p.treeKills).hasValue(1);
        assertThat(frames.last().path("timedOut").asBoolean()).isTrue();
    }

    @Test
    void aKillBeforeTheStartKillsTheTreeAsSoonAsItRuns() {
        CommandLifecycle c = command(0);
        c.kill("killed on request");
        FakeProcess p = new FakeProcess();
        c.run(p);
        assertThat(p.treeKills).hasValue(1);
        assertThat(frames.last().path("killed").asText()).isEqualTo("killed on request");
        assertThat(frames.last().path("timedOut").asBoolean()).isFalse();
    }

    @Test
    void onlyTheFirstKillCountsAndItsReasonIsReported() throws Exception {
        CommandLifecycle c = command(0);
        FakeProcess p = new FakeProcess();
        Thread runner = new Thread(() -> c.run(p));
        runner.start();
        waitUntil(() -> frames.types().contains("started") || p.closed);
        c.kill("session stopping");
        c.kill("killed on request");
        runner.join(10_000);
        assertThat(p.treeKills).hasValue(1);
        assertThat(frames.last().path("killed").asText()).isEqualTo("session stopping");
    }

    @Test
    void whenTheTreeKillFailsTheMainProcessIsKilled() {
        FakeProcess p = new FakeProcess();
        p.treeKillFails = true;
        command(100).run(p);
        assertThat(p.treeKills).hasValue(1);
        assertThat(p.mainKills).hasValue(1);
        assertThat(frames.last().path("timedOut").asBoolean()).isTrue();
    }

    @Test
    void aFailureWhileFollowingKillsAndReapsAndReports125() {
        FakeProcess p = new FakeProcess();
        p.nextFails = new IOException("poll: EBADF");
        command(0).run(p);
        assertThat(p.treeKills).hasValue(1);
        assertThat(p.reaps).hasValue(1);
        assertThat(frames.last().path("code").asInt()).isEqualTo(125);
        assertThat(p.closed).isTrue();
    }

    @Test
    void stdinReachesTheCommandInOrderAndEachChunkIsAcknowledged() throws Exception {
        CommandLifecycle c = command(0);
        FakeProcess p = new FakeProcess();
        Thread runner = new Thread(() -> c.run(p));
        runner.start();
        c.stdin("one ".getBytes(StandardCharsets.UTF_8), false);
        c.stdin("two".getBytes(StandardCharsets.UTF_8), true);
        c.stdin("after eof".getBytes(StandardCharsets.UTF_8), false);
        waitUntil(() -> p.stdinClosed);
        assertThat(p.stdinText()).isEqualTo("one two");
        p.exit(0);
        runner.join(10_000);
        List<Integer> acks = frames.all().stream().filter(f -> f.path("type").asText().equals("stdin-ack"))
                .map(f -> f.path("bytes").asInt()).toList();
        assertThat(acks).containsExactly(4, 3);
    }

    @Test
    void stdinSentBeforeTheStartIsDeliveredOnceItRuns() throws Exception {
        CommandLifecycle c = command(0);
        c.stdin("early".getBytes(StandardCharsets.UTF_8), true);
        FakeProcess p = new FakeProcess();
        Thread runner = new Thread(() -> c.run(p));
        runner.start();
        waitUntil(() -> p.stdinClosed);
        assertThat(p.stdinText()).isEqualTo("early");
        p.exit(0);
        runner.join(10_000);
        assertThat(frames.last().path("code").asInt()).isZero();
    }

    @Test
    void anEmptyEndOfInputBeforeTheStartClosesStdinWithoutAFeeder() {
        CommandLifecycle c = command(0);
        c.stdin(new byte[0], true);
        FakeProcess p = new FakeProcess().exit(0);
        p.stdinClosed = false;
        c.run(p);
        assertThat(p.stdinClosed).isTrue();
        assertThat(p.stdinText()).isEmpty();
    }

    @Test
    void aCommandThatNeverStartedIsReportedWithItsCodeAndWhy() {
        command(0).notStarted(127, "Cannot run program \"nope\": error=2, No such file or directory");
        JsonNode exit = frames.last();
        assertThat(frames.types()).containsExactly("exit");
        assertThat(exit.path("started").asBoolean()).isFalse();
        assertThat(exit.path("code").asInt()).isEqualTo(127);
        assertThat(exit.path("error").asText()).contains("No such file");
        assertThat(events).containsExactly("done, []");
    }

    @Test
    void pipesStillOpenLongAfterTheExitAreClosedAndTheExitReported() {
        FakeProcess p = new FakeProcess().exitLeavingStreamsOpen(0); // held by a process outside the container
        long t0 = System.nanoTime();
        command(0).run(p);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).isBetween(CommandLifecycle.DRAIN_AFTER_EXIT_NANOS / 1_000_000 - 50, 20_000L);
        assertThat(p.outputClosed).isTrue();
        assertThat(frames.last().path("code").asInt()).isZero();
    }

    @Test
    void waitsAreRoundedUpToWholeMillisecondsAndNoDeadlineMeansNoLimit() {
        assertThat(CommandLifecycle.waitMillis(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(CommandLifecycle.waitMillis(System.nanoTime() - 5_000_000)).isZero();
        assertThat(CommandLifecycle.waitMillis(System.nanoTime() + 1_500_000)).isBetween(1, 2);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
