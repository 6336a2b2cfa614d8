package dev.cordon.app;

import org.junit.jupiter.api.Test;

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
}
