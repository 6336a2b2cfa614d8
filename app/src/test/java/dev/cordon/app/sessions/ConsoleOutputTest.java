package dev.cordon.app.sessions;

import dev.cordon.app.sessions.ConsoleLine.Kind;
import dev.cordon.session.CommandExit;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's batching queue (reader thread → UI thread) and its capped model. */
class ConsoleOutputTest {
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<List<CommandOutputQueue.Event>> batches = new ArrayList<>();
    @TempDir
    Path logs;
    private ConsoleLog log;

    private CommandOutputQueue queue(int cap) {
        log = ConsoleLog.in(logs.resolve("consoles"), "s1");
        return new CommandOutputQueue(scheduled::add, cap, log, batches::add);
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
    void escapeSequencesAreShownAsTextColoursDroppedEvenSplitAcrossChunks() throws Exception {
        CommandOutputQueue q = queue(1000);
        byte[] attack = bytes("a\u001b]52;c;SU5KRUNURUQ=\u0007b\u001b[1;31mred\u001b[0m\u001b[6n\u009b6n\r\n");
        for (byte b : attack) {
            q.output(1, new byte[] {b});
        }
        q.output(2, bytes("\u001b]0;title"));
        q.exited(new CommandExit(0, true, false, null, null));
        scheduled.get(0).run();
        assertThat(batches.get(0)).containsExactly(
                new CommandOutputQueue.Output(Kind.STDOUT, "a^[]52;c;SU5KRUNURUQ=^Gbred^[[6nM-^[6n\n"),
                new CommandOutputQueue.Output(Kind.STDERR, "^[]0;title"),
                new CommandOutputQueue.Exited(new CommandExit(0, true, false, null, null)));
        // the log (which a user may cat) holds what the console showed
        assertThat(Files.readString(log.file())).isEqualTo("a^[]52;c;SU5KRUNURUQ=^Gbred^[[6nM-^[6n\n^[]0;title")
                .doesNotContain("\u001b");
    }

    @Test
    void aFloodIsCappedAndTheSkipIsSaid() throws Exception {
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
        // the log has all of it, flushed at the exit, and only its owner may read it
        assertThat(Files.readString(log.file())).isEqualTo("0123456789".repeat(50));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file().getParent())))
                .isEqualTo("rwx------");
        assertThat(log.failure()).isNull();
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
    void modelKeepsOnlyTheNewestTextWithinItsCapAndSaysHowManyLinesWent() {
        ConsoleModel m = new ConsoleModel(1000, n -> n + " earlier lines dropped");
        for (int i = 0; i < 500; i++) {
            m.output(Kind.STDOUT, "line " + i + "\n");
        }
        assertThat(m.chars()).isLessThanOrEqualTo(1000);
        assertThat(m.lines().get(m.lines().size() - 1).text()).isEqualTo("line 499");
        long kept = m.lines().size() - 1;
        assertThat(m.dropped()).isEqualTo(500 - kept);
        assertThat(m.lines().get(0)).isEqualTo(new ConsoleLine(Kind.INFO, (500 - kept) + " earlier lines dropped"));
        assertThat(m.lines().get(1).text()).isEqualTo("line " + (500 - kept));
        m.output(Kind.STDOUT, "x".repeat(ConsoleModel.MAX_LINE_CHARS + 10));
        assertThat(m.lines()).allMatch(l -> l.text().length() <= ConsoleModel.MAX_LINE_CHARS);
        assertThat(m.lines().stream().filter(l -> l.kind() == Kind.INFO)).hasSize(1);
    }

    @Test
    void aFloodInOneBatchChangesTheListAFewTimesAndListsOnlyItsTail() {
        ConsoleModel m = new ConsoleModel(10_000, n -> n + " earlier lines dropped");
        m.output(Kind.STDOUT, "first, open");
        List<ListChangeListener.Change<? extends ConsoleLine>> changes = new ArrayList<>();
        m.lines().addListener((ListChangeListener<ConsoleLine>) changes::add);
        StringBuilder flood = new StringBuilder(" line\n");
        for (int i = 1; i <= 300_000; i++) {
            flood.append(i).append('\n');
        }
        m.output(Kind.STDOUT, flood.toString());

        assertThat(changes).hasSizeLessThanOrEqualTo(4);
        assertThat(m.chars()).isLessThanOrEqualTo(10_000);
        assertThat(m.lines().get(m.lines().size() - 1).text()).isEqualTo("300000");
        assertThat(m.dropped() + m.lines().size() - 1).isEqualTo(300_001);
        assertThat(m.lines().get(0).text()).isEqualTo(m.dropped() + " earlier lines dropped");

        m.clear();
        assertThat(m.lines()).isEmpty();
        assertThat(m.dropped()).isZero();
        m.output(Kind.STDERR, "a\nb");
        assertThat(m.lines()).containsExactly(new ConsoleLine(Kind.STDERR, "a"), new ConsoleLine(Kind.STDERR, "b"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
