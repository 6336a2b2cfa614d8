package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.host.wire.Event;
import dev.cordon.host.wire.HostClient;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Base64;

/**
 * Runs a command through the host (`session.exec` or `run`): streams its output as it arrives, forwards stdin, and
 * cancels it (killing its tree) when this CLI is interrupted. Returns the command's exit code (124 on timeout).
 */
final class RemoteExec {
    private RemoteExec() {
    }

    static int run(HostClient client, String method, ObjectNode params, boolean json, PrintWriter jsonOut, PrintWriter err)
            throws InterruptedException {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        HostClient.Call call = client.start(method, params, (Event e) -> {
            if (json) {
                ObjectNode line = Json.object();
                line.put("event", e.name());
                line.set("data", e.data());
                jsonOut.println(Json.line(line));
                return;
            }
            if (e.name().equals("stdout") || e.name().equals("stderr")) {
                try {
                    OutputStream o = e.name().equals("stdout") ? stdout : stderr;
                    o.write(Base64.getDecoder().decode(e.data().path("data").asText()));
                    o.flush();
                } catch (IOException closed) {
                    // our own output is gone (closed pipe): nothing to show the output to
                }
            }
        });
        Thread cancelOnExit = new Thread(call::cancel, "exec-interrupted");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        Thread stdin = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    call.sendInput(Arrays.copyOf(buf, n), false);
                }
                call.sendInput(new byte[0], true);
            } catch (IOException | CordonException e) {
                // stdin closed, or the command finished first
            }
        }, "exec-stdin");
        stdin.setDaemon(true);
        stdin.start();
        JsonNode result;
        try {
            result = call.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException exiting) {
                // Ctrl-C: the hook is already cancelling the command
            }
        }
        if (json) {
            ObjectNode doc = Output.document("run/1");
            doc.setAll((ObjectNode) result);
            jsonOut.println(Json.line(doc));
        } else if (!result.path("started").asBoolean(true)) {
            err.println("cordon: " + result.path("error").asText());
        }
        return result.path("exitCode").asInt();
    }
}
