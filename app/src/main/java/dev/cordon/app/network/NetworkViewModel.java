package dev.cordon.app.network;

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
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.NetworkProbe.Attempt;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The firewall table and what its rules mean, its state (missing, present, present but ineffective, proven), and
 * "Prove offline": the live probe as the offline account, each attempt shown as it comes. A doctor run elsewhere
 * (Overview, Doctor) also counts as a proof: its {@code firewall.offline.proven} check is picked up from the bus.
 */
public final class NetworkViewModel extends PhasedPageModel<NetworkViewModel.Phase> {
    public enum Phase { IDLE, LOADING, PROBING }

    /** How many attempts one "Prove offline" makes (loopback TCP and UDP, IPv4 and IPv6; a Unix socket from a session). */
    public static final int PROBE_TARGETS = NetworkService.PROBE_ATTEMPTS;

    /** The firewall's state, worst first after MISSING. */
    public enum Health { UNKNOWN, MISSING, INEFFECTIVE, PRESENT, PROVEN }

    /** The latest live probe: ours, or the doctor's. */
    public record LastProbe(Instant at, boolean cutOff, Source source) {
        public enum Source { PANEL, DOCTOR }
    }

    /** One rule in words; {@code problem} marks what makes the table differ from a Cordon table. */
    public record RuleLine(String text, boolean problem) {
    }

    private final NetworkService service;
    private final TaskExecutor executor;
    private final Messages messages;
    private final boolean elevated;

    private final ObjectProperty<FirewallStatus> firewall = new SimpleObjectProperty<>();
    private final ObjectProperty<LastProbe> lastProbe = new SimpleObjectProperty<>();
    private final ObjectProperty<Health> health = new SimpleObjectProperty<>(Health.UNKNOWN);
    private final ObservableList<RuleLine> rules = FXCollections.observableArrayList();
    private final ObservableList<Attempt> attempts = FXCollections.observableArrayList();
    private final StringProperty headline = new SimpleStringProperty("");
    private final StringProperty probeLine = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanBinding proveDisabled;
    /** Attempts handed over by the probe thread, drained on the UI thread. */
    private final Queue<Attempt> arriving = new ConcurrentLinkedQueue<>();

    public NetworkViewModel(NetworkService service, TaskExecutor executor, EventBus bus, Messages messages,
                            boolean elevated) {
        super(Phase.IDLE);
        this.service = service;
        this.executor = executor;
        this.messages = messages;
        this.elevated = elevated;
        summary.set(messages.get("network.summary.none"));
        probeLine.set(messages.get("network.probe.never"));
        proveDisabled = Bindings.createBooleanBinding(() -> !elevated || phase.get() != Phase.IDLE, phase);
        bus.subscribe(Events.ReportUpdated.class, e -> fromDoctor(e.report()));
        bus.subscribe(Events.SystemChanged.class, e -> {
            if (firewall.get() != null && "setup".equals(e.action())) {
                load();
            }
        });
    }

    public void load() {
        if (busyProperty().get()) {
            return;
        }
        phase.set(Phase.LOADING);
        BackgroundTask.of("firewall", service::read)
                .onSuccess(f -> {
                    phase.set(Phase.IDLE);
                    problem.set(null);
                    firewall.set(f);
                    update();
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Reads the table again, then probes as the offline account; each attempt appears as soon as it is known. */
    public void proveOffline() {
        if (proveDisabled.get()) {
            return;
        }
        problem.set(null);
        attempts.clear();
        arriving.clear();
        phase.set(Phase.PROBING);
        BackgroundTask.withProgress("prove offline", progress -> {
                    FirewallStatus read = service.read();
                    ProbeRun run = service.proveOffline(a -> {
                        arriving.add(a);
                        progress.accept(a.target().toString());
                    });
                    return new Proof(read, run);
                })
                .onProgress(line -> drain())
                .onSuccess(proof -> {
                    drain();
                    attempts.setAll(proof.run().attempts());
                    phase.set(Phase.IDLE);
                    firewall.set(proof.firewall());
                    lastProbe.set(new LastProbe(proof.run().at(), proof.run().cutOff(), LastProbe.Source.PANEL));
                    update();
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    private record Proof(FirewallStatus firewall, ProbeRun run) {
    }

    private void drain() {
        for (Attempt a = arriving.poll(); a != null; a = arriving.poll()) {
            attempts.add(a);
        }
    }

    private void fromDoctor(DoctorReport report) {
        Optional<Check> proven = report.checks().stream().filter(c -> c.id().equals(FirewallProbe.PROVEN)).findFirst();
        if (proven.isEmpty() || proven.get().status() == Check.Status.SKIP) {
            return;
        }
        Instant at = FirewallProbe.lastProbe(report).orElseGet(() -> Instant.parse(report.time()));
        if (lastProbe.get() != null && lastProbe.get().at().isAfter(at)) {
            return;
        }
        lastProbe.set(new LastProbe(at, proven.get().status() == Check.Status.PASS, LastProbe.Source.DOCTOR));
        update();
    }

    /** Maps the table read back and the latest probe to the state, the rules in words and the lines on screen. */
    private void update() {
        FirewallStatus f = firewall.get();
        LastProbe probe = lastProbe.get();
        probeLine.set(probe == null ? messages.get("network.probe.never")
                : messages.get(probe.cutOff() ? "network.probe.cutOff" : "network.probe.leaked", Times.format(probe.at()),
                messages.get("network.probe.source." + probe.source().name().toLowerCase())));
        if (f == null) {
            return;
        }
        rules.setAll(rules(f));
        Health h = health(f, probe);
        health.set(h);
        headline.set(messages.get("network.health." + h.name().toLowerCase()));
        summary.set(messages.get("network.summary", f.rules(), headline.get()));
    }

    static Health health(FirewallStatus f, LastProbe probe) {
        FirewallState s = f.state();
        if (!s.present()) {
            return Health.MISSING;
        }
        boolean wrongUid = s.spec().isPresent() && f.offlineId() != null && !s.spec().get().offline().equals(f.offlineId());
        if (!s.problems().isEmpty() || s.spec().isEmpty() || f.offlineId() == null || wrongUid
                || (probe != null && !probe.cutOff())) {
            return Health.INEFFECTIVE;
        }
        return probe != null ? Health.PROVEN : Health.PRESENT;
    }

    private List<RuleLine> rules(FirewallStatus f) {
        FirewallState s = f.state();
        List<RuleLine> out = new ArrayList<>();
        if (!s.present()) {
            out.add(new RuleLine(messages.get("network.rule.missing", f.rules(), f.offlineAccount()), true));
            return out;
        }
        if (s.spec().isPresent()) {
            FirewallSpec spec = s.spec().get();
            String who = spec.offline().equals(f.offlineId()) ? f.offlineAccount()
                    : messages.get("network.rule.unknownAccount");
            // where the rules miss channels (Windows' per-user rules), they are not said to stop "every packet"
            out.add(new RuleLine(messages.get(f.notCovered().isEmpty() ? "network.rule.reject" : "network.rule.block",
                    spec.offline(), who), false));
            out.add(new RuleLine(spec.allowedLoopbackPorts().isEmpty() ? messages.get("network.rule.noPorts")
                    : messages.get("network.rule.ports", spec.allowedLoopbackPorts().stream().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElseThrow()), false));
            if (f.offlineId() == null) {
                out.add(new RuleLine(messages.get("network.rule.noAccount", f.offlineAccount()), true));
            } else if (!spec.offline().equals(f.offlineId())) {
                out.add(new RuleLine(messages.get("network.rule.wrongUid", spec.offline(), f.offlineAccount(),
                        f.offlineId()), true));
            }
        } else {
            out.add(new RuleLine(messages.get("network.rule.unreadable"), true));
        }
        out.add(new RuleLine(messages.get("network.rule.online", f.onlineAccount()), false));
        f.notCovered().forEach(u -> out.add(new RuleLine(messages.get("network.rule.notCovered", u.channel(), u.why()),
                true)));
        s.problems().forEach(p -> out.add(new RuleLine(p, true)));
        return out;
    }

    public ReadOnlyObjectProperty<FirewallStatus> firewallProperty() {
        return firewall;
    }

    public ReadOnlyObjectProperty<LastProbe> lastProbeProperty() {
        return lastProbe;
    }

    public ReadOnlyObjectProperty<Health> healthProperty() {
        return health;
    }

    public ObservableList<RuleLine> rules() {
        return rules;
    }

    /** The attempts of the latest probe from this page, filled in while it runs. */
    public ObservableList<Attempt> attempts() {
        return attempts;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline;
    }

    public ReadOnlyStringProperty probeLineProperty() {
        return probeLine;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public BooleanBinding proveDisabledProperty() {
        return proveDisabled;
    }

    public boolean elevated() {
        return elevated;
    }

    /** What an attempt's result says: refused or reached. */
    public String result(Attempt a) {
        return messages.get(a.connected() ? "network.attempt.reached" : "network.attempt.refused");
    }
}
