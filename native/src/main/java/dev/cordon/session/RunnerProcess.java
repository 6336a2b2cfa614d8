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
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The host's handle on one runner (L3) process: writes frames to its stdin, reads frames from its stdout on a reader
 * thread and routes them to the listener of each command, keeps the tail of its stderr for diagnostics.
 *
 * <p>It also watches that the runner still answers (R28: a command that stops or hangs its runner must not leave its
 * session and its clients waiting forever): every {@link #PING_EVERY} it sends a {@code ping}, which the runner answers
 * with a {@code pong} from the thread that acts on exec and kill. A runner that owes a pong for {@link #ANSWER_BOUND}
 * while the host is waiting on its output (not while the host itself is busy handing frames to a slow client) is taken
 * for stopped or hung: the session hears it as the runner's death (it fails, its tree is killed, its workspace handed
 * back), the runner is killed, and every command still waiting hears the reason.
 */
final class RunnerProcess {
    /** How often the host asks its runner for a sign of life. */
    static final Duration PING_EVERY = Duration.ofMillis(Long.getLong("cordon.runner.pingMillis", 2_000));
    /**
     * How long a runner may owe its pong. Generous: a frame thread answers in well under a second even with a load of
     * 8 on two cores; what exceeds this is a stopped or wedged runner, not a busy one.
     */
    static final Duration ANSWER_BOUND = Duration.ofMillis(Long.getLong("cordon.runner.answerMillis", 15_000));
    /**
     * How long a runner may take to say it is waiting or ready (normally well under 2 s): one that says nothing longer is
     * held by something on its way that does not answer — a FUSE mount whose daemon is stopped or waits on itself
     * (R84, R92) — and is killed, so that its start fails naming the cause instead of hanging for ever.
     */
    static final Duration START_BOUND = Duration.ofMillis(Long.getLong("cordon.runner.startMillis", 60_000));
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runner-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** Sends pings (a write to a stopped runner's full stdin blocks) and acts on an unresponsive runner. */
    private static final ExecutorService WATCH_WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runner-watch-work");
        t.setDaemon(true);
        return t;
    });

    private final Process process;
    private final RunnerFrames.Writer writer;
    /** Frames routed in one output batch at most, so that a flood of output still reaches the client as it comes. */
    static final int MAX_BATCH_FRAMES = 64;
    private final Map<String, CommandListener> listeners = new ConcurrentHashMap<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Consumer<String> onDeath;
    private volatile boolean closing;
    /** When the unanswered ping was sent (nanoTime), or 0 when none is owed. */
    private volatile long pingSent;
    /** Whether the read loop is handing frames to listeners now (the host is busy, not the runner). */
    private volatile boolean routing;
    /** When the read loop last finished handing frames to listeners (nanoTime). */
    private volatile long routedAt;
    private long pingSeq;
    private ScheduledFuture<?> watch;
    /** Why the runner was taken for stopped or hung, once it was. */
    private volatile String unresponsive;
    private JsonNode ready;
    /** Per running command: the stdin it may still be sent (flow control, see {@link StdinWindow}). */
    private final Map<String, StdinWindow> stdinWindows = new java.util.concurrent.ConcurrentHashMap<>();

    private final RunnerLauncher launcher;

    /** The runner's frames, read by the handshake and then by the reader thread. */
    private final InputStream in;
    /** Whether its first frame, "waiting" (set up as far as it can be before its hello), was read. */
    private boolean waited;

    private RunnerProcess(Process process, RunnerLauncher launcher, Consumer<String> onDeath) {
        this.process = process;
        this.in = new BufferedInputStream(process.getInputStream(), 1 << 16);
        this.launcher = launcher;
        this.writer = new RunnerFrames.Writer(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.onDeath = onDeath;
    }

    /** Starts the runner {@code launch} declares; {@code onDeath} hears why, should it end unasked. */
    static RunnerProcess start(RunnerLauncher launcher, RunnerLaunch launch, Consumer<String> onDeath) {
        return new RunnerProcess(launcher.launch(launch), launcher, onDeath);
    }

    /**
     * Starts a runner of {@code launch} ahead of its session ({@link RunnerLauncher#launchAhead}): it waits for its hello
     * until {@link #completeAhead} has made the file-system steps of the session that takes it.
     */
    static RunnerProcess startAhead(RunnerLauncher launcher, RunnerLaunch launch, Consumer<String> onDeath) {
        return new RunnerProcess(launcher.launchAhead(launch), launcher, onDeath);
    }

    /** The rest of a runner started ahead's setup, for the session's whole {@code launch}; before {@link #handshake}. */
    void completeAhead(RunnerLaunch launch) {
        if (ready != null) {
            throw new IllegalStateException("the runner was already sent its hello");
        }
        awaitWaiting();
        launcher.completeAhead(process, launch);
    }

    /**
     * Reads the runner's first frame, which says it is set up as far as it can be without its hello (its classes,
     * probes, and their files written); a runner started ahead gets its mounts only after it, when it has no file open
     * for writing that a read-only remount would refuse.
     */
    private void awaitWaiting() {
        if (waited) {
            return;
        }
        JsonNode first;
        String readError = null;
        Late late = new Late();
        try {
            first = readWithin(START_BOUND, late);
        } catch (IOException | RuntimeException e) {
            first = null;
            readError = e.toString();
        }
        if (first == null || !"waiting".equals(first.path("type").asText())) {
            String said = late.late ? late.said(START_BOUND, "waiting")
                    : first != null ? "it answered " + first.path("type").asText("(no type)") + " instead of waiting"
                    : readError != null ? "its first frame was unreadable (" + readError + ")"
                    : "its output ended before it said it was waiting";
            process.destroyForcibly();
            throw notStarted(said, late.late);
        }
        waited = true;
    }

    /** The runner process ended (or was never started). */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    long pid() {
        return process.pid();
    }

    /** The mount points of its own view of the file system ({@link RunnerLauncher#mountPoints}); empty once it ended. */
    java.util.Optional<java.util.Set<java.nio.file.Path>> mountPoints() {
        return launcher.mountPoints(process);
    }

    /** The pid its commands see it by (a runner in a pid namespace of its own: its pid there). */
    long pidSeenByCommands() {
        return launcher.pidSeenByCommands(process);
    }

    /** Sends the hello frame and waits for the runner's ready frame; then starts routing frames. */
    JsonNode handshake(ObjectNode hello) {
        return handshake(hello, START_BOUND);
    }

    /** {@link #handshake(ObjectNode)}, the runner killed when it has not said it is ready within {@code bound}. */
    JsonNode handshake(ObjectNode hello, Duration bound) {
        send(hello);
        Thread errDrain = new Thread(this::drainStderr, "runner-stderr-" + process.pid());
        errDrain.setDaemon(true);
        errDrain.start();
        String readError = null;
        Late late = new Late();
        try {
            if (!waited) {
                JsonNode first = readWithin(bound, late);
                waited = first != null && "waiting".equals(first.path("type").asText());
                ready = waited ? readWithin(bound, late) : first;
            } else {
                ready = readWithin(bound, late);
            }
        } catch (IOException | RuntimeException e) {
            ready = null;
            readError = e.toString();
        }
        if (ready == null || !"ready".equals(ready.path("type").asText())) {
            String said = late.late ? late.said(bound, "ready")
                    : ready != null ? "it answered " + ready.path("type").asText("(no type)") + " instead of ready"
                    : readError != null ? "its first frame was unreadable (" + readError + ")"
                    : "its output ended before it said ready";
            throw notStarted(said + "; " + awaitEnd(errDrain), late.late);
        }
        Thread reader = new Thread(this::readLoop, "runner-frames-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        long every = PING_EVERY.toMillis();
        watch = WATCHDOG.scheduleWithFixedDelay(this::checkAnswers, every, every, TimeUnit.MILLISECONDS);
        return ready;
    }

    /** Whether a start-up frame did not come in time (set on the watchdog, read after the read returned). */
    private static final class Late {
        private volatile boolean late;

        String said(Duration bound, String frame) {
            return "it did not say it was " + frame + " within " + bound.toSeconds() + " s and was killed — something on"
                    + " its way does not answer, most often a FUSE mount whose daemon is stopped or stuck (`findmnt -t"
                    + " fuse,fuse.bindfs,fuse.mergerfs` lists them; `cordon doctor` checks the mounts)";
        }
    }

    /**
     * One start-up frame; when none came within {@code bound}, the runner and every process below it are killed (they
     * hold its output open; a thread stuck in a FUSE request dies of SIGKILL), so the read ends and {@code late} says
     * why.
     */
    private JsonNode readWithin(Duration bound, Late late) throws IOException {
        ScheduledFuture<?> giveUp = WATCHDOG.schedule(() -> {
            late.late = true;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, bound.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return RunnerFrames.read(in);
        } finally {
            giveUp.cancel(false);
        }
    }

    /** On the watchdog: sends a ping when none is owed, or gives up on a runner that owes one too long. */
    private void checkAnswers() {
        if (closing || unresponsive != null || !process.isAlive()) {
            watch.cancel(false);
            return;
        }
        long now = System.nanoTime();
        long sent = pingSent;
        if (sent == 0) {
            pingSent = now;
            ObjectNode ping = Json.object();
            ping.put("type", "ping");
            ping.put("seq", ++pingSeq);
            WATCH_WORK.execute(() -> {
                try {
                    send(ping);
                } catch (CordonException gone) {
                    // its stdin is closed: the read loop hears its death
                }
            });
            return;
        }
        if (routing) {
            return; // the host is behind (a slow client): the pong may be waiting in the pipe
        }
        long owedSince = Math.max(sent, routedAt);
        if (now - owedSince > ANSWER_BOUND.toNanos()) {
            watch.cancel(false);
            unresponsive = "the session runner (pid " + process.pid() + ") stopped answering: no reply to a liveness "
                    + "ping within " + ANSWER_BOUND.toSeconds() + " s (stopped or hung)";
            WATCH_WORK.execute(() -> {
                try {
                    onDeath.accept(unresponsive); // the session fails: tree killed, workspace handed back
                } finally {
                    close(); // and the runner is gone, so every waiting command hears why
                }
            });
        }
    }

    /** Why the runner was taken for stopped or hung; null while it answers. */
    String unresponsive() {
        return unresponsive;
    }

    private CordonException notStarted(String why, boolean late) {
        return new CordonException(ExitCode.INTERNAL, "The session runner (pid " + process.pid() + ") did not start: "
                + why + "; " + stderrSummary() + ".", late
                ? "Find the mount that does not answer (`findmnt -t fuse,fuse.bindfs,fuse.mergerfs`; `stat` on each hangs"
                + " on it), continue or restart its daemon or unmount it (`umount -l`), then retry; `cordon doctor`."
                : "Run `cordon doctor`. A runner killed by a signal was ended from outside (another tool, the OOM killer,"
                + " a leftovers clean); an exit status names the step that failed.");
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
    private void readLoop() {
        try {
            boolean open = true;
            while (open) {
                JsonNode f = RunnerFrames.read(in);
                if (f == null) {
                    break;
                }
                routing = true;
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
                } finally {
                    routedAt = System.nanoTime();
                    routing = false;
                }
            }
        } catch (IOException e) {
            // treated below as the runner's death
        }
        String why = unresponsive != null ? unresponsive : closing ? "stopped"
                : "the runner exited unexpectedly (" + endedNow() + "; " + stderrSummary() + ")";
        stdinWindows.values().forEach(StdinWindow::close);
        stdinWindows.clear();
        CommandExit gone = new CommandExit(137, true, false, why, why);
        for (String id : List.copyOf(listeners.keySet())) {
            CommandListener l = listeners.remove(id); // exactly once, also against abandon
            if (l != null) {
                l.exited(gone);
            }
        }
        if (!closing) {
            onDeath.accept(why);
        }
    }

    private void route(JsonNode f) {
        if ("pong".equals(f.path("type").asText())) {
            pingSent = 0;
            return;
        }
        String id = f.path("cmd").asText();
        CommandListener l = listeners.get(id);
        if (l == null) {
            return;
        }
        switch (f.path("type").asText()) {
            case "started" -> l.started(launcher.hostPid(process, f.path("pid").asLong()));
            case "out" -> l.output(f.path("fd").asInt(), Base64.getDecoder().decode(f.path("data").asText()));
            case "stdin-ack" -> {
                StdinWindow w = stdinWindows.get(id);
                if (w != null) {
                    w.release(f.path("bytes").asLong());
                }
            }
            case "exit" -> {
                if (!listeners.remove(id, l)) {
                    return; // the host has reported its end already (abandon)
                }
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

    /**
     * Reports {@code exit} for a command whose end the runner has not reported (the host ended its tree itself), unless
     * the runner's report came first; whatever the runner says of it later is dropped. Whether this call reported it.
     */
    boolean abandon(String id, CommandExit exit) {
        CommandListener l = listeners.remove(id);
        if (l == null) {
            return false;
        }
        StdinWindow w = stdinWindows.remove(id);
        if (w != null) {
            w.close();
        }
        l.exited(exit);
        return true;
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
