package dev.cordon.app.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PhasedPageModel;
import dev.cordon.app.ui.Times;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.doctor.Check;
import dev.cordon.doctor.DoctorReport;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The doctor's checks, re-run on demand, and the support bundle: preview first, then write where the person says. */
public final class DoctorViewModel extends PhasedPageModel<DoctorViewModel.Phase> {
    public enum Phase { IDLE, RUNNING, PREPARING_BUNDLE, PREVIEWING_BUNDLE, WRITING_BUNDLE }

    private final DoctorService service;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final Messages messages;
    private final boolean elevated;

    private final ObjectProperty<DoctorReport> report = new SimpleObjectProperty<>();
    /** Every check of the shown report, failures first, then those that could not run, then the passes. */
    private final ObservableList<Check> allChecks = FXCollections.observableArrayList();
    /** What the table shows: all of them, or the failed only. */
    private final javafx.collections.transformation.FilteredList<Check> checks = new javafx.collections.transformation.FilteredList<>(allChecks);
    private final BooleanProperty failedOnly = new SimpleBooleanProperty();
    /** "Check 12 of 23: …" while a run is under way, else "". */
    private final StringProperty progress = new SimpleStringProperty("");
    private final ObjectProperty<Map<String, String>> bundle = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanBinding exportDisabled;
    /** The run under way, while there is one: what Cancel stops. */
    private BackgroundTask<DoctorReport> running;
    private final BooleanProperty cancelling = new SimpleBooleanProperty();
    private final BooleanBinding cancellable;

    public DoctorViewModel(DoctorService service, TaskExecutor executor, EventBus bus, Messages messages, boolean elevated) {
        super(Phase.IDLE, Phase.PREVIEWING_BUNDLE);
        this.service = service;
        this.executor = executor;
        this.bus = bus;
        this.messages = messages;
        this.elevated = elevated;
        summary.set(messages.get("doctor.summary.none"));
        // the bundle reads the root-only ledger and audit log
        exportDisabled = Bindings.createBooleanBinding(() -> !elevated || phase.get() != Phase.IDLE, phase);
        cancellable = Bindings.createBooleanBinding(() -> phase.get() == Phase.RUNNING && !cancelling.get(), phase, cancelling);
        failedOnly.addListener((obs, old, only) -> checks.setPredicate(only ? c -> c.status() == Check.Status.FAIL : null));
        bus.subscribe(Events.ReportUpdated.class, e -> {
            if (e.source() != this) {
                show(e.report());
            }
        });
    }

    public void rerun() {
        if (busyProperty().get()) {
            return;
        }
        problem.set(null);
        notice.set("");
        phase.set(Phase.RUNNING);
        int expected = report.get() == null ? 0 : report.get().checks().size();
        int[] done = {0};
        progress.set(messages.get("doctor.progress.start"));
        BackgroundTask<DoctorReport> task = BackgroundTask.cancellable("doctor", service::run);
        running = task;
        task.onProgress(title -> {
                    if (cancelling.get()) {
                        return;
                    }
                    done[0]++;
                    progress.set(expected > done[0] ? messages.get("doctor.progress.of", done[0], expected, title)
                            : messages.get("doctor.progress", done[0], title));
                })
                .onSuccess(r -> {
                    running = null;
                    phase.set(Phase.IDLE);
                    progress.set("");
                    show(r);
                    bus.publish(new Events.ReportUpdated(r, this));
                })
                .onFailure(error -> {
                    running = null;
                    progress.set("");
                    fail(error);
                })
                .onCancelled(() -> {
                    running = null;
                    cancelling.set(false);
                    progress.set("");
                    phase.set(Phase.IDLE);
                    notice.set(messages.get("doctor.cancelled"));
                })
                .executeWith(executor);
    }

    /**
     * Stops the run under way after the check it is in (a live probe is not cut off halfway); until it has stopped,
     * the page says so and cannot start another. The report shown stays the previous one.
     */
    public void cancelRun() {
        if (!cancellable.get() || running == null) {
            return;
        }
        cancelling.set(true);
        progress.set(messages.get("doctor.progress.cancelling"));
        running.cancel();
    }

    /** Whether Cancel can stop a run now: one is under way and not already stopping. */
    public BooleanBinding cancellableProperty() {
        return cancellable;
    }

    /** Runs the checks when there is no report yet, then collects the redacted bundle for the preview. */
    public void prepareBundle() {
        if (exportDisabled.get()) {
            return;
        }
        begin(Phase.PREPARING_BUNDLE);
        DoctorReport known = report.get();
        BackgroundTask.of("support bundle", () -> {
                    DoctorReport r = known != null ? known : service.run(title -> { });
                    return new Prepared(r, new LinkedHashMap<>(service.bundleContents(r)));
                })
                .onSuccess(p -> {
                    if (known == null) {
                        show(p.report());
                        bus.publish(new Events.ReportUpdated(p.report(), this));
                    }
                    bundle.set(Collections.unmodifiableMap(p.files()));
                    phase.set(Phase.PREVIEWING_BUNDLE);
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Writes the previewed bundle; a name without {@code .zip} gets it. */
    public void writeBundle(Path target) {
        Map<String, String> contents = bundle.get();
        if (phase.get() != Phase.PREVIEWING_BUNDLE || contents == null) {
            return;
        }
        Path zip = target.getFileName().toString().endsWith(".zip") ? target
                : target.resolveSibling(target.getFileName() + ".zip");
        phase.set(Phase.WRITING_BUNDLE);
        BackgroundTask.of("write bundle", () -> {
                    service.writeBundle(zip, contents);
                    return zip;
                })
                .onSuccess(written -> {
                    bundle.set(null);
                    phase.set(Phase.IDLE);
                    savedBundle.set(new SavedBundle(written, messages.get("doctor.bundle.written", written)));
                })
                .onFailure(error -> {
                    bundle.set(null);
                    fail(error);
                })
                .executeWith(executor);
    }

    /** The bundle just written and what the notification says of it; the view offers Open folder and Copy path. */
    public record SavedBundle(Path zip, String message) {
    }

    private final ObjectProperty<SavedBundle> savedBundle = new SimpleObjectProperty<>();
    private final javafx.beans.property.StringProperty folderWarning = new javafx.beans.property.SimpleStringProperty("");

    public ReadOnlyObjectProperty<SavedBundle> savedBundleProperty() {
        return savedBundle;
    }

    /** Why the folder could not be opened, with where the bundle is ("" for nothing to say): a warning notification. */
    public javafx.beans.property.ReadOnlyStringProperty folderWarningProperty() {
        return folderWarning;
    }

    /**
     * Opens the saved bundle's folder in the file manager, as the person at the desktop (never as root); a success is
     * a notice, a refusal a warning that says why and where the bundle is.
     */
    public void openBundleFolder() {
        SavedBundle saved = savedBundle.get();
        if (saved == null) {
            return;
        }
        Path folder = saved.zip().toAbsolutePath().getParent();
        BackgroundTask.of("open folder", () -> service.openFolder(folder))
                .onSuccess(r -> {
                    if (r.opened()) {
                        notice.set(messages.get("doctor.bundle.opened", folder));
                    } else {
                        folderWarning.set("");
                        folderWarning.set(messages.get("doctor.bundle.notOpened", r.detail(), saved.zip()));
                    }
                })
                .onFailure(error -> {
                    folderWarning.set("");
                    folderWarning.set(messages.get("doctor.bundle.notOpened", dev.cordon.app.ui.Problem.of(error).message(), saved.zip()));
                })
                .executeWith(executor);
    }

    public void closeBundle() {
        if (phase.get() == Phase.PREVIEWING_BUNDLE) {
            bundle.set(null);
            phase.set(Phase.IDLE);
        }
    }

    private record Prepared(DoctorReport report, Map<String, String> files) {
    }

    private void show(DoctorReport r) {
        report.set(r);
        List<Check> sorted = new ArrayList<>(r.checks());
        sorted.sort(Comparator.comparingInt(c -> switch (c.status()) {
            case FAIL -> 0;
            case SKIP -> 1;
            case PASS -> 2;
        })); // stable: the doctor's order within each
        allChecks.setAll(sorted);
        summary.set(messages.get("doctor.summary", r.count(Check.Status.PASS), r.count(Check.Status.FAIL),
                r.count(Check.Status.SKIP), Times.format(r.time())));
    }

    public ReadOnlyObjectProperty<DoctorReport> reportProperty() {
        return report;
    }

    /** The checks as shown: failures first; only the failed while {@link #failedOnlyProperty} is set. */
    public ObservableList<Check> checks() {
        return checks;
    }

    public BooleanProperty failedOnlyProperty() {
        return failedOnly;
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress;
    }

    /** The redacted bundle being previewed (file name → text, in bundle order), or null. */
    public ReadOnlyObjectProperty<Map<String, String>> bundleProperty() {
        return bundle;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public BooleanBinding exportDisabledProperty() {
        return exportDisabled;
    }

    public boolean elevated() {
        return elevated;
    }
}
