package dev.cordon.app.processes;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageModel;
import dev.cordon.app.ui.Ticker;
import dev.cordon.app.ui.WhileShown;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.platform.ProcessInfo;
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

    /** How long a new row is highlighted, and an exited one still shown, after a refresh first sees the change. */
    static final Duration HIGHLIGHT = Duration.ofSeconds(2);

    /** How many samples a session's sparklines keep (one a refresh: a minute at the live period). */
    static final int SPARK_SAMPLES = 60;

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
    private final StringProperty filter = new SimpleStringProperty("");
    /** The selected row's key (the view keeps the table's selection and this one in step); null for none. */
    private final ObjectProperty<RowKey> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<RowDetails> details = new SimpleObjectProperty<>();
    private final java.util.Map<String, Sparks> sparks = new java.util.HashMap<>();
    private FlatTree shown = FlatTree.EMPTY;
    private FlatTree full = FlatTree.EMPTY;
    private Marks marks = new Marks();
    private int generation;
    private int detailsGeneration;
    private boolean refreshing;
    private boolean refreshAgain;
    private long lastApplyNanos;
    private java.time.InstantSource clock = java.time.InstantSource.system();

    /**
     * What the highlights remember, touched only by the refresh running now (one at a time): when each row was
     * first seen, and when each row that left was last seen. Replaced when the mode changes.
     */
    private static final class Marks {
        final java.util.Map<RowKey, java.time.Instant> firstSeen = new java.util.HashMap<>();
        final java.util.Map<RowKey, java.time.Instant> goneAt = new java.util.HashMap<>();
        boolean primed;

        /** Marks rows NEW for {@link #HIGHLIGHT} after they appear, and keeps exited ones of {@code before} as long. */
        FlatTree mark(FlatTree fresh, FlatTree filtered, FlatTree before, java.time.Instant now) {
            java.time.Instant beforeTime = java.time.Instant.MIN;
            for (RowKey key : fresh.nodes().keySet()) {
                firstSeen.putIfAbsent(key, primed ? now : beforeTime);
                goneAt.remove(key);
            }
            for (var it = firstSeen.keySet().iterator(); it.hasNext(); ) {
                RowKey key = it.next();
                if (!fresh.contains(key)) {
                    it.remove();
                    if (primed) {
                        goneAt.put(key, now);
                    }
                }
            }
            goneAt.values().removeIf(t -> !now.isBefore(t.plus(HIGHLIGHT)));
            primed = true;
            java.util.Set<RowKey> exiting = new java.util.HashSet<>();
            goneAt.keySet().forEach(k -> {
                if (before.contains(k)) {
                    exiting.add(k);
                }
            });
            return filtered.withRows(r -> {
                java.time.Instant first = firstSeen.get(r.key());
                return r.marked(first != null && now.isBefore(first.plus(HIGHLIGHT)) ? ProcessRow.Mark.NEW
                        : ProcessRow.Mark.NONE);
            }).withExiting(before, exiting);
        }
    }

    /** A session's recent CPU (sum of its processes, % of one core) and memory (bytes) samples, oldest first. */
    private static final class Sparks {
        final java.util.ArrayDeque<Double> cpu = new java.util.ArrayDeque<>();
        final java.util.ArrayDeque<Double> memory = new java.util.ArrayDeque<>();
        boolean memoryFromContainer;

        void add(double cpuPercent, double memoryBytes, boolean fromContainer) {
            cpu.addLast(cpuPercent);
            memory.addLast(memoryBytes);
            memoryFromContainer = fromContainer;
            while (cpu.size() > SPARK_SAMPLES) {
                cpu.removeFirst();
                memory.removeFirst();
            }
        }
    }

    /**
     * What the details pane shows for the selected row: a title, label/value fields in words ("not available" where
     * the OS does not give one), the whole argv (one argument a line; empty for a session row), and for a row of a
     * session, its CPU and memory samples for the sparklines with their captions.
     */
    public record RowDetails(RowKey key, String title, List<java.util.Map.Entry<String, String>> fields,
                             List<String> argv, List<Double> cpu, List<Double> memory, String cpuCaption,
                             String memoryCaption) {
    }

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
            full = FlatTree.EMPTY;
            marks = new Marks();
            selected.set(null);
            refresh();
        });
        filter.addListener((obs, old, f) -> refresh());
        selected.addListener((obs, old, key) -> loadDetails());
        bus.subscribe(Events.SessionsChanged.class, e -> {
            if (e.source() != this) {
                refresh();
            }
        });
    }

    private record Refresh(FlatTree full, FlatTree rows, TreeDiff diff, int read, java.time.Instant takenAt,
                           java.util.Map<String, java.util.Map<String, String>> usage) {
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
            refreshAgain = true; // a filter typed, a kill done meanwhile: read again as soon as this one is in
            return;
        }
        refreshing = true;
        refreshAgain = false;
        int gen = generation;
        ProcessMode m = mode.get();
        FlatTree before = shown;
        Marks marking = marks;
        String needle = filter.get();
        java.time.Instant now = clock.instant();
        BackgroundTask.of("process tree", () -> {
                    ProcessSnapshot snapshot = service.snapshot(m);
                    List<SessionProcesses> sessions = m == ProcessMode.SESSIONS ? service.sessions() : List.of();
                    FlatTree fresh = ProcessForest.build(m, snapshot, sessions);
                    FlatTree rows = marking.mark(fresh, fresh.filtered(r -> r.matches(needle)), before, now);
                    java.util.Map<String, java.util.Map<String, String>> usage = new java.util.HashMap<>();
                    for (SessionProcesses s : sessions) {
                        usage.put(s.info().id(), service.usage(s.info().id()));
                    }
                    return new Refresh(fresh, rows, TreeDiff.between(before, rows), snapshot.processes().size(),
                            snapshot.takenAt(), usage);
                })
                .onSuccess(r -> {
                    refreshing = false;
                    if (gen != generation) {
                        refresh(); // the mode changed meanwhile: this diff is against a tree no longer shown
                        return;
                    }
                    RowKey selectedBefore = selected.get();
                    long t0 = System.nanoTime();
                    tree.apply(r.diff());
                    lastApplyNanos = System.nanoTime() - t0;
                    shown = r.rows();
                    full = r.full();
                    if (selectedBefore != null && !shown.contains(selectedBefore)) {
                        selected.set(null); // it left (killed, or filtered out): nothing selected, not its neighbour
                    }
                    sample(r);
                    long shownProcesses = r.rows().nodes().values().stream()
                            .filter(n -> !n.row().isSession() && n.row().isLive()).count();
                    summary.set(messages.get(needle.isBlank() ? "processes.summary" : "processes.summary.filtered",
                            shownProcesses, r.read(), CLOCK.format(r.takenAt())));
                    loadDetails();
                    if (refreshAgain) {
                        refresh();
                    }
                })
                .onFailure(error -> {
                    refreshing = false;
                    fail(error);
                    if (refreshAgain) {
                        refresh();
                    }
                })
                .executeWith(executor);
    }

    /** One sample a refresh for each live session's sparklines; sessions that went are forgotten. */
    private void sample(Refresh r) {
        sparks.keySet().retainAll(r.usage().keySet());
        r.usage().forEach((id, usage) -> {
            FlatTree.Node row = r.full().node(new RowKey.Session(id));
            if (row == null) {
                return;
            }
            Long container = parse(usage.get("memory.current"));
            sparks.computeIfAbsent(id, k -> new Sparks()).add(row.row().cpuPercent(),
                    container != null ? container : row.row().rssBytes(), container != null);
        });
    }

    private static Long parse(String v) {
        try {
            return v == null ? null : Long.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null; // "max"
        }
    }

    /** Reads what the details pane shows for the selected row, off the UI thread; a later selection wins. */
    private void loadDetails() {
        int gen = ++detailsGeneration;
        RowKey key = selected.get();
        TreeItem<ProcessRow> item = key == null ? null : tree.item(key);
        ProcessRow row = item == null ? null : item.getValue();
        if (row == null) {
            details.set(null);
            return;
        }
        Sparks spark = row.sessionId() == null ? null : sparks.get(row.sessionId());
        List<Double> cpu = spark == null ? List.of() : List.copyOf(spark.cpu);
        List<Double> memory = spark == null ? List.of() : List.copyOf(spark.memory);
        boolean memoryFromContainer = spark != null && spark.memoryFromContainer;
        BackgroundTask.of("process details", () -> {
                    java.util.Optional<ProcessTable.Details> d = row.process() == null || !row.isLive()
                            ? java.util.Optional.empty() : service.details(row.process());
                    java.util.Map<String, String> usage = row.sessionId() == null ? java.util.Map.of()
                            : service.usage(row.sessionId());
                    return describe(row, d, usage, cpu, memory, memoryFromContainer);
                })
                .onSuccess(d -> {
                    if (gen == detailsGeneration) {
                        details.set(d);
                    }
                })
                .onFailure(error -> {
                    if (gen == detailsGeneration) {
                        details.set(null);
                    }
                })
                .executeWith(executor);
    }

    private RowDetails describe(ProcessRow row, java.util.Optional<ProcessTable.Details> read,
                                java.util.Map<String, String> usage, List<Double> cpu, List<Double> memory,
                                boolean memoryFromContainer) {
        String na = messages.get("processes.details.na");
        List<java.util.Map.Entry<String, String>> f = new java.util.ArrayList<>();
        String title;
        List<String> argv = List.of();
        if (row.isSession()) {
            title = messages.get("processes.row.session", row.name());
            f.add(java.util.Map.entry(messages.get("processes.details.account"), row.user()));
            f.add(java.util.Map.entry(messages.get("processes.details.workspace"), row.commandLine()));
        } else {
            title = messages.get("processes.details.title", row.pid(), row.name());
            ProcessInfo p = row.process();
            f.add(java.util.Map.entry(messages.get("processes.details.state"), !row.isLive()
                    ? messages.get("processes.details.exited") : stateWords(p.state())));
            f.add(java.util.Map.entry(messages.get("processes.details.parent"), Integer.toString(p.ppid())));
            f.add(java.util.Map.entry(messages.get("processes.col.user"), row.user()));
            f.add(java.util.Map.entry(messages.get("processes.details.cwd"),
                    read.map(ProcessTable.Details::cwd).orElse(null) == null ? na : read.get().cwd()));
            argv = read.map(ProcessTable.Details::argv).orElse(List.of()).stream()
                    .map(dev.cordon.core.TerminalSafeFilter::visible).toList();
            if (argv.isEmpty()) {
                f.add(java.util.Map.entry(messages.get("processes.details.argv"), na));
            }
        }
        if (row.sessionId() != null) {
            f.add(java.util.Map.entry(messages.get("processes.details.session"), row.sessionId()));
            f.add(java.util.Map.entry(messages.get("processes.details.pids"), usage.containsKey("pids.current")
                    ? messages.get("processes.details.pids.value", usage.get("pids.current"),
                    limitWords(usage.get("pids.max"), false), usage.getOrDefault("pids.peak", na))
                    : usage.containsKey("procs") ? messages.get("processes.details.procs", usage.get("procs")) : na));
            f.add(java.util.Map.entry(messages.get("processes.details.memory"), usage.containsKey("memory.current")
                    ? messages.get("processes.details.memory.value", bytes(usage.get("memory.current")),
                    limitWords(usage.get("memory.max"), true), bytes(usage.getOrDefault("memory.peak", null)))
                    : na));
            if (usage.containsKey("pids.refused") && !"0".equals(usage.get("pids.refused"))) {
                f.add(java.util.Map.entry(messages.get("processes.details.refused"), usage.get("pids.refused")));
            }
        } else {
            f.add(java.util.Map.entry(messages.get("processes.details.limits"), messages.get("processes.details.limits.none")));
        }
        String cpuCaption = cpu.isEmpty() ? "" : messages.get("processes.spark.cpu",
                String.format(java.util.Locale.ROOT, "%.1f", cpu.get(cpu.size() - 1)));
        String memoryCaption = memory.isEmpty() ? "" : messages.get(memoryFromContainer ? "processes.spark.memory.container"
                : "processes.spark.memory.rss", dev.cordon.core.ByteSize.rounded(memory.get(memory.size() - 1).longValue()));
        return new RowDetails(row.key(), title, List.copyOf(f), argv, cpu, memory, cpuCaption, memoryCaption);
    }

    private String stateWords(char state) {
        String key = "processes.state." + state;
        return messages.bundle().containsKey(key) ? messages.get(key) : String.valueOf(state);
    }

    private String limitWords(String max, boolean isBytes) {
        if (max == null) {
            return messages.get("processes.details.na");
        }
        if ("max".equals(max)) {
            return messages.get("processes.details.unlimited");
        }
        return isBytes ? bytes(max) : max;
    }

    private String bytes(String v) {
        Long n = parse(v);
        return n == null ? messages.get("processes.details.na") : dev.cordon.core.ByteSize.rounded(n);
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
        return row == null ? List.of() : full.subtree(row.key()).stream().filter(r -> r.process() != null).toList();
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

    /** The filter box: rows whose name, pid, user or command line contain it, with their ancestors and descendants. */
    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<RowKey> selectedProperty() {
        return selected;
    }

    /** The selected row, as shown now; null for none. */
    public ProcessRow selectedRow() {
        TreeItem<ProcessRow> item = selected.get() == null ? null : tree.item(selected.get());
        return item == null ? null : item.getValue();
    }

    public ReadOnlyObjectProperty<RowDetails> detailsProperty() {
        return details;
    }

    /** Tests: the clock the highlights are timed by. */
    void clock(java.time.InstantSource clock) {
        this.clock = clock;
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
