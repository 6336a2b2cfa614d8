package dev.cordon.leftovers;

import dev.cordon.audit.AuditLog;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.LeftoverSources;
import dev.cordon.platform.Platform;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The leftovers janitor: finds what the sandbox accounts left behind (files under {@code /tmp}, {@code /var/tmp},
 * {@code /dev/shm} and the state directory; processes outside live sessions), quarantines files and kills processes,
 * restores quarantined items, and purges the quarantine. The Linux counterpart of leaked {@code TEMP.*} profiles.
 *
 * <p>Needs root. Every change (clean, restore, purge, purge-all) writes one audit entry; scans change nothing.
 * Not thread-safe: one janitor per operation.
 */
public final class Leftovers {
    static final Duration TERM_GRACE = Duration.ofSeconds(2);

    private final Instance instance;
    private final ProcessTable processes;
    private final LeftoverSources sources;
    private final Accounts accounts;
    private final LiveSessions sessions;
    private final StaleSessions stale;
    private final LentWorkspaces lent;
    private final AuditLog audit;
    private final Quarantine quarantine;

    /**
     * @param platform  its process table finds and ends sandbox processes, its leftover sources say what else is there
     * @param sessions  what live sessions hold (never a leftover)
     * @param stale     the sessions of dead hosts (reaped whole)
     * @param lent      the workspaces lent now (never a leftover place)
     */
    public Leftovers(Instance instance, Platform platform, LiveSessions sessions, StaleSessions stale,
                          LentWorkspaces lent, AuditLog audit) {
        this.instance = instance;
        this.processes = platform.processTable();
        this.sources = platform.leftoverSources();
        this.accounts = platform.accounts();
        this.sessions = sessions;
        this.stale = stale;
        this.lent = lent;
        this.audit = audit;
        this.quarantine = new Quarantine(instance.quarantineDir(), platform.fileSecurity(), sources);
    }

    public Path quarantineDir() {
        return quarantine.dir();
    }

    /** Finds leftovers; changes nothing. */
    public ScanResult scan() {
        return scan(sessions);
    }

    private ScanResult scan(LiveSessions live) {
        List<String> warnings = new ArrayList<>();
        Map<Principal, String> owners = SandboxIds.of(instance, accounts);
        List<Path> roots = roots();
        List<Leftover> items = new ArrayList<>();
        List<StaleSessions.StaleSession> staleSessions = stale.find();
        if (!owners.isEmpty()) {
            LeftoverScanner scanner = new LeftoverScanner(sources, warnings::add);
            LeftoverSources.HeldPaths held = sources.heldPaths(warnings::add);
            Set<Path> excluded = new java.util.HashSet<>(live.directories());
            // a lent workspace is no leftover place: what the sandbox made there goes to its owner with the grant
            excluded.addAll(lent.roots());
            staleSessions.forEach(st -> excluded.add(st.dir())); // a stale session is one item, reaped whole
            excluded.add(realQuarantineDir());
            items.addAll(scanner.files(roots, owners, excluded, held.holders()));
            items.addAll(scanner.processes(processes, owners, live));
            items.addAll(scanner.systemObjects(owners));
            if (!held.unreadable().isEmpty()) {
                warnings.add("open files of pid " + held.unreadable().stream().sorted().map(String::valueOf)
                        .reduce((a, b) -> a + ", " + b).orElseThrow() + " cannot be read even as root (more "
                        + "capabilities than this process); they are not considered for \"in use\"");
            }
        }
        for (StaleSessions.StaleSession st : staleSessions) {
            String what = st.mounts().size() + " scratch mount(s) holding " + dev.cordon.core.ByteSize.format(
                    st.scratchBytes()) + "; its cgroup and workspace grants";
            items.add(new Leftover(LeftoverScanner.id("session", st.dir().toString(), st.host()), Leftover.Kind.SESSION,
                    null, st.host(), st.dir().toString(), null, null, null, what, st.scratchBytes(), st.since(), false,
                    List.of(), List.of()));
        }
        return new ScanResult(Instant.now(), owners.keySet(), roots, items, warnings);
    }

    /** The existing roots, resolved, without those inside another root (a state dir under /var/tmp is walked once). */
    private List<Path> roots() {
        List<Path> resolved = new ArrayList<>();
        List<Path> candidates = new ArrayList<>(sources.temporaryRoots());
        candidates.add(instance.stateDir());
        for (Path p : candidates) {
            try {
                if (Files.isDirectory(p)) {
                    Path real = p.toRealPath();
                    if (!resolved.contains(real)) {
                        resolved.add(real);
                    }
                }
            } catch (IOException e) {
                throw CordonException.internal("Cannot resolve " + p + ": " + e.getMessage(), e);
            }
        }
        return resolved.stream().filter(r -> resolved.stream().noneMatch(o -> !o.equals(r) && r.startsWith(o)))
                .toList();
    }

    private Path realQuarantineDir() {
        try {
            return Files.isDirectory(instance.quarantineDir()) ? instance.quarantineDir().toRealPath()
                    : instance.quarantineDir();
        } catch (IOException e) {
            throw CordonException.internal("Cannot resolve " + instance.quarantineDir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #clean} would do: quarantine files not in use, kill processes, remove SysV IPC objects no process
     * has attached and the doctor's leftover keys, skip what is in use.
     */
    public List<PlannedAction> plan(List<Leftover> items) {
        List<PlannedAction> plan = new ArrayList<>();
        for (Leftover item : items) {
            if (item.isProcess()) {
                plan.add(new PlannedAction(item, PlannedAction.Action.KILL, null));
            } else if (item.isSession()) {
                plan.add(new PlannedAction(item, PlannedAction.Action.REAP, null));
            } else if (item.isSystemObject()) {
                plan.add(item.inUse() ? new PlannedAction(item, PlannedAction.Action.SKIP, "attached by a process")
                        : new PlannedAction(item, PlannedAction.Action.REMOVE, null));
            } else if (item.holdsOthersFiles()) {
                plan.add(new PlannedAction(item, PlannedAction.Action.SKIP, othersFilesReason(item.otherOwners())));
            } else if (item.inUse()) {
                plan.add(new PlannedAction(item, PlannedAction.Action.SKIP, inUseReason(item.usedBy())));
            } else {
                plan.add(new PlannedAction(item, PlannedAction.Action.QUARANTINE, null));
            }
        }
        return plan;
    }

    /**
     * A sandbox-owned directory with someone else's files inside (the sandbox can move a developer's file into a
     * directory it made, e.g. a {@code .git} it created in a lent workspace): moving or deleting it whole would take
     * those files, so it is only reported.
     */
    static String othersFilesReason(java.util.Collection<Principal> ids) {
        return "holds files of other owners (" + ids.stream().map(u -> u.equals(Leftover.UNREADABLE_OWNER)
                        ? "unknown: unreadable" : u.toString())
                .reduce((a, b) -> a + ", " + b).orElseThrow() + "), never moved or deleted whole: move those files out "
                + "or give the directory to their owner, then scan again";
    }

    private static String inUseReason(List<Integer> pids) {
        return pids.isEmpty() ? "in use (a bound socket)" : "in use by pid " + pids.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    /** {@link #apply} of {@link #plan}{@code (items)}. */
    public List<CleanOutcome> clean(List<Leftover> items, CleanProgress progress) {
        return apply(plan(items), progress);
    }

    /**
     * Carries out exactly {@code plan} (the plan that was shown) and nothing else: a planned skip stays a skip even if
     * the item is free now, and leftovers that appeared since are not touched. Files first, each rechecked just before
     * the move (still the planned object: device, inode and owner; not in use; not in a live session's directory),
     * then processes (still the planned process: pid and start time; not in a live session). What changed is
     * reported as skipped or gone. A file held by a leftover process is skipped in this run even though the process
     * is killed after it; the next clean takes it. Refuses with NOT_SET_UP when the state directory is missing.
     */
    public List<CleanOutcome> apply(List<PlannedAction> plan, CleanProgress progress) {
        requireSetUp();
        List<Leftover> items = plan.stream().map(PlannedAction::item).toList();
        Set<Path> liveDirs = new java.util.HashSet<>(sessions.directories());
        liveDirs.addAll(lent.roots()); // lent since the scan: the hand-back's, not ours
        List<String> procWarnings = new ArrayList<>();
        Map<String, Set<Integer>> openNow = plan.stream().anyMatch(a -> a.action() == PlannedAction.Action.QUARANTINE)
                ? sources.heldPaths(procWarnings::add).holders() : Map.of();
        Map<Leftover, CleanOutcome> outcomes = new LinkedHashMap<>();
        List<Leftover> toKill = new ArrayList<>();
        boolean cancelled = false;
        for (PlannedAction a : plan) {
            cancelled = cancelled || progress.cancelRequested();
            if (cancelled) {
                report(outcomes, progress, new CleanOutcome(a.item(), CleanOutcome.Result.CANCELLED, null, null));
                continue;
            }
            if (!a.action().fits(a.item())) {
                report(outcomes, progress, new CleanOutcome(a.item(), CleanOutcome.Result.SKIPPED, null,
                        "a " + a.item().kind().label() + " cannot be " + a.action().label() + "ed"));
                continue;
            }
            switch (a.action()) {
                case SKIP -> report(outcomes, progress,
                        new CleanOutcome(a.item(), CleanOutcome.Result.SKIPPED, null, a.reason()));
                case QUARANTINE -> report(outcomes, progress, procWarnings.isEmpty()
                        ? quarantineOne(a.item(), openNow, liveDirs)
                        // fail closed: an unreadable /proc entry might be the one holding this file
                        : new CleanOutcome(a.item(), CleanOutcome.Result.SKIPPED, null,
                                "cannot tell whether it is in use: " + procWarnings.get(0)));
                case KILL -> toKill.add(a.item());
                case REMOVE -> report(outcomes, progress, remove(a.item()));
                case REAP -> report(outcomes, progress, reapOne(a.item()));
            }
        }
        List<Leftover> killable = new ArrayList<>();
        for (Leftover p : toKill) {
            if (sessions.owns(p.pid())) {
                report(outcomes, progress, new CleanOutcome(p, CleanOutcome.Result.SKIPPED, null,
                        "belongs to a live session now"));
            } else {
                killable.add(p);
            }
        }
        if (!killable.isEmpty()) {
            end(killable).forEach(o -> report(outcomes, progress, o));
        }
        List<CleanOutcome> result = items.stream().map(outcomes::get).toList();
        audit.record("leftovers.clean", Map.of("items", plan.size()), result.stream().anyMatch(CleanOutcome::failed)
                ? "partial" : "ok", summary(result));
        return result;
    }

    private static void report(Map<Leftover, CleanOutcome> outcomes, CleanProgress progress, CleanOutcome o) {
        outcomes.put(o.item(), o);
        progress.done(o);
    }

    private CleanOutcome reapOne(Leftover item) {
        String id = Path.of(item.path()).getFileName().toString();
        try {
            return stale.reap(id) ? new CleanOutcome(item, CleanOutcome.Result.REAPED, null, null)
                    : new CleanOutcome(item, CleanOutcome.Result.GONE, null, "no longer exists");
        } catch (CordonException e) {
            return new CleanOutcome(item, e.exitCode() == ExitCode.CONFLICT ? CleanOutcome.Result.SKIPPED
                    : CleanOutcome.Result.FAILED, null, e.getMessage());
        }
    }

    private CleanOutcome quarantineOne(Leftover item, Map<String, Set<Integer>> openNow, Set<Path> liveDirs) {
        Path path = Path.of(item.path());
        if (liveDirs.stream().anyMatch(path::startsWith)) {
            return new CleanOutcome(item, CleanOutcome.Result.SKIPPED, null, "belongs to a live session now");
        }
        try {
            Optional<LeftoverSources.PathFacts> parent = sources.inspect(path.getParent());
            Optional<LeftoverSources.PathFacts> st = sources.inspect(path);
            if (st.isEmpty() || parent.isEmpty()) {
                return new CleanOutcome(item, CleanOutcome.Result.GONE, null, "no longer exists");
            }
            if (!st.get().fileKey().equals(item.fileKey()) || !st.get().owner().equals(item.principal())) {
                return new CleanOutcome(item, CleanOutcome.Result.SKIPPED, null,
                        "was replaced or changed owner since the scan; scan again");
            }
            Set<Integer> holders = openNow.get(item.path());
            if (holders != null) {
                return new CleanOutcome(item, CleanOutcome.Result.SKIPPED, null,
                        inUseReason(holders.stream().sorted().toList()));
            }
            Set<Principal> others = otherOwnersUnder(path, st.get());
            if (!others.isEmpty()) {
                return new CleanOutcome(item, CleanOutcome.Result.SKIPPED, null, othersFilesReason(others));
            }
            // by descriptors from here: its directory as just seen, the item as scanned (R27)
            QuarantineEntry q = quarantine.put(item, st.get(), parent.get(), SandboxIds.of(instance, accounts).keySet());
            return new CleanOutcome(item, CleanOutcome.Result.QUARANTINED, q.id(), q.payload().toString());
        } catch (java.nio.file.NoSuchFileException gone) {
            return new CleanOutcome(item, CleanOutcome.Result.GONE, null, "no longer exists");
        } catch (LeftoverSources.Refused changed) {
            return new CleanOutcome(item, CleanOutcome.Result.SKIPPED, null, changed.getMessage());
        } catch (IOException | CordonException e) {
            return new CleanOutcome(item, CleanOutcome.Result.FAILED, null, e.getMessage());
        }
    }

    /** The owners other than the sandbox's under {@code path} now, if it is a directory (see {@link Leftover}). */
    private Set<Principal> otherOwnersUnder(Path path, LeftoverSources.PathFacts st) throws IOException {
        if (st.kind() != LeftoverSources.PathFacts.Kind.DIRECTORY) {
            return Set.of();
        }
        // an entry that cannot be read counts as someone else's (UNREADABLE_OWNER), so its warning needs no other report
        return new LeftoverScanner(sources, unreadable -> { })
                .otherOwnersUnder(path, SandboxIds.of(instance, accounts).keySet());
    }

    private static String summary(List<CleanOutcome> outcomes) {
        Map<CleanOutcome.Result, Integer> counts = new LinkedHashMap<>();
        outcomes.forEach(o -> counts.merge(o.result(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue())
                .reduce((a, b) -> a + " " + b).orElse("nothing to do");
    }

    /** Refuses with NOT_SET_UP when the state directory (home of the quarantine) does not exist. */
    public void requireSetUp() {
        if (!Files.isDirectory(instance.stateDir())) {
            throw new CordonException(ExitCode.NOT_SET_UP, "Cordon instance " + instance.displayName()
                    + " is not set up: " + instance.stateDir() + " does not exist, so there is nowhere to quarantine to.",
                    "Run `cordon setup" + instanceOption() + "` first, or remove leftovers with `cordon uninstall"
                            + instanceOption() + "`.");
        }
    }

    /** Quarantined items, oldest first. */
    public List<QuarantineEntry> quarantine() {
        return quarantine.list();
    }

    /**
     * Moves a quarantined item back where it came from, owner, mode and times intact. Unknown id: USAGE; something at
     * the original path (or its parent missing): CONFLICT; manifest without item: DATA_ERROR.
     */
    public QuarantineEntry restore(String id) {
        QuarantineEntry q = quarantine.find(id).orElseThrow(() -> CordonException.usage(
                "No quarantined item has the id '" + id + "' (in " + quarantine.dir() + ").",
                "List the quarantine with `cordon leftovers quarantine" + instanceOption() + "` and use an id from it."));
        if (!q.payloadPresent()) {
            throw new CordonException(ExitCode.DATA_ERROR, "Quarantine entry " + id + " has a manifest but no item: "
                    + "a clean was interrupted before " + q.originalPath() + " was moved in.",
                    "Check whether " + q.originalPath() + " is still in place; remove the entry with "
                            + "`cordon leftovers clean --purge-older-than 0" + instanceOption() + "`.");
        }
        try {
            quarantine.restore(q);
        } catch (CordonException e) {
            audit.record("leftovers.restore", Map.of("id", id), "failed", e.getMessage());
            throw e;
        } catch (java.nio.file.NoSuchFileException e) {
            audit.record("leftovers.restore", Map.of("id", id), "refused", e.getMessage());
            throw new CordonException(ExitCode.CONFLICT, "Cannot restore " + id + ": the directory "
                    + q.originalPath().getParent() + " no longer exists.", "Recreate " + q.originalPath().getParent()
                    + " with its former owner and mode, then retry.");
        } catch (LeftoverSources.Refused e) {
            audit.record("leftovers.restore", Map.of("id", id), "refused", e.getMessage());
            throw new CordonException(ExitCode.CONFLICT, "Cannot restore " + id + " to " + q.originalPath() + ": "
                    + e.getMessage() + ". Nothing was restored; the item stays in the quarantine.",
                    "If " + q.originalPath() + " exists, move it aside; if its directory was moved or replaced, put the "
                            + "original directory back at " + q.originalPath().getParent() + " (root restores only into "
                            + "the directory the item came from, never through a symlink), then run `cordon leftovers "
                            + "restore " + id + instanceOption() + "` again; or take the item from " + q.payload()
                            + " by hand.");
        } catch (IOException e) {
            audit.record("leftovers.restore", Map.of("id", id), "failed", e.getMessage());
            throw new CordonException(ExitCode.INTERNAL, "Cannot restore " + id + " to " + q.originalPath() + ": "
                    + e.getMessage(), "Check free space and the directory " + q.originalPath().getParent()
                    + ", then retry.", e);
        }
        audit.record("leftovers.restore", Map.of("id", id), "ok", q.originalPath().toString());
        return q;
    }

    /** Deletes quarantined items quarantined at least {@code age} ago (entries without an item included). */
    public PurgeReport purgeOlderThan(Duration age) {
        if (age.isNegative()) {
            throw CordonException.usage("A purge age cannot be negative: " + age + ".", "Use 0 or more days.");
        }
        Instant cutoff = Instant.now().minus(age);
        PurgeReport report = purge(quarantine.list().stream().filter(q -> !q.quarantinedAt().isAfter(cutoff)).toList());
        audit.record("leftovers.purge", Map.of("olderThanSeconds", age.toSeconds()),
                report.failed().isEmpty() ? "ok" : "partial",
                "purged=" + report.purged().size() + " failed=" + report.failed().size());
        return report;
    }

    /** Which entries {@link #purgeOlderThan} would delete; changes nothing. */
    public List<QuarantineEntry> purgeCandidates(Duration age) {
        Instant cutoff = Instant.now().minus(age);
        return quarantine.list().stream().filter(q -> !q.quarantinedAt().isAfter(cutoff)).toList();
    }

    private PurgeReport purge(List<QuarantineEntry> entries) {
        List<QuarantineEntry> purged = new ArrayList<>();
        List<PurgeReport.Failure> failed = new ArrayList<>();
        Set<Principal> sandboxIds = SandboxIds.of(instance, accounts).keySet();
        for (QuarantineEntry q : entries) {
            try {
                Set<Principal> others = othersInPayload(q, sandboxIds);
                if (!others.isEmpty()) { // quarantined before this check existed: someone else's files are inside
                    failed.add(new PurgeReport.Failure(q, othersFilesReason(others) + " (restore it with `cordon "
                            + "profiles restore " + q.id() + instanceOption() + "`)"));
                    continue;
                }
                quarantine.delete(q);
                purged.add(q);
            } catch (CordonException e) {
                failed.add(new PurgeReport.Failure(q, e.getMessage()));
            }
        }
        return new PurgeReport(purged, failed);
    }

    private Set<Principal> othersInPayload(QuarantineEntry q, Set<Principal> sandboxIds) {
        if (!q.payloadPresent() || !Files.isDirectory(q.payload(), LinkOption.NOFOLLOW_LINKS)) {
            return Set.of();
        }
        try {
            return new LeftoverScanner(sources, w -> { }).otherOwnersUnder(q.payload(), sandboxIds);
        } catch (IOException e) {
            throw CordonException.internal("Cannot read " + q.payload() + ": " + e.getMessage(), e);
        }
    }

    /**
     * For uninstall: kills every sandbox process (live sessions included), then deletes — not quarantines — every
     * sandbox-owned file under the roots and the whole quarantine, and scans again to report anything left.
     */
    public PurgeAllReport purgeAll() {
        ScanResult first = scan(LiveSessions.NONE);
        List<Leftover> sandboxProcesses = first.items().stream().filter(Leftover::isProcess).toList();
        List<CleanOutcome> killed = sandboxProcesses.isEmpty() ? List.of() : end(sandboxProcesses);
        List<String> failures = new ArrayList<>();
        killed.stream().filter(CleanOutcome::failed).forEach(o -> failures.add(o.item().describe() + ": " + o.detail()));
        List<String> deleted = new ArrayList<>();
        // scan again: the killed processes may have written files while dying
        for (Leftover item : scan(LiveSessions.NONE).items()) {
            if (item.isProcess()) {
                continue;
            }
            if (item.isSystemObject()) {
                CleanOutcome removed = remove(item);
                if (removed.failed()) {
                    failures.add(item.describe() + ": " + removed.detail());
                } else {
                    deleted.add(item.describe());
                }
                continue;
            }
            if (item.holdsOthersFiles()) {
                failures.add(item.path() + ": " + othersFilesReason(item.otherOwners()));
                continue;
            }
            try {
                if (item.isSession()) {
                    stale.reap(Path.of(item.path()).getFileName().toString()); // never delete through its mounts
                } else {
                    // by descriptors: its directory without a symlink on the way, the item as scanned (R27)
                    sources.delete(Path.of(item.path()), item.fileKey());
                }
                deleted.add(item.path());
            } catch (CordonException e) {
                failures.add(e.getMessage());
            } catch (IOException e) {
                failures.add("Cannot delete " + item.path() + ": " + e.getMessage()
                        + (e instanceof LeftoverSources.Refused ? "; it was left alone" : ""));
            }
        }
        PurgeReport quarantined = purge(quarantine.list());
        List<Leftover> remaining = scan(LiveSessions.NONE).items();
        PurgeAllReport report = new PurgeAllReport(killed, deleted, quarantined, failures, remaining);
        audit.record("leftovers.purge-all", Map.of(), report.clean() ? "ok" : "partial",
                "killed=" + killed.size() + " deleted=" + deleted.size() + " quarantinePurged="
                        + quarantined.purged().size() + " remaining=" + remaining.size());
        return report;
    }

    /** Removes a system object through the leftover sources if it is still the scanned one. */
    private CleanOutcome remove(Leftover item) {
        LeftoverSources.Removal r = sources.remove(LeftoverScanner.asScanned(item));
        return new CleanOutcome(item, switch (r.result()) {
            case REMOVED -> CleanOutcome.Result.REMOVED;
            case GONE -> CleanOutcome.Result.GONE;
            case CHANGED -> CleanOutcome.Result.SKIPPED;
            case FAILED -> CleanOutcome.Result.FAILED;
        }, null, r.detail());
    }

    /** Ends the leftover processes through the process table: each is still the scanned one (pid, start time). */
    private List<CleanOutcome> end(List<Leftover> items) {
        List<ProcessInfo> scanned = items.stream().map(Leftovers::asScanned).toList();
        List<ProcessTable.Ending> endings = processes.end(scanned, TERM_GRACE);
        List<CleanOutcome> outcomes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ProcessTable.Ending e = endings.get(i);
            outcomes.add(new CleanOutcome(items.get(i), switch (e.how()) {
                case GONE -> CleanOutcome.Result.GONE;
                case TERMINATED, KILLED -> CleanOutcome.Result.KILLED;
                case FAILED -> CleanOutcome.Result.FAILED;
            }, null, e.detail()));
        }
        return outcomes;
    }

    /** The process a leftover was scanned as: its identity (pid, start time) and what messages name it by. */
    private static ProcessInfo asScanned(Leftover p) {
        return new ProcessInfo(p.pid(), 0, p.principal(), p.owner(), p.command(), p.command(), '?', 0, p.sizeBytes(),
                p.since(), p.startTicks());
    }

    private String instanceOption() {
        return instance.isDefault() ? "" : " --instance " + instance.name();
    }
}
