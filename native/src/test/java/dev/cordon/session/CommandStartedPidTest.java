package dev.cordon.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A command that ended before the host could name its pid (R46) is reported with no pid, never as pid 0. */
class CommandStartedPidTest {
    @Test
    void aStartedEventCarriesThePidOrNull() {
        assertThat(CommandListener.startedData(4242).path("pid").asLong()).isEqualTo(4242);
        assertThat(CommandListener.startedData(0).has("pid")).isTrue();
        assertThat(CommandListener.startedData(0).get("pid").isNull()).isTrue();
    }

    @Test
    void theHistoryRecordsNoPidForOneThatCouldNotBeNamed() {
        CommandHistory history = new CommandHistory();
        CommandHistory.Entry named = history.begin(List.of("true"), "offline");
        CommandHistory.Entry gone = history.begin(List.of("true"), "offline");
        named.started(4242);
        gone.started(0);
        assertThat(history.records()).extracting(CommandRecord::pid).containsExactly(4242L, null);
    }
}
