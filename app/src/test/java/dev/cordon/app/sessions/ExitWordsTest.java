package dev.cordon.app.sessions;

import dev.cordon.app.ui.Messages;
import dev.cordon.session.CommandExit;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ExitWordsTest {
    private final Messages messages = Messages.load(Locale.ROOT);

    @Test
    void endsAreSaidInWords() {
        assertThat(ExitWords.describe(new CommandExit(0, true, false, null, null), "1.2 s", messages))
                .isEqualTo("[exit 0 after 1.2 s]");
        assertThat(ExitWords.describe(new CommandExit(143, true, false, null, null), "3 ms", messages))
                .isEqualTo("[killed by SIGTERM (143) after 3 ms]");
        assertThat(ExitWords.describe(new CommandExit(137, true, false, "runner exited unexpectedly", null), "2 s", messages))
                .isEqualTo("[killed by SIGKILL (137) after 2 s: runner exited unexpectedly]");
        assertThat(ExitWords.describe(new CommandExit(137, true, true, "timeout", null), "30.0 s", messages))
                .isEqualTo("[timed out after 30.0 s: its process tree was killed (137)]");
        assertThat(ExitWords.describe(new CommandExit(200, true, false, null, null), "1 s", messages))
                .isEqualTo("[exit 200 after 1 s]");
        assertThat(ExitWords.signal(128 + 40)).isEqualTo("signal 40");
    }

    @Test
    void aStartFailureLosesJavasWording() {
        String java = "Cannot run program \"nosuchcmd\" (in directory \"/tmp/ws\"): error=2, No such file or directory";
        assertThat(ExitWords.describe(new CommandExit(127, false, false, null, java), "0 ms", messages))
                .isEqualTo("[could not start: nosuchcmd: No such file or directory]");
        assertThat(ExitWords.startFailure("execve failed: Permission denied")).isEqualTo("execve failed: Permission denied");
    }
}
