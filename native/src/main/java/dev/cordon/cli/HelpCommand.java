package dev.cordon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cordon help [COMMAND...]}: the usage of any command in the tree, e.g. {@code cordon help session start};
 * the same text as {@code cordon session start --help}. (picocli's own help command looks one level deep only.)
 */
@Command(name = "help", helpCommand = true,
        description = {"Show the help of a command, e.g. `cordon help session start`.", "The same as the command's --help."})
final class HelpCommand implements IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "The command and subcommand names, e.g. session start (none: the help of cordon).")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter outWriter, PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        if (!self.getUnmatchedArguments().isEmpty()) { // a help command is parsed leniently: refuse what it ignored
            throw new UnmatchedArgumentException(self, self.getUnmatchedArguments());
        }
        CommandLine command = self.getParent();
        for (String name : path) {
            CommandLine next = command.getSubcommands().get(name);
            if (next == null) {
                throw new ParameterException(command, "`" + command.getCommandSpec().qualifiedName() + "` has no command '"
                        + name + "'.");
            }
            command = next;
        }
        command.usage(out, colors);
    }
}
