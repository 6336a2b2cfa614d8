package dev.cordon.app.elevation;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RelaunchCommandTest {
    @Test
    void passesTheDisplayThroughPkexecAndKeepsTheInstance() {
        var cmd = RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), Optional.of("/opt/cordon/cordon"),
                Map.of("DISPLAY", ":0", "XAUTHORITY", "/home/a/.Xauthority", "HOME", "/home/a"), "t1");
        assertThat(cmd).isPresent();
        assertThat(cmd.get().argv()).containsExactly("/usr/bin/pkexec", "env", "DISPLAY=:0",
                "XAUTHORITY=/home/a/.Xauthority", "/opt/cordon/cordon", "panel", "--instance", "t1");
    }

    @Test
    void defaultInstanceHasNoInstanceOption() {
        var cmd = RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), Optional.of("/c/cordon"), Map.of(), "");
        assertThat(cmd.get().display()).isEqualTo("/usr/bin/pkexec env /c/cordon panel");
    }

    @Test
    void unavailableWithoutPkexecOrLauncher() {
        assertThat(RelaunchCommand.linux(Optional.empty(), Optional.of("/c/cordon"), Map.of(), "")).isEmpty();
        assertThat(RelaunchCommand.linux(Optional.of("/usr/bin/pkexec"), Optional.empty(), Map.of(), "")).isEmpty();
    }
}
