package dev.cordon.session;

import dev.cordon.core.InputBounds;
import dev.cordon.core.Json;
import dev.cordon.core.Principal;
import dev.cordon.host.MemberLimits;
import dev.cordon.host.wire.FrameCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds of a session's command history (review finding V1: every argv was kept whole, 60 execs of 200,000
 * arguments took the host's heap from 11 to 606 MiB and root's session.list beyond the frame).
 */
class CommandHistoryTest {
    private static final CommandExit OK = new CommandExit(0, true, false, null, null);

    /** An argv at the host's bounds whose every character JSON writes as six bytes (\\u0001). */
    private static List<String> worstArgv() {
        List<String> argv = new ArrayList<>(Collections.nCopies(InputBounds.MAX_ARGV_ENTRIES - 1, "\u0001".repeat(14)));
        argv.add(0, "\u0001");
        return argv;
    }

    private static int jsonBytes(Object value) {
        return Json.line(value).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aShortArgvIsKeptWhole() {
        List<String> argv = List.of("sh", "-c", "echo \"hi\" && ls -la ü 𝄞");
        assertThat(CommandHistory.shown(argv)).isEqualTo(argv);
    }

    @Test
    void aLongArgvKeepsItsStartAndSaysWhatWasLeftOff() {
        List<String> many = new ArrayList<>(Collections.nCopies(200_000, "ab"));
        many.add(0, "true");
        List<String> shown = CommandHistory.shown(many);
        assertThat(shown.get(0)).isEqualTo("true");
        assertThat(shown.size()).isLessThan(300);
        int kept = shown.size() - 1; // all of them whole: "ab" is 5 bytes in JSON with its quotes and comma
        assertThat(shown.get(kept)).isEqualTo("…[not kept: " + (200_001 - kept) + " more arguments, "
                + (200_001 - kept) * 2 + " bytes]");

        List<String> oneLong = List.of("sh", "-c", "x".repeat(100_000));
        shown = CommandHistory.shown(oneLong);
        assertThat(shown).hasSize(4);
        assertThat(shown.get(2)).startsWith("xxx").hasSizeLessThan(1024);
        assertThat(shown.get(3)).isEqualTo("…[not kept: 0 more arguments, " + (100_000 - shown.get(2).length()) + " bytes]");

        assertThat(jsonBytes(CommandHistory.shown(worstArgv()))).isLessThanOrEqualTo(CommandHistory.MAX_SHOWN_ARGV_BYTES + 100);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        List<String> shown = CommandHistory.shown(List.of("echo", "𝄞".repeat(1000)));
        String cut = shown.get(1);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();
        assertThat(shown.get(2)).contains("0 more arguments");
    }

    @Test
    void keepsTheMostRecentRecordsAndCountsTheOthers() {
        CommandHistory h = new CommandHistory();
        List<CommandHistory.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            entries.add(h.begin(List.of("echo", Integer.toString(i)), "offline"));
        }
        assertThat(h.records()).hasSize(CommandHistory.MAX_RECORDS);
        assertThat(h.dropped()).isEqualTo(1000 - CommandHistory.MAX_RECORDS);
        assertThat(h.records().get(0).id()).isEqualTo("c" + (1000 - CommandHistory.MAX_RECORDS + 1));

        // a command whose record was let go still ends (the running count), and changes no kept record
        entries.get(3).started(77);
        assertThat(entries.get(3).exited(OK)).isFalse();
        assertThat(h.records()).allSatisfy(r -> assertThat(r.pid()).isNull());

        // a kept one updates its own record, at its place after the drops
        CommandHistory.Entry kept = entries.get(990);
        kept.started(4242);
        kept.exited(new CommandExit(3, true, false, null, null));
        CommandRecord r = h.records().stream().filter(x -> x.id().equals("c991")).findFirst().orElseThrow();
        assertThat(r.pid()).isEqualTo(4242L);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.argv()).containsExactly("echo", "990");

        // the count stays right as more come and go: the last to end says so
        for (int i = 0; i < entries.size() - 1; i++) {
            if (i != 3 && i != 990) {
                assertThat(entries.get(i).exited(OK)).isFalse();
            }
        }
        assertThat(entries.get(999).exited(OK)).isTrue();
        // and updates after a drop land at the right place
        CommandHistory.Entry last = h.begin(List.of("true"), "online");
        last.started(9);
        assertThat(h.records().get(CommandHistory.MAX_RECORDS - 1).id()).isEqualTo("c1001");
        assertThat(h.records().get(CommandHistory.MAX_RECORDS - 1).pid()).isEqualTo(9L);
        assertThat(h.records().get(CommandHistory.MAX_RECORDS - 2).id()).isEqualTo("c1000");
    }

    /** The largest a record can be: the worst argv, the longest id, pid and exit code, both instants. */
    static CommandRecord worstRecord() {
        return new CommandRecord("c" + Integer.MAX_VALUE, CommandHistory.shown(worstArgv()), "offline",
                Instant.parse("2026-12-05T21:00:00.123456789Z"), Instant.parse("-999999999-01-01T00:00:00.123456789Z"),
                Long.MIN_VALUE, Integer.MIN_VALUE, true);
    }

    @Test
    void aRecordStaysWithinItsJsonBound() {
        assertThat(jsonBytes(worstRecord())).isLessThanOrEqualTo(CommandHistory.MAX_RECORD_JSON_BYTES);
        assertThat(CommandHistory.MAX_RECORD_JSON_BYTES).isGreaterThan(CommandHistory.MAX_SHOWN_ARGV_BYTES + 300);
    }

    private static SessionInfo session(String id, List<CommandRecord> commands) {
        return new SessionInfo(id, SessionState.IDLE, "offline", "cordon-off", 1L, "/sys/fs/cgroup/x", Path.of("/w"),
                List.of(), Path.of("/h"), Path.of("/t"), Instant.now(), null, null, commands, "clone3-into-cgroup",
                null, 1L << 30, new SessionInfo.Owner(Principal.uid(1000), "alice"),
                List.of(), false, 744);
    }

    /**
     * The arithmetic of review finding V1. session.show: one session's whole kept history, 256 records of at most
     * 1,536 B (384 KiB), must leave at least half the 1 MiB frame to the rest of the session. session.list: every
     * session carries its last 3 commands, at most 3 × 1,536 B = 4.5 KiB; one member's 8 sessions (the default
     * --member-max-sessions) 36 KiB, at most a sixteenth of the frame, so the commands of 16 members at their limits
     * fit with room to spare (what else a session carries, its paths and strings, is bounded by SessionReplies:
     * SessionRepliesTest).
     */
    @Test
    void showAndListStayUnderTheFrame() {
        int frame = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
        assertThat((long) CommandHistory.MAX_RECORDS * CommandHistory.MAX_RECORD_JSON_BYTES).isLessThanOrEqualTo(frame / 2);
        int perMember = MemberLimits.DEFAULT.maxSessions() * SessionInfo.LIST_COMMANDS * CommandHistory.MAX_RECORD_JSON_BYTES;
        assertThat(perMember).isLessThanOrEqualTo(frame / 16);

        List<CommandRecord> full = Collections.nCopies(CommandHistory.MAX_RECORDS, worstRecord());
        SessionInfo one = session("s00000000", full);
        assertThat(jsonBytes(one)).isLessThanOrEqualTo(frame / 2 + 4096);

        List<SessionInfo> listed = new ArrayList<>();
        for (int i = 0; i < 16 * MemberLimits.DEFAULT.maxSessions(); i++) {
            listed.add(session("s" + i, full).withLastCommands(SessionInfo.LIST_COMMANDS));
        }
        assertThat(listed.get(0).commands()).hasSize(3);
        assertThat(listed.get(0).earlierCommands()).isEqualTo(744 + CommandHistory.MAX_RECORDS - 3);
        assertThat(jsonBytes(java.util.Map.of("sessions", listed))).isLessThan(frame);
    }

    @Test
    void aSessionWithFewCommandsListsThemAll() {
        SessionInfo s = session("s1", List.of(worstRecord()));
        assertThat(s.withLastCommands(SessionInfo.LIST_COMMANDS)).isSameAs(s);
    }
}
