package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.TerminalSafeFilter;
import dev.cordon.host.wire.Event;
import dev.cordon.host.wire.HostClient;

import java.io.PrintWriter;
import java.util.Base64;

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
        });
        Thread cancelOnExit = new Thread(call::cancel, "exec-interrupted");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        CommandStreams.forwardStdin("exec-stdin", call::sendInput);
        JsonNode result;
        try {
            result = call.await();
            terminal.finish();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException exiting) {
                // Ctrl-C: the hook is already cancelling the command
            }
        }
        if (json) {
            lines.result((ObjectNode) result);
        } else if (!result.path("started").asBoolean(true)) {
            err.println("cordon: " + result.path("error").asText());
        }
        return result.path("exitCode").asInt();
    }
}
