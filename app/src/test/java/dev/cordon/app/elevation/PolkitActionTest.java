package dev.cordon.app.elevation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolkitActionTest {
    @Test
    void thePackagedPolicyNamesTheInstalledPanelLauncher() {
        // the file the .deb installs (resources/linux), read as the installed panel reads it
        Path policy = Path.of("..", "resources", "linux", "dev.cordon.panel.policy");
        assertThat(PolkitAction.execPath(policy)).contains(Path.of("/opt/cordon/bin/cordon-panel"));
    }

    @Test
    void missingFileOrActionIsEmpty(@TempDir Path dir) throws IOException {
        assertThat(PolkitAction.execPath(dir.resolve("none.policy"))).isEmpty();
        Path other = dir.resolve("other.policy");
        Files.writeString(other, "<policyconfig><action id=\"org.example.x\"><annotate key=\""
                + PolkitAction.EXEC_PATH + "\">/usr/bin/x</annotate></action></policyconfig>");
        assertThat(PolkitAction.execPath(other)).isEqualTo(Optional.empty());
    }

    @Test
    void damagedFileIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.policy");
        Files.writeString(bad, "<policyconfig><action id=\"dev.cordon.panel\">");
        assertThatThrownBy(() -> PolkitAction.execPath(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.toString());
    }
}
