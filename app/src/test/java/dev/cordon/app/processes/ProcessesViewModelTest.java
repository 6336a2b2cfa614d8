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
        vm.refresh();
        vm.stopSession(vm.root().getChildren().get(0).getValue());
        assertThat(service.stopped).containsExactly("s1");
        assertThat(events).extracting(Events.SessionsChanged::liveCount).containsExactly(0);
        assertThat(vm.root().getChildren()).isEmpty();
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

        @Override
        public ProcessSnapshot snapshot(ProcessMode mode) {
            modes.add(mode);
            return new ProcessSnapshot(Procs.T0, processes);
        }

        @Override
        public List<SessionProcesses> sessions() {
            return stopped.isEmpty() ? List.of(new SessionProcesses(session("s1", 100), sessionPids)) : List.of();
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
