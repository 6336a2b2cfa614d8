package dev.cordon.app.sessions;

import dev.cordon.app.sessions.ConsoleLine.Kind;
import dev.cordon.session.CommandExit;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's batching queue (reader thread → UI thread) and its capped model. */
class ConsoleOutputTest {
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<List<CommandOutputQueue.Event>> batches = new ArrayList<>();

    private CommandOutputQueue queue(int cap) {
        return new CommandOutputQueue(scheduled::add, cap, batches::add);
    }

    @Test
    void chunksBetweenTwoFlushesArriveAsOneBatchInOrder() {
        CommandOutputQueue q = queue(1000);
        q.started(42);
        q.output(1, bytes("hel"));
        q.output(1, bytes("lo\n"));
        q.output(2, bytes("warn\n"));
        q.output(1, bytes("more\n"));
        assertThat(scheduled).hasSize(1); // one flush per batch, however many chunks
        q.exited(new CommandExit(3, true, false, null, null));
        assertThat(scheduled).hasSize(1);
        scheduled.get(0).run();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).containsExactly(new CommandOutputQueue.Started(42),
                new CommandOutputQueue.Output(Kind.STDOUT, "hello\n"), new CommandOutputQueue.Output(Kind.STDERR, "warn\n"),
                new CommandOutputQueue.Output(Kind.STDOUT, "more\n"),
                new CommandOutputQueue.Exited(new CommandExit(3, true, false, null, null)));
        q.output(1, bytes("x"));
        assertThat(scheduled).hasSize(2); // the next chunk starts the next batch
    }

    @Test
    void aCharacterSplitAcrossChunksIsDecodedWhole() {
        CommandOutputQueue q = queue(1000);
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        q.output(1, Arrays.copyOfRange(euro, 0, 1));
        q.output(1, Arrays.copyOfRange(euro, 1, 3));
        scheduled.get(0).run();
        assertThat(batches.get(0)).containsExactly(new CommandOutputQueue.Output(Kind.STDOUT, "\u20ac"));
    }

    @Test
    void aFloodIsCappedAndTheSkipIsSaid() {
        CommandOutputQueue q = queue(100);
        for (int i = 0; i < 50; i++) {
            q.output(1, bytes("0123456789"));
        }
        q.exited(new CommandExit(0, true, false, null, null));
        scheduled.get(0).run();
        List<CommandOutputQueue.Event> batch = batches.get(0);
        assertThat(batch.get(0)).isEqualTo(new CommandOutputQueue.Dropped(400));
        assertThat(((CommandOutputQueue.Output) batch.get(1)).text()).hasSize(100);
        assertThat(batch.get(2)).isInstanceOf(CommandOutputQueue.Exited.class);
    }

    @Test
    void modelJoinsPiecesOfALineAndKeepsStreamsApart() {
        ConsoleModel m = new ConsoleModel();
        m.output(Kind.STDOUT, "hel");
        m.output(Kind.STDOUT, "lo\nwor");
        m.output(Kind.STDERR, "oops\n");
        m.output(Kind.STDOUT, "ld\n");
        m.note(Kind.EXIT, "[exit 0]");
        assertThat(m.lines()).containsExactly(new ConsoleLine(Kind.STDOUT, "hello"), new ConsoleLine(Kind.STDOUT, "wor"),
                new ConsoleLine(Kind.STDERR, "oops"), new ConsoleLine(Kind.STDOUT, "ld"), new ConsoleLine(Kind.EXIT, "[exit 0]"));
    }

    @Test
    void modelKeepsOnlyTheNewestTextWithinItsCap() {
        ConsoleModel m = new ConsoleModel(1000);
        for (int i = 0; i < 500; i++) {
            m.output(Kind.STDOUT, "line " + i + "\n");
        }
        assertThat(m.chars()).isLessThanOrEqualTo(1000);
        assertThat(m.lines().get(m.lines().size() - 1).text()).isEqualTo("line 499");
        assertThat(m.lines().get(0).text()).isNotEqualTo("line 0");
        m.output(Kind.STDOUT, "x".repeat(ConsoleModel.MAX_LINE_CHARS + 10));
        assertThat(m.lines()).allMatch(l -> l.text().length() <= ConsoleModel.MAX_LINE_CHARS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
