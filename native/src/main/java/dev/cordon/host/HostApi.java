package dev.cordon.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.Backend;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.InputBounds;
import dev.cordon.core.Json;
import dev.cordon.host.wire.HostHandler;
import dev.cordon.host.wire.RequestContext;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.session.CommandArgv;
import dev.cordon.session.CommandExit;
import dev.cordon.session.CommandListener;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionReplies;
import dev.cordon.session.SessionProcessRoles;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's methods over the socket: one per session action of the CLI and panel. Methods and their params/results
 * are listed in docs/protocol.md; events of {@code session.exec}: {@code started {pid}}, {@code stdout|stderr
 * {data: base64}}; its result {@code {exitCode, timedOut, started, error}}.
 */
public final class HostApi implements HostHandler {
    private final Backend backend;
    private final SessionManager sessions;
    private final Runnable shutdown;
    private final Authorizer authorizer;
    private final MemberLimits limits;

    /** @param shutdown stops the whole host; offered to root peers as {@code host.shutdown} (used by uninstall) */
    public HostApi(Backend backend, SessionManager sessions, Runnable shutdown) {
        this(backend, sessions, shutdown, MemberLimits.DEFAULT);
    }

    /** @param limits what one member (not root) may hold at once */
    public HostApi(Backend backend, SessionManager sessions, Runnable shutdown, MemberLimits limits) {
        this.backend = backend;
        this.sessions = sessions;
        this.shutdown = shutdown;
        this.limits = limits;
        this.authorizer = new Authorizer(backend.audit());
    }

    /** Writes the counts of members' refusals not yet recorded (the host stops): {@code host.refused.counted}. */
    public void recordCountedRefusals() {
        authorizer.recordAllCounts();
    }

    /** Every request acts as its caller (the peer's kernel credentials); refusals are audited here. */
    @Override
    public JsonNode handle(RequestContext ctx) throws Exception {
        // every audit record of this request names the peer as its actor, not the host's own root
        try (AuditLog.ActingFor peer = AuditLog.actingFor(ctx.peer().caller().describe() + " via the host socket")) {
            try {
                return dispatch(ctx, ctx.peer().caller());
            } catch (CordonException e) {
                if (Authorizer.isRefusal(e)) {
                    authorizer.recordRefusal(ctx.peer().caller(), ctx.peer().describe(), ctx.method(),
                            target(ctx.params()), e);
                }
                throw e;
            }
        }
    }

    /**
     * {@code session.exec} checks the caller, sends the exec frame to the session's runner and returns {@code LATER}:
     * nothing in it waits (a runner reads its frames at once), so it runs on the connection's thread.
     */
    @Override
    public boolean handsOn(String method) {
        return "session.exec".equals(method);
    }

    private JsonNode dispatch(RequestContext ctx, Caller caller) throws Exception {
        ObjectNode p = ctx.params();
        return switch (ctx.method()) {
            // a session's replies are bounded to the frame whatever its owner shaped (review V1, V1b: SessionReplies)
            case "session.start" -> SessionReplies.show(start(caller, p));
            case "session.list" -> SessionReplies.list(authorizer.visible(caller, sessions.list()));
            case "session.show" -> SessionReplies.show(owned(caller, "see", p));
            case "session.stop" -> {
                List<String> planted = sessions.stop(owned(caller, "stop", p).id());
                ObjectNode r = Json.object();
                r.put("stopped", text(p, "id", InputBounds.MAX_NAME_CHARS));
                planted.forEach(r.putArray("gitPlanted")::add);
                yield r;
            }
            case "session.exec" -> exec(ctx, owned(caller, "run commands in", p).id(), p, false);
            case "session.set-network" -> {
                // every parameter is checked before the session is looked at, let alone switched (review Y5)
                NetworkMode mode = NetworkMode.parse(text(p, "network", 16));
                Duration forDuration = seconds(p, "forSeconds",
                        "Send e.g. \"forSeconds\": 600 to switch back after ten minutes, or leave it out to stay.");
                String reason = reason(p);
                yield SessionReplies.show(sessions.setNetwork(owned(caller, "switch the network of", p).id(), mode, forDuration,
                        reason == null ? null : reason + " (by " + ctx.peer().user() + ")"));
            }
            case "session.ps" -> ps(owned(caller, "list the processes of", p).id());
            case "session.usage" -> {
                String id = owned(caller, "read the usage of", p).id();
                ObjectNode r = Json.object();
                r.put("session", id);
                r.put("takenAt", java.time.Instant.now().toString());
                ObjectNode usage = r.putObject("usage");
                sessions.usage(id).forEach(usage::put);
                yield r;
            }
            case "run" -> {
                CommandArgv.require(argv(p)); // a request it cannot run is refused before a session is started for it
                timeout(p);
                SessionInfo s = start(caller, p);
                try {
                    ObjectNode started = Json.object();
                    started.put("session", s.id());
                    ctx.emit("session", started);
                    yield exec(ctx, s.id(), p, true); // the session is stopped when the command has ended
                } finally {
                    List<String> planted = sessions.stopIfPresent(s.id()).orElse(List.of());
                    if (!planted.isEmpty()) {
                        ObjectNode report = Json.object();
                        planted.forEach(report.putArray("lines")::add);
                        emit(ctx, "gitPlanted", report);
                    }
                }
            }
            case "host.shutdown" -> {
                authorizer.requireRoot(caller, "stop the Cordon host",
                        "Run it as root: `sudo cordon uninstall` or stop the `cordon serve` process.");
                Thread t = new Thread(shutdown, "host-shutdown");
                t.start();
                ObjectNode r = Json.object();
                r.put("stopping", true);
                yield r;
            }
            default -> throw CordonException.usage("Unknown method '" + ctx.method() + "'.",
                    "See docs/protocol.md for the methods this host serves.");
        };
    }

    /** A session owned by the caller: the session manager checks what it may lend, as the caller. */
    private SessionInfo start(Caller caller, JsonNode p) {
        SessionSpec spec = spec(p);
        authorizer.requireSecrets(caller, spec.secrets());
        int umask = umask(p);
        return limits.start(caller, spec, sessions::list, () -> sessions.start(spec, caller, umask));
    }

    /**
     * {@code umask}: the client's file-creation mask, as a number (0 to 511, i.e. 0777); absent: 022 (clients before it
     * was sent). The client's own word is enough: it decides only the modes of files that the caller owns.
     */
    static int umask(JsonNode p) {
        JsonNode u = p.get("umask");
        if (u == null || u.isNull()) {
            return 022;
        }
        if (!u.canConvertToInt() || !u.isIntegralNumber() || (u.asInt() & ~0777) != 0) {
            throw CordonException.usage("Parameter 'umask' is " + u + ", not a file-creation mask.",
                    "Send the client's umask as a number from 0 to 511 (0777), e.g. 18 for 022.");
        }
        return u.asInt();
    }

    /** The session named by {@code id}, when the caller may {@code action} it. */
    private SessionInfo owned(Caller caller, String action, JsonNode p) {
        SessionInfo s = sessions.show(text(p, "id", InputBounds.MAX_NAME_CHARS));
        authorizer.requireSession(caller, action, s);
        return s;
    }

    /** What a refused request aimed at, for the audit record: a session id, or the directories and secret names. */
    private static String target(JsonNode p) {
        if (p.hasNonNull("id")) {
            return "session " + p.path("id").asText();
        }
        List<String> parts = new ArrayList<>();
        if (p.hasNonNull("workspace")) {
            parts.add("workspace " + p.path("workspace").asText());
        }
        p.path("writable").forEach(w -> parts.add("writable " + w.asText()));
        p.path("secrets").forEach(n -> parts.add("secret " + n.asText()));
        return String.join(", ", parts);
    }

    /** A required string parameter of at most {@code max} characters. */
    private static String text(JsonNode p, String field, int max) {
        JsonNode n = p.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw CordonException.usage("Missing parameter '" + field + "'.", "Send it as a string in params.");
        }
        return InputBounds.text("Parameter '" + field + "'", n.asText(), max, "Send at most " + max + " characters.");
    }

    /** The optional {@code reason} of {@code session.set-network}: a string of at most 1024 characters, or absent. */
    static String reason(JsonNode p) {
        JsonNode n = p.get("reason");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw CordonException.usage("Parameter 'reason' is not a string.", "Send the reason as a string, or leave it out.");
        }
        return InputBounds.text("Parameter 'reason'", n.asText(), InputBounds.MAX_REASON_CHARS, "Say why in at most "
                + InputBounds.MAX_REASON_CHARS + " characters (`cordon session set-network --reason`); it is written to"
                + " the audit log.");
    }

    /**
     * An optional whole number of seconds from 1 to 365 days ({@code forSeconds}, {@code timeoutSeconds}), checked
     * before anything is changed: absent or null is null.
     */
    static Duration seconds(JsonNode p, String field, String example) {
        JsonNode t = p.get(field);
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.canConvertToExactIntegral() || !t.canConvertToLong()) {
            throw InputBounds.outOfRange(field, t.toString(), example);
        }
        return InputBounds.seconds(field, t.asLong(), example);
    }

    static SessionSpec spec(JsonNode p) {
        List<Path> writable = new ArrayList<>();
        for (String w : strings(p, "writable", InputBounds.MAX_PATH_CHARS)) {
            writable.add(path("writable", w));
        }
        Map<String, String> env = environment(p, "env");
        List<String> secrets = new ArrayList<>();
        secrets.addAll(strings(p, "secrets", InputBounds.MAX_NAME_CHARS));
        List<Path> allowSockets = new ArrayList<>();
        for (String a : strings(p, "allowSockets", InputBounds.MAX_PATH_CHARS)) {
            Path socket = path("allowSockets", a);
            if (!socket.isAbsolute()) {
                throw CordonException.usage("allowSockets entry '" + a + "' is not an absolute path.",
                        "Send the socket's absolute path, e.g. /tmp/.X11-unix/X0.");
            }
            allowSockets.add(socket);
        }
        JsonNode allowConfig = p.get("allowConfigDirs");
        if (allowConfig != null && !allowConfig.isNull() && !allowConfig.isBoolean()) {
            throw CordonException.usage("allowConfigDirs must be true or false, not " + allowConfig + ".",
                    "Send \"allowConfigDirs\": true only to lend a home's configuration directory (--allow-config-dir).");
        }
        return new SessionSpec(path("workspace", text(p, "workspace", InputBounds.MAX_PATH_CHARS)),
                NetworkMode.parse(p.path("network").asText("offline")),
                writable, env, secrets, limits(p), allowSockets, allowConfig != null && allowConfig.asBoolean(false));
    }

    /** {@code tmpSize}: bytes as a number, or text such as "512M" or "2G"; absent or null: the default. */
    private static SessionSpec.Limits limits(JsonNode p) {
        JsonNode t = p.get("tmpSize");
        if (t == null || t.isNull()) {
            return SessionSpec.Limits.DEFAULT;
        }
        if (!t.isTextual() && !t.canConvertToExactIntegral()) {
            throw CordonException.usage("Parameter 'tmpSize' " + t + " is not a size.",
                    "Send a number of bytes or text such as \"512M\" or \"2G\".");
        }
        return SessionSpec.Limits.DEFAULT.withTmpSize(SessionSpec.Limits.parseTmpSize(t.asText(), "tmpSize"));
    }

    /**
     * {@code argv}: an array of strings (absent: empty, which {@link CommandArgv#require} refuses), within
     * {@link CommandArgv#bounded its bounds}: the session's history keeps only its start, but the request holds it
     * whole while its command runs (review finding V1).
     */
    private static List<String> argv(JsonNode p) {
        return CommandArgv.bounded(strings(p, "argv", Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    /**
     * {@code env} (kept for the session's life) or {@code commandEnv} (held while the command runs): an object of
     * {@code NAME: value}, at most {@link InputBounds#MAX_ENV_ENTRIES} entries and {@link InputBounds#MAX_ENV_BYTES}.
     */
    private static Map<String, String> environment(JsonNode p, String field) {
        Map<String, String> env = new LinkedHashMap<>();
        p.path(field).fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return InputBounds.environment("Parameter '" + field + "'", env, "Send at most " + InputBounds.MAX_ENV_ENTRIES
                + " variables, " + InputBounds.MAX_ENV_BYTES / 1024 + " KiB in all; pass more in a file.");
    }

    /** An optional list parameter of at most 64 strings of at most {@code maxChars} characters each. */
    private static List<String> strings(JsonNode p, String field, int maxChars) {
        return strings(p, field, InputBounds.MAX_LIST_ENTRIES, maxChars);
    }

    /** An optional array of strings; anything else (an object, a number, an array holding one) is a usage error. */
    private static List<String> strings(JsonNode p, String field, int maxEntries, int maxChars) {
        JsonNode n = p.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw CordonException.usage("Parameter '" + field + "' is not an array (" + n.getNodeType().name().toLowerCase()
                    + ").", "Send it as an array of strings, e.g. \"" + field + "\": [\"…\"].");
        }
        InputBounds.entries("Parameter '" + field + "'", n.size(), maxEntries);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw CordonException.usage("Parameter '" + field + "' element " + i + " is not a string.",
                        "Send it as an array of strings.");
            }
            out.add(InputBounds.text("Parameter '" + field + "' element " + i, n.get(i).asText(), maxChars,
                    "Send at most " + maxChars + " characters in each."));
        }
        return out;
    }

    /** A path the client sent: one the platform cannot name (a NUL byte) is a usage error naming the field. */
    private static Path path(String field, String text) {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CordonException(dev.cordon.core.ExitCode.USAGE, "Parameter '" + field + "' is not a usable path: "
                    + e.getReason() + ".", "Send a path without NUL bytes.", e);
        }
    }

    /** The optional {@code timeoutSeconds}: a whole number of seconds from 1 to 365 days, as the CLI's --timeout. */
    private static Duration timeout(JsonNode p) {
        return seconds(p, "timeoutSeconds", "Send e.g. \"timeoutSeconds\": 60, or leave it out for no limit.");
    }

    /**
     * Runs a command in the session. With {@code wait} the handler's thread waits for the exit; without, the request
     * ends on the thread that hears the exit from the runner (the same one that sent the command's output events, so
     * they still come first): no thread waits per running command, and the answer takes one thread hand-off less.
     */
    private JsonNode exec(RequestContext ctx, String sessionId, JsonNode p, boolean wait) throws InterruptedException {
        List<String> argv = argv(p);
        Map<String, String> env = environment(p, "commandEnv");
        Duration timeout = timeout(p);
        RequestContext.Completion completion = wait ? null : ctx.finishLater();
        SessionManager.CommandHandle handle = sessions.exec(sessionId, argv, env, timeout, new CommandListener() {
            @Override
            public void started(long pid) {
                emit(ctx, "started", CommandListener.startedData(pid));
            }

            @Override
            public void output(int fd, byte[] data) {
                ObjectNode d = Json.object();
                d.put("data", Base64.getEncoder().encodeToString(data));
                emit(ctx, fd == 1 ? "stdout" : "stderr", d);
            }

            @Override
            public void exited(CommandExit exit) {
                if (completion != null) {
                    completion.result(exitResult(sessionId, exit));
                }
            }
        });
        // the client went away or cancelled: the command's whole tree goes
        ctx.onCancel(handle::kill);
        // stdin needs a thread only when the client sends some (or its end): most commands get none
        ctx.onFirstInput(() -> {
            Thread stdin = new Thread(() -> pumpInput(ctx.input(), handle), "host-stdin-" + ctx.id());
            stdin.setDaemon(true);
            stdin.start();
        });
        return completion != null ? HostHandler.LATER : exitResult(sessionId, handle.await());
    }

    private static ObjectNode exitResult(String sessionId, CommandExit exit) {
        ObjectNode r = Json.object();
        r.put("session", sessionId);
        r.put("exitCode", exit.timedOut() ? 124 : exit.code());
        r.put("timedOut", exit.timedOut());
        r.put("started", exit.started());
        r.put("error", exit.error());
        return r;
    }

    private static void emit(RequestContext ctx, String event, JsonNode data) {
        try {
            ctx.emit(event, data);
        } catch (IllegalStateException gone) { // includes CancellationException
            // the client disconnected; onCancel kills the command, and its remaining output has no reader
        }
    }

    private static void pumpInput(InputStream in, SessionManager.CommandHandle handle) {
        byte[] buf = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                handle.stdin(java.util.Arrays.copyOf(buf, n), false);
            }
            handle.stdin(new byte[0], true);
        } catch (IOException | CordonException e) {
            // the command ended first: its stdin has nowhere to go
        }
    }

    /**
     * The session's processes, each marked with its {@link #roles role}: runner, command (a child of the runner),
     * namespace-init and namespace-keeper (what holds the runner's pid namespace, R46), or descendant.
     */
    private JsonNode ps(String sessionId) {
        SessionInfo s = sessions.show(sessionId);
        var pids = sessions.pids(sessionId);
        List<ProcessInfo> members = backend.platform().processTable().snapshot().processes().stream()
                .filter(pi -> pids.contains((long) pi.pid())).toList();
        Map<Integer, String> roles = roles(members, s.runnerPid());
        ObjectNode r = Json.object();
        r.put("session", sessionId);
        ArrayNode out = r.putArray("processes");
        // a command line is the member's (up to ARG_MAX each, pids.max of them): clipped, and the processes listed
        // while they fit the frame, the rest counted (review V1b)
        long bytes = 0;
        for (ProcessInfo pi : members) {
            ObjectNode n = (ObjectNode) Json.tree(pi);
            n.put("commandLine", SessionReplies.clipped(pi.commandLine(), SessionReplies.PS_COMMAND_LINE_BYTES));
            n.put("role", roles.get(pi.pid()));
            bytes += SessionReplies.size(n) + 1;
            if (bytes > SessionReplies.PS_BYTES) {
                r.put("processesNotListed", members.size() - out.size());
                break;
            }
            out.add(n);
        }
        return r;
    }

    /** Each of a session's processes with its role as {@code session ps} prints it ({@link SessionProcessRoles}). */
    static Map<Integer, String> roles(List<ProcessInfo> members, Long runnerPid) {
        Map<Integer, String> roles = new HashMap<>();
        SessionProcessRoles.of(members, runnerPid).forEach((pid, role) -> roles.put(pid, role.label()));
        return roles;
    }
}
