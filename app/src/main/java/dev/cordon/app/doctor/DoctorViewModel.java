package dev.cordon.app.doctor;

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
    private final ObservableList<Check> checks = FXCollections.observableArrayList();
    private final ObjectProperty<Map<String, String>> bundle = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanBinding exportDisabled;

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
        phase.set(Phase.RUNNING);
        BackgroundTask.of("doctor", service::run)
                .onSuccess(r -> {
                    phase.set(Phase.IDLE);
                    show(r);
                    bus.publish(new Events.ReportUpdated(r, this));
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Runs the checks when there is no report yet, then collects the redacted bundle for the preview. */
    public void prepareBundle() {
        if (exportDisabled.get()) {
            return;
        }
        begin(Phase.PREPARING_BUNDLE);
        DoctorReport known = report.get();
        BackgroundTask.of("support bundle", () -> {
                    DoctorReport r = known != null ? known : service.run();
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
                    notice.set(messages.get("doctor.bundle.written", written));
                })
                .onFailure(error -> {
                    bundle.set(null);
                    fail(error);
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
        checks.setAll(r.checks());
        summary.set(messages.get("doctor.summary", r.count(Check.Status.PASS), r.count(Check.Status.FAIL),
                r.count(Check.Status.SKIP), Times.format(r.time())));
    }

    public ReadOnlyObjectProperty<DoctorReport> reportProperty() {
        return report;
    }

    public ObservableList<Check> checks() {
        return checks;
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
