package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code cordon}: the command-line face of the backend. Every panel action exists here with {@code --json}. */
@Command(name = "cordon", mixinStandardHelpOptions = true, versionProvider = CordonCli.Version.class,
        description = "Sandbox accounts, firewall, vault, leftovers and diagnostics for coding agents.",
        subcommands = {
                StatusCommand.class,
                SetupCommand.class,
                UninstallCommand.class,
                SecretCommand.class,
                DoctorCommand.class,
                AuditCommand.class,
                ProfilesCommand.class,
                RunCommand.class,
                SessionCommand.class,
                NetworkCommand.class,
                KillCommand.class,
                ServeCommand.class,
                PsCommand.class,
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

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; used by {@link #main} and by tests in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new CordonCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(CordonCli::handle);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("cordon: " + ex.getMessage());
            e.println("Fix: see `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`.");
            return ExitCode.USAGE.code();
        });
        return cl.execute(args);
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
            String v = CordonCli.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"cordon " + version(), "Java " + System.getProperty("java.version") + " on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
