package dev.cordon.app.network;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageModel;
import dev.cordon.app.ui.NetworkSwitch;
import dev.cordon.app.ui.Ticker;
import dev.cordon.app.ui.WhileShown;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Network page's per-session switch: the panel's live sessions with their network mode and the countdown until a
 * temporary switch reverts, and offline/online for the selected one (the same checks and dialog as the Sessions page,
 * {@link NetworkSwitch}). Once a switch is due, reloads until the broker reports it reverted.
 */
public final class SessionSwitchViewModel extends PageModel {
    private final SessionSwitchService service;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final Messages messages;
    private final Supplier<Instant> clock;
    /** The countdowns' second, while the page is shown. */
    private final WhileShown ticking;

    private final ObservableList<SessionInfo> sessions = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty();
    private final ObjectProperty<SessionInfo> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> now = new SimpleObjectProperty<>();
    private final SimpleBooleanProperty loading = new SimpleBooleanProperty();
    private final SimpleBooleanProperty switching = new SimpleBooleanProperty();
    private final BooleanBinding switchDisabled;

    public SessionSwitchViewModel(SessionSwitchService service, TaskExecutor executor, EventBus bus, Messages messages,
                                  Ticker ticker, Supplier<Instant> clock, boolean elevated) {
        this.ticking = new WhileShown(ticker, java.time.Duration.ofSeconds(1), this::tick);
        this.service = service;
        this.executor = executor;
        this.bus = bus;
        this.messages = messages;
        this.clock = clock;
        now.set(clock.get());
        switchDisabled = Bindings.createBooleanBinding(() -> !elevated || selected.get() == null || switching.get(),
                selected, switching);
        selectedId.addListener((obs, old, id) -> showSelected());
        bus.subscribe(Events.SessionsChanged.class, e -> {
            if (e.source() != this) {
                reload();
            }
        });
    }

    public void reload() {
        if (loading.get()) {
            return;
        }
        loading.set(true);
        BackgroundTask.of("sessions for the network page", service::live)
                .onSuccess(list -> {
                    loading.set(false);
                    sessions.setAll(list);
                    showSelected();
                })
                .onFailure(error -> {
                    loading.set(false);
                    fail(error);
                })
                .executeWith(executor);
    }

    public void select(String id) {
        selectedId.set(id);
    }

    private void showSelected() {
        String id = selectedId.get();
        selected.set(sessions.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null));
    }

    /** The page is shown: the list again, and the countdowns tick each second until {@link #hidden}. */
    public void shown() {
        reload();
        ticking.shown();
    }

    /** The page is hidden: the countdowns stop. */
    public void hidden() {
        ticking.hidden();
    }

    /** Once a second while the page is shown: moves the countdowns; reloads while a switch is due to revert. */
    public void tick() {
        Instant t = clock.get();
        now.set(t);
        if (sessions.stream().anyMatch(s -> NetworkSwitch.due(s, t))) {
            reload();
        }
    }

    /** The countdown of one row, following {@link #tick}: "" when its switch is not temporary. */
    public StringBinding countdown(SessionInfo info) {
        return Bindings.createStringBinding(() -> NetworkSwitch.countdown(info, now.get(), messages), now);
    }

    /** The mode the switch button goes to for the selected session. */
    public NetworkMode otherMode() {
        return NetworkSwitch.otherMode(selected.get());
    }

    /** Switches the selected session; {@code reason} is required, {@code minutes} (optional) makes it revert. */
    public boolean setNetwork(NetworkMode mode, String reason, String minutes) {
        SessionInfo info = selected.get();
        if (switchDisabled.get()) {
            return false;
        }
        NetworkSwitch.Checked checked = NetworkSwitch.check(reason, minutes, messages);
        if (!checked.ok()) {
            problem.set(checked.problem());
            return false;
        }
        clearFeedback();
        switching.set(true);
        record Switched(SessionInfo info, List<SessionInfo> live) {
        }
        BackgroundTask.of("set network", () -> {
                    SessionInfo updated = service.setNetwork(info.id(), mode, checked.duration(), checked.reason());
                    return new Switched(updated, service.live());
                })
                .onSuccess(switched -> {
                    switching.set(false);
                    SessionInfo u = switched.info();
                    notice.set(checked.duration() == null
                            ? messages.get("sessions.network.switched", u.id(), u.network())
                            : messages.get("sessions.network.switchedFor", u.id(), u.network(),
                            checked.duration().toMinutes()));
                    sessions.setAll(switched.live());
                    showSelected();
                    bus.publish(new Events.SessionsChanged(switched.live().size(), this));
                })
                .onFailure(error -> {
                    switching.set(false);
                    fail(error);
                    reload();
                })
                .executeWith(executor);
        return true;
    }

    public ObservableList<SessionInfo> sessions() {
        return sessions;
    }

    public ReadOnlyObjectProperty<SessionInfo> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty selectedIdProperty() {
        return selectedId;
    }

    public BooleanBinding switchDisabledProperty() {
        return switchDisabled;
    }
}
