package dev.cordon.app.elevation;

import dev.cordon.app.ui.Messages;
import dev.cordon.platform.ElevatedRelauncher.Outcome;
import dev.cordon.platform.ElevatedRelauncher.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The UAC relaunch's outcomes: started closes this panel; declined (1223) or failed keeps it read-only and says why. */
class RunasOutcomeTest {
    private final Messages messages = Messages.load(Locale.ROOT);

    @Test
    void startedClosesThisPanelDeclinedKeepsTheReadOnlyBanner() {
        assertThat(RunasOutcome.problem(new Result(Outcome.STARTED, ""), messages)).isEmpty();
        assertThat(RunasOutcome.problem(new Result(Outcome.DECLINED, "The elevation prompt was declined."), messages))
                .hasValueSatisfying(p -> {
                    assertThat(p.message()).isEqualTo(messages.get("readonly.relaunch.declined")).contains("read-only");
                    assertThat(p.fix()).contains("Run as administrator");
                });
        assertThat(RunasOutcome.problem(new Result(Outcome.FAILED, "Windows denied access. (Windows error 5, "
                + "ERROR_ACCESS_DENIED)"), messages)).hasValueSatisfying(p -> assertThat(p.message()).contains("error 5"));
    }

    @Test
    void thePanelIsStartedAgainWithItsInstance() {
        assertThat(RunasOutcome.argv("C:\\Cordon\\cordon-panel.exe", "")).containsExactly("C:\\Cordon\\cordon-panel.exe");
        assertThat(RunasOutcome.argv("cordon-panel.exe", "t1")).isEqualTo(List.of("cordon-panel.exe", "--instance", "t1"));
    }
}
