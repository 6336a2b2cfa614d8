package dev.cordon.app.sessions;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
    @Test
    void splitsLikeASimpleShell() {
        assertThat(CommandLine.split("  ls   -la  ")).containsExactly("ls", "-la");
        assertThat(CommandLine.split("sh -c 'echo hello; sleep 30'")).containsExactly("sh", "-c", "echo hello; sleep 30");
        assertThat(CommandLine.split("echo \"a \\\"b\\\" \\\\ \\n\"")).containsExactly("echo", "a \"b\" \\ \\n");
        assertThat(CommandLine.split("echo a\\ b it\\'s")).containsExactly("echo", "a b", "it's");
        assertThat(CommandLine.split("echo '' x\"\"y")).containsExactly("echo", "", "xy");
        assertThat(CommandLine.split("echo $HOME *")).containsExactly("echo", "$HOME", "*");
        assertThat(CommandLine.split("   ")).isEmpty();
    }

    @Test
    void unclosedQuotesAreErrorsNotGuesses() {
        assertThatThrownBy(() -> CommandLine.split("echo 'oops")).hasMessageContaining("single quote");
        assertThatThrownBy(() -> CommandLine.split("echo \"oops")).hasMessageContaining("double quote");
        assertThatThrownBy(() -> CommandLine.split("echo oops\\")).hasMessageContaining("backslash");
    }

    @Test
    void joinIsTheInverseOfSplit() {
        for (List<String> argv : List.of(List.of("ls", "-la"), List.of("sh", "-c", "echo 'hi' \"there\"; exit 3"),
                List.of("printf", "", "a\\b", "it's"))) {
            assertThat(CommandLine.split(CommandLine.join(argv))).isEqualTo(argv);
        }
        assertThat(CommandLine.join(List.of("sh", "-c", "echo hello; sleep 30"))).isEqualTo("sh -c 'echo hello; sleep 30'");
    }
}
