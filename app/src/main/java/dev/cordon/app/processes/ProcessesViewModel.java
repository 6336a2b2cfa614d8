package dev.cordon.app.processes;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageModel;
import dev.cordon.app.ui.Ticker;
import dev.cordon.app.ui.WhileShown;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.TreeItem;

import java.time.Duration;
import java.util.List;

/**
 * The live process tree: each refresh reads a snapshot, builds the mode's rows and diffs them against the rows shown
 * — all off the UI thread — then applies the diff in one UI callback ({@link LiveTree}). Kill process (terminate,
 * then a forced kill offered if it is still there), kill tree, stop session.
 */
public final class ProcessesViewModel extends PageModel {
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    /** How often the tree is read while the page is shown. */
    static final Duration LIVE_PERIOD = Duration.ofSeconds(1);

    /** How a SIGTERM went. */
    public enum TermOutcome { ALREADY_GONE, ENDED, STILL_RUNNING }

    private final ProcessesService service;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final Messages messages;
    private final Duration termGrace;
    private final WhileShown live;

    private final LiveTree tree = new LiveTree();
    private final ObjectProperty<ProcessMode> mode = new SimpleObjectProperty<>(ProcessMode.SESSIONS);
    private final StringProperty summary = new SimpleStringProperty("");
    /** A process that outlived SIGTERM: the view offers SIGKILL for it. */
    private final ObjectProperty<ProcessRow> forceKillOffer = new SimpleObjectProperty<>();
    private FlatTree shown = FlatTree.EMPTY;
    private int generation;
    private boolean refreshing;
    private long lastApplyNanos;

    public ProcessesViewModel(ProcessesService service, TaskExecutor executor, EventBus bus, Messages messages,
                              Ticker ticker, Duration termGrace) {
        this.service = service;
        this.executor = executor;
        this.bus = bus;
        this.messages = messages;
        this.termGrace = termGrace;
        this.live = new WhileShown(ticker, LIVE_PERIOD, this::refresh);
        summary.set(messages.get("processes.summary.none"));
        mode.addListener((obs, old, m) -> {
            generation++;
            tree.clear();
            shown = FlatTree.EMPTY;
            refresh();
        });
        bus.subscribe(Events.SessionsChanged.class, e -> {
            if (e.source() != this) {
                refresh();
            }
        });
    }

    private record Refresh(FlatTree rows, TreeDiff diff, int read, java.time.Instant takenAt) {
    }

    /** The page is shown: a snapshot now, then one every {@link #LIVE_PERIOD} until {@link #hidden}. */
    public void shown() {
        refresh();
        live.shown();
    }

    /** The page is hidden: the live refresh stops. */
    public void hidden() {
        live.hidden();
    }

    /** Reads and diffs in the background, applies on the UI thread; skipped while the previous one runs. */
    public void refresh() {
        if (refreshing) {
            return;
        }
        refreshing = true;
        int gen = generation;
        ProcessMode m = mode.get();
        FlatTree before = shown;
        BackgroundTask.of("process tree", () -> {
                    ProcessSnapshot snapshot = service.snapshot(m);
                    List<SessionProcesses> sessions = m == ProcessMode.SESSIONS ? service.sessions() : List.of();
                    FlatTree rows = ProcessForest.build(m, snapshot, sessions);
                    return new Refresh(rows, TreeDiff.between(before, rows), snapshot.processes().size(), snapshot.takenAt());
                })
                .onSuccess(r -> {
                    refreshing = false;
                    if (gen != generation) {
                        refresh(); // the mode changed meanwhile: this diff is against a tree no longer shown
                        return;
                    }
                    long t0 = System.nanoTime();
                    tree.apply(r.diff());
                    lastApplyNanos = System.nanoTime() - t0;
                    shown = r.rows();
                    long shownProcesses = r.rows().nodes().values().stream().filter(n -> !n.row().isSession()).count();
                    summary.set(messages.get("processes.summary", shownProcesses, r.read(),
                            CLOCK.format(r.takenAt())));
                })
                .onFailure(error -> {
                    refreshing = false;
                    fail(error);
                })
                .executeWith(executor);
    }

    /** SIGTERM to a process; if it is still there after the grace period, {@link #forceKillOfferProperty} asks. */
    public void terminate(ProcessRow row) {
        if (row == null || row.process() == null) {
            return;
        }
        BackgroundTask.of("terminate " + row.pid(), () -> {
                    if (!service.terminate(row.process())) {
                        return TermOutcome.ALREADY_GONE;
                    }
                    long deadline = System.nanoTime() + termGrace.toNanos();
                    do {
                        if (!service.isRunning(row.process())) {
                            return TermOutcome.ENDED;
                        }
                        if (System.nanoTime() >= deadline) {
                            break;
                        }
                        Thread.sleep(100);
                    } while (true);
                    return TermOutcome.STILL_RUNNING;
                })
                .onSuccess(outcome -> {
                    switch (outcome) {
                        case ALREADY_GONE -> notice.set(messages.get("processes.kill.gone", row.pid(), row.name()));
                        case ENDED -> notice.set(messages.get("processes.kill.ended", row.pid(), row.name()));
                        case STILL_RUNNING -> forceKillOffer.set(row);
                    }
                    refresh();
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** The person accepted the SIGKILL offer. */
    public void forceKill(ProcessRow row) {
        forceKillOffer.set(null);
        if (row == null || row.process() == null) {
            return;
        }
        BackgroundTask.of("kill " + row.pid(), () -> service.kill(row.process()))
                .onSuccess(sent -> {
                    notice.set(messages.get(sent ? "processes.kill.killed" : "processes.kill.gone", row.pid(), row.name()));
                    refresh();
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    public void declineForceKill() {
        forceKillOffer.set(null);
    }

    /** The rows a kill-tree of {@code row} signals: its process and every descendant shown, parents first. */
    public List<ProcessRow> treeOf(ProcessRow row) {
        return row == null ? List.of() : shown.subtree(row.key()).stream().filter(r -> r.process() != null).toList();
    }

    /**
     * Ends the row's process and its whole tree, read again when it acts (the platform freezes the tree, then kills
     * it, so none is left to start new ones; a reused pid is never touched).
     */
    public void killTree(ProcessRow row) {
        if (row == null || row.process() == null) {
            return;
        }
        BackgroundTask.of("kill tree " + row.pid(), () -> service.killTree(row.process()))
                .onSuccess(signalled -> {
                    long sent = signalled.stream().filter(ProcessTable.Signalled::signalled).count();
                    notice.set(messages.get("processes.killTree.done", sent, signalled.size(), row.pid()));
                    refresh();
                })
                .onFailure(error -> {
                    fail(error);
                    refresh();
                })
                .executeWith(executor);
    }

    public void stopSession(ProcessRow row) {
        if (row == null || row.sessionId() == null) {
            return;
        }
        String id = row.sessionId();
        BackgroundTask.of("session stop", () -> {
                    service.stopSession(id);
                    return service.liveSessions();
                })
                .onSuccess(live -> {
                    notice.set(messages.get("processes.stopSession.done", id));
                    bus.publish(new Events.SessionsChanged(live, this));
                    refresh();
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    public TreeItem<ProcessRow> root() {
        return tree.root();
    }

    /** The tree's items by key, for tests. */
    public LiveTree tree() {
        return tree;
    }

    public ObjectProperty<ProcessMode> modeProperty() {
        return mode;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyObjectProperty<ProcessRow> forceKillOfferProperty() {
        return forceKillOffer;
    }

    /** How long the last refresh held the UI thread (applying its diff), in nanoseconds. */
    public long lastApplyNanos() {
        return lastApplyNanos;
    }
}
