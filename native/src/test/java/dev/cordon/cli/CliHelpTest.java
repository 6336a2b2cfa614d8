package dev.cordon.cli;

import dev.cordon.testing.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the whole command tree: every command answers -h, --help and `cordon help PATH` with its usage (exit 0, no
 * setup, no root), describes itself in one line and each option; every `cordon ...` named in a message exists.
 */
class CliHelpTest {
    /** A command of the tree and the names that reach it ({@code [session, start]}). */
    record Node(List<String> path, CommandLine cl) {
        String qualifiedName() {
            return cl.getCommandSpec().qualifiedName();
        }

        String[] args(String... more) {
            List<String> a = new ArrayList<>(path);
            a.addAll(List.of(more));
            return a.toArray(String[]::new);
        }
    }

    private static CommandLine root() {
        return CordonCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    static List<Node> tree() {
        List<Node> nodes = new ArrayList<>();
        collect(List.of(), root(), nodes);
        return nodes;
    }

    private static void collect(List<String> path, CommandLine cl, List<Node> into) {
        into.add(new Node(path, cl));
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // each command once, not once per alias
                List<String> p = new ArrayList<>(path);
                p.add(name);
                collect(p, sub, into);
            }
        });
    }

    @Test
    void theTreeIsTheWholeCli() {
        List<String> names = tree().stream().map(Node::qualifiedName).toList();
        assertThat(names).contains("cordon", "cordon panel", "cordon help", "cordon run", "cordon serve",
                "cordon session start", "cordon session exec", "cordon leftovers clean", "cordon secret set",
                "cordon network prove");
        assertThat(names.size()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        for (Node n : tree()) {
            CliRun shortHelp = CliRun.of(n.args("-h"));
            CliRun longHelp = CliRun.of(n.args("--help"));
            CliRun helpCommand = CliRun.of(Stream.concat(Stream.of("help"), n.path().stream()).toArray(String[]::new));
            for (CliRun r : List.of(shortHelp, longHelp, helpCommand)) {
                assertThat(r.exit()).as(n.qualifiedName() + ": " + r.err()).isZero();
                assertThat(r.err()).as(n.qualifiedName()).isEmpty();
                assertThat(r.out()).as(n.qualifiedName()).startsWith("Usage: " + n.qualifiedName() + " ")
                        .contains(n.cl().getCommandSpec().usageMessage().description()[0]);
            }
            assertThat(longHelp.out()).isEqualTo(shortHelp.out()).isEqualTo(helpCommand.out());
        }
    }

    @Test
    void helpComesBeforeRequiredOptionsAndParameters() {
        for (Node n : tree()) {
            CommandSpec spec = n.cl().getCommandSpec();
            // (required options inside an optional group, like ps's, do not make the command require anything)
            boolean requires = spec.args().stream().anyMatch(a -> a.required() && a.group() == null)
                    || !spec.subcommands().isEmpty();
            if (requires && !n.path().isEmpty() && !n.path().get(0).equals("help")) {
                // without help, the same command line is a usage error (else this would prove nothing)
                assertThat(CliRun.of(n.args()).exit()).as(n.qualifiedName()).isEqualTo(2);
            }
        }
        assertThat(CliRun.of("run", "--workspace", "/tmp", "--help").out()).startsWith("Usage: cordon run ");
        // after `--`, --help belongs to the sandboxed command
        assertThat(CliRun.of("run", "--help", "--", "ls", "--help").exit()).isZero();
    }

    @Test
    void everyCommandDescribesItselfInOneLineAndEachOfItsArguments() {
        for (Node n : tree()) {
            CommandSpec spec = n.cl().getCommandSpec();
            String[] description = spec.usageMessage().description();
            assertThat(description).as(n.qualifiedName()).isNotEmpty();
            assertThat(description[0]).as(n.qualifiedName()).endsWith(".");
            for (ArgSpec arg : spec.args()) {
                assertThat(String.join(" ", arg.description())).as(n.qualifiedName() + " " + arg.paramLabel()).isNotBlank();
            }
            if (!spec.subcommands().isEmpty()) {
                // the list of commands shows each on a single line: no continuation lines
                String list = n.cl().getHelp().commandList();
                assertThat(list.lines().filter(l -> !l.isBlank()).toList()).as(n.qualifiedName() + "\n" + list)
                        .allSatisfy(l -> assertThat(l).matches("  [a-z-]+ .*"));
            }
        }
    }

    @Test
    void topLevelHelpListsEveryCommandAndThePanel() {
        CliRun help = CliRun.of("--help");
        root().getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().usageMessage().hidden()) { // a former name, accepted but not listed
                assertThat(help.out()).doesNotContain("\n  " + name + " ");
            } else {
                assertThat(help.out()).contains("\n  " + name + " ");
            }
        });
        assertThat(help.out()).containsPattern("\n  panel +Open the JavaFX control panel");
        CliRun version = CliRun.of("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("cordon ");
    }

    @Test
    void helpForACommandThatDoesNotExistIsAUsageError() {
        CliRun r = CliRun.of("help", "session", "bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("`cordon session` has no command 'bogus'").contains("start")
                .contains("see `cordon session --help`");
        assertThat(CliRun.of("help", "bogus").exit()).isEqualTo(2);
    }

    private static final Pattern SEE_HELP = Pattern.compile("see `([^`]+) --help`");

    /** Every usage error names `cordon X --help`, and that command line answers. */
    @Test
    void everyUsageErrorPointsToAHelpThatAnswers() {
        for (Node n : tree()) {
            CliRun bad = CliRun.of(n.args("--no-such-option"));
            assertThat(bad.exit()).as(n.qualifiedName()).isEqualTo(2);
            Matcher m = SEE_HELP.matcher(bad.err());
            assertThat(m.find()).as(n.qualifiedName() + ": " + bad.err()).isTrue();
            assertThat(m.group(1)).isEqualTo(n.qualifiedName());
            assertHelpAnswers(m.group(1));
        }
        CliRun group = CliRun.of("session");
        assertThat(group.err()).contains("give one of its commands (start, list, show, usage, stop, exec, set-network)");
        CliRun missing = CliRun.of("run", "--workspace", "/tmp");
        assertThat(missing.err()).contains("give CMD (the command and its arguments, after `--`)");
    }

    private static void assertHelpAnswers(String commandLine) {
        String[] words = commandLine.split(" ");
        assertThat(words[0]).isEqualTo("cordon");
        CliRun r = CliRun.of(Stream.concat(Arrays.stream(words).skip(1), Stream.of("--help")).toArray(String[]::new));
        assertThat(r.exit()).as(commandLine + " --help: " + r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: " + commandLine + " ");
    }

    /** A `cordon ...` (or `./cordon`, `sudo cordon`) in a string of the sources: the command and its options exist. */
    private static final Pattern REFERENCE = Pattern.compile("`(?:sudo |xvfb-run -a )?(?:\\./)?cordon((?: [^`\"]*)?)[`\"]");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

    @Test
    void everyCommandNamedInAMessageExists() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Path dir : List.of(Path.of("src/main/java"), Path.of("../app/src/main/java"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher literal = STRING_LITERAL.matcher(Files.readString(f, StandardCharsets.UTF_8));
                    while (literal.find()) {
                        Matcher ref = REFERENCE.matcher(literal.group());
                        while (ref.find()) {
                            checkReference(f.getFileName() + ": " + ref.group(), ref.group(1).trim());
                            checked.add(ref.group());
                        }
                    }
                    Matcher seeHelp = SEE_HELP.matcher(Files.readString(f, StandardCharsets.UTF_8));
                    while (seeHelp.find()) {
                        if (seeHelp.group(1).startsWith("cordon")) {
                            assertHelpAnswers(seeHelp.group(1));
                        }
                    }
                }
            }
        }
        // the scan finds what is there (e.g. Doctor's "Run `cordon setup`"): it cannot pass by matching nothing
        assertThat(checked).hasSizeGreaterThan(20).anySatisfy(r -> assertThat(r).startsWith("`cordon setup"));
    }

    private static void checkReference(String where, String words) {
        CommandLine command = root();
        boolean inCommandPath = true;
        for (String word : words.isEmpty() ? new String[0] : words.split(" +")) {
            if (word.startsWith("-")) {
                inCommandPath = false;
                String option = word.split("=", 2)[0];
                if (!option.equals("--")) {
                    assertThat(command.getCommandSpec().findOption(option)).as(where + ": " + option).isNotNull();
                }
            } else if (inCommandPath && command.getSubcommands().containsKey(word)) {
                command = command.getSubcommands().get(word);
            } else {
                assertThat(command.getCommandSpec().qualifiedName().equals("cordon") && !word.equals("…") && !word.equals("..."))
                        .as(where + ": '" + word + "' is not a command").isFalse();
                inCommandPath = false;
            }
        }
    }
}
