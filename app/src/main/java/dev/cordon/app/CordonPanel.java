package dev.cordon.app;

import atlantafx.base.theme.PrimerLight;
import dev.cordon.Backend;
import dev.cordon.app.accounts.AccountsView;
import dev.cordon.app.accounts.AccountsViewModel;
import dev.cordon.app.accounts.BackendAccountsService;
import dev.cordon.app.audit.AuditView;
import dev.cordon.app.audit.AuditViewModel;
import dev.cordon.app.audit.BackendAuditService;
import dev.cordon.app.doctor.BackendDoctorService;
import dev.cordon.app.backend.DoctorRuns;
import dev.cordon.app.doctor.DoctorView;
import dev.cordon.app.doctor.DoctorViewModel;
import dev.cordon.app.doctor.SaveDialog;
import dev.cordon.app.leftovers.BackendLeftoversService;
import dev.cordon.app.leftovers.LeftoversView;
import dev.cordon.app.leftovers.LeftoversViewModel;
import dev.cordon.app.network.BackendNetworkService;
import dev.cordon.app.network.BackendSessionSwitchService;
import dev.cordon.app.network.NetworkView;
import dev.cordon.app.network.NetworkViewModel;
import dev.cordon.app.network.SessionSwitchViewModel;
import dev.cordon.app.overview.BackendOverviewService;
import dev.cordon.app.overview.OverviewView;
import dev.cordon.app.overview.OverviewViewModel;
import dev.cordon.app.processes.BackendProcessesService;
import dev.cordon.app.processes.ProcessesView;
import dev.cordon.app.processes.ProcessesViewModel;
import dev.cordon.app.sessions.BackendSessionsService;
import dev.cordon.app.sessions.BatchScheduler;
import dev.cordon.app.sessions.SessionsView;
import dev.cordon.app.sessions.SessionsViewModel;
import dev.cordon.app.task.FxTaskExecutor;
import dev.cordon.app.backend.AppSessions;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Problem;
import dev.cordon.app.ui.Ticker;
import dev.cordon.app.ui.DesktopNotifier;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.cli.CordonCli;
import dev.cordon.core.CordonException;
import dev.cordon.core.Instance;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import java.util.List;

/**
 * The control panel on the real backend: as root it is the embedded host; otherwise it opens read-only. Wires the
 * backend services, the task executor, the event bus and one view-model per page, by hand.
 */
public final class CordonPanel extends Application {
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Backend backend;
    private AppSessions sessions;
    /** Checks every second, whichever page is shown, for an online period that ended; stopped with the panel. */
    private Ticker.Ticking watch;
    /** The user confirmed closing: the next close request goes through. */
    private boolean closing;
    private Stage stage;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        // AtlantaFX's binary stylesheet: the same rules, read without parsing 170 KB of CSS before the first frame
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
        Messages messages = Messages.load();
        try {
            PanelOptions options = PanelOptions.parse(getParameters().getRaw());
            backend = Backend.open(Instance.resolve(options.instance()));
        } catch (CordonException | IllegalArgumentException e) {
            startupFailed(messages, e);
            return;
        }
        boolean elevated = backend.platform().elevated();
        String instance = backend.instance().isDefault() ? messages.get("instance.default") : backend.instance().name();
        StatusInfo status = new StatusInfo(backend.platform().os(), elevated, backend.platform().elevationName(),
                System.getProperty("user.name"), CordonCli.Version.version(), instance, backend.instance().name());
        EventBus bus = new EventBus();
        sessions = new AppSessions(backend);
        Ticker ticker = Ticker.fx();

        // view-models now, so each hears every report and change; views on first visit
        DoctorRuns doctorRuns = new DoctorRuns(each -> backend.doctor().run(each));
        OverviewViewModel overview = new OverviewViewModel(new BackendOverviewService(backend, doctorRuns), executor, bus, messages,
                elevated);
        DoctorViewModel doctor = new DoctorViewModel(new BackendDoctorService(backend, doctorRuns), executor, bus, messages, elevated);
        AuditViewModel audit = new AuditViewModel(new BackendAuditService(backend), executor, bus, messages);
        AccountsViewModel accounts = new AccountsViewModel(new BackendAccountsService(backend), executor, bus, messages,
                elevated);
        NetworkViewModel network = new NetworkViewModel(new BackendNetworkService(backend), executor, bus, messages,
                elevated);
        SessionSwitchViewModel networkSessions = new SessionSwitchViewModel(new BackendSessionSwitchService(sessions),
                executor, bus, messages, ticker, java.time.Instant::now, elevated);
        LeftoversViewModel leftovers = new LeftoversViewModel(new BackendLeftoversService(backend), executor,
                bus, messages, elevated);
        SessionsViewModel sessionsPage = new SessionsViewModel(new BackendSessionsService(backend, sessions), executor,
                bus, messages, ticker, BatchScheduler.fx(), java.time.Instant::now, elevated, dev.cordon.app.sessions.ConsoleLog.defaultDir());
        ProcessesViewModel processes = new ProcessesViewModel(new BackendProcessesService(backend, sessions), executor,
                bus, messages, ticker, java.time.Duration.ofSeconds(2));
        MainView main = new MainView(messages, status, stage, page -> switch (page) {
            case OVERVIEW -> new OverviewView(overview, messages, sessionsPage.onlineBadgeProperty());
            case ACCOUNTS -> new AccountsView(accounts, messages);
            case NETWORK -> new NetworkView(network, networkSessions, messages);
            case LEFTOVERS -> new LeftoversView(leftovers, messages);
            case DOCTOR -> new DoctorView(doctor, messages, SaveDialog.fromSystemProperty(messages, bundleFolder()));
            case AUDIT -> new AuditView(audit, messages);
            case SESSIONS -> new SessionsView(sessionsPage, messages);
            case PROCESSES -> new ProcessesView(processes, messages);
        }, backend.platform().elevatedRelauncher());
        Scene scene = new Scene(main.root(), 1240, 820);
        main.attach(scene);
        watchOnlineSessions(main, sessionsPage, bus, messages, ticker);
        stage.setTitle(backend.instance().isDefault() ? messages.get("app.title")
                : messages.get("app.title.instance", backend.instance().name()));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> confirmClose(e, stage, messages));
        stage.show();
        reportFirstFrame();
    }

    /**
     * Closing the window stops the panel's sessions (their runners, and their workspaces are given back): with live
     * sessions it asks first, then stops them off the UI thread and closes when they are down.
     */
    private void confirmClose(javafx.stage.WindowEvent close, Stage stage, Messages messages) {
        int live = sessions.liveCount();
        if (closing || live == 0) {
            return;
        }
        close.consume();
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION);
        confirm.initOwner(stage);
        confirm.setTitle(messages.get("close.confirm.title"));
        confirm.setHeaderText(messages.get("close.confirm.header", live));
        confirm.setContentText(messages.get("close.confirm.text"));
        confirm.getDialogPane().setId("close-dialog");
        javafx.scene.control.ButtonType stopAndClose = new javafx.scene.control.ButtonType(
                messages.get("close.confirm.ok"), javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType stay = new javafx.scene.control.ButtonType(messages.get("dialog.cancel"),
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        confirm.getButtonTypes().setAll(stay, stopAndClose);
        ((javafx.scene.control.Button) confirm.getDialogPane().lookupButton(stay)).setDefaultButton(true);
        confirm.getDialogPane().lookupButton(stopAndClose).setId("close-confirm");
        if (confirm.showAndWait().filter(b -> b == stopAndClose).isEmpty()) {
            return;
        }
        closing = true;
        stage.getScene().getRoot().setDisable(true);
        dev.cordon.app.task.BackgroundTask.of("stop sessions", () -> {
                    sessions.close();
                    return null;
                })
                .onSuccess(done -> stage.close())
                .onFailure(error -> {
                    Alert failed = new Alert(Alert.AlertType.ERROR);
                    failed.initOwner(stage);
                    failed.setHeaderText(messages.get("close.failed"));
                    failed.setContentText(Problem.of(error).message());
                    failed.showAndWait();
                    stage.close();
                })
                .executeWith(executor);
    }

    /**
     * Online state is loud whichever page is shown: the navigation list counts online sessions, and when an online
     * period ends (or another client switches a session offline) a toast with Extend… and, where the desktop has
     * them, a desktop notification say so. The sessions page's list is checked every second for a due switch.
     */
    private void watchOnlineSessions(MainView main, SessionsViewModel sessionsPage, EventBus bus, Messages messages,
                                     Ticker ticker) {
        main.badge(Page.SESSIONS, sessionsPage.onlineBadgeProperty());
        DesktopNotifier desktop = new DesktopNotifier(executor);
        bus.subscribe(Events.OnlineEnded.class, e -> {
            String title = messages.get("sessions.network.ended.title");
            String text = messages.get(e.expired() ? "sessions.network.ended.text"
                    : "sessions.network.switchedElsewhere.text", e.sessionId());
            main.toasts().show(ToastLayer.Kind.WARNING, title, text, ToastLayer.IMPORTANT,
                    List.of(new ToastLayer.Action(messages.get("sessions.network.extend"), () -> {
                        main.select(Page.SESSIONS);
                        sessionsPage.requestExtend(e.sessionId());
                    })));
            desktop.notify(title, text);
        });
        watch = ticker.start(java.time.Duration.ofSeconds(1), sessionsPage::watch);
    }

    /**
     * With {@code -Dcordon.panel.reportFirstFrame=true}, prints {@code first-frame-ms N}: milliseconds from the JVM's
     * start to the first rendered pulse of the window. The startup benchmark reads it.
     */
    private static void reportFirstFrame() {
        if (!Boolean.getBoolean("cordon.panel.reportFirstFrame")) {
            return;
        }
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                System.out.println("first-frame-ms " + (System.currentTimeMillis() - jvmStart));
                System.out.flush();
            }
        }.start();
    }

    /** The panel's own session host (what "another client" switching a session looks like). For tests. */
    public AppSessions sessionHost() {
        return sessions;
    }

    /** The backend is the one this panel was started for. For tests. */
    public Backend backend() {
        return backend;
    }

    /** The invoking user's Downloads (under sudo or pkexec: theirs, not root's), for the support bundle. */
    private java.nio.file.Path bundleFolder() {
        return dev.cordon.app.doctor.BundleTarget.folder(
                dev.cordon.platform.InvokingUser.of(System.getenv(), backend.platform().accounts()),
                java.nio.file.Path.of(System.getProperty("user.home")));
    }

    private static void startupFailed(Messages messages, Exception e) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle(messages.get("app.title"));
        alert.setHeaderText(messages.get("startup.failed"));
        Problem p = Problem.of(e); // in the panel's words
        alert.setContentText(p.fix().isEmpty() ? p.message() : p.message() + "\n" + messages.get("problem.fix", p.fix()));
        alert.showAndWait();
        Platform.exit();
    }

    @Override
    public void stop() {
        if (watch != null) {
            watch.stop();
        }
        if (stage != null) {
            stage.hide(); // the live pages' timers stop with their window, before the executor closes
        }
        if (sessions != null) {
            sessions.close();
        }
        executor.close();
    }
}
