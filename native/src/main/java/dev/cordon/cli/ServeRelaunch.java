package dev.cordon.cli;

import dev.cordon.core.FileNames;
import dev.cordon.core.JavaRuntime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cordon serve} with the full JIT, whichever launcher started it. The packaged {@code cordon} launcher gives
 * every command the one-shot options ({@code -XX:TieredStopAtLevel=1}: a short command's start-up is most of its
 * time); the host runs for hours and serves every session's commands, so it runs itself again on the runtime's
 * {@code java} without that cap, and waits (a SIGTERM or Ctrl-C for it reaches the host, which stops its sessions).
 * {@code ./cordon serve} and the background host the CLI starts ({@link HostConnector}) have the full JIT already.
 *
 * <p>It runs itself again, too, when this JVM does not decode file names as UTF-8 (a service started with no
 * {@code LANG}, {@code LC_ALL=C}): the relaunch gets {@code LC_ALL=C.UTF-8}, so the host can look at every path git or
 * an agent would go to ({@link FileNames}; the thirty-eighth review's Y10, Y11). Where that locale is missing the host
 * still starts, and refuses every runner start saying why.
 */
final class ServeRelaunch {
    /** Set on the relaunched host: never relaunched again. */
    static final String RELAUNCHED = "cordon.serve.relaunched";
    private static final String CAP = "-XX:TieredStopAtLevel=";
    /** The locale a host that was started under another runs itself again in: glibc has it built in since 2.35. */
    static final String UTF8_LOCALE = "C.UTF-8";

    private ServeRelaunch() {
    }

    /**
     * The command line that runs this {@code serve} again with the full JIT, or empty when it need not (not
     * {@code serve}, a help request, a JVM without the cap, or the relaunch itself).
     *
     * @param args      the CLI's arguments
     * @param jvmArgs   this JVM's options (as the launcher gave them)
     * @param relaunched whether this JVM is the relaunch ({@link #RELAUNCHED})
     */
    static Optional<List<String>> command(List<String> args, List<String> jvmArgs, String java, String classPath,
                                          boolean relaunched) {
        return command(args, jvmArgs, java, classPath, relaunched, true);
    }

    /** As above; {@code namesUtf8} false (this JVM decodes file names otherwise) runs it again whatever its JIT. */
    static Optional<List<String>> command(List<String> args, List<String> jvmArgs, String java, String classPath,
                                          boolean relaunched, boolean namesUtf8) {
        if (relaunched || !"serve".equals(subcommand(args)) || args.contains("-h") || args.contains("--help")
                || args.contains("-V") || args.contains("--version")) {
            return Optional.empty();
        }
        boolean capped = jvmArgs.stream().anyMatch(a -> a.startsWith(CAP) && !a.equals(CAP + "4"));
        if (!capped && namesUtf8) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        jvmArgs.stream().filter(a -> !a.startsWith(CAP)).forEach(command::add);
        command.add("-D" + RELAUNCHED + "=true");
        command.add("-cp");
        command.add(classPath);
        command.add(CordonCli.class.getName());
        command.addAll(args);
        return Optional.of(command);
    }

    /** The first argument that is not an option: the command. */
    static String subcommand(List<String> args) {
        return args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    }

    /**
     * Runs {@code serve} again with the full JIT when this JVM has it capped, and returns its exit status; empty when
     * this JVM serves itself.
     */
    static Optional<Integer> ifCapped(String[] args) {
        List<String> argList = List.of(args);
        if (!"serve".equals(subcommand(argList))) {
            return Optional.empty(); // before any management class is loaded: other commands pay nothing
        }
        Optional<List<String>> command = command(argList, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                JavaRuntime.javaBinary(), System.getProperty("java.class.path"), Boolean.getBoolean(RELAUNCHED),
                FileNames.utf8());
        if (command.isEmpty()) {
            return Optional.empty();
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command.get()).inheritIO();
            if (!FileNames.utf8()) {
                pb.environment().put("LC_ALL", UTF8_LOCALE);
            }
            Process host = pb.start();
            // our SIGTERM or Ctrl-C: the host gets a SIGTERM and stops its sessions; we wait for it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                host.destroy();
                waitFor(host);
            }, "serve-relaunch"));
            return Optional.of(waitFor(host));
        } catch (IOException e) {
            System.err.println("cordon: cannot start the host with the full JIT (" + e.getMessage()
                    + "); serving from this process, with the launcher's options");
            return Optional.empty();
        }
    }

    private static int waitFor(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
