package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.core.CordonVersion;
import dev.cordon.core.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import dev.cordon.core.Instance;
import dev.cordon.platform.Platforms;
import dev.cordon.platform.Terminal;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code cordon}: the command-line face of the backend. Every panel action exists here with {@code --json}. */
@Command(name = "cordon", versionProvider = CordonCli.Version.class,
        description = "Sandbox accounts, firewall, vault, leftovers and diagnostics for coding agents.",
        subcommands = {
                StatusCommand.class,
                SetupCommand.class,
                UninstallCommand.class,
                SecretCommand.class,
                DoctorCommand.class,
                AuditCommand.class,
                LeftoversCommand.class,
                LeftoversCommand.FormerName.class,
                RunCommand.class,
                SessionCommand.class,
                NetworkCommand.class,
                KillCommand.class,
                ServeCommand.class,
                PsCommand.class,
                PanelCommand.class,
                HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:ok",
                " 1:a check failed (doctor, verify)",
                " 2:usage error (bad option or argument)",
                " 3:conflict with the system (an object Cordon does not own, an occupied path)",
                " 4:Cordon is not set up",
                "65:corrupt or tampered data (ledger, vault, manifest)",
                "69:a required tool or OS capability is missing",
                "70:internal error",
                "77:needs root"})
public final class CordonCli {
    /** Inherited by every subcommand, so each answers {@code -h}/{@code --help} before its required options are checked. */
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    public static void main(String[] args) {
        Optional<Integer> relaunched = ServeRelaunch.ifCapped(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
            return;
        }
        Terminal terminal = terminal();
        System.exit(run(args, writer(System.out, terminal.isTerminal(Terminal.Stream.STDOUT)),
                writer(System.err, terminal.isTerminal(Terminal.Stream.STDERR))));
    }

    /** Where this process's stdout/stderr is a terminal, what the CLI prints is filtered (issue 8, F9). */
    private static Terminal terminal() {
        try {
            return Platforms.detect(Instance.of("")).terminal(); // the instance plays no part in this question
        } catch (CordonException unsupported) {
            return stream -> true; // the command will say why the OS is unsupported: filter its words meanwhile
        }
    }

    private static PrintWriter writer(OutputStream stream, boolean terminal) {
        return new PrintWriter(new OutputStreamWriter(terminal ? new TerminalSafeStream(stream) : stream,
                Charset.defaultCharset()), true);
    }

    /** Runs one command line; used by {@link #main} and by tests in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err, args).execute(args);
    }

    /** The whole command tree, printing to {@code out} and {@code err}, with Cordon's error handling. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return configured(new CommandLine(new CordonCli()), out, err);
    }

    /**
     * The tree {@code args} need: when they name one command and ask for no help or version (before a {@code --}),
     * that command alone under the root, else the whole tree. picocli reads every command's annotations when it builds
     * a tree, and its classes cannot be kept in the class-data archive (class file version 49): the whole tree cost a
     * one-shot {@code cordon run} about as much time again as the run command alone (0.8-1.1 s against 0.3-0.4 s without
     * the archive here). Parsing, messages and exit codes are the same: they come from the named command's own model.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        Class<?> only = onlyCommand(args);
        if (only == null) {
            return commandLine(out, err);
        }
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand(only);
        return configured(cl, out, err);
    }

    /** The subcommand {@code args[0]} names, if the rest asks for no help; null for the whole tree. */
    private static Class<?> onlyCommand(String[] args) {
        if (args.length == 0) {
            return null;
        }
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return null;
            }
        }
        for (Class<?> c : CordonCli.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (c != HelpCommand.class && (command.name().equals(args[0]) || List.of(command.aliases()).contains(args[0]))) {
                return c;
            }
        }
        return null;
    }

    /** The root of a one-command tree: the name the messages give ({@code cordon run}) and the inherited {@code -h}. */
    @Command(name = "cordon")
    static final class Root {
        @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
        boolean help;
    }

    private static CommandLine configured(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(CordonCli::handle);
        cl.setParameterExceptionHandler(CordonCli::usageError);
        return cl;
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("cordon: " + ex.getMessage());
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            String command = cl.getCommandSpec().qualifiedName();
            err.println("Did you mean " + String.join(" or ", unmatched.getSuggestions().stream()
                    .map(s -> "`" + (s.startsWith("-") ? s : command + " " + s) + "`").toList()) + "?");
        }
        err.println("Fix: " + fixFor(ex) + "see `" + cl.getCommandSpec().qualifiedName() + " --help`.");
        return ExitCode.USAGE.code();
    }

    /** What to give, named from the command's own model: the missing options and parameters, or a subcommand. */
    private static String fixFor(ParameterException ex) {
        if (ex instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
            return "give " + String.join(" and ", missing.getMissing().stream().map(CordonCli::describe).toList()) + "; ";
        }
        boolean optionProblem = ex instanceof UnmatchedArgumentException u
                && u.getUnmatched().stream().anyMatch(a -> a.startsWith("-"));
        Collection<CommandLine> subcommands = ex.getCommandLine().getSubcommands().values();
        Object command = ex.getCommandLine().getCommand();
        boolean group = !subcommands.isEmpty() && !(command instanceof Callable<?>) && !(command instanceof Runnable);
        if (group && !optionProblem) {
            return "give one of its commands (" + String.join(", ", subcommands.stream()
                    .map(c -> c.getCommandName()).distinct().toList()) + "); ";
        }
        return "";
    }

    private static String describe(ArgSpec arg) {
        String name = arg instanceof OptionSpec o
                ? o.longestName() + (o.arity().max() == 0 ? "" : "=" + o.paramLabel())
                : arg.paramLabel();
        String[] description = arg.description();
        if (description.length == 0 || description[0].isBlank()) {
            return name;
        }
        String text = description[0].strip().replaceFirst("\\.$", "");
        boolean sentenceCase = text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1));
        return name + " (" + (sentenceCase ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text) + ")";
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof CordonException ce) {
            boolean json = false;
            for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
                json |= p.hasMatchedOption("--json");
            }
            if (json) {
                cl.getOut().println(Output.errorJson(ce));
            }
            err.println("cordon: " + ce.getMessage());
            if (ce.fix() != null) {
                err.println("Fix: " + ce.fix());
            }
            if (ce.exitCode() == ExitCode.INTERNAL && ce.getCause() != null) {
                err.println("Cause: " + ce.getCause());
            }
            return ce.exitCode().code();
        }
        err.println("cordon: internal error: " + ex);
        ex.printStackTrace(err);
        return ExitCode.INTERNAL.code();
    }

    /** Version from the jar manifest; "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        public static String version() {
            return CordonVersion.current();
        }

        @Override
        public String[] getVersion() {
            return new String[] {"cordon " + version(), "Java " + System.getProperty("java.version") + " on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
