package dev.cordon.app.processes;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.ManualTicker;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.cordon.app.processes.Procs.proc;
import static dev.cordon.app.processes.Procs.session;
import static org.assertj.core.api.Assertions.assertThat;

class ProcessesViewModelTest {
    private final Messages messages = Messages.load(Locale.ROOT);
    private final EventBus bus = new EventBus();
    private final FakeProcesses service = new FakeProcesses();
    private final ManualTicker ticker = new ManualTicker();

    private ProcessesViewModel vm() {
        return new ProcessesViewModel(service, new DirectTaskExecutor(), bus, messages, ticker, Duration.ZERO);
    }

    @Test
    void theTreeIsReadEverySecondOnlyWhileThePageIsShown() {
        service.processes.add(proc(100, 1, "java"));
        service.sessionPids.add(100L);
        ProcessesViewModel vm = vm();
        assertThat(ticker.running()).isEmpty();

        vm.shown(); // a snapshot at once, then one a second
        assertThat(service.modes).hasSize(1);
        assertThat(ticker.running()).containsExactly(Duration.ofSeconds(1));
        ticker.tick();
        ticker.tick();
        assertThat(service.modes).hasSize(3);

        vm.hidden();
        assertThat(ticker.running()).isEmpty();
        ticker.tick();
        assertThat(service.modes).hasSize(3);

        vm.shown();
        vm.shown(); // shown twice (the window came back): still one ticker
        assertThat(ticker.running()).containsExactly(Duration.ofSeconds(1));
        ticker.tick();
        assertThat(service.modes).hasSize(6);
    }

    @Test
    void sessionsModeShowsSessionRunnerCommandAndKeepsItemsAcrossRefreshes() {
        service.processes.addAll(List.of(proc(100, 1, "java"), proc(110, 100, "sh"), proc(111, 110, "sleep")));
        service.sessionPids.addAll(Set.of(100L, 110L, 111L));
        ProcessesViewModel vm = vm();
        vm.refresh();
        TreeItem<ProcessRow> sessionItem = vm.root().getChildren().get(0);
        assertThat(sessionItem.getValue().kind()).isEqualTo(ProcessRow.Kind.SESSION);
        TreeItem<ProcessRow> runner = sessionItem.getChildren().get(0);
        TreeItem<ProcessRow> command = runner.getChildren().get(0);
        assertThat(command.getValue().name()).isEqualTo("sh");
        assertThat(command.getChildren().get(0).getValue().name()).isEqualTo("sleep");
        assertThat(vm.summaryProperty().get()).startsWith("3 processes shown of 3 read");

        command.setExpanded(false);
        service.processes.set(2, proc(111, 110, "sleep", 12.5));
        vm.refresh();
        assertThat(vm.root().getChildren().get(0)).isSameAs(sessionItem);
        assertThat(runner.getChildren().get(0)).isSameAs(command);
        assertThat(command.isExpanded()).isFalse();
        assertThat(command.getChildren().get(0).getValue().cpuPercent()).isEqualTo(12.5);
    }

    /**
     * A runner in a pid namespace of its own (R46): the cordon-mounts the host started and the namespace's init are
     * shown beside the runner with the roles `cordon session ps` gives them, not as plain processes; what the init
     * adopted (an orphaned command) stays below it.
     */
    @Test
    void sessionsModeNamesTheNamespaceKeeperAndInitAsSessionPsDoes() {
        service.runnerPid = 102;
        service.processes.addAll(List.of(proc(50, 1, "java"), proc(100, 50, "cordon-mounts"),
                proc(101, 100, "cordon-mounts"), proc(102, 101, "java"), proc(110, 102, "sh"), proc(120, 101, "daemon")));
        service.sessionPids.addAll(Set.of(100L, 101L, 102L, 110L, 120L));
        ProcessesViewModel vm = vm();
        vm.refresh();

        TreeItem<ProcessRow> sessionItem = vm.root().getChildren().get(0);
        assertThat(sessionItem.getChildren()).extracting(i -> i.getValue().pid() + " " + i.getValue().kind())
                .containsExactly("102 RUNNER", "100 NAMESPACE_KEEPER", "101 NAMESPACE_INIT");
        assertThat(sessionItem.getChildren().get(0).getChildren()).extracting(i -> i.getValue().pid() + " "
                + i.getValue().kind()).containsExactly("110 COMMAND");
        assertThat(sessionItem.getChildren().get(1).getChildren()).isEmpty(); // its init is a row of its own
        assertThat(sessionItem.getChildren().get(2).getChildren()).extracting(i -> i.getValue().pid() + " "
                + i.getValue().kind()).containsExactly("120 PROCESS");
        assertThat(vm.summaryProperty().get()).startsWith("5 processes shown of 6 read");
        // the same roles `cordon session ps` prints
        assertThat(dev.cordon.session.SessionProcessRoles.of(service.processes.subList(1, 6), 102L))
                .extractingByKeys(100, 101, 102).extracting(r -> r.label())
                .containsExactly("namespace-keeper", "namespace-init", "runner");
    }

    @Test
    void changingTheModeStartsFromAnEmptyTree() {
        service.processes.addAll(List.of(proc(1, 0, "init"), proc(100, 1, "java")));
        service.sessionPids.add(100L);
        ProcessesViewModel vm = vm();
        vm.refresh();
        vm.modeProperty().set(ProcessMode.WHOLE_SYSTEM);
        assertThat(service.modes).endsWith(ProcessMode.WHOLE_SYSTEM);
        assertThat(vm.root().getChildren()).extracting(i -> i.getValue().pid()).containsExactly(1);
    }

    @Test
    void terminateSendsSigtermThenOffersSigkillWhileItRuns() {
        ProcessInfo stubborn = proc(110, 100, "stubborn");
        service.processes.addAll(List.of(proc(100, 1, "java"), stubborn));
        service.sessionPids.addAll(Set.of(100L, 110L));
        ProcessesViewModel vm = vm();
        vm.refresh();
        ProcessRow row = ProcessRow.of(ProcessRow.Kind.COMMAND, stubborn, "s1");

        vm.terminate(row);
        assertThat(service.signals).containsExactly("110:terminate", "110:running?");
        assertThat(vm.forceKillOfferProperty().get()).isEqualTo(row);
        vm.forceKill(row);
        assertThat(service.signals).endsWith("110:kill");
        assertThat(vm.forceKillOfferProperty().get()).isNull();
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("processes.kill.killed", 110, "stubborn"));

        service.signals.clear();
        service.exitOnTerm = true;
        vm.terminate(row);
        assertThat(service.signals).containsExactly("110:terminate", "110:running?");
        assertThat(vm.forceKillOfferProperty().get()).isNull();
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("processes.kill.ended", 110, "stubborn"));
    }

    @Test
    void killTreeSignalsEveryDescendantParentsFirst() {
        service.processes.addAll(List.of(proc(100, 1, "java"), proc(110, 100, "sh"), proc(111, 110, "make"),
                proc(112, 111, "cc"), proc(113, 110, "tee")));
        service.sessionPids.addAll(Set.of(100L, 110L, 111L, 112L, 113L));
        ProcessesViewModel vm = vm();
        vm.refresh();
        ProcessRow sh = vm.root().getChildren().get(0).getChildren().get(0).getChildren().get(0).getValue();
        assertThat(vm.treeOf(sh)).extracting(ProcessRow::pid).containsExactly(110, 111, 112, 113);
        vm.killTree(sh);
        assertThat(service.signals).containsExactly("110:kill", "111:kill", "112:kill", "113:kill");
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("processes.killTree.done", 4, 4, 110));
    }

    @Test
    void stopSessionCallsTheBrokerAndTellsTheOtherPages() {
        service.processes.add(proc(100, 1, "java"));
        service.sessionPids.add(100L);
        List<Events.SessionsChanged> events = new ArrayList<>();
        bus.subscribe(Events.SessionsChanged.class, events::add);
        ProcessesViewModel vm = vm();
        TestClock clock = new TestClock();
        vm.clock(clock);
        vm.refresh();
        vm.stopSession(vm.root().getChildren().get(0).getValue());
        assertThat(service.stopped).containsExactly("s1");
        assertThat(events).extracting(Events.SessionsChanged::liveCount).containsExactly(0);
        assertThat(vm.root().getChildren()).extracting(i -> i.getValue().mark()).containsExactly(ProcessRow.Mark.EXITING);
        clock.advance(ProcessesViewModel.HIGHLIGHT);
        vm.refresh();
        assertThat(vm.root().getChildren()).isEmpty();
    }

    /** A clock the test moves. */
    private static final class TestClock implements java.time.InstantSource {
        java.time.Instant now = Procs.T0;

        @Override
        public java.time.Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private static java.util.Map<String, ProcessRow.Mark> marks(ProcessesViewModel vm) {
        java.util.Map<String, ProcessRow.Mark> out = new java.util.LinkedHashMap<>();
        collect(vm.root(), out);
        return out;
    }

    private static void collect(TreeItem<ProcessRow> item, java.util.Map<String, ProcessRow.Mark> out) {
        for (TreeItem<ProcessRow> child : item.getChildren()) {
            out.put(child.getValue().name(), child.getValue().mark());
            collect(child, out);
        }
    }

    @Test
    void theFilterShowsMatchesWithTheirAncestorsAndDescendantsAndSaysSo() {
        service.processes.addAll(List.of(proc(100, 1, "java"), proc(110, 100, "sh"), proc(111, 110, "make"),
                proc(112, 111, "cc"), proc(120, 100, "python3")));
        service.sessionPids.addAll(Set.of(100L, 110L, 111L, 112L, 120L));
        ProcessesViewModel vm = vm();
        vm.refresh();
        assertThat(marks(vm)).containsOnlyKeys("s1", "java", "sh", "make", "cc", "python3");

        vm.filterProperty().set("MAKE"); // any case; the filter reads the tree again at once
        assertThat(marks(vm).keySet()).containsExactly("s1", "java", "sh", "make", "cc");
        assertThat(vm.summaryProperty().get()).startsWith("4 processes match the filter of 5 read");

        vm.filterProperty().set("120"); // a pid
        assertThat(marks(vm).keySet()).containsExactly("s1", "java", "python3");
        vm.filterProperty().set("nothing like it");
        assertThat(vm.root().getChildren()).isEmpty();
        vm.filterProperty().set("");
        assertThat(marks(vm)).hasSize(6);
        assertThat(marks(vm).values()).containsOnly(ProcessRow.Mark.NONE); // a filter change is not a new process
    }

    @Test
    void newProcessesAreMarkedForTwoSecondsAndExitedOnesStayMarkedAsLongThenGo() {
        TestClock clock = new TestClock();
        service.processes.addAll(List.of(proc(100, 1, "java"), proc(110, 100, "sh")));
        service.sessionPids.addAll(Set.of(100L, 110L, 111L));
        ProcessesViewModel vm = vm();
        vm.clock(clock);
        vm.refresh();
        assertThat(marks(vm).values()).containsOnly(ProcessRow.Mark.NONE); // what was there when the page opened

        clock.advance(Duration.ofSeconds(1));
        service.processes.add(proc(111, 110, "sleep"));
        vm.refresh();
        assertThat(marks(vm)).containsEntry("sleep", ProcessRow.Mark.NEW).containsEntry("sh", ProcessRow.Mark.NONE);
        clock.advance(Duration.ofSeconds(1));
        vm.refresh();
        assertThat(marks(vm)).containsEntry("sleep", ProcessRow.Mark.NEW);
        clock.advance(Duration.ofSeconds(1));
        vm.refresh();
        assertThat(marks(vm)).containsEntry("sleep", ProcessRow.Mark.NONE);

        service.processes.removeIf(p -> p.pid() == 110 || p.pid() == 111); // sh and its child exit
        vm.refresh();
        assertThat(marks(vm)).containsEntry("sh", ProcessRow.Mark.EXITING).containsEntry("sleep", ProcessRow.Mark.EXITING);
        TreeItem<ProcessRow> runner = vm.root().getChildren().get(0).getChildren().get(0);
        assertThat(runner.getChildren().get(0).getValue().name()).isEqualTo("sh"); // still in its place
        assertThat(runner.getChildren().get(0).getChildren().get(0).getValue().name()).isEqualTo("sleep");
        assertThat(vm.summaryProperty().get()).startsWith("1 processes shown"); // the exited ones are not counted
        clock.advance(Duration.ofMillis(1900));
        vm.refresh();
        assertThat(marks(vm)).containsKeys("sh", "sleep");
        clock.advance(Duration.ofMillis(100));
        vm.refresh();
        assertThat(marks(vm)).containsOnlyKeys("s1", "java");
    }

    @Test
    void afterAKillTheRowStaysSelectedWhileItIsShownExitingThenNothingIsSelectedNotItsParent() {
        TestClock clock = new TestClock();
        service.processes.addAll(List.of(proc(100, 1, "java"), proc(110, 100, "sh"), proc(120, 100, "other")));
        service.sessionPids.addAll(Set.of(100L, 110L, 120L));
        ProcessesViewModel vm = vm();
        vm.clock(clock);
        vm.refresh();
        ProcessRow sh = vm.root().getChildren().get(0).getChildren().get(0).getChildren().get(0).getValue();
        vm.selectedProperty().set(sh.key());
        assertThat(vm.selectedRow().isLive()).isTrue();

        service.exitOnTerm = true;
        service.processes.removeIf(p -> p.pid() == 110); // it ends on SIGTERM
        vm.terminate(sh);
        assertThat(vm.selectedProperty().get()).isEqualTo(sh.key());
        assertThat(vm.selectedRow().isLive()).isFalse(); // shown exiting: the view offers no kill for it
        assertThat(vm.detailsProperty().get().fields()).contains(java.util.Map.entry("State", "exited"));

        clock.advance(ProcessesViewModel.HIGHLIGHT);
        vm.refresh();
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.selectedRow()).isNull();
        assertThat(vm.detailsProperty().get()).isNull();
    }

    @Test
    void detailsGiveTheWholeArgvTheCwdAndTheSessionsLimitsOrSayNotAvailable() {
        service.processes.addAll(List.of(proc(100, 1, "java"), proc(110, 100, "sh")));
        service.sessionPids.addAll(Set.of(100L, 110L));
        service.details.put(110, new ProcessTable.Details(List.of("sh", "-c", "make test || echo 'a b'"), "/srv/s1/src"));
        service.usage.putAll(java.util.Map.of("procs", "2", "pids.current", "3", "pids.max", "512", "pids.peak", "9",
                "memory.current", Long.toString(40L << 20), "memory.max", "max", "memory.peak", Long.toString(64L << 20)));
        ProcessesViewModel vm = vm();
        vm.refresh();
        ProcessRow sh = vm.root().getChildren().get(0).getChildren().get(0).getChildren().get(0).getValue();

        vm.selectedProperty().set(sh.key());
        ProcessesViewModel.RowDetails d = vm.detailsProperty().get();
        assertThat(d.title()).isEqualTo("Process 110 (sh)");
        assertThat(d.argv()).containsExactly("sh", "-c", "make test || echo 'a b'");
        assertThat(d.fields()).contains(java.util.Map.entry("Working directory", "/srv/s1/src"),
                java.util.Map.entry("Parent pid", "100"), java.util.Map.entry("State", "sleeping"),
                java.util.Map.entry("Processes (session)", "3 of 512, at most 9 so far"),
                java.util.Map.entry("Memory (session)", "40 MiB of no limit, at most 64 MiB so far"));

        ProcessRow runner = vm.root().getChildren().get(0).getChildren().get(0).getValue();
        vm.selectedProperty().set(runner.key()); // nothing read for it: said so, not made up
        d = vm.detailsProperty().get();
        assertThat(d.argv()).isEmpty();
        assertThat(d.fields()).contains(java.util.Map.entry("Working directory", "not available"),
                java.util.Map.entry("Arguments", "not available"));

        service.usage.clear(); // an OS whose container reports nothing
        vm.refresh();
        assertThat(vm.detailsProperty().get().fields()).contains(java.util.Map.entry("Memory (session)", "not available"),
                java.util.Map.entry("Processes (session)", "not available"));
    }

    @Test
    void aSessionsSparklinesGetOneSampleARefreshFromItsCgroupAndItsProcesses() {
        service.processes.addAll(List.of(proc(100, 1, "java", 2.0), proc(110, 100, "sh", 30.0)));
        service.sessionPids.addAll(Set.of(100L, 110L));
        ProcessesViewModel vm = vm();
        service.usage.put("memory.current", "1000");
        vm.refresh();
        vm.selectedProperty().set(new RowKey.Session("s1"));
        service.usage.put("memory.current", "3000");
        service.processes.set(1, proc(110, 100, "sh", 50.0));
        vm.refresh();
        ProcessesViewModel.RowDetails d = vm.detailsProperty().get();
        assertThat(d.cpu()).containsExactly(32.0, 52.0);
        assertThat(d.memory()).containsExactly(1000.0, 3000.0);
        assertThat(d.cpuCaption()).contains("52.0%");
        assertThat(d.memoryCaption()).startsWith("Memory of its cgroup");
        for (int i = 0; i < ProcessesViewModel.SPARK_SAMPLES; i++) {
            vm.refresh();
        }
        assertThat(vm.detailsProperty().get().cpu()).hasSize(ProcessesViewModel.SPARK_SAMPLES);
    }

    @Test
    void aRefusedSignalIsShownWithItsFix() {
        ProcessInfo p = proc(1, 0, "init");
        service.processes.add(p);
        service.refuse = new CordonException(ExitCode.NEEDS_ROOT, "Not permitted to signal process 1 (init, user root).",
                "Run as root or as the user that owns the process.");
        ProcessesViewModel vm = vm();
        vm.terminate(ProcessRow.of(ProcessRow.Kind.PROCESS, p, null));
        assertThat(vm.problemProperty().get().fix()).isEqualTo("Run as root or as the user that owns the process.");
    }

    private static final class FakeProcesses implements ProcessesService {
        final List<ProcessInfo> processes = new ArrayList<>();
        final Set<Long> sessionPids = new HashSet<>();
        final List<String> signals = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();
        final List<ProcessMode> modes = new ArrayList<>();
        boolean exitOnTerm;
        RuntimeException refuse;
        long runnerPid = 100;

        @Override
        public ProcessSnapshot snapshot(ProcessMode mode) {
            modes.add(mode);
            return new ProcessSnapshot(Procs.T0, processes);
        }

        @Override
        public List<SessionProcesses> sessions() {
            return stopped.isEmpty() ? List.of(new SessionProcesses(session("s1", runnerPid), sessionPids)) : List.of();
        }

        @Override
        public boolean terminate(ProcessInfo process) {
            return record(process, "terminate", true);
        }

        @Override
        public boolean kill(ProcessInfo process) {
            return record(process, "kill", true);
        }

        /** The tree in this fake's process list, parents first (the tree view's order), each one killed. */
        @Override
        public List<ProcessTable.Signalled> killTree(ProcessInfo root) {
            List<ProcessTable.Signalled> out = new ArrayList<>();
            for (ProcessSnapshot.TreeRow r : new ProcessSnapshot(Procs.T0, processes).filter(p -> within(p, root)).tree()) {
                out.add(new ProcessTable.Signalled(r.process(), kill(r.process())));
            }
            return out;
        }

        private boolean within(ProcessInfo p, ProcessInfo root) {
            for (ProcessInfo at = p; at != null; at = parentOf(at)) {
                if (at.pid() == root.pid()) {
                    return true;
                }
                if (at.ppid() == at.pid()) {
                    return false;
                }
            }
            return false;
        }

        private ProcessInfo parentOf(ProcessInfo p) {
            return processes.stream().filter(q -> q.pid() == p.ppid()).findFirst().orElse(null);
        }

        @Override
        public boolean isRunning(ProcessInfo process) {
            return record(process, "running?", !exitOnTerm);
        }

        private boolean record(ProcessInfo process, String what, boolean answer) {
            if (refuse != null) {
                throw refuse;
            }
            signals.add(process.pid() + ":" + what);
            return answer;
        }

        final java.util.Map<Integer, ProcessTable.Details> details = new java.util.HashMap<>();
        final java.util.Map<String, String> usage = new java.util.LinkedHashMap<>();

        @Override
        public java.util.Optional<ProcessTable.Details> details(ProcessInfo process) {
            if (processes.stream().noneMatch(p -> p.sameProcessAs(process))) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(details.getOrDefault(process.pid(), new ProcessTable.Details(List.of(), null)));
        }

        @Override
        public java.util.Map<String, String> usage(String sessionId) {
            return stopped.contains(sessionId) ? java.util.Map.of() : java.util.Map.copyOf(usage);
        }

        @Override
        public void stopSession(String id) {
            stopped.add(id);
        }

        @Override
        public int liveSessions() {
            return stopped.isEmpty() ? 1 : 0;
        }
    }

    @Test
    void aProcessNameAndCommandLineTheSandboxChoseAreShownWithTheirControlCharactersInert() {
        ProcessInfo p = proc(42, 1, "evil\u001b]0;pwned\u0007");
        ProcessRow row = ProcessRow.of(ProcessRow.Kind.PROCESS, p, null);
        assertThat(row.name()).isEqualTo("evil^[]0;pwned^G");
        assertThat(row.commandLine()).isEqualTo("evil^[]0;pwned^G --arg");
        assertThat(row.name() + row.commandLine()).doesNotContain("\u001b").doesNotContain("\u0007");
    }
}
