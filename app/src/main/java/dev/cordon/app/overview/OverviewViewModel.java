package dev.cordon.app.overview;

import dev.cordon.app.ui.FirewallProbe;
import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PhasedPageModel;
import dev.cordon.app.ui.Times;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.doctor.Check;
import dev.cordon.doctor.DoctorReport;
import dev.cordon.provision.PlannedChange;
import dev.cordon.provision.Provisioner.SetupResult;
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

import java.util.List;

/**
 * Health at a glance and the one "Set up" / "Repair" action: plan (dry run) → the person confirms → apply with
 * progress → check again. Holds properties only; the view decides how to show them.
 */
public final class OverviewViewModel extends PhasedPageModel<OverviewViewModel.Phase> {
    /** CONFIRMING: a plan is waiting for the person's decision (the view shows it). */
    public enum Phase { IDLE, CHECKING, PLANNING, CONFIRMING, APPLYING }

    private final OverviewService service;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final Messages messages;
    private final HealthCards healthCards;
    private final boolean elevated;

    private final ObjectProperty<DoctorReport> report = new SimpleObjectProperty<>();
    private final ObservableList<HealthCard> cards = FXCollections.observableArrayList();
    private final ObservableList<PlannedChange> plan = FXCollections.observableArrayList();
    private final ObservableList<String> progress = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty lastProbe = new SimpleStringProperty("");
    private final StringProperty setupLabel = new SimpleStringProperty();
    private final StringProperty outcome = new SimpleStringProperty("");
    /** Nothing of Cordon's is on this machine yet (no ledger): the page says so instead of listing failures. */
    private final javafx.beans.property.BooleanProperty notSetUp = new javafx.beans.property.SimpleBooleanProperty();
    /** Live sessions as the last {@link Events.SessionsChanged} told. */
    private int liveSessions;
    private final BooleanBinding setupDisabled;

    public OverviewViewModel(OverviewService service, TaskExecutor executor, EventBus bus, Messages messages,
                             boolean elevated) {
        super(Phase.IDLE, Phase.CONFIRMING);
        this.service = service;
        this.executor = executor;
        this.bus = bus;
        this.messages = messages;
        this.healthCards = new HealthCards(messages);
        this.elevated = elevated;
        setupLabel.set(messages.get("overview.setup"));
        summary.set(messages.get("overview.summary.none"));
        setupDisabled = Bindings.createBooleanBinding(() -> !elevated || phase.get() != Phase.IDLE, phase);
        bus.subscribe(Events.SessionsChanged.class, e -> showSessions(e.liveCount()));
        bus.subscribe(Events.ReportUpdated.class, e -> {
            if (e.source() != this) {
                show(e.report());
            }
        });
    }

    /** Runs the doctor and shows its report. */
    public void refresh() {
        if (busyProperty().get()) {
            return;
        }
        phase.set(Phase.CHECKING);
        BackgroundTask.of("doctor", service::check)
                .onSuccess(r -> {
                    phase.set(Phase.IDLE);
                    show(r);
                    bus.publish(new Events.ReportUpdated(r, this));
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Step one of setup: the dry run. The plan lands in {@link #plan()} and the phase becomes CONFIRMING. */
    public void planSetup() {
        if (setupDisabled.get()) {
            return;
        }
        problem.set(null);
        outcome.set("");
        phase.set(Phase.PLANNING);
        BackgroundTask.of("setup plan", service::plan)
                .onSuccess(result -> {
                    plan.setAll(result.plan());
                    phase.set(Phase.CONFIRMING);
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Step two: the person confirmed the plan shown. Applies, then checks again. */
    public void confirmSetup() {
        if (phase.get() != Phase.CONFIRMING) {
            return;
        }
        if (plan.isEmpty()) {
            cancelSetup();
            return;
        }
        List<PlannedChange> confirmed = List.copyOf(plan);
        progress.clear();
        phase.set(Phase.APPLYING);
        BackgroundTask.withProgress("setup", service::apply)
                .onProgress(progress::add)
                .onSuccess(result -> applied(result, confirmed))
                .onFailure(error -> {
                    fail(error);
                    bus.publish(new Events.SystemChanged("setup"));  // a failed run may still have changed things
                    refresh();
                })
                .executeWith(executor);
    }

    public void cancelSetup() {
        if (phase.get() == Phase.CONFIRMING) {
            plan.clear();
            phase.set(Phase.IDLE);
        }
    }

    private void applied(SetupResult result, List<PlannedChange> confirmed) {
        phase.set(Phase.IDLE);
        String text = result.changedNothing() ? messages.get("overview.outcome.nothing")
                : messages.get("overview.outcome.applied", result.plan().size(), result.verified().size());
        if (!result.plan().equals(confirmed)) {
            text += " " + messages.get("overview.outcome.planChanged");
        }
        outcome.set(text);
        plan.clear();
        bus.publish(new Events.SystemChanged("setup"));
        refresh();
    }

    private void show(DoctorReport r) {
        report.set(r);
        cards.setAll(healthCards.from(r, liveSessions));
        long failed = r.count(Check.Status.FAIL);
        summary.set(r.healthy() ? messages.get("overview.summary.healthy", r.checks().size())
                : messages.get("overview.summary.failing", failed, r.checks().size(), r.count(Check.Status.SKIP)));
        lastProbe.set(FirewallProbe.lastProbe(r).map(t -> messages.get("overview.lastProbe", Times.format(t)))
                .orElse(messages.get("overview.lastProbe.none")));
        boolean installed = r.checks().stream()
                .anyMatch(c -> c.id().equals("ledger.integrity") && c.status() == Check.Status.PASS);
        setupLabel.set(messages.get(installed ? "overview.repair" : "overview.setup"));
        boolean never = r.checks().stream().anyMatch(c -> c.id().equals("ledger.integrity")
                && c.status() == Check.Status.FAIL && c.evidence().startsWith("no ledger"));
        notSetUp.set(never);
        if (never) {
            summary.set(messages.get("overview.summary.notSetUp"));
        }
    }

    /** Replaces the sessions card in place (cards appear with the first report). */
    private void showSessions(int live) {
        liveSessions = live;
        for (int i = 0; i < cards.size(); i++) {
            if (cards.get(i).area() == HealthCard.Area.SESSIONS) {
                cards.set(i, healthCards.sessions(live));
            }
        }
    }

    /** Never set up: the page shows "not set up yet" and a Set up button instead of a wall of failures. */
    public javafx.beans.property.ReadOnlyBooleanProperty notSetUpProperty() {
        return notSetUp;
    }

    public ReadOnlyObjectProperty<DoctorReport> reportProperty() {
        return report;
    }

    public ObservableList<HealthCard> cards() {
        return cards;
    }

    /** The plan awaiting confirmation (empty: nothing to change). */
    public ObservableList<PlannedChange> plan() {
        return plan;
    }

    /** Lines reported while setup applies. */
    public ObservableList<String> progress() {
        return progress;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyStringProperty lastProbeProperty() {
        return lastProbe;
    }

    public ReadOnlyStringProperty setupLabelProperty() {
        return setupLabel;
    }

    /** What the last setup did, for a one-line notice. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome;
    }

    /** Not elevated, or something is running. */
    public BooleanBinding setupDisabledProperty() {
        return setupDisabled;
    }

    public boolean elevated() {
        return elevated;
    }

    /** Where a click on a card takes the person: the page that shows and changes what the card sums up. */
    public static dev.cordon.app.ui.Destination destinationOf(HealthCard.Area area) {
        return switch (area) {
            case ACCOUNTS, CREDENTIALS -> dev.cordon.app.ui.Destination.SECRETS;
            case FIREWALL -> dev.cordon.app.ui.Destination.NETWORK;
            case LEFTOVERS -> dev.cordon.app.ui.Destination.LEFTOVERS;
            case SESSIONS -> dev.cordon.app.ui.Destination.SESSIONS;
            case HOST -> dev.cordon.app.ui.Destination.DOCTOR;
        };
    }
}
