package dev.cordon.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.InputBounds;
import dev.cordon.core.Principal;
import dev.cordon.host.wire.FrameCodec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Review finding V1b: a session's replies fit the frame whatever its owner shaped (SessionReplies). */
class SessionRepliesTest {
    private static final int FRAME = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
    /** The longest path a member may send, every character a control character (six bytes of JSON each). */
    private static final String WORST = "/" + "\u001b".repeat(InputBounds.MAX_PATH_CHARS - 1);

    private static Path worstPath(int i) {
        return Path.of(i + WORST.substring(Integer.toString(i).length()));
    }

    /** A session with every field at its worst: 256 records at their bound, 64 + 64 paths of 4096 controls, 600
     * protected paths and as many git directories, and every string 4096 control characters. */
    static SessionInfo worst(String id) {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < InputBounds.MAX_LIST_ENTRIES; i++) {
            paths.add(worstPath(i));
        }
        List<ProtectedPath> protectedPaths = new ArrayList<>();
        List<Path> gitDirs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            protectedPaths.add(new ProtectedPath(worstPath(i), true, "gitdir named by " + WORST));
            gitDirs.add(worstPath(i));
        }
        Protection protection = new Protection(protectedPaths, gitDirs, 100_000, false, gitDirs);
        List<CommandRecord> full = Collections.nCopies(CommandHistory.MAX_RECORDS, CommandHistoryTest.worstRecord());
        return new SessionInfo(id, SessionState.IDLE, WORST, WORST, Long.MAX_VALUE, WORST, Path.of(WORST), paths,
                Path.of(WORST), Path.of(WORST), Instant.parse("-999999999-01-01T00:00:00.123456789Z"),
                Instant.parse("-999999999-01-01T00:00:00.123456789Z"), WORST, full, WORST, protection, Long.MAX_VALUE,
                new SessionInfo.Owner(Principal.uid(1000), WORST), paths, true, Long.MAX_VALUE);
    }

    /**
     * session.show at its worst: the history 384 KiB, the path lists 384 KiB, 13 strings of 8 KiB and a marker 105 KiB,
     * keys and numbers under 2 KiB: under 876 KiB, the frame's envelope (id, type) in the rest.
     */
    @Test
    void showAtItsWorstFitsTheFrame() {
        assertThat((long) CommandHistory.MAX_RECORDS * CommandHistory.MAX_RECORD_JSON_BYTES
                + SessionReplies.SHOW_PATHS_BYTES + 13L * (SessionReplies.SHOW_STRING_BYTES + 60) + 2048)
                .isLessThanOrEqualTo(876 * 1024).isLessThan(FRAME);
        ObjectNode show = SessionReplies.show(worst("s1"));
        assertThat(SessionReplies.size(show)).isLessThanOrEqualTo(876 * 1024);
        assertThat(show.path("commands")).hasSize(CommandHistory.MAX_RECORDS);
        int writable = show.path("writable").size();
        assertThat(writable + show.path("writableNotListed").asInt()).isEqualTo(64);
        assertThat(show.path("allowedSockets").size() + show.path("allowedSocketsNotListed").asInt()).isEqualTo(64);
        JsonNode p = show.path("protection");
        assertThat(p.path("paths").size() + p.path("pathsNotListed").asInt()).isEqualTo(600);
        assertThat(p.path("pathsNotListed").asInt()).isPositive();
        assertThat(p.path("gitDirectories").size() + p.path("gitDirectoriesNotListed").asInt()).isEqualTo(600);
        assertThat(show.path("workspace").asText()).endsWith("more characters]").contains("…[clipped: ");
    }

    @Test
    void anOrdinarySessionIsShownWhole() {
        SessionInfo s = new SessionInfo("s2", SessionState.IDLE, "offline", "cordon-off", 1L, "/sys/fs/cgroup/x",
                Path.of("/w"), List.of(Path.of("/w2")), Path.of("/h"), Path.of("/t"), Instant.now(), null, null,
                List.of(CommandHistoryTest.worstRecord()), "clone3-into-cgroup",
                new Protection(List.of(new ProtectedPath(Path.of("/w/.git"), true, ".git directory")), List.of(), 3,
                        true), 1L << 30, new SessionInfo.Owner(Principal.uid(1000), "alice"));
        assertThat(SessionReplies.show(s)).isEqualTo(dev.cordon.core.Json.tree(s));
        assertThat(SessionReplies.summary(s)).isEqualTo(dev.cordon.core.Json.tree(s));
    }

    /** Each summary within its bound; the reply under the frame however many worst sessions there are. */
    @Test
    void listAtItsWorstFitsTheFrame() {
        SessionInfo one = worst("s0");
        ObjectNode summary = SessionReplies.summary(one);
        assertThat(SessionReplies.size(summary)).isLessThanOrEqualTo(SessionReplies.SUMMARY_BYTES);
        assertThat(summary.path("writable")).hasSize(SessionReplies.LIST_SAMPLE);
        assertThat(summary.path("writableNotListed").asInt()).isEqualTo(64 - SessionReplies.LIST_SAMPLE);
        assertThat(summary.path("protection").path("pathsNotListed").asInt()).isEqualTo(600 - SessionReplies.LIST_SAMPLE);
        assertThat(summary.path("protection").path("gitDirectories")).isEmpty();
        assertThat(summary.path("commands")).hasSize(SessionInfo.LIST_COMMANDS);

        List<SessionInfo> many = Collections.nCopies(3000, one);
        ObjectNode list = SessionReplies.list(many);
        assertThat(SessionReplies.size(list)).isLessThanOrEqualTo(SessionReplies.LIST_BYTES).isLessThan(FRAME);
        int listed = list.path("sessions").size();
        assertThat(listed + list.path("sessionsNotListed").asInt()).isEqualTo(3000);
        assertThat(list.path("sessionsAsStubs").asInt()).isPositive();
        assertThat(list.path("sessionsNotListed").asInt()).isPositive();
        assertThat(list.path("message").asText()).contains("cordon session show ID");
        JsonNode stub = list.path("sessions").get(listed - 1);
        assertThat(stub.path("id").asText()).isNotEmpty();
        assertThat(stub.has("owner") && stub.has("state") && !stub.has("workspace")).isTrue();
    }

    @Test
    void clippingNamesWhatItLeftOff() {
        assertThat(SessionReplies.clipped("abc", 3)).isEqualTo("abc");
        assertThat(SessionReplies.clipped("abcdef", 3)).isEqualTo("abc…[clipped: 3 more characters]");
        assertThat(SessionReplies.clipped("\u001b\u001b", 6)).isEqualTo("\u001b…[clipped: 1 more characters]");
        assertThat(SessionReplies.clipped("a\uD83D\uDE00", 4)).isEqualTo("a…[clipped: 2 more characters]");
    }
}
