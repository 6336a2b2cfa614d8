package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowsCommandLineTest {
    @Test
    void plainArgumentsStayAsTheyAre() {
        assertThat(WindowsCommandLine.quote(List.of("C:\\Windows\\System32\\cmd.exe", "/c", "echo", "x")))
                .isEqualTo("C:\\Windows\\System32\\cmd.exe /c echo x");
        assertThat(WindowsCommandLine.quote(List.of("git", "C:\\path\\with\\backslashes\\")))
                .isEqualTo("git C:\\path\\with\\backslashes\\");
    }

    @Test
    void spacesQuotesAndBackslashesBeforeQuotesAreEscapedByTheRules() {
        assertThat(WindowsCommandLine.quote(List.of("C:\\Program Files\\Git\\bin\\git.exe", "a b", "", "say \"hi\"",
                "C:\\dir with space\\", "\\\"")))
                .isEqualTo("\"C:\\Program Files\\Git\\bin\\git.exe\" \"a b\" \"\" \"say \\\"hi\\\"\" "
                        + "\"C:\\dir with space\\\\\" \"\\\\\\\"\"");
    }

    @Test
    void parseSplitsAsCommandLineToArgvWDoes() {
        assertThat(WindowsCommandLine.parse("\"C:\\Program Files\\a.exe\" x \"y z\" a\\\\\\\"b c\\\\\"d e\" \"\"\"\""))
                .containsExactly("C:\\Program Files\\a.exe", "x", "y z", "a\\\"b", "c\\d e", "\"");
        assertThat(WindowsCommandLine.parse("prog  \t  ")).containsExactly("prog");
        // the program is taken verbatim: no backslash escapes there
        assertThat(WindowsCommandLine.parse("C:\\a\\\\b.exe x")).containsExactly("C:\\a\\\\b.exe", "x");
    }

    @Test
    void anyArgvSurvivesTheRoundTrip() {
        Random random = new Random(20261127); // reproducible; not a secret
        String alphabet = "ab \t\"\\\\\\'^&|<>%!\n\u00e9\u4e2d";
        for (int i = 0; i < 5000; i++) {
            List<String> argv = new ArrayList<>();
            argv.add(random.nextBoolean() ? "C:\\Program Files\\tool.exe" : "tool");
            int args = random.nextInt(5);
            for (int a = 0; a < args; a++) {
                StringBuilder s = new StringBuilder();
                int len = random.nextInt(8);
                for (int c = 0; c < len; c++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                argv.add(s.toString());
            }
            assertThat(WindowsCommandLine.parse(WindowsCommandLine.quote(argv))).as("%s", argv).isEqualTo(argv);
        }
    }

    @Test
    void whatCannotBeExpressedIsRefused() {
        assertThatThrownBy(() -> WindowsCommandLine.quote(List.of())).hasMessageContaining("no program");
        assertThatThrownBy(() -> WindowsCommandLine.quote(List.of("a\"b.exe"))).hasMessageContaining("cannot contain a quote");
        assertThatThrownBy(() -> WindowsCommandLine.quote(List.of("a.exe", "x\0y"))).hasMessageContaining("NUL");
    }
}
