package dev.cordon.platform.windows;

import dev.cordon.platform.ElevatedRelauncher.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The panel's UAC relaunch, through a recording shell: what is started, and what each answer means. */
class ShellRunasTest {
    @Test
    void thePanelIsStartedWithItsArgumentsQuotedAsItWillSplitThem() {
        List<String> calls = new ArrayList<>();
        ShellRunas runas = new ShellRunas((file, parameters) -> {
            calls.add(file + " | " + parameters);
            return 0;
        });
        List<String> argv = List.of("C:\\Program Files\\Cordon\\cordon-panel.exe", "--instance", "t1", "a b\"c");
        assertThat(runas.relaunch(argv).outcome()).isEqualTo(Outcome.STARTED);
        String parameters = ShellRunas.parameters(argv);
        assertThat(calls).containsExactly(argv.get(0) + " | " + parameters);
        assertThat(WindowsCommandLine.parse("p.exe " + parameters)).containsExactly("p.exe", "--instance", "t1", "a b\"c");
        assertThat(ShellRunas.parameters(List.of("p.exe"))).isEmpty();
    }

    @Test
    void declinedKeepsTheReadOnlyPanelAndOtherErrorsAreSentences() {
        assertThat(ShellRunas.result(1223).outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(ShellRunas.result(1223).detail()).contains("declined");
        assertThat(ShellRunas.result(740).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(ShellRunas.result(2).detail()).contains("Windows error 2");
    }
}
