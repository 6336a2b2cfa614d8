package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.TerminalSafeFilter;
import dev.cordon.host.wire.Event;
import dev.cordon.host.wire.HostClient;

import java.io.PrintWriter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a command through the host (`session.exec` or `run`): streams its output as it arrives, forwards stdin, and
 * cancels it (killing its tree) when this CLI is interrupted. Returns the command's exit code (124 on timeout).
 */
final class RemoteExec {
    private RemoteExec() {
    }

    static int run(HostClient client, String method, ObjectNode params, boolean json, CommandStreams terminal,
                   PrintWriter jsonOut, PrintWriter err) throws InterruptedException {
        RunJsonLines lines = new RunJsonLines(jsonOut);
        // the hook is in before the request goes out: a SIGTERM once the host may have it always cancels it
        AtomicReference<Thread> cancelOnExit = new AtomicReference<>();
        try {
            return run(client, method, params, json, terminal, err, lines, cancelOnExit);
        } finally {
            Thread hook = cancelOnExit.get();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException exiting) {
                    // Ctrl-C: the hook is already cancelling the command
                }
            }
        }
    }

    private static int run(HostClient client, String method, ObjectNode params, boolean json, CommandStreams terminal,
                           PrintWriter err, RunJsonLines lines, AtomicReference<Thread> cancelOnExit)
            throws InterruptedException {
        HostClient.Call call = client.start(method, params, (Event e) -> {
            if (json) {
                lines.event(e.name(), e.data());
                return;
            }
            if (e.name().equals("stdout") || e.name().equals("stderr")) {
                terminal.write(e.name().equals("stdout"), Base64.getDecoder().decode(e.data().path("data").asText()));
            } else if (e.name().equals("gitPlanted")) { // repositories the sandbox planted, made inert at session end
                e.data().path("lines").forEach(line -> err.println("cordon: " + TerminalSafeFilter.visible(line.asText())));
            }
        }, started -> {
            Thread hook = new Thread(started::cancel, "exec-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
            cancelOnExit.set(hook);
        });
        CommandStreams.forwardStdin("exec-stdin", call::sendInput);
        JsonNode result = call.await();
        terminal.finish();
        if (json) {
            lines.result((ObjectNode) result);
        } else if (!result.path("started").asBoolean(true)) {
            err.println("cordon: " + result.path("error").asText());
        }
        return result.path("exitCode").asInt();
    }
}
