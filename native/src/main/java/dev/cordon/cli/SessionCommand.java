package dev.cordon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.InputBounds;
import dev.cordon.core.Json;
import dev.cordon.core.TerminalSafeFilter;
import dev.cordon.host.wire.HostClient;
import dev.cordon.session.CommandArgv;
import dev.cordon.session.NetworkMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cordon session start|list|show|stop|exec|set-network}: long-lived sessions, owned by the host
 * ({@code cordon serve}, started in the background for root when none is running). JSON: {@code start}, {@code show}
 * and {@code set-network} print {@code cordon.session/1} (a session: id, state, network, account, runnerPid, cgroup,
 * workspace, writable, home, tmp, started, networkRevertsAt, failure, commands[], spawn, protection: paths[] read-only
 * for its commands {path, directory, what}, gitSafeDirectories[], directoriesSearched, searchComplete, tmpSizeBytes), owner {uid, user}, allowedSockets[], allowConfigDirs, earlierCommands (commands run before the first of commands[] and not in it); {@code list} prints
 * {@code cordon.session.list/1} {@code {sessions:[…]}} (each a summary: its last 3 commands, the first 3 of each path
 * list with {@code writableNotListed}, {@code allowedSocketsNotListed}, {@code protection.pathsNotListed}; past the
 * reply's budget only {id, state, owner}, counted in {@code sessionsAsStubs}, then only {@code sessionsNotListed});
 * a session's path lists beyond its reply's budget are counted in {@code <list>NotListed}; {@code exec} prints JSON lines like {@code cordon run}.
 */
@Command(name = "session", description = {"Long-lived sandbox sessions, kept by the host (`cordon serve`).",
        "As root, `cordon session start` starts the host in the background when none is running."},
        subcommands = {SessionCommand.Start.class, SessionCommand.ListSessions.class, SessionCommand.Show.class,
                SessionCommand.Usage.class, SessionCommand.Stop.class, SessionCommand.Exec.class, SessionCommand.SetNetwork.class})
final class SessionCommand {

    static void printSession(Common common, PrintWriter out, JsonNode s) {
        if (common.json()) {
            ObjectNode doc = Output.document("session/1");
            doc.setAll((ObjectNode) s);
            out.println(Json.pretty(doc));
            return;
        }
        out.printf("%s  %s  %s as %s  runner pid %s%n", s.path("id").asText(), s.path("state").asText().toLowerCase(),
                s.path("network").asText(), s.path("account").asText(), s.path("runnerPid").asText());
        out.println("  owner     " + owner(s));
        out.println("  workspace " + s.path("workspace").asText());
        s.path("writable").forEach(w -> out.println("  writable  " + w.asText()));
        notListed(out, s, "writable", "writable paths");
        out.println("  home      " + s.path("home").asText());
        out.println("  tmp       " + s.path("tmp").asText());
        if (s.hasNonNull("tmpSizeBytes")) {
            out.println("  tmp size  " + dev.cordon.core.ByteSize.format(s.path("tmpSizeBytes").asLong())
                    + " each for home and tmp (tmpfs)");
        }
        if (s.path("allowedSockets").isEmpty()) {
            out.println("  sockets   its own only: every other Unix socket is hidden");
        } else {
            s.path("allowedSockets").forEach(a -> out.println("  socket    " + a.asText() + " (allowed: --allow-socket)"));
        }
        notListed(out, s, "allowedSockets", "allowed sockets");
        if (s.path("allowConfigDirs").asBoolean(false)) {
            out.println("  config    a root may be a home's configuration directory (allowed: --allow-config-dir)");
        }
        out.println("  cgroup    " + s.path("cgroup").asText());
        if (s.hasNonNull("spawn")) {
            out.println("  spawn     " + s.path("spawn").asText());
        }
        if (!s.path("networkRevertsAt").isNull() && s.has("networkRevertsAt")) {
            out.println("  network reverts at " + s.path("networkRevertsAt").asText());
        }
        if (!s.path("failure").isNull() && s.has("failure")) {
            out.println("  failure   " + s.path("failure").asText());
        }
        printProtection(out, s.path("protection"));
        long earlier = s.path("earlierCommands").asLong(0);
        if (earlier > 0) {
            out.println("  (" + earlier + " earlier command" + (earlier == 1 ? "" : "s") + " not kept: the host keeps"
                    + " a session's most recent 256; the audit log has every one)");
        }
        for (JsonNode c : s.path("commands")) {
            out.printf("  %-5s %-8s exit %-4s %s%n", c.path("id").asText(), c.path("network").asText(),
                    c.path("exitCode").isNull() ? "..." : c.path("exitCode").asText(), String.join(" ",
                            Json.MAPPER.convertValue(c.path("argv"), String[].class)));
        }
    }

    /** What the session's commands may not change, whom git trusts for them, and the limits of both. */
    private static void printProtection(PrintWriter out, JsonNode p) {
        if (p.isMissingNode() || p.isNull()) {
            return;
        }
        for (JsonNode pp : p.path("paths")) {
            out.println("  read-only " + pp.path("path").asText() + "  (" + pp.path("what").asText() + ")");
        }
        notListed(out, p, "paths", "protected paths");
        List<String> trusted = new java.util.ArrayList<>();
        p.path("gitSafeDirectories").forEach(d -> trusted.add(d.asText()));
        long untold = p.path("gitSafeDirectoriesNotListed").asLong(0);
        out.println("  git trusts " + String.join(", ", trusted) + (untold > 0 ? " and " + untold + " more not listed" : "")
                + " (safe.directory, for this session's commands only)");
        out.println("  a .git the sandbox creates stays the sandbox's: git refuses it to everyone else (dubious ownership)");
        if (!p.path("searchComplete").asBoolean(true)) {
            out.println("  WARNING: the search for nested repositories stopped after " + p.path("directoriesSearched").asInt()
                    + " directories: repositories in the directories it did not reach are NOT protected");
        }
    }

    /** {@code session list}'s reply as a table (stubs with dashes, and what the host left off said) or as JSON. */
    static void printList(Common common, PrintWriter out, JsonNode r) {
        if (common.json()) {
            ObjectNode doc = Output.document("session.list/1");
            doc.set("sessions", r.path("sessions"));
            for (String f : List.of("sessionsAsStubs", "sessionsNotListed", "message")) {
                if (r.has(f)) {
                    doc.set(f, r.get(f));
                }
            }
            out.println(Json.pretty(doc));
        } else if (r.path("sessions").isEmpty()) {
            out.println("No sessions.");
        } else {
            out.printf("%-10s %-8s %-8s %-8s %-9s %-12s %s%n", "ID", "STATE", "NETWORK", "RUNNER", "COMMANDS",
                    "OWNER", "WORKSPACE");
            for (JsonNode s : r.path("sessions")) {
                out.printf("%-10s %-8s %-8s %-8s %-9s %-12s %s%n", s.path("id").asText(), s.path("state").asText().toLowerCase(),
                        s.path("network").asText("-"), s.path("runnerPid").asText("-"), s.has("commands")
                                ? Long.toString(s.path("earlierCommands").asLong(0) + s.path("commands").size()) : "-",
                        s.path("owner").path("user").asText("?"), s.path("workspace").asText("-"));
            }
            if (r.hasNonNull("message")) {
                out.println("(" + r.path("message").asText() + ")");
            }
        }
    }

    /** {@code … and 12 more protected paths not listed} when the host's reply left some of {@code field} off. */
    private static void notListed(PrintWriter out, JsonNode parent, String field, String what) {
        long n = parent.path(field + "NotListed").asLong(0);
        if (n > 0) {
            out.println("  … and " + n + " more " + what + " not listed (the host's reply fits one frame)");
        }
    }

    /** {@code alice (uid 1000)}: who started the session; only that user and root may see or use it. */
    static String owner(JsonNode s) {
        JsonNode o = s.path("owner");
        return o.isObject() ? o.path("user").asText() + " (uid " + o.path("uid").asText() + ")" : "?";
    }

    static ObjectNode idParam(String id) {
        ObjectNode p = Json.object();
        p.put("id", id);
        return p;
    }

    @Command(name = "start", description = "Start a session and print its id.")
    static final class Start implements Callable<Integer> {
        @Mixin
        Common common;
        @Mixin
        SessionOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            common.requireSessions("session start");
            options.spec(); // validates the options before anything is started
            try (HostClient client = HostConnector.connect(common, true)) {
                JsonNode s = client.call("session.start", options.params(common.platform().workspaceAccess().ownUmask()),
                        e -> { });
                if (common.json()) {
                    printSession(common, spec.commandLine().getOut(), s);
                } else {
                    spec.commandLine().getOut().println(s.path("id").asText());
                }
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List the host's sessions.")
    static final class ListSessions implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            common.requireSessions("session list");
            try (HostClient client = HostConnector.connect(common, false)) {
                printList(common, spec.commandLine().getOut(), client.call("session.list", Json.object(), e -> { }));
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Show one session with the commands it ran.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The session's id (from `cordon session list`).")
        String id;

        @Override
        public Integer call() throws Exception {
            common.requireSessions("session show");
            try (HostClient client = HostConnector.connect(common, false)) {
                printSession(common, spec.commandLine().getOut(), client.call("session.show", idParam(id), e -> { }));
                return 0;
            }
        }
    }

    /**
     * {@code cordon session usage ID}: what the session's process container reports now (processes, memory, their
     * limits and peaks); {@code --json}: {@code cordon.session.usage/1} {@code {session, takenAt, usage: {key: value}}}.
     * The panel's process details and sparklines read the same.
     */
    @Command(name = "usage", description = "Show a session's process and memory use, limits and peaks.")
    static final class Usage implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The session's id (from `cordon session list`).")
        String id;

        @Override
        public Integer call() throws Exception {
            common.requireSessions("session usage");
            try (HostClient client = HostConnector.connect(common, false)) {
                JsonNode r = client.call("session.usage", idParam(id), e -> { });
                PrintWriter out = spec.commandLine().getOut();
                if (common.json()) {
                    ObjectNode doc = Output.document("session.usage/1");
                    doc.setAll((ObjectNode) r);
                    out.println(dev.cordon.core.Json.pretty(doc));
                    return 0;
                }
                out.println("Session " + r.path("session").asText() + " at " + r.path("takenAt").asText());
                var fields = r.path("usage").fields();
                if (!fields.hasNext()) {
                    out.println("  (its process container reports nothing on this system)");
                }
                while (fields.hasNext()) {
                    var f = fields.next();
                    out.printf("  %-15s %s%n", f.getKey(), f.getValue().asText());
                }
                return 0;
            }
        }
    }

    @Command(name = "stop", description = "Stop a session: its runner and every process in its tree.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The session's id (from `cordon session list`).")
        String id;

        @Override
        public Integer call() throws Exception {
            common.requireSessions("session stop");
            try (HostClient client = HostConnector.connect(common, false)) {
                JsonNode r = client.call("session.stop", idParam(id), e -> { });
                if (common.json()) {
                    ObjectNode doc = Output.document("session.stop/1");
                    doc.setAll((ObjectNode) r);
                    spec.commandLine().getOut().println(Json.pretty(doc));
                } else {
                    spec.commandLine().getOut().println("Stopped " + id + ".");
                    // git repositories planted in the workspace, made inert at session end (docs/architecture.md)
                    r.path("gitPlanted").forEach(line -> spec.commandLine().getErr().println("cordon: "
                            + TerminalSafeFilter.visible(line.asText())));
                }
                return 0;
            }
        }
    }

    @Command(name = "exec", showEndOfOptionsDelimiterInUsageHelp = true, description = {
            "Run a command in a session and exit with its exit code.",
            "124 when --timeout killed it; output and stdin as with `cordon run`."})
    static final class Exec implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The session's id (from `cordon session list`).")
        String id;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments, after `--`.")
        List<String> command = new ArrayList<>();
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the command's whole tree after SECONDS (exit 124).")
        Long timeoutSeconds;
        @Option(names = "--env", paramLabel = "K=V", description = "Extra environment for this command. Repeatable.")
        List<String> env = new ArrayList<>();
        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws Exception {
            common.requireSessions("session exec");
            CommandArgv.require(command);
            ObjectNode p = idParam(id);
            ArrayNode argv = p.putArray("argv");
            command.forEach(argv::add);
            ObjectNode e = p.putObject("commandEnv");
            SessionOptions.parseEnv(env).forEach(e::put);
            if (timeoutSeconds != null) {
                InputBounds.seconds("--timeout", timeoutSeconds, "Give whole seconds, e.g. --timeout 60.");
                p.put("timeoutSeconds", timeoutSeconds);
            }
            try (HostClient client = HostConnector.connect(common, false)) {
                return RemoteExec.run(client, "session.exec", p, common.json(), output.streams(common),
                        spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }
    }

    @Command(name = "set-network", description = {"Switch a session offline or online (audited).",
            "With --for it switches back by itself."})
    static final class SetNetwork implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "The session's id (from `cordon session list`).")
        String id;
        @Parameters(index = "1", paramLabel = "offline|online", description = "Run its next commands as the offline or the online account.")
        String network;
        @Option(names = "--for", paramLabel = "DURATION", description = "Revert after DURATION: 90s, 10m, 1h or ISO-8601 (PT10M).")
        String forDuration;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the audit log.")
        String reason;

        @Override
        public Integer call() throws Exception {
            common.requireSessions("session set-network");
            NetworkMode.parse(network);
            ObjectNode p = idParam(id);
            p.put("network", network.toLowerCase());
            if (forDuration != null) {
                p.put("forSeconds", parseDuration(forDuration).toSeconds());
            }
            if (reason != null) {
                p.put("reason", InputBounds.text("--reason", reason, InputBounds.MAX_REASON_CHARS, "Say why in at most "
                        + InputBounds.MAX_REASON_CHARS + " characters; it is written to the audit log."));
            }
            try (HostClient client = HostConnector.connect(common, false)) {
                printSession(common, spec.commandLine().getOut(), client.call("session.set-network", p, e -> { }));
                return 0;
            }
        }
    }

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)([smhd])");

    /** {@code --for}: 90s, 10m, 1h, 2d or ISO-8601, whole seconds from 1 s to 365 days (the host's forSeconds). */
    static Duration parseDuration(String text) {
        Matcher m = SIMPLE.matcher(text.trim().toLowerCase());
        String fix = "Write it like 90s, 10m, 1h or PT10M: whole seconds from 1 s to " + InputBounds.MAX_SECONDS
                + " s (365 days).";
        Duration d;
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(text.trim().toUpperCase());
            }
        } catch (DateTimeParseException e) {
            throw CordonException.usage("--for " + InputBounds.preview(text) + " is not a duration.", fix);
        } catch (ArithmeticException | NumberFormatException e) { // more digits than a long, or more seconds than a Duration
            throw InputBounds.outOfRange("--for", text, fix);
        }
        if (d.getNano() != 0) {
            throw InputBounds.outOfRange("--for", text, fix);
        }
        return InputBounds.seconds("--for", d, text, fix);
    }
}
