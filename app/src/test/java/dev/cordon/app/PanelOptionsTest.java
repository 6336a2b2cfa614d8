package dev.cordon.app;

import dev.cordon.cli.CordonCli;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PanelOptionsTest {
    @Test
    void parsesInstanceBothWays() {
        assertThat(PanelOptions.parse(List.of("--instance", "t1")).instance()).isEqualTo("t1");
        assertThat(PanelOptions.parse(List.of("--instance=t2")).instance()).isEqualTo("t2");
        assertThat(PanelOptions.parse(List.of()).instance()).isNull();
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> PanelOptions.parse(List.of("--json"))).hasMessageContaining("'--json'");
        assertThatThrownBy(() -> PanelOptions.parse(List.of("--instance"))).hasMessageContaining("NAME");
    }

    /** `cordon panel --help` (the CLI's) describes exactly what this parser takes. */
    @Test
    void acceptsEveryOptionTheCliDocumentsForThePanel() {
        var panel = CordonCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getSubcommands().get("panel").getCommandSpec();
        assertThat(panel.positionalParameters()).isEmpty();
        assertThat(panel.options()).extracting(o -> o.longestName()).contains("--instance");
        for (var option : panel.options()) {
            for (String name : option.names()) {
                List<String> args = option.arity().max() == 0 ? List.of(name) : List.of(name, "x");
                assertThat(PanelOptions.parse(args)).as(name).isNotNull();
            }
        }
        assertThat(PanelOptions.parse(List.of("-h")).help()).isTrue();
    }
}
