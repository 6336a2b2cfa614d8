package dev.cordon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Json;
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.CleanProgress;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;
import dev.cordon.leftovers.Leftovers;
import dev.cordon.leftovers.PurgeReport;
import dev.cordon.leftovers.QuarantineEntry;
import dev.cordon.leftovers.ScanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code cordon leftovers}: the leftovers janitor — what the sandbox accounts left behind in {@code /tmp},
 * {@code /var/tmp}, {@code /dev/shm} and the state directory, and their processes outside live sessions. Every
 * subcommand needs root. {@code --json} prints one document per run:
 *
 * <pre>
 * profiles scan --json        → {"schema":"cordon.profiles.scan/1", "instance":"t1", "scannedAt":ISO,
 *                                "sandboxUids":[uid...], "roots":[path...], "items":[ITEM...], "warnings":[text...]}
 *   ITEM = {"id":"3f2a9c01be77", "kind":"file|directory|symlink|socket|fifo|other|process|session", "uid":N,
 *           "owner":"name or uid", "path":text|null, "pid":N|null, "command":text|null, "sizeBytes":N,
 *           "since":ISO (newest mtime / process start), "ageSeconds":N, "inUse":bool, "usedBy":[pid...]}
 * profiles clean [--dry-run] [ID... | --plan FILE] --json
 *                             → {"schema":"cordon.profiles.clean/1", "instance":..., "dryRun":bool,
 *                                "quarantineDir":path, "actions":[ACTION...],
 *                                with --plan also "plan":FILE, "changedSincePlan":[{"id":..., "what":text}...],
 *                                "notInPlan":[ITEM...] (left alone),
 *                                "summary":{"planned|quarantined|killed|reaped|skipped|gone|failed|cancelled":N...}}
 *   ACTION = {"item":ITEM, "action":"quarantine|kill|reap|skip", "reason":text|null,
 *             "result":"planned|quarantined|killed|reaped|skipped|gone|failed|cancelled", "quarantineId":id|null,
 *             "detail":text|null}
 * profiles clean --purge-older-than DAYS [--dry-run] --json
 *                             → {"schema":"cordon.profiles.purge/1", "instance":..., "dryRun":bool,
 *                                "olderThanDays":N, "purged":[ENTRY...], "failed":[{"entry":ENTRY, "reason":text}...]}
 * profiles quarantine --json  → {"schema":"cordon.profiles.quarantine/1", "instance":..., "dir":path,
 *                                "entries":[ENTRY...]}
 * profiles restore ID --json  → {"schema":"cordon.profiles.restore/1", "instance":..., "restored":ENTRY}
 *   ENTRY = {"id":..., "originalPath":path, "kind":..., "uid":N, "gid":N, "owner":..., "mode":"0644",
 *            "sizeBytes":N, "modifiedAt":ISO, "quarantinedAt":ISO, "payloadPresent":bool}
 * </pre>
 *
 * Errors print the message and a {@code Fix:} line on stderr, and with {@code --json} also {@code cordon.error/1}
 * on stdout. Exit codes: clean and purge exit 1 when an action failed; clean exits 4 when
 * the instance is not set up; restore exits 2 for an unknown id and 3 when the original path is occupied.
 */
@Command(name = "leftovers", description = "Find, quarantine, restore and purge sandbox accounts' leftovers.",
        subcommands = {LeftoversCommand.Scan.class, LeftoversCommand.Clean.class, LeftoversCommand.Restore.class,
                LeftoversCommand.QuarantineList.class})
final class LeftoversCommand {
    /** {@code cordon profiles}, the command's former name: still accepted (scripts), no longer listed. */
    @Command(name = "profiles", hidden = true, description = "The former name of `cordon leftovers`.",
            subcommands = {LeftoversCommand.Scan.class, LeftoversCommand.Clean.class, LeftoversCommand.Restore.class,
                    LeftoversCommand.QuarantineList.class})
    static final class FormerName {
    }

    /** The scan with only the items {@code match} selects ({@link Leftover#matches}); all of them without one. */
    static ScanResult matching(ScanResult scan, String match) {
        if (match == null) {
            return scan;
        }
        return new ScanResult(scan.scannedAt(), scan.sandboxIds(), scan.roots(),
                scan.items().stream().filter(l -> l.matches(match)).toList(), scan.warnings());
    }

    @Command(name = "scan", description = {"List the sandbox accounts' leftover files and processes.", "Changes nothing."})
    static final class Scan implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        @Option(names = "--match", paramLabel = "TEXT", description = {
                "Only the leftovers whose kind, owner, path or command (or \"in use\") contain every word of TEXT, "
                        + "ignoring case: the panel's filter box."})
        String match;

        @Override
        public Integer call() {
            common.requireElevated("profiles scan");
            ScanResult scan = matching(common.backend().leftovers().scan(), match);
            PrintWriter out = spec.commandLine().getOut();
            Instant now = Instant.now();
            if (common.json()) {
                ObjectNode doc = Output.document("profiles.scan/1");
                doc.put("instance", common.instance().name());
                if (match != null) {
                    doc.put("match", match);
                }
                doc.put("scannedAt", scan.scannedAt().toString());
                ArrayNode uids = doc.putArray("sandboxUids");
                scan.sandboxIds().stream().sorted(Leftover.ID_ORDER).forEach(id -> uids.add(Json.id(id)));
                ArrayNode roots = doc.putArray("roots");
                scan.roots().forEach(r -> roots.add(r.toString()));
                ArrayNode items = doc.putArray("items");
                scan.items().forEach(l -> items.add(LeftoversJson.leftover(l, now)));
                ArrayNode warnings = doc.putArray("warnings");
                scan.warnings().forEach(warnings::add);
                out.println(Json.pretty(doc));
                return 0;
            }
            if (scan.sandboxIds().isEmpty()) {
                out.println("No sandbox accounts of instance " + common.instance().displayName()
                        + " exist or were removed by Cordon: nothing can be a leftover.");
            } else if (scan.items().isEmpty()) {
                out.println("No leftovers of " + scan.sandboxIds().stream().sorted(Leftover.ID_ORDER).map(String::valueOf)
                        .collect(Collectors.joining(", ")) + ".");
            } else {
                out.printf("%-12s  %-9s  %-24s  %10s  %5s  %-6s  %s%n", "ID", "KIND", "OWNER", "SIZE", "AGE", "IN USE",
                        "WHAT");
                for (Leftover l : scan.items()) {
                    out.printf("%-12s  %-9s  %-24s  %10s  %5s  %-6s  %s%n", l.id(), l.kind().label(), l.owner(),
                            LeftoversJson.size(l.sizeBytes()), LeftoversJson.age(l.since(), now), l.inUse() ? "yes" : "no",
                            l.describe());
                }
            }
            scan.warnings().forEach(w -> out.println("warning: " + w));
            return 0;
        }
    }

    @Command(name = "clean", description = {
            "Quarantine leftover files and kill leftover processes.",
            "All of them, or the IDs given; files in use are left where they are.",
            "With --purge-older-than, instead delete quarantined items older than DAYS."})
    static final class Clean implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        @Option(names = "--dry-run", description = "Print what would be done; change nothing.")
        boolean dryRun;

        @Option(names = "--purge-older-than", paramLabel = "DAYS",
                description = "Permanently delete quarantined items quarantined DAYS or more days ago (0: all).")
        Integer purgeDays;

        @Parameters(paramLabel = "ID", arity = "0..*", description = "Only these leftovers (ids from `profiles scan`).")
        List<String> ids = new ArrayList<>();

        @Option(names = "--match", paramLabel = "TEXT", description = {
                "Only the leftovers whose kind, owner, path or command (or \"in use\") contain every word of TEXT, "
                        + "ignoring case: what the panel cleans with its filter box filled in. With IDs: those of them "
                        + "that match."})
        String match;

        @Option(names = "--plan", paramLabel = "FILE", description = {
                "Carry out only this plan, saved from `profiles clean --dry-run --json`: each shown action on the item "
                        + "shown (rechecked now); what changed since is reported, what is new is left alone."})
        Path planFile;

        @Override
        public Integer call() {
            if (purgeDays != null) {
                return purge();
            }
            if (planFile != null && match != null) {
                throw CordonException.usage("--plan and --match do not go together.",
                        "The plan file already says what to clean; make it with --dry-run --match TEXT --json.");
            }
            if (planFile != null && !ids.isEmpty()) {
                throw CordonException.usage("--plan and IDs do not go together.",
                        "Give either the plan file of a dry run or the ids of the leftovers to clean.");
            }
            common.requireElevated("profiles clean");
            Leftovers janitor = common.backend().leftovers();
            janitor.requireSetUp(); // a dry run too: it would show a plan that cannot be carried out
            List<Leftover> scanned = janitor.scan().items();
            CapturedPlan captured = planFile != null ? CapturedPlan.read(planFile, common.instance().name(), scanned)
                    : new CapturedPlan(janitor.plan(select(scanned)), Map.of(), List.of());
            List<PlannedAction> plan = captured.actions();
            Instant now = Instant.now();
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                if (common.json()) {
                    ObjectNode doc = cleanDocument(janitor, captured, now);
                    ArrayNode actions = doc.putArray("actions");
                    plan.forEach(a -> actions.add(LeftoversJson.planned(a, now)));
                    doc.putObject("summary").put("planned", plan.size());
                    out.println(Json.pretty(doc));
                } else if (plan.isEmpty()) {
                    out.println("Nothing to clean.");
                    printChanges(out, captured);
                } else {
                    out.println("Dry run: nothing is changed. A clean would:");
                    printPlan(out, plan);
                    printChanges(out, captured);
                }
                return 0;
            }
            if (!common.json() && !plan.isEmpty()) {
                out.println("Plan:");
                printPlan(out, plan);
                out.println("Done:");
            }
            List<CleanOutcome> outcomes = janitor.apply(plan, CleanProgress.NONE);
            if (common.json()) {
                ObjectNode doc = cleanDocument(janitor, captured, now);
                ArrayNode actions = doc.putArray("actions");
                ObjectNode summary = Json.object();
                for (int i = 0; i < plan.size(); i++) {
                    actions.add(LeftoversJson.outcome(plan.get(i), outcomes.get(i), now));
                    String label = outcomes.get(i).result().label();
                    summary.put(label, summary.path(label).asInt() + 1);
                }
                doc.set("summary", summary);
                out.println(Json.pretty(doc));
            } else {
                if (outcomes.isEmpty()) {
                    out.println("Nothing to clean.");
                }
                for (CleanOutcome o : outcomes) {
                    out.printf("  %-11s %-12s %s%s%s%n", o.result().label(), o.item().id(), o.item().describe(),
                            o.quarantineId() == null ? "" : "  → quarantine " + o.quarantineId(),
                            o.detail() == null || o.quarantineId() != null ? "" : "  (" + o.detail() + ")");
                }
                printChanges(out, captured);
                if (!outcomes.isEmpty()) {
                    out.println("Quarantine: " + janitor.quarantineDir() + " (undo with `cordon leftovers restore ID`).");
                }
            }
            return outcomes.stream().anyMatch(CleanOutcome::failed) ? ExitCode.CHECK_FAILED.code() : 0;
        }

        private static void printPlan(PrintWriter out, List<PlannedAction> plan) {
            plan.forEach(a -> out.printf("  %-10s %-12s %s%s%n", a.action().label(), a.item().id(),
                    a.item().describe(), a.reason() == null ? "" : "  (" + a.reason() + ")"));
        }

        /** What a captured plan showed that is gone or changed now, and what it did not show. */
        private static void printChanges(PrintWriter out, CapturedPlan captured) {
            captured.changed().forEach((id, what) -> out.printf("  %-11s %-12s %s  (gone or changed since the plan: "
                    + "left alone)%n", "changed", id, what));
            if (!captured.unplanned().isEmpty()) {
                out.println("  " + captured.unplanned().size() + " leftover(s) not in the plan were left alone: "
                        + captured.unplanned().stream().map(Leftover::describe).collect(Collectors.joining(", "))
                        + ". Make a new plan with `cordon leftovers clean --dry-run` to see them.");
            }
        }

        private ObjectNode cleanDocument(Leftovers janitor, CapturedPlan captured, Instant now) {
            ObjectNode doc = Output.document("profiles.clean/1");
            doc.put("instance", common.instance().name());
            doc.put("dryRun", dryRun);
            if (match != null) {
                doc.put("match", match);
            }
            doc.put("quarantineDir", janitor.quarantineDir().toString());
            if (planFile != null) {
                doc.put("plan", planFile.toString());
                ArrayNode changed = doc.putArray("changedSincePlan");
                captured.changed().forEach((id, what) -> changed.addObject().put("id", id).put("what", what));
                ArrayNode unplanned = doc.putArray("notInPlan");
                captured.unplanned().forEach(l -> unplanned.add(LeftoversJson.leftover(l, now)));
            }
            return doc;
        }

        private List<Leftover> select(List<Leftover> scanned) {
            return selectIds(scanned).stream().filter(l -> l.matches(match)).toList();
        }

        private List<Leftover> selectIds(List<Leftover> scanned) {
            if (ids.isEmpty()) {
                return scanned;
            }
            Map<String, Leftover> byId = scanned.stream().collect(Collectors.toMap(Leftover::id, Function.identity()));
            Set<String> wanted = new LinkedHashSet<>(ids);
            List<String> unknown = wanted.stream().filter(id -> !byId.containsKey(id)).toList();
            if (!unknown.isEmpty()) {
                throw CordonException.usage("No current leftover has the id " + String.join(", ", unknown) + ".",
                        "Run `cordon leftovers scan` for the current ids (an item that changed gets a new id).");
            }
            return wanted.stream().map(byId::get).toList();
        }

        private int purge() {
            if (purgeDays < 0) {
                throw CordonException.usage("--purge-older-than must be 0 or more days, not " + purgeDays + ".",
                        "Use e.g. --purge-older-than 30 (0 deletes everything in the quarantine).");
            }
            if (!ids.isEmpty()) {
                throw CordonException.usage("--purge-older-than takes no IDs.",
                        "Run `cordon leftovers clean ID...` and `cordon leftovers clean --purge-older-than DAYS` separately.");
            }
            common.requireElevated("profiles clean --purge-older-than");
            Leftovers janitor = common.backend().leftovers();
            Duration age = Duration.ofDays(purgeDays);
            PurgeReport report = dryRun ? new PurgeReport(janitor.purgeCandidates(age), List.of())
                    : janitor.purgeOlderThan(age);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                ObjectNode doc = Output.document("profiles.purge/1");
                doc.put("instance", common.instance().name());
                doc.put("dryRun", dryRun);
                doc.put("olderThanDays", purgeDays);
                ArrayNode purged = doc.putArray("purged");
                report.purged().forEach(q -> purged.add(LeftoversJson.entry(q)));
                ArrayNode failed = doc.putArray("failed");
                report.failed().forEach(f -> failed.addObject().<ObjectNode>set("entry", LeftoversJson.entry(f.entry()))
                        .put("reason", f.reason()));
                out.println(Json.pretty(doc));
            } else {
                String verb = dryRun ? "Would delete" : "Deleted";
                if (report.purged().isEmpty() && report.failed().isEmpty()) {
                    out.println("No quarantined item is " + purgeDays + " or more days old.");
                }
                report.purged().forEach(q -> out.printf("%s %s  %s (quarantined %s)%n", verb, q.id(), q.originalPath(),
                        q.quarantinedAt()));
                report.failed().forEach(f -> out.printf("FAILED %s  %s: %s%n", f.entry().id(), f.entry().originalPath(),
                        f.reason()));
            }
            return report.failed().isEmpty() ? 0 : ExitCode.CHECK_FAILED.code();
        }
    }

    @Command(name = "restore", description = "Move a quarantined item back, owner and mode intact.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "A quarantine id from `cordon leftovers quarantine`.")
        String id;

        @Override
        public Integer call() {
            common.requireElevated("profiles restore");
            QuarantineEntry q = common.backend().leftovers().restore(id);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                ObjectNode doc = Output.document("profiles.restore/1");
                doc.put("instance", common.instance().name());
                doc.set("restored", LeftoversJson.entry(q));
                out.println(Json.pretty(doc));
            } else {
                out.println("Restored " + q.originalPath() + " (" + q.kind().label() + ", owner " + q.owner() + ", mode "
                        + q.mode() + ").");
            }
            return 0;
        }
    }

    @Command(name = "quarantine", description = "List quarantined items (ids for `restore`).")
    static final class QuarantineList implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            common.requireElevated("profiles quarantine");
            Leftovers janitor = common.backend().leftovers();
            List<QuarantineEntry> entries = janitor.quarantine();
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                ObjectNode doc = Output.document("profiles.quarantine/1");
                doc.put("instance", common.instance().name());
                doc.put("dir", janitor.quarantineDir().toString());
                ArrayNode arr = doc.putArray("entries");
                entries.forEach(q -> arr.add(LeftoversJson.entry(q)));
                out.println(Json.pretty(doc));
                return 0;
            }
            if (entries.isEmpty()) {
                out.println("The quarantine " + janitor.quarantineDir() + " is empty.");
            }
            Instant now = Instant.now();
            for (QuarantineEntry q : entries) {
                out.printf("%-14s  %-9s  %-24s  %10s  %5s ago  %s%s%n", q.id(), q.kind().label(), q.owner(),
                        LeftoversJson.size(q.sizeBytes()), LeftoversJson.age(q.quarantinedAt(), now), q.originalPath(),
                        q.payloadPresent() ? "" : "  (incomplete: item missing)");
            }
            return 0;
        }
    }
}
