package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.platform.ConfinedCommands;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The runner's frame thread after the hello (the main thread, or the confined thread the platform runs it on: {@link
 * ConfinedCommands#serveFrames}): reads the host's frames (exec, stdin, kill, ping, shutdown) and acts on each at once — it
 * never waits for a command beyond its spawn (on Linux until the child has exec'd), so a kill always gets through.
 */
final class RunnerLoop {
    /** How {@link #serve} ended. */
    enum End { HOST_GONE, SHUTDOWN }

    private final ConfinedCommands commands;
    private final RunnerFrames.Writer writer;
    private final Executor io;
    /** Every command accepted and not yet reported ended; a command is in it before it can end. */
    private final Map<String, RunnerCommand> running = new ConcurrentHashMap<>();

    /** @param io threads for the commands' stdin feeders */
    RunnerLoop(ConfinedCommands commands, RunnerFrames.Writer writer, Executor io) {
        this.commands = commands;
        this.writer = writer;
        this.io = io;
    }

    /** Serves frames until the host goes away or asks to shut down; by then every command has been killed. */
    End serve(InputStream in) throws IOException {
        while (true) {
            JsonNode frame = RunnerFrames.read(in);
            if (frame == null) {
                // the host went away: our commands die with our cgroup, which the host (or its reaper) kills
                killAll("host disconnected");
                return End.HOST_GONE;
            }
            String type = frame.path("type").asText();
            String id = frame.path("cmd").asText();
            switch (type) {
                case "exec" -> exec(id, frame);
                case "stdin" -> {
                    RunnerCommand c = running.get(id);
                    if (c != null) {
                        c.stdin(frame.path("data").isTextual() ? Base64.getDecoder().decode(frame.path("data").asText()) : new byte[0],
                                frame.path("eof").asBoolean());
                    }
                }
                case "kill" -> {
                    RunnerCommand c = running.get(id);
                    if (c != null) {
                        c.kill("killed on request");
                    }
                }
                case "ping" -> {
                    // answered here, on the frame thread: a pong proves the loop that acts on exec and kill still runs
                    ObjectNode pong = JsonNodeFactory.instance.objectNode();
                    pong.put("type", "pong");
                    pong.put("seq", frame.path("seq").asLong());
                    writer.write(pong);
                }
                case "shutdown" -> {
                    killAll("session stopping");
                    writer.flush();
                    return End.SHUTDOWN;
                }
                default -> System.err.println("cordon-runner: ignoring unknown frame type " + type);
            }
        }
    }

    private void exec(String id, JsonNode frame) {
        ExecRequest request;
        try {
            request = ExecRequest.from(frame);
        } catch (CordonException e) {
            writer.write(CommandFrames.notStarted(id, 126, e.getMessage() + " Fix: " + e.fix()));
            return;
        }
        CommandLifecycle command = new CommandLifecycle(id, request.timeoutMillis(), writer, () -> running.remove(id), io);
        running.put(id, command);
        commands.start(request.argv(), request.cwd(), request.env(), command);
    }

    private void killAll(String reason) {
        running.values().forEach(c -> c.kill(reason));
    }

    /** The commands accepted and not yet ended. */
    int running() {
        return running.size();
    }
}
