package dev.cordon.app.sessions;

import dev.cordon.app.ui.NetworkSwitch;
import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageModel;
import dev.cordon.app.ui.Problem;
import dev.cordon.app.ui.Ticker;
import dev.cordon.app.ui.WhileShown;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.session.CommandExit;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionSpec;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Sessions: the start form, the list, and a console per session (run, stream, exit codes, history, kill), stop, and
 * the offline/online switch with its countdown. Output reaches the console in batches ({@link CommandOutputQueue}).
 */
public final class SessionsViewModel extends PageModel {
    private final SessionsService service;
    private final TaskExecutor executor;
    private final EventBus bus;
    private final Messages messages;
    private final BatchScheduler scheduler;
    private final Supplier<Instant> clock;
    private final boolean elevated;
    /** Why sessions cannot start on this platform in this build; empty where they can. */
    private final java.util.Optional<String> unavailable;
    private final Path consoleLogs;
    /** The countdown's second, while the page is shown. */
    private final WhileShown ticking;

    private final ObservableList<SessionInfo> sessions = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty();
    private final ObjectProperty<SessionInfo> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<SessionConsole> console = new SimpleObjectProperty<>();
    private final Map<String, SessionConsole> consoles = new HashMap<>();
    /** Each session as last listed, to notice an online period that ended (or a switch made elsewhere). */
    private final Map<String, SessionInfo> lastSeen = new HashMap<>();
    private boolean userChangedElsewhere;
    /**
     * Sessions whose temporary switch was due: listed again each second until the broker has switched them back (it
     * restarts the runner meanwhile, and lists the session online with no deadline until it is done).
     */
    private final Set<String> reverting = new java.util.HashSet<>();
    private final ObjectProperty<Instant> now = new SimpleObjectProperty<>();
    private final StringProperty onlineBadge = new SimpleStringProperty("");
    /** A session whose network dialog the page should open (Extend… on a notification); the page resets it. */
    private final StringProperty extendRequest = new SimpleStringProperty();
    private final StringProperty countdown = new SimpleStringProperty("");
    private final StringProperty stateNote = new SimpleStringProperty("");
    private final javafx.beans.binding.StringBinding stopText;
    private final StringProperty findStatus = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty starting = new SimpleBooleanProperty();
    private final BooleanProperty switching = new SimpleBooleanProperty();
    private final BooleanProperty formExpanded = new SimpleBooleanProperty(true);
    private final StringBinding summary;

    private final StringProperty workspace = new SimpleStringProperty("");
    private final ObjectProperty<NetworkMode> network = new SimpleObjectProperty<>(NetworkMode.OFFLINE);
    /** The size of each of HOME and TMPDIR, as typed ("512M", "2G"). */
    private final StringProperty tmpSize = new SimpleStringProperty("1G");
    private final ObservableList<Path> writable = FXCollections.observableArrayList();
    private final ObservableList<SecretChoice> secrets = FXCollections.observableArrayList();
    /** Each command's time limit for the session to start, as typed ("", "90", "10m", "2h"). */
    private final StringProperty timeout = new SimpleStringProperty("");
    /** The session's environment, NAME=VALUE one a line. */
    private final StringProperty env = new SimpleStringProperty("");
    /** Run what is typed through {@code sh -c} (pipes, ||, $VARS) instead of as the program and its arguments. */
    private final BooleanProperty throughShell = new SimpleBooleanProperty();
    /** Each start-form field's error, shown next to it; "" while the field is fine. */
    private final StringProperty workspaceError = new SimpleStringProperty("");
    private final StringProperty writableError = new SimpleStringProperty("");
    private final StringProperty timeoutError = new SimpleStringProperty("");
    private final StringProperty envError = new SimpleStringProperty("");
    private final StringProperty tmpSizeError = new SimpleStringProperty("");
    /** The command time limit each session was started with here (CLI: {@code session exec --timeout}). */
    private final Map<String, Duration> commandTimeouts = new HashMap<>();

    /** {@code consoleLogs}: where each console's full output is written ({@link ConsoleLog#defaultDir()} in the panel). */
    public SessionsViewModel(SessionsService service, TaskExecutor executor, EventBus bus, Messages messages,
                             Ticker ticker, BatchScheduler scheduler, Supplier<Instant> clock, boolean elevated,
                             Path consoleLogs) {
        this.ticking = new WhileShown(ticker, Duration.ofSeconds(1), this::tick);
        this.service = service;
        this.consoleLogs = consoleLogs;
        this.executor = executor;
        this.bus = bus;
        this.messages = messages;
        stopText = javafx.beans.binding.Bindings.createStringBinding(() -> messages.get(selected.get() != null
                && selected.get().state() == dev.cordon.session.SessionState.STUCK ? "sessions.stop.retry" : "sessions.stop"),
                selected);
        this.scheduler = scheduler;
        this.clock = clock;
        this.elevated = elevated;
        this.unavailable = service.unavailable();
        summary = Bindings.createStringBinding(() -> sessions.isEmpty() ? messages.get("sessions.summary.none")
                : messages.get("sessions.summary", sessions.stream().filter(s -> s.state().live()).count()), sessions);
        selectedId.addListener((obs, old, id) -> showSelected());
        // a field's error goes as soon as it is corrected (and comes back while it is still wrong)
        workspace.addListener((obs, old, v) -> recheck(workspaceError, () -> StartChecks.workspace(v)));
        writable.addListener((javafx.collections.ListChangeListener<Path>) c -> recheck(writableError,
                () -> StartChecks.writable(writable, workspace.get())));
        timeout.addListener((obs, old, v) -> recheck(timeoutError, () -> StartChecks.timeoutError(v)));
        env.addListener((obs, old, v) -> recheck(envError, () -> StartChecks.envError(v)));
        tmpSize.addListener((obs, old, v) -> recheck(tmpSizeError, () -> tmpSizeCheck(v)));
        bus.subscribe(Events.SessionsChanged.class, e -> {
            if (e.source() != this) {
                userChangedElsewhere = true; // another page of this panel: what changes is the user's doing
                reload();
            }
        });
    }

    // ------------------------------------------------------------------ list

    public void reload() {
        if (loading.get()) {
            return;
        }
        loading.set(true);
        BackgroundTask.of("sessions", service::list)
                .onSuccess(list -> {
                    loading.set(false);
                    show(list);
                })
                .onFailure(error -> {
                    loading.set(false);
                    fail(error);
                })
                .executeWith(executor);
    }

    /** The secrets the start form offers; keeps what was ticked. */
    public void loadSecrets() {
        Set<String> chosen = chosenSecrets();
        BackgroundTask.of("vault list", service::secrets)
                .onSuccess(list -> secrets.setAll(list.stream().map(s -> new SecretChoice(s.name(),
                        s.state().name().toLowerCase(), chosen.contains(s.name()))).toList()))
                .onFailure(this::fail)
                .executeWith(executor);
    }

    private void show(List<SessionInfo> list) {
        if (!userChangedElsewhere) {
            for (SessionInfo s : list) {
                noticeWentOffline(lastSeen.get(s.id()), s);
            }
        }
        userChangedElsewhere = false;
        Instant t = clock.get();
        reverting.removeIf(id -> list.stream().noneMatch(s -> s.id().equals(id) && "online".equals(s.network())
                && (s.networkRevertsAt() == null || NetworkSwitch.due(s, t))));
        lastSeen.clear();
        list.forEach(s -> lastSeen.put(s.id(), s));
        sessions.setAll(list);
        updateBadge();
        Set<String> ids = list.stream().map(SessionInfo::id).collect(Collectors.toSet());
        consoles.values().removeIf(c -> {
            boolean gone = !ids.contains(c.sessionId()) && !c.runningProperty().get();
            if (gone) {
                c.log().close();
            }
            return gone;
        });
        if (selectedId.get() == null || !ids.contains(selectedId.get())) {
            selectedId.set(list.isEmpty() ? null : list.get(list.size() - 1).id());
        }
        showSelected();
    }

    public void select(String id) {
        if (id != null) {
            selectedId.set(id);
        }
    }

    private void showSelected() {
        String id = selectedId.get();
        SessionInfo info = id == null ? null : sessions.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
        selected.set(info);
        stateNote.set(info == null ? "" : stateExplained(info));
        console.set(info == null ? null : consoles.computeIfAbsent(id, k -> newConsole(info)));
        tick();
    }

    /** A console for a session; its history starts with the commands the session already ran. */
    private SessionConsole newConsole(SessionInfo info) {
        ConsoleLog log = ConsoleLog.in(consoleLogs, info.id());
        SessionConsole c = new SessionConsole(info.id(), new ConsoleModel(ConsoleModel.DEFAULT_MAX_CHARS,
                n -> messages.get("sessions.console.droppedLines", n, log.file())), log);
        info.commands().forEach(r -> c.history().add(CommandLine.join(r.argv())));
        c.model().note(ConsoleLine.Kind.INFO, messages.get("sessions.console.ready", info.id(), info.account(),
                info.workspace()));
        return c;
    }

    // ------------------------------------------------------------------ start

    public void start() {
        if (unavailable.isPresent()) {
            problem.set(new Problem(messages.get("sessions.unavailable", unavailable.get()),
                    messages.get("sessions.unavailable.fix")));
            return;
        }
        if (!elevated || starting.get()) {
            return;
        }
        notice.set("");
        boolean ok = check(workspaceError, StartChecks.workspace(workspace.get()));
        ok &= check(writableError, StartChecks.writable(writable, workspace.get()));
        ok &= check(timeoutError, StartChecks.timeoutError(timeout.get()));
        ok &= check(envError, StartChecks.envError(env.get()));
        ok &= check(tmpSizeError, tmpSizeCheck(tmpSize.get()));
        if (!ok) {
            return;
        }
        SessionSpec.Limits limits = SessionSpec.Limits.DEFAULT.withTmpSize(SessionSpec.Limits.parseTmpSize(tmpSize.get(), "size"));
        Duration commandTimeout = StartChecks.timeout(timeout.get());
        SessionSpec spec = new SessionSpec(Path.of(workspace.get().strip()), network.get(), List.copyOf(writable),
                StartChecks.env(env.get()), List.copyOf(chosenSecrets()), limits);
        problem.set(null);
        starting.set(true);
        record Started(SessionInfo info, int live) {
        }
        BackgroundTask.of("session start", () -> {
                    SessionInfo info = service.start(spec);
                    return new Started(info, service.liveCount());
                })
                .onSuccess(s -> {
                    starting.set(false);
                    if (commandTimeout != null) {
                        commandTimeouts.put(s.info().id(), commandTimeout);
                    }
                    notice.set(messages.get("sessions.started", s.info().id(), s.info().account()));
                    formExpanded.set(false);
                    selectedId.set(s.info().id());
                    reload();
                    bus.publish(new Events.SessionsChanged(s.live(), this));
                })
                .onFailure(error -> {
                    starting.set(false);
                    startFailed(error);
                })
                .executeWith(executor);
    }

    /**
     * A start the backend refused: when it is about the workspace or a writable place, it is said next to that field
     * (without the CLI's option name); anything else is the page's problem.
     */
    private void startFailed(Throwable error) {
        Problem p = Problem.of(error);
        if (error instanceof dev.cordon.core.CordonException e && e.getMessage() != null) {
            String fix = p.fix().isEmpty() ? "" : " " + p.fix();
            String workspaceText = dev.cordon.app.ui.PanelWords.aboutOption(e.getMessage(), "workspace");
            if (workspaceText != null) {
                workspaceError.set(workspaceText + fix);
                return;
            }
            String writableText = dev.cordon.app.ui.PanelWords.aboutOption(e.getMessage(), "writable");
            if (writableText != null) {
                writableError.set(writableText + fix);
                return;
            }
        }
        problem.set(p);
    }

    private StartChecks.Error tmpSizeCheck(String typed) {
        try {
            SessionSpec.Limits.parseTmpSize(typed, "size");
            return null;
        } catch (dev.cordon.core.CordonException e) {
            return new StartChecks.Error("sessions.start.badTmpSize", typed);
        }
    }

    /** Shows {@code error} next to its field (or clears it); true when the field is fine. */
    private boolean check(StringProperty field, StartChecks.Error error) {
        field.set(error == null ? "" : messages.get(error.key(), error.args()));
        return error == null;
    }

    /** Checks a field again only while it shows an error, so typing never raises one before Start. */
    private void recheck(StringProperty field, Supplier<StartChecks.Error> check) {
        if (!field.get().isEmpty()) {
            check(field, check.get());
        }
    }

    private Set<String> chosenSecrets() {
        return secrets.stream().filter(s -> s.chosenProperty().get()).map(SecretChoice::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    // ------------------------------------------------------------------ console

    /** Runs what was typed in the selected session's console; false when nothing was started (keep the text). */
    public boolean run(String text) {
        SessionConsole c = console.get();
        SessionInfo info = selected.get();
        if (c == null || info == null || c.runningProperty().get() || text == null || text.isBlank()) {
            return false;
        }
        List<String> argv;
        try {
            argv = throughShell.get() ? List.of("sh", "-c", text.trim()) : CommandLine.split(text);
        } catch (IllegalArgumentException e) {
            problem.set(new Problem(messages.get("sessions.console.badQuoting", e.getMessage()),
                    messages.get("sessions.console.quoting")));
            return false;
        }
        if (argv.isEmpty()) {
            return false;
        }
        problem.set(null);
        c.history().add(text.trim());
        c.model().note(ConsoleLine.Kind.COMMAND, "$ " + text.trim());
        c.log().append("$ " + text.trim() + "\n");
        int seq = ++c.commandSeq;
        c.commandStarted = clock.get();
        c.handle = null;
        c.running().set(true);
        c.status().set(messages.get("sessions.console.starting", argv.get(0)));
        CommandOutputQueue queue = new CommandOutputQueue(scheduler, 2 * ConsoleModel.DEFAULT_MAX_CHARS, c.log(),
                batch -> apply(c, seq, batch));
        Duration limit = commandTimeouts.get(info.id());
        BackgroundTask.of("exec", () -> service.exec(info.id(), argv, limit, queue))
                .onSuccess(handle -> {
                    if (c.commandSeq == seq && c.runningProperty().get()) {
                        c.handle = handle;
                    }
                    reload(); // the session's command list now holds it
                })
                .onFailure(error -> {
                    if (c.commandSeq == seq) {
                        Problem p = Problem.of(error);
                        c.running().set(false);
                        c.status().set(messages.get("sessions.console.notStarted", p.message()));
                        c.model().note(ConsoleLine.Kind.EXIT_FAILED, messages.get("sessions.console.notStarted", p.message()));
                        problem.set(p);
                    }
                })
                .executeWith(executor);
        return true;
    }

    private void apply(SessionConsole c, int seq, List<CommandOutputQueue.Event> batch) {
        for (CommandOutputQueue.Event event : batch) {
            if (event instanceof CommandOutputQueue.Started s) {
                c.status().set(s.pid() > 0 ? messages.get("sessions.console.running", s.pid())
                        : messages.get("sessions.console.runningEnded"));
            } else if (event instanceof CommandOutputQueue.Output o) {
                c.model().output(o.stream(), o.text());
            } else if (event instanceof CommandOutputQueue.Dropped d) {
                c.model().note(ConsoleLine.Kind.INFO, messages.get("sessions.console.dropped", d.chars()));
            } else if (event instanceof CommandOutputQueue.Exited x) {
                exited(c, seq, x.exit());
            }
        }
    }

    private void exited(SessionConsole c, int seq, CommandExit exit) {
        String text = exitText(exit, Duration.between(c.commandStarted, clock.get()));
        boolean ok = exit.code() == 0 && exit.error() == null && !exit.timedOut();
        c.model().note(ok ? ConsoleLine.Kind.EXIT : ConsoleLine.Kind.EXIT_FAILED, text);
        c.log().append(text + "\n");
        c.log().flush();
        if (c.log().failure() != null && !c.logFailureShown) {
            c.logFailureShown = true;
            c.model().note(ConsoleLine.Kind.INFO, messages.get("sessions.console.logFailed", c.log().file(),
                    c.log().failure().getMessage()));
        }
        if (c.commandSeq == seq) {
            c.running().set(false);
            c.handle = null;
            c.status().set(text);
        }
        reload(); // the session's command list and state changed
    }

    String exitText(CommandExit exit, Duration took) {
        return ExitWords.describe(exit, formatDuration(took), messages);
    }

    static String formatDuration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return String.format(java.util.Locale.ROOT, "%d:%02d min", ms / 60_000, (ms / 1000) % 60);
    }

    /** Up in the command field: the previous entry, or null. */
    public String historyPrevious(String current) {
        return console.get() == null ? null : console.get().history().previous(current);
    }

    /** Down in the command field: the next entry (the draft at the bottom), or null. */
    public String historyNext() {
        return console.get() == null ? null : console.get().history().next();
    }

    /** Empties the selected console's screen (its log keeps everything). */
    public void clearConsole() {
        SessionConsole c = console.get();
        if (c != null) {
            c.model().clear();
        }
    }

    /**
     * Find (Ctrl+F) in the selected console: the next (or previous) line holding {@code query}, wrapping around; its
     * index, or -1. {@link #findStatusProperty} says "3 of 12" or that nothing matches.
     */
    public int find(String query, int from, boolean forward) {
        SessionConsole c = console.get();
        if (c == null || query == null || query.isEmpty()) {
            findStatus.set("");
            return -1;
        }
        int i = ConsoleFind.find(c.lines(), query, from, forward);
        int[] at = ConsoleFind.position(c.lines(), query, i);
        findStatus.set(i < 0 ? messages.get("sessions.find.none") : messages.get("sessions.find.status", at[0], at[1]));
        return i;
    }

    public ReadOnlyStringProperty findStatusProperty() {
        return findStatus;
    }

    /** Copies the console's whole log to {@code target}, off the UI thread. */
    public void saveOutput(SessionConsole c, Path target) {
        BackgroundTask.of("save output", () -> {
                    c.log().flush();
                    service.save(target, java.nio.file.Files.exists(c.log().file())
                            ? java.nio.file.Files.readAllBytes(c.log().file()) : new byte[0]);
                    return target;
                })
                .onSuccess(saved -> notice.set(messages.get("sessions.console.saved", saved)))
                .onFailure(this::fail)
                .executeWith(executor);
    }

    /** Kills the running command's whole tree; its exit arrives as usual. */
    public void killCommand() {
        SessionConsole c = console.get();
        if (c == null || c.handle == null) {
            return;
        }
        var handle = c.handle;
        c.status().set(messages.get("sessions.console.killing"));
        BackgroundTask.of("kill command", () -> {
                    handle.kill();
                    return null;
                })
                .onFailure(this::fail)
                .executeWith(executor);
    }

    public void stopSession() {
        SessionInfo info = selected.get();
        if (info == null) {
            return;
        }
        BackgroundTask.of("session stop", () -> {
                    service.stop(info.id());
                    return service.liveCount();
                })
                .onSuccess(live -> {
                    notice.set(messages.get("sessions.stopped", info.id()));
                    SessionConsole c = consoles.get(info.id());
                    if (c != null) {
                        c.model().note(ConsoleLine.Kind.INFO, messages.get("sessions.stopped", info.id()));
                    }
                    reload();
                    bus.publish(new Events.SessionsChanged(live, this));
                })
                .onFailure(error -> {
                    fail(error);
                    reload();
                })
                .executeWith(executor);
    }

    // ------------------------------------------------------------------ network

    /**
     * Switches the selected session to {@code mode} (its runner restarts as the other account; a running command is
     * stopped). {@code reason} is required (it goes to the audit log); {@code minutes}, when not blank, makes it
     * revert by itself.
     */
    public boolean setNetwork(NetworkMode mode, String reason, String minutes) {
        SessionInfo info = selected.get();
        if (info == null || switching.get()) {
            return false;
        }
        NetworkSwitch.Checked checked = NetworkSwitch.check(reason, minutes, messages);
        if (!checked.ok()) {
            problem.set(checked.problem());
            return false;
        }
        problem.set(null);
        switching.set(true);
        Duration forDuration = checked.duration();
        record Switched(SessionInfo info, int live) {
        }
        BackgroundTask.of("set network", () -> new Switched(service.setNetwork(info.id(), mode, forDuration,
                        checked.reason()), service.liveCount()))
                .onSuccess(switched -> {
                    SessionInfo updated = switched.info();
                    switching.set(false);
                    notice.set(forDuration == null ? messages.get("sessions.network.switched", updated.id(), updated.network())
                            : messages.get("sessions.network.switchedFor", updated.id(), updated.network(),
                            forDuration.toMinutes()));
                    replace(updated);
                    bus.publish(new Events.SessionsChanged(switched.live(), this));
                })
                .onFailure(error -> {
                    switching.set(false);
                    fail(error);
                    reload();
                })
                .executeWith(executor);
        return true;
    }

    /**
     * A session listed online before and offline now went offline without this page asking: its online period ended
     * (or another client switched it). Its console says so, and {@link Events.OnlineEnded} lets the window notify.
     */
    private void noticeWentOffline(SessionInfo before, SessionInfo after) {
        if (before == null || !"online".equals(before.network()) || "online".equals(after.network())) {
            return;
        }
        Instant at = clock.get();
        boolean expired = reverting.contains(after.id()) || NetworkSwitch.due(before, at);
        SessionConsole c = consoles.get(after.id());
        String time = java.time.LocalTime.ofInstant(at, java.time.ZoneId.systemDefault()).withNano(0).toString();
        if (c != null) {
            c.model().note(ConsoleLine.Kind.INFO, messages.get(expired ? "sessions.network.ended.marker"
                    : "sessions.network.switchedElsewhere.marker", time));
        }
        bus.publish(new Events.OnlineEnded(after.id(), expired, this));
    }

    /** "1 online", "2 online", or "" — for the navigation list. */
    private void updateBadge() {
        long online = sessions.stream().filter(s -> s.state().live() && "online".equals(s.network())).count();
        onlineBadge.set(online == 0 ? "" : messages.get("sessions.badge.online", online));
    }

    /**
     * Every second, whichever page is shown: a temporary switch that is due is fetched again, so its end is noticed
     * (and said) even while this page is hidden.
     */
    public void watch() {
        Instant t = clock.get();
        sessions.stream().filter(s -> NetworkSwitch.due(s, t)).forEach(s -> reverting.add(s.id()));
        if (!loading.get() && !reverting.isEmpty()) {
            reload();
        }
    }

    /** Selects {@code id} and asks the page to open its network dialog (the notification's Extend…). */
    public void requestExtend(String id) {
        select(id);
        extendRequest.set(null);
        extendRequest.set(id);
    }

    public StringProperty extendRequestProperty() {
        return extendRequest;
    }

    /** "1 online" while sessions are online, else "". */
    public ReadOnlyStringProperty onlineBadgeProperty() {
        return onlineBadge;
    }

    /** The clock as of the last tick, for cells that show a countdown. */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now;
    }

    private void replace(SessionInfo updated) {
        lastSeen.put(updated.id(), updated); // switched from here: not a surprise to notice later
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).id().equals(updated.id())) {
                sessions.set(i, updated);
            }
        }
        updateBadge();
        showSelected();
    }

    /** The page is shown: the countdown ticks each second until {@link #hidden}. */
    public void shown() {
        ticking.shown();
    }

    /** The page is hidden: the countdown stops. */
    public void hidden() {
        ticking.hidden();
    }

    /**
     * Once a second while the page is shown: the countdown until a temporary network switch reverts; once it is due,
     * reloads until the broker reports the session reverted.
     */
    public void tick() {
        SessionInfo info = selected.get();
        now.set(clock.get());
        countdown.set(NetworkSwitch.countdown(info, clock.get(), messages));
        if (NetworkSwitch.due(info, clock.get())) {
            reload();
        }
    }

    /** A session's state in words for its pill: "idle", "running", "STUCK", "FAILED". */
    public String stateText(SessionInfo s) {
        return messages.get("sessions.state." + s.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** What a state asks of the user, for its tooltip and the console's note; "" for the ordinary ones. */
    public String stateExplained(SessionInfo s) {
        return switch (s.state()) {
            case STUCK -> messages.get("sessions.state.stuck.explained", s.workspace());
            case FAILED -> messages.get("sessions.state.failed.explained");
            default -> "";
        };
    }

    /** A state that needs the user: its pill is red. */
    static boolean trouble(SessionInfo s) {
        return s.state() == dev.cordon.session.SessionState.STUCK || s.state() == dev.cordon.session.SessionState.FAILED;
    }

    /**
     * The Stop button's words for the selected session: "Retry hand-back" for a STUCK one (stopping it again retries
     * giving its workspace back), else "Stop".
     */
    public javafx.beans.binding.StringBinding stopTextProperty() {
        return stopText;
    }

    /** The selected session's state note ("" unless it is stuck or failed), for the console's bar. */
    public ReadOnlyStringProperty stateNoteProperty() {
        return stateNote;
    }

    /** The mode the switch button goes to. */
    public NetworkMode otherMode() {
        return NetworkSwitch.otherMode(selected.get());
    }

    // ------------------------------------------------------------------ properties

    public ObservableList<SessionInfo> sessions() {
        return sessions;
    }

    public ReadOnlyObjectProperty<SessionInfo> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty selectedIdProperty() {
        return selectedId;
    }

    public ReadOnlyObjectProperty<SessionConsole> consoleProperty() {
        return console;
    }

    public ReadOnlyStringProperty countdownProperty() {
        return countdown;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyBooleanProperty startingProperty() {
        return starting;
    }

    public ReadOnlyBooleanProperty switchingProperty() {
        return switching;
    }

    public BooleanProperty formExpandedProperty() {
        return formExpanded;
    }

    public StringBinding summaryProperty() {
        return summary;
    }

    public StringProperty workspaceProperty() {
        return workspace;
    }

    public StringProperty tmpSizeProperty() {
        return tmpSize;
    }

    public StringProperty timeoutProperty() {
        return timeout;
    }

    public StringProperty envProperty() {
        return env;
    }

    public BooleanProperty throughShellProperty() {
        return throughShell;
    }

    public ReadOnlyStringProperty workspaceErrorProperty() {
        return workspaceError;
    }

    public ReadOnlyStringProperty writableErrorProperty() {
        return writableError;
    }

    public ReadOnlyStringProperty timeoutErrorProperty() {
        return timeoutError;
    }

    public ReadOnlyStringProperty envErrorProperty() {
        return envError;
    }

    public ReadOnlyStringProperty tmpSizeErrorProperty() {
        return tmpSizeError;
    }

    /** The time limit of each command run here in session {@code id}, or null for none. */
    public Duration commandTimeout(String id) {
        return commandTimeouts.get(id);
    }

    public ObjectProperty<NetworkMode> networkProperty() {
        return network;
    }

    public ObservableList<Path> writable() {
        return writable;
    }

    public ObservableList<SecretChoice> secrets() {
        return secrets;
    }

    public boolean elevated() {
        return elevated;
    }

    /** The page's one sentence when this platform hosts no sessions in this build (shown above the form). */
    public java.util.Optional<String> unavailable() {
        return unavailable.map(why -> messages.get("sessions.unavailable", why));
    }

    /** Whether Start can do anything: elevated, on a platform that hosts sessions. */
    public boolean canStart() {
        return elevated && unavailable.isEmpty();
    }
}
