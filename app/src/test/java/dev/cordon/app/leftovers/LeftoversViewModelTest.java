package dev.cordon.app.leftovers;

import dev.cordon.core.Principal;
import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.leftovers.LeftoversViewModel.Phase;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.CleanProgress;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;
import dev.cordon.leftovers.PurgeReport;
import dev.cordon.leftovers.QuarantineEntry;
import dev.cordon.leftovers.ScanResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LeftoversViewModelTest {
    static final Instant NOW = Instant.parse("2025-06-02T12:00:00Z");
    static final Leftover FILE = new Leftover("f1", Leftover.Kind.FILE, Principal.uid(1001), "t1-cordon-offline", "/tmp/cache.bin",
            "1:2", null, null, null, 5 * 1024 * 1024, NOW.minusSeconds(7200), false, List.of(),
            List.of());
    static final Leftover HELD = new Leftover("f2", Leftover.Kind.DIRECTORY, Principal.uid(1001), "t1-cordon-offline", "/var/tmp/build",
            "1:3", null, null, null, 4096, NOW.minusSeconds(60), true, List.of(4242),
            List.of());
    static final Leftover PROCESS = new Leftover("p1", Leftover.Kind.PROCESS, Principal.uid(1002), "t1-cordon-online", null, null,
            777, 123L, "node server.js", 30_000_000, NOW.minusSeconds(30), true, List.of(),
            List.of());

    static final class FakeService implements LeftoversService {
        List<Leftover> found = List.of(FILE, HELD, PROCESS);
        final List<QuarantineEntry> quarantined = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        Runnable duringClean = () -> { };
        RuntimeException failRestore;
        List<PurgeReport.Failure> purgeFailures = List.of();

        @Override
        public ScanResult scan() {
            calls.add("scan");
            return new ScanResult(NOW, Set.of(Principal.uid(1001), Principal.uid(1002)), List.of(Path.of("/tmp"), Path.of("/var/tmp")), found,
                    List.of("/tmp/x: Permission denied"));
        }

        @Override
        public List<PlannedAction> plan(List<Leftover> items) {
            calls.add("plan " + items.size());
            return planOf(items);
        }

        private static List<PlannedAction> planOf(List<Leftover> items) {
            return items.stream().map(i -> i.isProcess() ? new PlannedAction(i, PlannedAction.Action.KILL, null)
                    : i.inUse() ? new PlannedAction(i, PlannedAction.Action.SKIP, "in use by pid 4242")
                    : new PlannedAction(i, PlannedAction.Action.QUARANTINE, null)).toList();
        }

        @Override
        public List<CleanOutcome> clean(List<PlannedAction> plan, CleanProgress progress) {
            calls.add("clean " + plan.size());
            List<CleanOutcome> out = new ArrayList<>();
            for (PlannedAction a : plan) {
                CleanOutcome o;
                if (progress.cancelRequested()) {
                    o = new CleanOutcome(a.item(), CleanOutcome.Result.CANCELLED, null, null);
                } else {
                    o = switch (a.action()) {
                        case QUARANTINE -> {
                            quarantined.add(entry(a.item(), "q-" + a.item().id()));
                            yield new CleanOutcome(a.item(), CleanOutcome.Result.QUARANTINED, "q-" + a.item().id(), "payload");
                        }
                        case KILL -> new CleanOutcome(a.item(), CleanOutcome.Result.FAILED, null, "SIGKILL was refused: errno 1");
                        case REMOVE -> new CleanOutcome(a.item(), CleanOutcome.Result.REMOVED, null, "ipcrm");
                        case REAP -> new CleanOutcome(a.item(), CleanOutcome.Result.REAPED, null, null);
                        case SKIP -> new CleanOutcome(a.item(), CleanOutcome.Result.SKIPPED, null, a.reason());
                    };
                }
                out.add(o);
                progress.done(o);
                duringClean.run();
            }
            return out;
        }

        @Override
        public List<QuarantineEntry> quarantine() {
            return List.copyOf(quarantined);
        }

        @Override
        public QuarantineEntry restore(String id) {
            calls.add("restore " + id);
            if (failRestore != null) {
                throw failRestore;
            }
            QuarantineEntry q = quarantined.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
            quarantined.remove(q);
            return q;
        }

        @Override
        public PurgeReport purgeOlderThan(Duration age) {
            calls.add("purge " + age.toDays());
            List<QuarantineEntry> purged = new ArrayList<>(quarantined);
            quarantined.clear();
            return new PurgeReport(purged, purgeFailures);
        }
    }

    static QuarantineEntry entry(Leftover item, String id) {
        return new QuarantineEntry(id, Path.of(item.path()), item.kind(), item.principal(), Principal.gid(1000), item.owner(), "0644",
                item.sizeBytes(), item.since(), NOW.minus(Duration.ofDays(10)), Path.of("/var/lib/t1-cordon/quarantine", id, "item"),
                true);
    }

    /** Holds tasks until told to run them: a scan still running while the person cancels. */
    static final class HeldExecutor implements TaskExecutor {
        final List<BackgroundTask<?>> held = new ArrayList<>();

        @Override
        public <T> void execute(BackgroundTask<T> task) {
            task.requireFailureHandler();
            held.add(task);
        }

        void runAll() {
            List<BackgroundTask<?>> now = new ArrayList<>(held);
            held.clear();
            now.forEach(t -> new DirectTaskExecutor().execute(t));
        }
    }

    private final Messages messages = Messages.load(Locale.ROOT);
    private final FakeService service = new FakeService();
    private final EventBus bus = new EventBus();
    private final List<Object> events = new ArrayList<>();

    private LeftoversViewModel scanned(boolean elevated) {
        bus.subscribe(Events.SystemChanged.class, events::add);
        LeftoversViewModel vm = new LeftoversViewModel(service, new DirectTaskExecutor(), bus, messages, elevated);
        vm.scan();
        return vm;
    }

    @Test
    void scanListsTheItemsAndTheFilterNarrowsThem() {
        LeftoversViewModel vm = scanned(true);
        assertThat(vm.visible()).containsExactly(FILE, HELD, PROCESS);
        assertThat(vm.warnings()).containsExactly("/tmp/x: Permission denied");
        assertThat(vm.summaryProperty().get()).startsWith("3 leftover(s), scanned at ").contains("/tmp, /var/tmp");
        vm.filterProperty().set("node");
        assertThat(vm.visible()).containsExactly(PROCESS);
        vm.filterProperty().set("offline IN USE");
        assertThat(vm.visible()).containsExactly(HELD);
        vm.filterProperty().set("777");
        assertThat(vm.visible()).containsExactly(PROCESS);
        assertThat(vm.countProperty().get()).isEqualTo("1 of 3 shown");
        vm.filterProperty().set("");
        assertThat(vm.visible()).hasSize(3);
        assertThat(vm.inUse(HELD)).isEqualTo("by pid 4242");
        assertThat(vm.inUse(FILE)).isEqualTo("no");
        assertThat(vm.inUse(PROCESS)).isEqualTo("running");
    }

    @Test
    void aCancelledScanIsDropped() {
        HeldExecutor executor = new HeldExecutor();
        LeftoversViewModel vm = new LeftoversViewModel(service, executor, bus, messages, true);
        vm.scan();
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.SCANNING);
        vm.cancelScan();
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
        assertThat(vm.noticeProperty().get()).startsWith("Scan cancelled");
        executor.runAll();
        assertThat(vm.items()).isEmpty();
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
    }

    @Test
    void cleanShowsThePlanFirstAndCancellingItChangesNothing() {
        LeftoversViewModel vm = scanned(true);
        vm.planClean(List.of(FILE, HELD, PROCESS));
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.CONFIRMING);
        assertThat(vm.plan()).extracting(PlannedAction::action).containsExactly(PlannedAction.Action.QUARANTINE,
                PlannedAction.Action.SKIP, PlannedAction.Action.KILL);
        assertThat(vm.actionable()).isEqualTo(2);
        vm.cancelPlan();
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
        assertThat(vm.plan()).isEmpty();
        assertThat(service.calls).noneMatch(c -> c.startsWith("clean"));
    }

    @Test
    void confirmedCleanReportsEachItemThenScansAgain() {
        LeftoversViewModel vm = scanned(true);
        List<Integer> seen = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        service.duringClean = () -> {
            seen.add(vm.outcomes().size());
            progress.add(vm.cleanProgressProperty().get());
        };
        vm.planClean(List.of(FILE, HELD, PROCESS));
        vm.confirmClean();
        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(progress.get(0)).isEqualTo(1 / 3.0);
        assertThat(vm.cleanTotalProperty().get()).isEqualTo(3);
        assertThat(vm.outcomes()).extracting(CleanOutcome::result).containsExactly(CleanOutcome.Result.QUARANTINED,
                CleanOutcome.Result.SKIPPED, CleanOutcome.Result.FAILED);
        assertThat(vm.noticeProperty().get()).isEqualTo("Clean finished: quarantined 1, skipped 1, failed 1.");
        assertThat(vm.problemProperty().get().message()).isEqualTo(
                "1 item(s) could not be cleaned: pid 777 (node server.js): SIGKILL was refused: errno 1");
        assertThat(service.calls).containsExactly("scan", "plan 3", "clean 3", "scan");
        assertThat(vm.quarantine()).extracting(QuarantineEntry::id).containsExactly("q-f1");
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
        assertThat(events).containsExactly(new Events.SystemChanged("leftovers.clean"));
    }

    @Test
    void cancellingACleanLeavesTheRestAlone() {
        LeftoversViewModel vm = scanned(true);
        service.duringClean = vm::cancelClean;
        vm.planClean(List.of(FILE, HELD, PROCESS));
        vm.confirmClean();
        assertThat(vm.outcomes()).extracting(CleanOutcome::result).containsExactly(CleanOutcome.Result.QUARANTINED,
                CleanOutcome.Result.CANCELLED, CleanOutcome.Result.CANCELLED);
        assertThat(vm.noticeProperty().get()).isEqualTo("Clean finished: quarantined 1, cancelled 2.");
    }

    @Test
    void restoreMovesBackAndAConflictShowsItsFix() {
        LeftoversViewModel vm = scanned(true);
        vm.planClean(List.of(FILE));
        vm.confirmClean();
        QuarantineEntry q = vm.quarantine().get(0);

        service.failRestore = new CordonException(ExitCode.CONFLICT, "Cannot restore q-f1: /tmp/cache.bin exists now.",
                "Move /tmp/cache.bin aside, then run `cordon leftovers restore q-f1` again.");
        vm.restore(q);
        assertThat(vm.problemProperty().get().message()).isEqualTo("Cannot restore q-f1: /tmp/cache.bin exists now.");
        assertThat(vm.problemProperty().get().fix()).startsWith("Move /tmp/cache.bin aside");
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);

        service.failRestore = null;
        vm.restore(q);
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(vm.noticeProperty().get()).isEqualTo("Restored /tmp/cache.bin.");
        assertThat(vm.quarantine()).isEmpty();
        assertThat(service.calls).endsWith("restore q-f1", "scan");
    }

    @Test
    void purgeDeletesOldEntriesAndShowsWhatFailed() {
        LeftoversViewModel vm = scanned(true);
        vm.planClean(List.of(FILE));
        vm.confirmClean();
        assertThat(vm.purgeCandidates(7, NOW)).hasSize(1);
        assertThat(vm.purgeCandidates(30, NOW)).isEmpty();
        QuarantineEntry stuck = vm.quarantine().get(0);
        service.purgeFailures = List.of(new PurgeReport.Failure(stuck, "Permission denied"));
        vm.purgeDaysProperty().set(7);
        vm.purge();
        assertThat(service.calls).contains("purge 7");
        assertThat(vm.noticeProperty().get()).isEqualTo("Purged 1 item(s) older than 7 day(s).");
        assertThat(vm.problemProperty().get().message()).isEqualTo("1 item(s) could not be deleted: q-f1: Permission denied");
        assertThat(vm.quarantine()).isEmpty();
    }

    @Test
    void notElevatedCanScanButNotChangeAnything() {
        LeftoversViewModel vm = scanned(false);
        assertThat(vm.items()).hasSize(3);
        assertThat(vm.changesDisabledProperty().get()).isTrue();
        vm.planClean(List.of(FILE));
        assertThat(service.calls).containsExactly("scan");
    }

    @Test
    void everyActionAndOutcomeHasAText() {
        for (PlannedAction.Action a : PlannedAction.Action.values()) {
            assertThat(messages.get("leftovers.action." + a.label())).isNotBlank();
        }
        for (CleanOutcome.Result r : CleanOutcome.Result.values()) {
            assertThat(messages.get("leftovers.outcome." + r.label())).isNotBlank();
        }
    }

    @Test
    void aPathTheSandboxChoseIsShownWithItsControlCharactersInert() {
        Leftover odd = new Leftover("f9", Leftover.Kind.FILE, Principal.uid(1001), "t1-cordon-offline",
                "/tmp/x\u001b[2J\rok", "1:9", null, null, null, 1, NOW, false, List.of(), List.of());
        LeftoversViewModel vm = scanned(true);
        assertThat(vm.describe(odd)).contains("/tmp/x^[[2J^Mok").doesNotContain("\u001b").doesNotContain("\r");
    }
}
