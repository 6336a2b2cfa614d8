package dev.cordon.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command line that names one command is parsed by a tree of that command alone (CordonCli.commandLine with args):
 * what it prints and the exit code are those of the whole tree; help and version still get the whole tree.
 */
class OneCommandTreeTest {
    private static final List<String[]> LINES = List.of(
            new String[] {"run"},
            new String[] {"run", "--workspace"},
            new String[] {"run", "--bogus", "--workspace", "/tmp", "--", "true"},
            new String[] {"run", "--network", "sideways", "--workspace", "/tmp", "--", "true"},
            new String[] {"run", "--workspace", "/tmp", "--timeout", "0", "--", "true"},
            new String[] {"run", "--workspace", "/tmp", "--", ""},
            new String[] {"session"},
            new String[] {"session", "bogus"},
            new String[] {"session", "exec", "--json"},
            new String[] {"leftovers", "--nope"},
            new String[] {"kill"},
            new String[] {"audit", "--since", "not-a-time"});

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(CommandLine cl, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void oneCommandAnswersAsTheWholeTreeDoes() {
        PrintWriter nowhere = new PrintWriter(StringWriter.nullWriter());
        for (String[] args : LINES) {
            Outcome whole = run(CordonCli.commandLine(nowhere, nowhere), args);
            Outcome one = run(CordonCli.commandLine(nowhere, nowhere, args), args);
            assertThat(one).as(String.join(" ", args)).isEqualTo(whole);
            assertThat(whole.code()).as(String.join(" ", args)).isNotZero();
        }
    }

    @Test
    void theTreeHoldsTheNamedCommandOnlyUnlessHelpOrVersionIsAsked() {
        PrintWriter nowhere = new PrintWriter(StringWriter.nullWriter());
        assertThat(CordonCli.commandLine(nowhere, nowhere, new String[] {"run", "--", "sh", "-c", "x --help"})
                .getSubcommands()).containsOnlyKeys("run");
        assertThat(CordonCli.commandLine(nowhere, nowhere, new String[] {"run", "--help"}).getSubcommands())
                .containsKeys("run", "session", "status", "help");
        assertThat(CordonCli.commandLine(nowhere, nowhere, new String[] {"-V"}).getSubcommands()).containsKeys("run", "help");
        assertThat(CordonCli.commandLine(nowhere, nowhere, new String[] {"help", "run"}).getSubcommands())
                .containsKeys("run", "help");
        assertThat(CordonCli.commandLine(nowhere, nowhere, new String[] {"nosuch"}).getSubcommands()).containsKeys("run");
    }
}
