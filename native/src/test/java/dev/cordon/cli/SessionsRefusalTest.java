package dev.cordon.cli;

import dev.cordon.Backend;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `run`, `session` and `serve` refuse with the platform's one sentence where it hosts no sessions (Windows today). */
class SessionsRefusalTest {
    private static final String WHY = "this build does not start sandbox sessions on Windows yet.";

    @Test
    void commandsThatNeedSessionsRefuseWithThePlatformsSentenceBeforeAnything() {
        FakePlatform platform = new FakePlatform();
        platform.noSessions = Optional.of(WHY);
        Common common = new Common(new Instance("t", Path.of("/nonexistent")), platform);
        for (String what : new String[] {"run", "serve", "session start", "session exec"}) {
            assertThatThrownBy(() -> common.requireSessions(what)).isInstanceOfSatisfying(CordonException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
                assertThat(e.getMessage()).isEqualTo("`cordon " + what + "` is not available here: " + WHY);
                assertThat(e.fix()).contains("cordon setup");
            });
        }
        assertThatThrownBy(() -> new Backend(new Instance("t", Path.of("/nonexistent")), platform).sessions())
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE))
                .hasMessageContaining(WHY);
    }

    @Test
    void whereSessionsExistNothingIsRefused() {
        Common common = new Common(new Instance("t", Path.of("/nonexistent")), new FakePlatform());
        assertThatCode(() -> common.requireSessions("run")).doesNotThrowAnyException();
    }
}
