package dev.cordon.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.core.OutputBatch;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerLauncher;
import dev.cordon.runner.RunnerFrames;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The host's handle on one runner (L3) process: writes frames to its stdin, reads frames from its stdout on a reader
 * thread and routes them to the listener of each command, keeps the tail of its stderr for diagnostics.
 */
final class RunnerProcess {
    private final Process process;
    private final RunnerFrames.Writer writer;
    /** Frames routed in one output batch at most, so that a flood of output still reaches the client as it comes. */
    static final int MAX_BATCH_FRAMES = 64;
    private final Map<String, CommandListener> listeners = new ConcurrentHashMap<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Consumer<String> onDeath;
    private volatile boolean closing;
    private JsonNode ready;
    /** Per running command: the stdin it may still be sent (flow control, see {@link StdinWindow}). */
    private final Map<String, StdinWindow> stdinWindows = new java.util.concurrent.ConcurrentHashMap<>();

    private final RunnerLauncher launcher;

    private RunnerProcess(Process process, RunnerLauncher launcher, Consumer<String> onDeath) {
        this.process = process;
        this.launcher = launcher;
        this.writer = new RunnerFrames.Writer(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.onDeath = onDeath;
    }

    /** Starts the runner {@code launch} declares; {@code onDeath} hears why, should it end unasked. */
    static RunnerProcess start(RunnerLauncher launcher, RunnerLaunch launch, Consumer<String> onDeath) {
        return new RunnerProcess(launcher.launch(launch), launcher, onDeath);
    }

    long pid() {
        return process.pid();
    }

    /** Sends the hello frame and waits for the runner's ready frame; then starts routing frames. */
    JsonNode handshake(ObjectNode hello) {
        send(hello);
        InputStream in = new BufferedInputStream(process.getInputStream(), 1 << 16);
        Thread errDrain = new Thread(this::drainStderr, "runner-stderr-" + process.pid());
        errDrain.setDaemon(true);
        errDrain.start();
        String readError = null;
        try {
            ready = RunnerFrames.read(in);
        } catch (IOException | RuntimeException e) {
            ready = null;
            readError = e.toString();
        }
        if (ready == null || !"ready".equals(ready.path("type").asText())) {
            String said = ready != null ? "it answered " + ready.path("type").asText("(no type)") + " instead of ready"
                    : readError != null ? "its first frame was unreadable (" + readError + ")"
                    : "its output ended before it said ready";
            String ended = awaitEnd(errDrain);
            throw new CordonException(ExitCode.INTERNAL, "The session runner (pid " + process.pid()
                    + ") did not start: " + said + "; " + ended + "; " + stderrSummary() + ".",
                    "Run `cordon doctor`. A runner killed by a signal was ended from outside (another tool, the OOM "
                            + "killer, a leftovers clean); an exit status names the step that failed.");
        }
        Thread reader = new Thread(() -> readLoop(in), "runner-frames-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return ready;
    }

    /**
     * How the runner process ended, once it has (waits up to 2 s, then kills it), after its stderr has been read to the
     * end: the words for a start-up error.
     */
    private String awaitEnd(Thread errDrain) {
        String ended;
        try {
            if (process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                ended = launcher.describeExit(process.exitValue());
            } else {
                process.destroyForcibly().waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
                ended = "it was still running 2 s later and was killed";
            }
            errDrain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            ended = "interrupted while waiting for it to end";
        }
        return ended;
    }

    private String stderrSummary() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "it wrote nothing on stderr" : "its stderr: " + String.join(" | ", stderrTail);
        }
    }

    private void drainStderr() {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > 50) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the runner exited: its stderr is closed
        }
    }

    /** How the runner ended, if it has within a second of its output closing. */
    private String endedNow() {
        try {
            return process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS) ? launcher.describeExit(process.exitValue())
                    : "its output closed while it still runs";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for it to end";
        }
    }

    /** How the runner starts commands, as its ready frame said ("clone3-into-cgroup", or the portable path and why). */
    String spawnMethod() {
        return ready == null ? "unknown" : ready.path("spawn").asText("unknown");
    }

    String stderrText() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "(no message)" : String.join(" | ", stderrTail);
        }
    }

    /**
     * Routes the runner's frames. The frames one read brought (the runner writes a short command's started and exit
     * frames at once) are routed inside one {@link OutputBatch}: what the listeners send on to a client goes out in
     * one write.
     */
    private void readLoop(InputStream in) {
        try {
            boolean open = true;
            while (open) {
                JsonNode f = RunnerFrames.read(in);
                if (f == null) {
                    break;
                }
                try (OutputBatch batch = OutputBatch.open()) {
                    int routed = 0;
                    while (true) {
                        route(f);
                        if (++routed >= MAX_BATCH_FRAMES || in.available() <= 0) {
                            break;
                        }
                        f = RunnerFrames.read(in);
                        if (f == null) {
                            open = false;
                            break;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // treated below as the runner's death
        }
        String why = closing ? "stopped" : "the runner exited unexpectedly (" + endedNow() + "; " + stderrSummary() + ")";
        stdinWindows.values().forEach(StdinWindow::close);
        stdinWindows.clear();
        CommandExit gone = new CommandExit(137, true, false, why, why);
        listeners.forEach((id, l) -> l.exited(gone));
        listeners.clear();
        if (!closing) {
            onDeath.accept(why);
        }
    }

    private void route(JsonNode f) {
        String id = f.path("cmd").asText();
        CommandListener l = listeners.get(id);
        if (l == null) {
            return;
        }
        switch (f.path("type").asText()) {
            case "started" -> l.started(f.path("pid").asLong());
            case "out" -> l.output(f.path("fd").asInt(), Base64.getDecoder().decode(f.path("data").asText()));
            case "stdin-ack" -> {
                StdinWindow w = stdinWindows.get(id);
                if (w != null) {
                    w.release(f.path("bytes").asLong());
                }
            }
            case "exit" -> {
                listeners.remove(id);
                StdinWindow w = stdinWindows.remove(id);
                if (w != null) {
                    w.close();
                }
                l.exited(new CommandExit(f.path("code").asInt(), f.path("started").asBoolean(),
                        f.path("timedOut").asBoolean(), f.path("killed").asText(null), f.path("error").asText(null)));
            }
            default -> { }
        }
    }

    void exec(String id, ObjectNode exec, CommandListener listener) {
        listeners.put(id, listener);
        stdinWindows.put(id, new StdinWindow());
        exec.put("type", "exec");
        exec.put("cmd", id);
        send(exec);
    }

    /**
     * Sends stdin to a running command, waiting (on the caller's thread) while the command has not read enough of
     * what was sent before; dropped once the command has ended.
     */
    void stdin(String id, byte[] data, boolean eof) {
        StdinWindow window = stdinWindows.get(id);
        if (window == null) {
            return; // ended (or never ran here): its input has nowhere to go
        }
        try {
            if (data.length > 0 && !window.acquire(data.length)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ObjectNode f = Json.object();
        f.put("type", "stdin");
        f.put("cmd", id);
        f.put("data", Base64.getEncoder().encodeToString(data));
        f.put("eof", eof);
        send(f);
    }

    void kill(String id) {
        ObjectNode f = Json.object();
        f.put("type", "kill");
        f.put("cmd", id);
        send(f);
    }

    void send(ObjectNode frame) {
        try {
            writer.write(frame);
        } catch (java.io.UncheckedIOException e) {
            throw new CordonException(ExitCode.INTERNAL, "The session runner is gone: " + stderrText(),
                    "Stop the session and start a new one.", e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Asks the runner to exit, then makes sure it did. The shutdown frame is sent from a helper thread: a runner that
     * no longer reads its input (stuck, or flooded) would otherwise block the write, and with it this call, forever;
     * after 2 s it is killed, which also ends the write. The session's cgroup kill takes care of the rest.
     */
    void close() {
        closing = true;
        if (!process.isAlive()) {
            return;
        }
        Thread shutdown = new Thread(() -> {
            try {
                ObjectNode f = Json.object();
                f.put("type", "shutdown");
                send(f);
            } catch (CordonException alreadyGone) {
                // it died before or during the write: the goal is reached
            }
        }, "runner-shutdown-" + process.pid());
        shutdown.setDaemon(true);
        shutdown.start();
        try {
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
