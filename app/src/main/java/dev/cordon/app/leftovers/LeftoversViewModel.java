package dev.cordon.app.leftovers;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PhasedPageModel;
import dev.cordon.app.ui.Problem;
import dev.cordon.app.ui.Times;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.CleanProgress;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;
import dev.cordon.leftovers.PurgeReport;
import dev.cordon.leftovers.QuarantineEntry;
import dev.cordon.leftovers.ScanResult;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The leftovers janitor: scan (cancellable), a filterable list, clean — the dry-run plan first, then the clean with
 * progress and cancel — and the quarantine with restore and purge.
 */
public final class LeftoversViewModel extends PhasedPageModel<LeftoversViewModel.Phase> {
    public enum Phase { IDLE, SCANNING, PLANNING, CONFIRMING, CLEANING, RESTORING, PURGING }

    private final LeftoversService service;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final Messages messages;
    private final boolean elevated;

    private final ObjectProperty<ScanResult> scan = new SimpleObjectProperty<>();
    private final ObservableList<Leftover> items = FXCollections.observableArrayList();
    private final FilteredList<Leftover> visible = new FilteredList<>(items);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObservableList<PlannedAction> plan = FXCollections.observableArrayList();
    private final ObservableList<CleanOutcome> outcomes = FXCollections.observableArrayList();
    private final DoubleProperty cleanProgress = new SimpleDoubleProperty();
    private final IntegerProperty cleanTotal = new SimpleIntegerProperty();
    private final ObservableList<QuarantineEntry> quarantine = FXCollections.observableArrayList();
    private final IntegerProperty purgeDays = new SimpleIntegerProperty(30);
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringBinding count;
    private final BooleanBinding changesDisabled;
    /** Outcomes handed over by the cleaning thread, drained on the UI thread. */
    private final Queue<CleanOutcome> arriving = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean cancelClean = new AtomicBoolean();
    /** Bumped by each scan and by cancel: a scan whose number is no longer current is ignored when it ends. */
    private long scanNumber;

    public LeftoversViewModel(LeftoversService service, TaskExecutor executor, EventBus bus, Messages messages,
                              boolean elevated) {
        super(Phase.IDLE);
        this.service = service;
        this.executor = executor;
        this.bus = bus;
        this.messages = messages;
        this.elevated = elevated;
        summary.set(messages.get("leftovers.summary.none"));
        filter.addListener((obs, old, text) -> visible.setPredicate(item -> matches(item, text)));
        count = Bindings.createStringBinding(() -> messages.get("leftovers.count", visible.size(), items.size()),
                visible, items);
        changesDisabled = Bindings.createBooleanBinding(() -> !elevated || phase.get() != Phase.IDLE, phase);
    }

    // ------------------------------------------------------------------ scan

    /** Scans for leftovers and reads the quarantine (root only). */
    public void scan() {
        if (busyProperty().get()) {
            return;
        }
        long number = ++scanNumber;
        problem.set(null);
        phase.set(Phase.SCANNING);
        BackgroundTask.of("scan leftovers", () -> new Scanned(service.scan(), elevated ? service.quarantine() : null))
                .onSuccess(s -> {
                    if (number != scanNumber) {
                        return; // cancelled: the person stopped waiting for it
                    }
                    phase.set(Phase.IDLE);
                    show(s.result());
                    if (s.quarantine() != null) {
                        quarantine.setAll(s.quarantine());
                    }
                })
                .onFailure(error -> {
                    if (number == scanNumber) {
                        fail(error);
                    }
                })
                .executeWith(executor);
    }

    /**
     * Stops waiting for the running scan. A scan only reads, so it is left to finish on its own in the background
     * and its result is dropped.
     */
    public void cancelScan() {
        if (phase.get() == Phase.SCANNING) {
            scanNumber++;
            phase.set(Phase.IDLE);
            notice.set(messages.get("leftovers.scan.cancelled"));
        }
    }

    private record Scanned(ScanResult result, List<QuarantineEntry> quarantine) {
    }

    private void show(ScanResult r) {
        scan.set(r);
        items.setAll(r.items());
        warnings.setAll(r.warnings());
        summary.set(messages.get("leftovers.summary", r.items().size(), Times.format(r.scannedAt()),
                r.roots().stream().map(Object::toString).collect(Collectors.joining(", ")), r.warnings().size()));
    }

    /** The filter box: {@link Leftover#matches}, the same rule as {@code cordon leftovers clean --match}. */
    static boolean matches(Leftover item, String filter) {
        return item.matches(filter);
    }

    // ------------------------------------------------------------------ clean

    /** The dry run for {@code selection}; the view shows it and the person confirms or cancels. */
    public void planClean(List<Leftover> selection) {
        if (changesDisabled.get() || selection.isEmpty()) {
            return;
        }
        List<Leftover> chosen = List.copyOf(selection);
        begin(Phase.PLANNING);
        BackgroundTask.of("plan clean", () -> service.plan(chosen))
                .onSuccess(p -> {
                    plan.setAll(p);
                    phase.set(Phase.CONFIRMING);
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** How many planned actions change something (quarantine or kill). */
    public long actionable() {
        return plan.stream().filter(a -> a.action() != PlannedAction.Action.SKIP).count();
    }

    public void cancelPlan() {
        if (phase.get() == Phase.CONFIRMING) {
            plan.clear();
            phase.set(Phase.IDLE);
        }
    }

    /** Cleans what the shown plan covers, item by item, with progress; then scans again. */
    public void confirmClean() {
        if (phase.get() != Phase.CONFIRMING) {
            return;
        }
        List<PlannedAction> shown = List.copyOf(plan);
        int total = shown.size();
        cancelClean.set(false);
        arriving.clear();
        outcomes.clear();
        cleanProgress.set(0);
        cleanTotal.set(total);
        phase.set(Phase.CLEANING);
        BackgroundTask.withProgress("clean leftovers", lines -> service.clean(shown, new CleanProgress() {
                    // both run on the cleaning thread: hand the outcome over, the UI thread drains it
                    @Override
                    public void done(CleanOutcome outcome) {
                        arriving.add(outcome);
                        lines.accept(outcome.result().label());
                    }

                    @Override
                    public boolean cancelRequested() {
                        return cancelClean.get();
                    }
                }))
                .onProgress(line -> drain(total))
                .onSuccess(result -> {
                    arriving.clear();
                    outcomes.setAll(result);
                    cleanProgress.set(1);
                    plan.clear();
                    phase.set(Phase.IDLE);
                    notice.set(messages.get("leftovers.clean.done", tally(result)));
                    List<String> failed = result.stream().filter(CleanOutcome::failed)
                            .map(o -> describe(o.item()) + ": " + o.detail()).toList();
                    if (!failed.isEmpty()) {
                        problem.set(new Problem(messages.get("leftovers.clean.failed", failed.size(),
                                String.join("; ", failed)), messages.get("leftovers.clean.failed.fix")));
                    }
                    bus.publish(new Events.SystemChanged("leftovers.clean"));
                    scanAfterChange();
                })
                .onFailure(error -> {
                    plan.clear();
                    fail(error);
                })
                .executeWith(executor);
    }

    /** Asks the clean to stop before the next item; items not reached are reported as cancelled. */
    public void cancelClean() {
        if (phase.get() == Phase.CLEANING) {
            cancelClean.set(true);
        }
    }

    private void drain(int total) {
        for (CleanOutcome o = arriving.poll(); o != null; o = arriving.poll()) {
            outcomes.add(o);
        }
        cleanProgress.set(total == 0 ? 1 : outcomes.size() / (double) total);
    }

    private String tally(List<CleanOutcome> result) {
        Map<CleanOutcome.Result, Long> counts = new EnumMap<>(CleanOutcome.Result.class);
        result.forEach(o -> counts.merge(o.result(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> messages.get("leftovers.outcome." + e.getKey().label()) + " "
                + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A scan that keeps the notice and problem of the change that caused it. */
    private void scanAfterChange() {
        Problem kept = problem.get();
        scan();
        if (problem.get() == null) {
            problem.set(kept);
        }
    }

    // ------------------------------------------------------------------ quarantine

    /** Moves a quarantined item back; a conflict (something at its path now) is shown with its fix. */
    public void restore(QuarantineEntry entry) {
        if (changesDisabled.get() || entry == null) {
            return;
        }
        begin(Phase.RESTORING);
        BackgroundTask.of("restore", () -> service.restore(entry.id()))
                .onSuccess(q -> {
                    phase.set(Phase.IDLE);
                    notice.set(messages.get("leftovers.restore.done",
                            dev.cordon.core.TerminalSafeFilter.visible(q.originalPath().toString())));
                    bus.publish(new Events.SystemChanged("leftovers.restore"));
                    scanAfterChange();
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** The entries a purge with {@code days} would delete, as of {@code now}. */
    public List<QuarantineEntry> purgeCandidates(int days, Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(days));
        return quarantine.stream().filter(q -> !q.quarantinedAt().isAfter(cutoff)).toList();
    }

    /** Deletes quarantined items older than {@link #purgeDaysProperty} days; what could not be deleted is shown. */
    public void purge() {
        if (changesDisabled.get()) {
            return;
        }
        int days = purgeDays.get();
        begin(Phase.PURGING);
        BackgroundTask.of("purge quarantine", () -> {
                    PurgeReport report = service.purgeOlderThan(Duration.ofDays(days));
                    return new Purged(report, service.quarantine());
                })
                .onSuccess(p -> {
                    phase.set(Phase.IDLE);
                    quarantine.setAll(p.quarantine());
                    notice.set(messages.get("leftovers.purge.done", p.report().purged().size(), days));
                    if (!p.report().failed().isEmpty()) {
                        problem.set(new Problem(messages.get("leftovers.purge.failed", p.report().failed().size(),
                                p.report().failed().stream().map(f -> f.entry().id() + ": " + f.reason())
                                        .collect(Collectors.joining("; "))), ""));
                    }
                    bus.publish(new Events.SystemChanged("leftovers.purge"));
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    private record Purged(PurgeReport report, List<QuarantineEntry> quarantine) {
    }

    // ------------------------------------------------------------------ for the view

    /** "pid 12, 34", "yes" (a socket bound by an unknown process) or "no". */
    public String inUse(Leftover item) {
        if (!item.inUse()) {
            return messages.get("leftovers.inUse.no");
        }
        if (item.isProcess()) {
            return messages.get("leftovers.inUse.running");
        }
        return item.usedBy().isEmpty() ? messages.get("leftovers.inUse.yes")
                : messages.get("leftovers.inUse.by", item.usedBy().stream().map(String::valueOf)
                .collect(Collectors.joining(", ")));
    }

    public ReadOnlyObjectProperty<ScanResult> scanProperty() {
        return scan;
    }

    /** The scanned items narrowed by the filter. */
    public ObservableList<Leftover> visible() {
        return visible;
    }

    public ObservableList<Leftover> items() {
        return items;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObservableList<String> warnings() {
        return warnings;
    }

    /** The dry-run plan being confirmed (empty otherwise). */
    public ObservableList<PlannedAction> plan() {
        return plan;
    }

    /** The outcomes of the running or latest clean, in the order they happened. */
    public ObservableList<CleanOutcome> outcomes() {
        return outcomes;
    }

    public ReadOnlyDoubleProperty cleanProgressProperty() {
        return cleanProgress;
    }

    /** How many items the running or latest clean covers. */
    public IntegerProperty cleanTotalProperty() {
        return cleanTotal;
    }

    public ObservableList<QuarantineEntry> quarantine() {
        return quarantine;
    }

    public IntegerProperty purgeDaysProperty() {
        return purgeDays;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public StringBinding countProperty() {
        return count;
    }

    /** Clean, restore and purge need root and nothing else running. */
    public BooleanBinding changesDisabledProperty() {
        return changesDisabled;
    }

    public boolean elevated() {
        return elevated;
    }

    /** What a leftover is, as shown: a path or command line the sandbox chose, its control characters inert. */
    public String describe(dev.cordon.leftovers.Leftover item) {
        return dev.cordon.core.TerminalSafeFilter.visible(item.describe());
    }
}
