package dev.cordon.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceTest {
    @Test
    void defaultNames() {
        Instance i = Instance.of("");
        assertThat(i.offlineAccount()).isEqualTo("cordon-offline");
        assertThat(i.onlineAccount()).isEqualTo("cordon-online");
        assertThat(i.sandboxGroup()).isEqualTo("cordon-sandbox");
        assertThat(i.firewallTable()).isEqualTo("cordon");
        assertThat(i.stateDir()).isEqualTo(Path.of("/var/lib/cordon"));
    }

    @Test
    void instanceNamesPrefixEverything() {
        Instance i = Instance.of("ci7");
        assertThat(i.offlineAccount()).isEqualTo("ci7-cordon-offline");
        assertThat(i.sandboxGroup()).isEqualTo("ci7-cordon-sandbox");
        assertThat(i.firewallTable()).isEqualTo("ci7_cordon");
        assertThat(i.stateDir()).isEqualTo(Path.of("/var/lib/ci7-cordon"));
        assertThat(Instance.of("abcdefghijkl").onlineAccount().length()).isLessThanOrEqualTo(32);
    }

    @Test
    void rejectsNamesThatCouldEscapeOrCollide() {
        for (String bad : new String[] {"A", "1a", "a-b", "../x", "a b", "abcdefghijklm"}) {
            assertThatThrownBy(() -> Instance.of(bad)).isInstanceOf(CordonException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
