package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code cordon ps}: the processes of the sandbox accounts (by default), of chosen users, or of everyone, as a tree.
 * Reads {@code /proc} only, so it needs no root.
 *
 * <p>{@code --json} prints one document (schema {@code cordon.ps/1}):
 * <pre>
 * {
 *   "schema": "cordon.ps/1",
 *   "takenAt": "2025-06-01T10:15:30.123Z",            // ISO-8601 UTC, when the table was read
 *   "filter": {
 *     "mode": "sandbox-accounts",                     // "sandbox-accounts" (default) | "users" (--user) | "all" (--all)
 *     "users": ["cordon-offline", "cordon-online"]    // the names asked for; [] for "all"
 *   },
 *   "processes": [                                    // ascending pid; the tree is given by ppid
 *     {
 *       "pid": 4242,
 *       "ppid": 4200,                                 // may name a process not in the list (filtered out)
 *       "user": "cordon-offline",                     // account name, or the uid as text if it has no account
 *       "uid": 998,                                   // effective uid
 *       "name": "sleep",                              // comm: the kernel's short name
 *       "commandLine": "sleep 30",                    // arguments joined by spaces; "[name]" for kernel threads
 *       "state": "S",                                 // R running, S sleeping, D disk wait, Z zombie, T stopped, I idle
 *       "cpuPercent": 0.0,                            // percent of one core, averaged over the process's lifetime
 *       "rssBytes": 1048576,
 *       "startTime": "2025-06-01T10:15:00.120Z"
 *     }
 *   ]
 * }
 * </pre>
 */
@Command(name = "ps", description = {"Show the sandbox accounts' processes as a tree.",
        "Or the processes of --user, all of them (--all), or those of one session (--session)."})
final class PsCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Selection selection;

    @ArgGroup(exclusive = true)
    Layout layout;

    static final class Selection {
        @Option(names = "--user", paramLabel = "NAME", required = true,
                description = "Only processes of this account (name or uid); repeat for several.")
        List<String> users;

        @Option(names = "--all", required = true, description = "Every process on the system.")
        boolean all;
    }

    static final class Layout {
        @Option(names = "--tree", required = true, description = "Children indented under their parent (default).")
        boolean tree;

        @Option(names = "--flat", required = true, description = "One row per process, by pid, no indentation.")
        boolean flat;
    }

    /** Which processes to show: {@code uids} is null for every process. */
    private record Filter(String mode, List<String> users, Set<Principal> uids) {
        boolean acceptsOwner(Principal owner) {
            return uids == null || uids.contains(owner);
        }
    }

    @Option(names = "--session", paramLabel = "ID",
            description = "Only the processes of this session (from the host), each marked runner, command, descendant, or "
                    + "namespace-keeper and namespace-init (what holds the runner's pid namespace).")
    String sessionId;

    @Override
    public Integer call() throws Exception {
        if (sessionId != null) {
            return sessionTree();
        }
        Filter filter = filter(common.platform().accounts());
        ProcessSnapshot snapshot = common.platform().processTable().snapshot(filter::acceptsOwner);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            out.println(Json.pretty(document(snapshot, filter)));
            return 0;
        }
        if (snapshot.processes().isEmpty()) {
            out.println(emptyMessage(filter));
            return 0;
        }
        boolean flat = layout != null && layout.flat;
        printTable(out, snapshot, flat);
        return 0;
    }

    /** JSON: {@code cordon.ps.session/1} {@code {session, processes:[{…ps fields…, role}]}}. */
    private int sessionTree() throws Exception {
        try (var client = HostConnector.connect(common, false)) {
            var params = Json.object();
            params.put("id", sessionId);
            var r = client.call("session.ps", params, e -> { });
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                var doc = Output.document("ps.session/1");
                doc.setAll((com.fasterxml.jackson.databind.node.ObjectNode) r);
                out.println(Json.pretty(doc));
                return 0;
            }
            out.printf("%7s %7s %-10s %-20s %s%n", "PID", "PPID", "ROLE", "USER", "COMMAND");
            for (var p : r.path("processes")) {
                String indent = switch (p.path("role").asText()) {
                    case "runner", "namespace-keeper", "namespace-init" -> "";
                    case "command" -> "  ";
                    default -> "    ";
                };
                out.printf("%7d %7d %-10s %-20s %s%s%n", p.path("pid").asInt(), p.path("ppid").asInt(), p.path("role").asText(),
                        p.path("user").asText(), indent, p.path("commandLine").asText());
            }
            return 0;
        }
    }

    private Filter filter(Accounts accounts) {
        if (selection != null && selection.all) {
            return new Filter("all", List.of(), null);
        }
        if (selection != null) {
            Set<Principal> uids = new HashSet<>();
            for (String user : new LinkedHashSet<>(selection.users)) {
                uids.add(resolveUser(accounts, user));
            }
            return new Filter("users", List.copyOf(new LinkedHashSet<>(selection.users)), uids);
        }
        Instance instance = common.instance();
        List<String> names = instance.sandboxAccounts();
        return new Filter("sandbox-accounts", names, accounts.idsOf(names));
    }

    /** An account name, or a bare uid (processes may run as uids that have no account). */
    private static Principal resolveUser(Accounts accounts, String user) {
        Optional<Account> account = accounts.user(user);
        if (account.isPresent()) {
            return account.get().id();
        }
        if (!user.isEmpty() && user.chars().allMatch(Character::isDigit) && user.length() <= 9) {
            return Principal.uid(Integer.parseInt(user));
        }
        throw CordonException.usage("Unknown user '" + user + "' in --user: no local account has that name.",
                "Pass an account name from /etc/passwd or a numeric uid, or use --all to see every process.");
    }

    private String emptyMessage(Filter filter) {
        return switch (filter.mode()) {
            case "all" -> "No processes are visible.";
            case "users" -> "No processes of " + String.join(", ", filter.users()) + ".";
            default -> filter.uids().isEmpty()
                    ? "No sandbox processes: the sandbox accounts " + String.join(" and ", filter.users())
                            + " do not exist (instance " + common.instance().displayName() + " is not set up)."
                    : "No processes of the sandbox accounts " + String.join(", ", filter.users()) + ".";
        };
    }

    private static ObjectNode document(ProcessSnapshot snapshot, Filter filter) {
        ObjectNode doc = Output.document("ps/1");
        doc.put("takenAt", snapshot.takenAt().toString());
        ObjectNode f = doc.putObject("filter");
        f.put("mode", filter.mode());
        ArrayNode names = f.putArray("users");
        filter.users().forEach(names::add);
        ArrayNode list = doc.putArray("processes");
        for (ProcessInfo p : snapshot.processes()) {
            ObjectNode n = list.addObject();
            n.put("pid", p.pid());
            n.put("ppid", p.ppid());
            n.put("user", p.user());
            n.set("uid", Json.id(p.owner()));
            n.put("name", p.name());
            n.put("commandLine", p.commandLine());
            n.put("state", String.valueOf(p.state()));
            n.put("cpuPercent", Math.round(p.cpuPercent() * 10) / 10.0);
            n.put("rssBytes", p.rssBytes());
            n.put("startTime", p.startTime().toString());
        }
        return doc;
    }

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMMdd", Locale.ROOT);

    private static void printTable(PrintWriter out, ProcessSnapshot snapshot, boolean flat) {
        List<ProcessSnapshot.TreeRow> rows = flat
                ? snapshot.processes().stream().map(p -> new ProcessSnapshot.TreeRow(0, p)).toList()
                : snapshot.tree();
        int userWidth = 4;
        for (ProcessInfo p : snapshot.processes()) {
            userWidth = Math.max(userWidth, p.user().length());
        }
        String format = "%7s %7s %-" + userWidth + "s %5s %5s %7s %5s  %s%n";
        out.printf(Locale.ROOT, format, "PID", "PPID", "USER", "STATE", "CPU%", "RSS", "START", "COMMAND");
        ZoneId zone = ZoneId.systemDefault();
        LocalDate today = LocalDate.now(zone);
        for (ProcessSnapshot.TreeRow row : rows) {
            ProcessInfo p = row.process();
            String indent = row.depth() == 0 ? "" : "  ".repeat(row.depth() - 1) + "\\_ ";
            out.printf(Locale.ROOT, format, p.pid(), p.ppid(), p.user(), p.state(),
                    String.format(Locale.ROOT, "%.1f", p.cpuPercent()), humanBytes(p.rssBytes()),
                    startColumn(p.startTime(), zone, today), indent + p.commandLine());
        }
    }

    /** Like ps: the time of day for processes started today, else the month and day. */
    private static String startColumn(Instant start, ZoneId zone, LocalDate today) {
        ZonedDateTime local = start.atZone(zone);
        return local.toLocalDate().equals(today) ? TODAY.format(local) : EARLIER.format(local);
    }

    static String humanBytes(long bytes) {
        return dev.cordon.core.ByteSize.compact(bytes);
    }
}
