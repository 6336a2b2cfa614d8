package dev.cordon.session;

import dev.cordon.core.Exec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The git config parser of the protection search: git's own syntax, checked against git itself where it is installed. */
class GitConfigFileTest {
    @TempDir
    Path tmp;

    /** Configs whose keys and values a parser could get wrong; each is compared with {@code git config --list}. */
    private static final List<String> TRICKY = List.of(
            "[include]\n\tpath = a.gitconfig\n",
            "[Include] PATH = b\n",
            "[include] path = same-line ; comment\n[core] hooksPath = \"quoted # not a comment\"\n",
            "[includeIf \"gitdir:/x/\"]\n\tpath = ../shared.gitconfig\n",
            "[includeIf \"gitdir/i:~/W\\\\ork/\"]\n  path = \"w\\\\o\\\"rk\" # trailing\n",
            "[include.legacy]\n\tpath = legacy\n",
            "\uFEFF[include]\r\n\tpath = crlf\r\n",
            "[include]\n\tpath = con\\\ntinued\n",
            "[core]\n\tbare\n\tfsmonitor\n[include]\n\tpath = after-bare\n",
            "# comment\n; another\n  [include]   \n\tpath=x  y  \n",
            "[section \"sub [include]\"]\n\tpath = not-an-include\n",
            "[a]b = \"[include]\" \n[include]path=tight\n",
            "[x]\n\tv = \"one\\ttab\\nnl\"\n[include]\n\tpath = esc\\\\aped\n",
            "[include]\n\tpath = ../local.gitconfig\u000b\n[core]\n\tx = \u000b\f a \f\u000b  \n");

    @Test
    void parsesAsGitDoes() throws Exception {
        assumeTrue(Exec.which("git").isPresent(), "git is not installed");
        for (String config : TRICKY) {
            Path f = tmp.resolve("c" + TRICKY.indexOf(config));
            Files.writeString(f, config);
            Exec.Result git = Exec.run(List.of("git", "config", "--file", f.toString(), "--null", "--list"));
            git.orThrow("git config --list of " + config);
            List<String> want = new ArrayList<>(List.of(git.stdout().split("\0")));
            want.removeIf(String::isEmpty);
            List<String> got = GitConfigFile.parse(config.getBytes(StandardCharsets.UTF_8)).stream()
                    .map(e -> e.section() + (e.subsection() == null ? "" : "." + e.subsection()) + "." + e.name()
                            + (e.value() == null ? "" : "\n" + e.value()))
                    .toList();
            assertThat(got).as("entries of %s", config).isEqualTo(want);
        }
    }

    @Test
    void aBooleanIsFalseOnlyWhereGitTakesItForFalse() throws Exception {
        assumeTrue(Exec.which("git").isPresent(), "git is not installed");
        for (String v : List.of("\tbare\n", "\tbare =\n", "\tbare = true\n", "\tbare = YES\n", "\tbare = on\n",
                "\tbare = 1\n", "\tbare = -1\n", "\tbare = 1k\n", "\tbare = 0x10\n", "\tbare = false\n", "\tbare = No\n",
                "\tbare = off\n", "\tbare = 0\n", "\tbare = 00\n", "\tbare = 0x0\n", "\tbare = 0k\n", "\tbare = -0\n",
                "\tbare = maybe\n", "\tbare = 0x\n", "\tbare = \"\"\n")) {
            Path f = tmp.resolve("b");
            Files.writeString(f, "[core]\n" + v);
            Exec.Result git = Exec.run(List.of("git", "config", "--file", f.toString(), "--type=bool", "core.bare"));
            boolean gitSaysFalse = git.exitCode() == 0 && git.stdout().strip().equals("false");
            GitConfigFile.Entry e = GitConfigFile.parse(("[core]\n" + v).getBytes(StandardCharsets.UTF_8)).get(0);
            // git's false is ours; git's true, and what git refuses (it stops there), may be true
            assertThat(e.mayBeTrue()).as(v.strip() + " (git: " + git.stdout().strip() + git.stderr().strip() + ")")
                    .isEqualTo(!gitSaysFalse);
        }
    }

    @Test
    void includesWhateverTheirConditionAndHooksPath() throws Exception {
        List<GitConfigFile.Entry> e = GitConfigFile.parse(("[includeIf \"onbranch:x\"] path = a\n[include]\npath = b\n"
                + "[core]\nhooksPath = .husky\n[includeif \"gitdir:/\"]\n\tPath = c\n[other]\npath = d\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.stream().filter(GitConfigFile.Entry::isInclude).map(GitConfigFile.Entry::value)).containsExactly("a", "b", "c");
        assertThat(e.stream().filter(x -> x.is("core", "hookspath")).map(GitConfigFile.Entry::value)).containsExactly(".husky");
    }

    /** Z9: git's white space is space, tab, CR and LF; a vertical tab or form feed is part of a value, or a bad line. */
    @Test
    void verticalTabAndFormFeedAreNoWhiteSpace() throws Exception {
        List<GitConfigFile.Entry> e = GitConfigFile.parse("[include]\n\tpath = ../local.gitconfig\u000b\n[core]\n\tx = \fy\f \n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.stream().map(GitConfigFile.Entry::value)).containsExactly("../local.gitconfig\u000b", "\fy\f");
        for (String bad : List.of("\u000b[core]\n", "[core]\n\fx = y\n", "[core]\n\tx\u000b= y\n", "[core\f\"s\"]\n",
                "[core \u000b\"s\"]\n")) {
            assertThatThrownBy(() -> GitConfigFile.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(GitConfigFile.BadLine.class);
        }
    }

    @Test
    void aLineGitRefusesIsRefusedWithItsNumber() {
        for (String bad : List.of("[include\npath = x\n", "[core]\n\tx = \"open\n", "[core]\n1x = y\n", "[core]\nx y\n",
                "[a \"b\"c]\n", "[core]\nx = \\q\n")) {
            assertThatThrownBy(() -> GitConfigFile.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(GitConfigFile.BadLine.class);
        }
        assertThatThrownBy(() -> GitConfigFile.parse("[core]\n\tok = 1\n\tbad key\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("bad config line 3");
    }
}
