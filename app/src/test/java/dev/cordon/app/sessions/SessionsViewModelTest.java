package dev.cordon.app.sessions;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.ManualTicker;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.sessions.ConsoleLine.Kind;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.session.CommandExit;
import dev.cordon.session.CommandListener;
import dev.cordon.session.CommandRecord;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager.CommandHandle;
import dev.cordon.session.SessionSpec;
import dev.cordon.session.SessionState;
import dev.cordon.vault.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsViewModelTest {
    private final Messages messages = Messages.load(Locale.ROOT);
    private final EventBus bus = new EventBus();
    private final FakeSessions service = new FakeSessions();
    private final List<Runnable> flushes = new ArrayList<>();
    private final ManualTicker ticker = new ManualTicker();
    @TempDir
    Path logs;
    private Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private final List<Events.SessionsChanged> events = new ArrayList<>();

    private SessionsViewModel vm() {
        bus.subscribe(Events.SessionsChanged.class, events::add);
        return new SessionsViewModel(service, new DirectTaskExecutor(), bus, messages, ticker, flushes::add, () -> now,
                true, logs);
    }

    private void flush() {
        List<Runnable> due = new ArrayList<>(flushes);
        flushes.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void startNeedsAWorkspaceSaidNextToTheFieldNotInABanner() {
        SessionsViewModel vm = vm();
        vm.start();
        assertThat(vm.workspaceErrorProperty().get()).isEqualTo(messages.get("sessions.start.noWorkspace"));
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(service.specs).isEmpty();

        vm.workspaceProperty().set("project");
        assertThat(vm.workspaceErrorProperty().get()).isEqualTo(messages.get("sessions.start.relative", "project"));
        vm.workspaceProperty().set("/srv/project");
        assertThat(vm.workspaceErrorProperty().get()).isEmpty(); // corrected: the error goes while typing
    }

    @Test
    void theBackendsRefusalOfAWorkspaceIsSaidNextToItWithoutTheCliOption() {
        SessionsViewModel vm = vm();
        service.startFailure = CordonException.usage("--workspace /etc is the system directory /etc.",
                "Give a project directory.");
        vm.workspaceProperty().set("/etc");
        vm.start();
        assertThat(vm.workspaceErrorProperty().get()).isEqualTo("/etc is the system directory /etc. Give a project directory.");
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(vm.startingProperty().get()).isFalse();

        service.startFailure = CordonException.usage("--writable /srv/x does not exist.", "Create it, or give an existing directory.");
        vm.workspaceProperty().set("/srv/project");
        vm.start();
        assertThat(vm.workspaceErrorProperty().get()).isEmpty();
        assertThat(vm.writableErrorProperty().get()).isEqualTo("/srv/x does not exist. Create it, or give an existing directory.");
        assertThat(vm.writableErrorProperty().get()).doesNotContain("--");
    }

    @Test
    void aWritablePlaceInsideTheWorkspaceIsSaidNextToTheList() {
        SessionsViewModel vm = vm();
        vm.workspaceProperty().set("/srv/project");
        vm.writable().add(Path.of("/srv/project/build"));
        vm.start();
        assertThat(vm.writableErrorProperty().get()).isEqualTo(messages.get("sessions.writable.inWorkspace", "/srv/project/build"));
        assertThat(service.specs).isEmpty();
        vm.writable().clear();
        assertThat(vm.writableErrorProperty().get()).isEmpty();
    }

    @Test
    void timeoutAndEnvironmentAreCheckedNextToTheirFieldsAndReachTheSessionAndItsCommands() {
        SessionsViewModel vm = vm();
        vm.workspaceProperty().set("/srv/project");
        vm.timeoutProperty().set("ten minutes");
        vm.envProperty().set("CI=1\n=oops");
        vm.start();
        assertThat(vm.timeoutErrorProperty().get()).isEqualTo(messages.get("sessions.timeout.bad", "ten minutes"));
        assertThat(vm.envErrorProperty().get()).isEqualTo(messages.get("sessions.env.bad", 2, "=oops"));
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(service.specs).isEmpty();

        vm.timeoutProperty().set("10m");
        assertThat(vm.timeoutErrorProperty().get()).isEmpty();
        vm.envProperty().set("CI=1\n\nGREETING=hello = world");
        assertThat(vm.envErrorProperty().get()).isEmpty();
        vm.start();
        assertThat(service.specs.get(0).env()).containsEntry("CI", "1").containsEntry("GREETING", "hello = world")
                .hasSize(2);
        assertThat(vm.commandTimeout("s1")).isEqualTo(Duration.ofMinutes(10));
        vm.run("make test");
        assertThat(service.commands.get(0).timeout).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theTimeoutTakesSecondsMinutesOrHoursUpToAWeek() {
        assertThat(StartChecks.timeout("")).isNull();
        assertThat(StartChecks.timeout("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(StartChecks.timeout("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(StartChecks.timeout(" 2h ")).isEqualTo(Duration.ofHours(2));
        assertThat(StartChecks.timeoutError("0")).isNotNull();
        assertThat(StartChecks.timeoutError("200h")).isNotNull();
        assertThat(StartChecks.timeoutError("-5")).isNotNull();
    }

    @Test
    void findGoesFromMatchToMatchWrappingAroundAndSaysWhere() {
        SessionsViewModel vm = started();
        SessionConsole c = vm.consoleProperty().get();
        c.model().note(Kind.INFO, "alpha");
        c.model().note(Kind.INFO, "Beta one");
        c.model().note(Kind.INFO, "gamma");
        c.model().note(Kind.INFO, "beta two");
        int first = vm.find("BETA", -1, true);
        assertThat(c.lines().get(first).text()).isEqualTo("Beta one");
        assertThat(vm.findStatusProperty().get()).isEqualTo(messages.get("sessions.find.status", 1, 2));
        int second = vm.find("beta", first, true);
        assertThat(c.lines().get(second).text()).isEqualTo("beta two");
        assertThat(vm.findStatusProperty().get()).isEqualTo(messages.get("sessions.find.status", 2, 2));
        assertThat(vm.find("beta", second, true)).isEqualTo(first); // wraps
        assertThat(vm.find("beta", first, false)).isEqualTo(second); // backwards, wrapping
        assertThat(vm.find("delta", first, true)).isEqualTo(-1);
        assertThat(vm.findStatusProperty().get()).isEqualTo(messages.get("sessions.find.none"));
    }

    @Test
    void aStuckSessionIsLoudWithWhatToDo() {
        SessionsViewModel vm = started();
        SessionInfo s = service.sessions.get("s1");
        service.sessions.put("s1", new SessionInfo(s.id(), SessionState.STUCK, s.network(), s.account(), null, s.cgroup(),
                s.workspace(), s.writable(), s.home(), s.tmp(), s.started(), null, null, s.commands(), s.spawn(),
                s.protection(), s.tmpSizeBytes(), s.owner()));
        vm.reload();
        SessionInfo stuck = vm.selectedProperty().get();
        assertThat(vm.stateText(stuck)).isEqualTo("STUCK");
        assertThat(SessionsViewModel.trouble(stuck)).isTrue();
        assertThat(vm.stateNoteProperty().get()).isEqualTo(messages.get("sessions.state.stuck.explained", "/srv/work"))
                .contains("Retry hand-back");
        assertThat(vm.stateText(s)).isEqualTo("idle");
        assertThat(vm.stateExplained(s)).isEmpty();
    }

    @Test
    void retryHandBackOfAStuckSessionFailsLoudlyThenSucceeds() {
        SessionsViewModel vm = started();
        SessionInfo s = service.sessions.get("s1");
        assertThat(vm.stopTextProperty().get()).isEqualTo(messages.get("sessions.stop"));
        service.sessions.put("s1", new SessionInfo(s.id(), SessionState.STUCK, s.network(), s.account(), null, s.cgroup(),
                s.workspace(), s.writable(), s.home(), s.tmp(), s.started(), null, null, s.commands(), s.spawn(),
                s.protection(), s.tmpSizeBytes(), s.owner()));
        vm.reload();
        assertThat(vm.stopTextProperty().get()).isEqualTo(messages.get("sessions.stop.retry"));

        // the hand-back is blocked again: said as a problem, the session stays STUCK and Retry stays offered
        service.stopFailure = new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.CHECK_FAILED,
                "The workspace /srv/work could not be given back: its ACL is immutable.", "Remove the immutable flag.");
        vm.stopSession();
        assertThat(service.stopped).containsExactly("s1");
        assertThat(vm.problemProperty().get()).isNotNull();
        assertThat(vm.problemProperty().get().message()).contains("could not be given back");
        assertThat(vm.selectedProperty().get().state()).isEqualTo(SessionState.STUCK);
        assertThat(vm.stopTextProperty().get()).isEqualTo(messages.get("sessions.stop.retry"));
        assertThat(vm.stateNoteProperty().get()).contains("Retry hand-back");

        // fixed: the retry hands the workspace back and the session is gone
        vm.stopSession();
        assertThat(service.stopped).containsExactly("s1", "s1");
        assertThat(vm.sessions()).isEmpty();
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("sessions.stopped", "s1"));
        assertThat(vm.stateNoteProperty().get()).isEmpty();
        assertThat(vm.stopTextProperty().get()).isEqualTo(messages.get("sessions.stop"));
    }

    @Test
    void throughShellRunsTheLineWithShDashC() {
        SessionsViewModel vm = started();
        vm.throughShellProperty().set(true);
        assertThat(vm.run("curl -sS https://example.org || echo $TOKEN")).isTrue();
        assertThat(service.commands.get(0).argv).containsExactly("sh", "-c", "curl -sS https://example.org || echo $TOKEN");
    }

    @Test
    void onAPlatformWithoutSessionsThePageSaysSoAndStartDoesNothing() {
        service.noSessions = java.util.Optional.of("this build does not start sandbox sessions on Windows yet.");
        SessionsViewModel vm = vm();
        assertThat(vm.canStart()).isFalse();
        assertThat(vm.unavailable()).hasValue(messages.get("sessions.unavailable",
                "this build does not start sandbox sessions on Windows yet."));
        vm.workspaceProperty().set("/srv/project/app");
        vm.start();
        assertThat(service.specs).isEmpty();
        assertThat(vm.problemProperty().get().message()).contains("does not start sandbox sessions on Windows yet");
        assertThat(vm.problemProperty().get().fix()).isEqualTo(messages.get("sessions.unavailable.fix"));

        service.noSessions = java.util.Optional.empty();
        SessionsViewModel linux = vm();
        assertThat(linux.canStart()).isTrue();
        assertThat(linux.unavailable()).isEmpty();
    }

    @Test
    void theTmpSizeOfTheFormBoundsHomeAndTmpAndABadOneIsRefusedBeforeStarting() {
        SessionsViewModel vm = vm();
        vm.workspaceProperty().set("/srv/work");
        assertThat(vm.tmpSizeProperty().get()).isEqualTo("1G");
        vm.tmpSizeProperty().set("12Q");
        vm.start();
        assertThat(vm.tmpSizeErrorProperty().get()).isEqualTo(messages.get("sessions.start.badTmpSize", "12Q"));
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(service.specs).isEmpty();

        vm.tmpSizeProperty().set("512M");
        assertThat(vm.tmpSizeErrorProperty().get()).isEmpty();
        vm.start();
        assertThat(service.specs).extracting(s -> s.limits().tmpSizeBytes()).containsExactly(512L << 20);
    }

    @Test
    void startPassesTheFormAndSelectsTheNewSession() {
        service.secrets.add(new Vault.SecretStatus("GH_TOKEN", Vault.State.SEALED, "", "", ""));
        service.secrets.add(new Vault.SecretStatus("NPM", Vault.State.SEALED, "", "", ""));
        SessionsViewModel vm = vm();
        vm.loadSecrets();
        vm.secrets().get(1).chosenProperty().set(true);
        vm.workspaceProperty().set(" /srv/work ");
        vm.networkProperty().set(NetworkMode.ONLINE);
        vm.writable().add(Path.of("/srv/cache"));
        vm.start();

        SessionSpec spec = service.specs.get(0);
        assertThat(spec.workspace()).isEqualTo(Path.of("/srv/work"));
        assertThat(spec.network()).isEqualTo(NetworkMode.ONLINE);
        assertThat(spec.writable()).containsExactly(Path.of("/srv/cache"));
        assertThat(spec.secrets()).containsExactly("NPM");
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(vm.selectedProperty().get().id()).isEqualTo("s1");
        assertThat(vm.consoleProperty().get().sessionId()).isEqualTo("s1");
        assertThat(vm.formExpandedProperty().get()).isFalse();
        assertThat(events).extracting(Events.SessionsChanged::liveCount).containsExactly(1);
        assertThat(vm.summaryProperty().get()).isEqualTo(messages.get("sessions.summary", 1));
    }

    @Test
    void aCommandWhosePidCouldNotBeNamedIsNotShownAsPidZero() {
        SessionsViewModel vm = started();
        assertThat(vm.run("true")).isTrue();
        SessionConsole console = vm.consoleProperty().get();
        service.commands.get(0).listener.started(0);
        flush();
        assertThat(console.statusProperty().get()).isEqualTo(messages.get("sessions.console.runningEnded"))
                .doesNotContain("pid 0");
    }

    @Test
    void consoleStreamsInBatchesAndShowsTheExitCode() {
        SessionsViewModel vm = started();
        assertThat(vm.run("sh -c 'echo hello; echo oops >&2; exit 3'")).isTrue();
        FakeCommand cmd = service.commands.get(0);
        assertThat(cmd.argv).containsExactly("sh", "-c", "echo hello; echo oops >&2; exit 3");
        SessionConsole console = vm.consoleProperty().get();
        assertThat(console.runningProperty().get()).isTrue();

        cmd.listener.started(4242);
        cmd.listener.output(1, "hel".getBytes(StandardCharsets.UTF_8));
        cmd.listener.output(1, "lo\n".getBytes(StandardCharsets.UTF_8));
        cmd.listener.output(2, "oops\n".getBytes(StandardCharsets.UTF_8));
        assertThat(console.lines()).extracting(ConsoleLine::kind).doesNotContain(Kind.STDOUT); // not before the flush
        assertThat(flushes).hasSize(1);
        flush();
        assertThat(console.lines()).contains(new ConsoleLine(Kind.STDOUT, "hello"), new ConsoleLine(Kind.STDERR, "oops"));
        assertThat(console.statusProperty().get()).isEqualTo(messages.get("sessions.console.running", 4242));

        now = now.plusMillis(1500);
        cmd.listener.exited(new CommandExit(3, true, false, null, null));
        flush();
        ConsoleLine last = console.lines().get(console.lines().size() - 1);
        assertThat(last).isEqualTo(new ConsoleLine(Kind.EXIT_FAILED, messages.get("sessions.exit.code", 3, "1.5 s")));
        assertThat(console.runningProperty().get()).isFalse();
        assertThat(service.lists).isGreaterThan(1); // the session's command list is read again

        assertThat(vm.run("true")).isTrue();
        service.commands.get(1).listener.exited(new CommandExit(0, true, false, null, null));
        flush();
        assertThat(console.lines().get(console.lines().size() - 1).kind()).isEqualTo(Kind.EXIT);
    }

    @Test
    void killCallsTheHandleAndABadLineIsNotRun() {
        SessionsViewModel vm = started();
        assertThat(vm.run("echo 'unclosed")).isFalse();
        assertThat(vm.problemProperty().get().message()).contains("single quote");
        assertThat(service.commands).isEmpty();

        vm.run("sleep 30");
        assertThat(vm.run("echo second")).isFalse(); // one command at a time
        vm.killCommand();
        assertThat(service.commands.get(0).killed).isTrue();
        service.commands.get(0).listener.exited(new CommandExit(143, true, false, "killed on request", null));
        flush();
        assertThat(vm.consoleProperty().get().lines().get(vm.consoleProperty().get().lines().size() - 1).text())
                .isEqualTo("[killed by SIGTERM (143) after 0 ms: killed on request]");
    }

    @Test
    void historyWalksUpAndDownAndStartsWithTheSessionsCommands() {
        service.preexisting.add(new CommandRecord("c1", List.of("sh", "-c", "echo a b"), "offline", now, now, 1L, 0, false));
        SessionsViewModel vm = started();
        vm.run("ls -la");
        service.commands.get(0).listener.exited(new CommandExit(0, true, false, null, null));
        flush();
        vm.run("pwd");
        service.commands.get(1).listener.exited(new CommandExit(0, true, false, null, null));
        flush();

        assertThat(vm.historyPrevious("draft")).isEqualTo("pwd");
        assertThat(vm.historyPrevious("pwd")).isEqualTo("ls -la");
        assertThat(vm.historyPrevious("ls -la")).isEqualTo("sh -c 'echo a b'");
        assertThat(vm.historyPrevious("x")).isNull();
        assertThat(vm.historyNext()).isEqualTo("ls -la");
        assertThat(vm.historyNext()).isEqualTo("pwd");
        assertThat(vm.historyNext()).isEqualTo("draft");
        assertThat(vm.historyNext()).isNull();
    }

    @Test
    void theCountdownMovesOnlyWhileThePageIsShown() {
        SessionsViewModel vm = started();
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "npm install", "5")).isTrue();
        assertThat(ticker.running()).isEmpty();
        vm.shown();
        assertThat(ticker.running()).containsExactly(Duration.ofSeconds(1));
        ticker.tick();
        assertThat(vm.countdownProperty().get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "5:00"));

        vm.hidden();
        assertThat(ticker.running()).isEmpty();
        now = now.plusSeconds(61);
        ticker.tick();
        assertThat(vm.countdownProperty().get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "5:00"));

        vm.shown();
        ticker.tick();
        assertThat(vm.countdownProperty().get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "3:59"));
    }

    @Test
    void networkSwitchNeedsAReasonCountsDownAndReverts() {
        SessionsViewModel vm = started();
        assertThat(vm.setNetwork(NetworkMode.ONLINE, " ", "")).isFalse();
        assertThat(vm.problemProperty().get().message()).isEqualTo(messages.get("sessions.network.noReason"));
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "npm install", "soon")).isFalse();
        assertThat(vm.problemProperty().get().fix()).isEqualTo(messages.get("sessions.network.badMinutes.fix", 1440));
        assertThat(service.switches).isEmpty();

        assertThat(vm.setNetwork(NetworkMode.ONLINE, "npm install", "5")).isTrue();
        assertThat(service.switches).containsExactly("s1 online PT5M npm install");
        assertThat(vm.selectedProperty().get().network()).isEqualTo("online");
        assertThat(vm.otherMode()).isEqualTo(NetworkMode.OFFLINE);
        vm.tick();
        assertThat(vm.countdownProperty().get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "5:00"));
        now = now.plusSeconds(61);
        vm.tick();
        assertThat(vm.countdownProperty().get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "3:59"));

        // the broker reverts by itself at the deadline; the page notices on the next tick and reloads
        now = now.plusSeconds(240);
        service.revert("s1");
        int lists = service.lists;
        vm.tick();
        assertThat(service.lists).isEqualTo(lists + 1);
        assertThat(vm.selectedProperty().get().network()).isEqualTo("offline");
        vm.tick();
        assertThat(vm.countdownProperty().get()).isEmpty();
    }

    @Test
    void theEndOfAnOnlinePeriodIsNoticedOnAnyPageSaidInTheConsoleAndOffersExtend() {
        List<Events.OnlineEnded> ended = new ArrayList<>();
        bus.subscribe(Events.OnlineEnded.class, ended::add);
        SessionsViewModel vm = started();
        assertThat(vm.onlineBadgeProperty().get()).isEmpty();
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "npm install", "1")).isTrue();
        assertThat(vm.onlineBadgeProperty().get()).isEqualTo(messages.get("sessions.badge.online", 1));
        assertThat(ended).as("a switch made on this page is no surprise").isEmpty();

        // the page is not shown (no tick): watch() alone notices the due switch and fetches the list again
        now = now.plusSeconds(61);
        service.revert("s1");
        vm.watch();
        assertThat(ended).extracting(Events.OnlineEnded::sessionId, Events.OnlineEnded::expired)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", true));
        assertThat(vm.onlineBadgeProperty().get()).isEmpty();
        List<ConsoleLine> lines = vm.consoleProperty().get().lines();
        assertThat(lines.get(lines.size() - 1).text()).startsWith("[back offline at ")
                .endsWith(": the online period ended]");
        vm.watch();
        assertThat(ended).as("said once").hasSize(1);

        // another page of this panel switching it is the user's doing: no notice
        service.sessions.put("s1", online(service.sessions.get("s1")));
        vm.reload();
        ended.clear();
        service.revert("s1");
        bus.publish(new Events.SessionsChanged(1, "network page"));
        assertThat(ended).isEmpty();

        // Extend… selects the session and asks the page for its network dialog
        vm.requestExtend("s1");
        assertThat(vm.extendRequestProperty().get()).isEqualTo("s1");
        assertThat(vm.selectedProperty().get().id()).isEqualTo("s1");
    }

    private SessionInfo online(SessionInfo s) {
        return new SessionInfo(s.id(), s.state(), "online", "t-online", 102L, s.cgroup(), s.workspace(), s.writable(),
                s.home(), s.tmp(), s.started(), null, null, s.commands(), s.spawn(), s.protection(), s.tmpSizeBytes(), s.owner());
    }

    @Test
    void stopSessionStopsItAndTellsTheOtherPages() {
        SessionsViewModel vm = started();
        events.clear();
        vm.stopSession();
        assertThat(service.stopped).containsExactly("s1");
        assertThat(vm.sessions()).isEmpty();
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(events).extracting(Events.SessionsChanged::liveCount).containsExactly(0);
    }

    @Test
    void reloadsWhenAnotherPageChangedSessions() {
        SessionsViewModel vm = vm();
        vm.reload();
        service.add("s9");
        bus.publish(new Events.SessionsChanged(1, "processes page"));
        assertThat(vm.sessions()).extracting(SessionInfo::id).containsExactly("s9");
    }

    private SessionsViewModel started() {
        SessionsViewModel vm = vm();
        vm.workspaceProperty().set("/srv/work");
        vm.start();
        assertThat(vm.consoleProperty().get()).isNotNull();
        return vm;
    }

    // ------------------------------------------------------------------ fake

    private final class FakeSessions implements SessionsService {
        final Map<String, SessionInfo> sessions = new LinkedHashMap<>();
        final List<SessionSpec> specs = new ArrayList<>();
        final List<FakeCommand> commands = new ArrayList<>();
        final List<String> switches = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final List<Vault.SecretStatus> secrets = new ArrayList<>();
        final List<CommandRecord> preexisting = new ArrayList<>();
        RuntimeException startFailure;
        /** What the next stop throws (once), e.g. a hand-back that is blocked again. */
        RuntimeException stopFailure;
        int lists;
        java.util.Optional<String> noSessions = java.util.Optional.empty();

        @Override
        public java.util.Optional<String> unavailable() {
            return noSessions;
        }

        SessionInfo add(String id) {
            SessionInfo info = new SessionInfo(id, SessionState.IDLE, "offline", "t-offline", 100L, "/sys/fs/cgroup/x",
                    Path.of("/srv/work"), List.of(), Path.of("/h"), Path.of("/t"), now, null, null, List.copyOf(preexisting), "clone3-into-cgroup", null, 1L << 30, new SessionInfo.Owner(dev.cordon.core.Principal.uid(0), "root"));
            sessions.put(id, info);
            return info;
        }

        void revert(String id) {
            SessionInfo s = sessions.get(id);
            sessions.put(id, new SessionInfo(s.id(), s.state(), "offline", "t-offline", 101L, s.cgroup(), s.workspace(),
                    s.writable(), s.home(), s.tmp(), s.started(), null, null, s.commands(), s.spawn(), s.protection(), s.tmpSizeBytes(), s.owner()));
        }

        @Override
        public List<SessionInfo> list() {
            lists++;
            return List.copyOf(sessions.values());
        }

        @Override
        public SessionInfo start(SessionSpec spec) {
            specs.add(spec);
            if (startFailure != null) {
                throw startFailure;
            }
            return add("s" + specs.size());
        }

        @Override
        public void stop(String id) {
            stopped.add(id);
            if (stopFailure != null) {
                RuntimeException e = stopFailure;
                stopFailure = null;
                throw e;
            }
            sessions.remove(id);
        }

        @Override
        public CommandHandle exec(String id, List<String> argv, Duration timeoutOrNull, CommandListener listener) {
            FakeCommand c = new FakeCommand(argv, listener);
            c.timeout = timeoutOrNull;
            commands.add(c);
            return c;
        }

        @Override
        public SessionInfo setNetwork(String id, NetworkMode mode, Duration forOrNull, String reason) {
            switches.add(id + " " + mode.label() + " " + forOrNull + " " + reason);
            SessionInfo s = sessions.get(id);
            SessionInfo next = new SessionInfo(s.id(), s.state(), mode.label(), "t-" + mode.label(), 101L, s.cgroup(),
                    s.workspace(), s.writable(), s.home(), s.tmp(), s.started(),
                    forOrNull == null ? null : now.plus(forOrNull), null, s.commands(), s.spawn(), s.protection(), s.tmpSizeBytes(), s.owner());
            sessions.put(id, next);
            return next;
        }

        @Override
        public List<Vault.SecretStatus> secrets() {
            return List.copyOf(secrets);
        }

        @Override
        public int liveCount() {
            return sessions.size();
        }
    }

    private static final class FakeCommand implements CommandHandle {
        final List<String> argv;
        final CommandListener listener;
        Duration timeout;
        boolean killed;

        FakeCommand(List<String> argv, CommandListener listener) {
            this.argv = argv;
            this.listener = listener;
        }

        @Override
        public String id() {
            return "c";
        }

        @Override
        public void stdin(byte[] data, boolean eof) {
        }

        @Override
        public void kill() {
            killed = true;
        }

        @Override
        public CommandExit await() {
            throw new UnsupportedOperationException("not used by the page");
        }
    }

}
