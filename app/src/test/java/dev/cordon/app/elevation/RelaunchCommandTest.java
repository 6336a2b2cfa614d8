package dev.cordon.app.elevation;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RelaunchCommandTest {
    private static final Map<String, String> DESKTOP = Map.of("DISPLAY", ":0", "XAUTHORITY", "/home/a/.Xauthority", "HOME", "/home/a");
    private static final Optional<Path> POLICY_EXEC = Optional.of(Path.of("/opt/cordon/bin/cordon-panel"));

    @Test
    void installedPanelIsStartedByPkexecDirectlySoItsPolkitActionApplies() {
        var launcher = PanelLauncher.of(Optional.of("/opt/cordon/bin/cordon-panel"), Optional.empty(), POLICY_EXEC);
        assertThat(launcher.get().kind()).isEqualTo(PanelLauncher.Kind.INSTALLED);
        var cmd = RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), launcher, DESKTOP, "t1");
        assertThat(cmd.get().argv()).containsExactly("/usr/bin/pkexec", "/opt/cordon/bin/cordon-panel", "--instance", "t1");
        assertThat(RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), launcher, DESKTOP, "").get().display())
                .isEqualTo("/usr/bin/pkexec /opt/cordon/bin/cordon-panel");
    }

    @Test
    void appImageThatNoPolicyNamesPassesTheDisplayThroughEnvWithoutThePanelArgument() {
        var launcher = PanelLauncher.of(Optional.of("/tmp/image/cordon/bin/cordon-panel"), Optional.empty(), POLICY_EXEC);
        assertThat(launcher.get().kind()).isEqualTo(PanelLauncher.Kind.APP_IMAGE);
        var cmd = RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), launcher, DESKTOP, "t1");
        assertThat(cmd.get().argv()).containsExactly("/usr/bin/pkexec", "env", "DISPLAY=:0",
                "XAUTHORITY=/home/a/.Xauthority", "/tmp/image/cordon/bin/cordon-panel", "--instance", "t1");
        var withoutPolicy = PanelLauncher.of(Optional.of("/opt/cordon/bin/cordon-panel"), Optional.empty(), Optional.empty());
        assertThat(withoutPolicy.get().kind()).isEqualTo(PanelLauncher.Kind.APP_IMAGE);
    }

    @Test
    void sourceCheckoutKeepsTheScriptFormWithPanelAndTheDisplay() {
        var launcher = PanelLauncher.of(Optional.empty(), Optional.of("/opt/cordon/cordon"), POLICY_EXEC);
        var cmd = RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), launcher, DESKTOP, "t1");
        assertThat(cmd.get().argv()).containsExactly("/usr/bin/pkexec", "env", "DISPLAY=:0",
                "XAUTHORITY=/home/a/.Xauthority", "/opt/cordon/cordon", "panel", "--instance", "t1");
        var bare = PanelLauncher.of(Optional.empty(), Optional.of("/c/cordon"), Optional.empty());
        assertThat(RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), bare, Map.of(), "").get().display())
                .isEqualTo("/usr/bin/pkexec env /c/cordon panel");
    }

    @Test
    void jpackageLauncherWinsOverTheScriptProperty() {
        var launcher = PanelLauncher.of(Optional.of("/opt/cordon/bin/cordon-panel"), Optional.of("/c/cordon"), POLICY_EXEC);
        assertThat(launcher.get().path()).isEqualTo(Path.of("/opt/cordon/bin/cordon-panel"));
    }

    @Test
    void unavailableWithoutPkexecOrLauncher() {
        var script = PanelLauncher.of(Optional.empty(), Optional.of("/c/cordon"), Optional.empty());
        assertThat(RelaunchCommand.linux(Optional.empty(), script, Map.of(), "")).isEmpty();
        assertThat(PanelLauncher.of(Optional.empty(), Optional.empty(), POLICY_EXEC)).isEmpty();
        assertThat(RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), Optional.empty(), Map.of(), "")).isEmpty();
    }
}
