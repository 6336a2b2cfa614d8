package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.InputBounds;
import dev.cordon.core.Json;
import dev.cordon.core.TerminalSafeFilter;
import dev.cordon.host.wire.HostClient;
import dev.cordon.session.CommandArgv;
import dev.cordon.session.CommandExit;
import dev.cordon.session.CommandListener;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code cordon run}: a one-shot session. Streams the command's stdout and stderr live, forwards stdin, exits with
 * the command's exit code (124 timeout, 127 not found, 126 not executable, 130 interrupted); the whole process tree
 * is gone when it returns. With {@code --json} it prints the lines {@link RunJsonLines} describes, whether the host
 * or this process (root, no host listening) runs it.
 */
@Command(name = "run", showEndOfOptionsDelimiterInUsageHelp = true, description = {
        "Run one command in a fresh sandbox session, then remove it.",
        "Streams stdout and stderr live, forwards stdin and exits with the command's exit code (124: --timeout hit).",
        "The command's whole process tree is gone when it returns.",
        "With `cordon serve` listening, ./cordon runs it through a native client (no JVM start) when it can; "
                + "CORDON_JVM_CLIENT=1 always uses this Java CLI."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Mixin
    SessionOptions session;

    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the command's whole tree after SECONDS (exit 124).")
    Long timeoutSeconds;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments, after `--`.")
    List<String> command = new ArrayList<>();

    /** The one-shot session run by the host: its {@code run} method, as root or as a member of its group. */
    private int remote(HostClient client) throws InterruptedException {
        var p = session.params(common.platform().workspaceAccess().ownUmask());
        var argv = p.putArray("argv");
        command.forEach(argv::add);
        if (timeoutSeconds != null) {
            p.put("timeoutSeconds", timeoutSeconds);
        }
        return RemoteExec.run(client, "run", p, common.json(), output.streams(common),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Override
    public Integer call() throws Exception {
        common.requireSessions("run");
        if (timeoutSeconds != null) {
            InputBounds.seconds("--timeout", timeoutSeconds, "Give the limit in whole seconds, e.g. --timeout 60.");
        }
        CommandArgv.require(command); // before a session is started for it, here or by the host
        if (!common.platform().elevated()) {
            // not root: the host (`cordon serve`) runs the one-shot session for us, if we may use its socket
            try (var client = HostConnector.connect(common, false)) {
                return remote(client);
            }
        }
        // root with a host listening: the host runs it too, so this process builds no backend of its own (the
        // one-shot's start-up); the JSON lines are the same either way (RunJsonLines)
        Optional<HostClient> host = HostConnector.listening(common);
        if (host.isPresent()) {
            try (var client = host.get()) {
                return remote(client);
            }
        }
        RunJsonLines jsonOut = common.json() ? new RunJsonLines(spec.commandLine().getOut()) : null;
        SessionManager manager = common.backend().sessions();
        SessionInfo info = manager.start(session.spec());
        Thread stopper = new Thread(() -> manager.stopIfPresent(info.id()), "run-interrupted");
        Runtime.getRuntime().addShutdownHook(stopper);
        List<String> planted = List.of();
        ObjectNode result = Json.object();
        int code;
        try {
            if (jsonOut != null) {
                jsonOut.event("session", Json.object().put("session", info.id()));
            }
            CommandStreams terminal = output.streams(common);
            CommandListener listener = new CommandListener() {
                @Override
                public void started(long pid) {
                    if (jsonOut != null) {
                        jsonOut.event("started", CommandListener.startedData(pid));
                    }
                }

                @Override
                public void output(int fd, byte[] data) {
                    if (jsonOut != null) {
                        jsonOut.event(fd == 1 ? "stdout" : "stderr",
                                Json.object().put("data", Base64.getEncoder().encodeToString(data)));
                    } else {
                        terminal.write(fd == 1, data);
                    }
                }

                @Override
                public void exited(CommandExit exit) {
                }
            };
            var handle = manager.exec(info.id(), command, Map.of(),
                    timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), listener);
            CommandStreams.forwardStdin("run-stdin", handle::stdin);
            CommandExit exit = handle.await();
            terminal.finish();
            code = exit.timedOut() ? 124 : exit.code();
            if (!exit.started() && jsonOut == null) {
                spec.commandLine().getErr().println("cordon: " + exit.error());
            }
            result.put("session", info.id());
            result.put("exitCode", code);
            result.put("timedOut", exit.timedOut());
            result.put("started", exit.started());
            result.put("error", exit.error());
        } finally {
            // git repositories the sandbox planted in the workspace, made inert at session end (docs/architecture.md)
            planted = manager.stopIfPresent(info.id()).orElse(List.of());
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (Ctrl-C): the hook is running and stops the session
            }
        }
        // as the host does: the session is stopped before its result is given, what its end found comes first
        if (jsonOut != null) {
            if (!planted.isEmpty()) {
                ArrayNode lines = Json.object().arrayNode();
                planted.forEach(lines::add);
                jsonOut.event("gitPlanted", Json.object().set("lines", lines));
            }
            jsonOut.result(result);
        } else {
            planted.forEach(line -> spec.commandLine().getErr().println("cordon: " + TerminalSafeFilter.visible(line)));
        }
        return code;
    }
}
