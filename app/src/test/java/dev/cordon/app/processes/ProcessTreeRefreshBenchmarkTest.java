package dev.cordon.app.processes;

import dev.cordon.core.Principal;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.task.TaskExecutor;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.ui.EventBus;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import javafx.scene.Scene;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The number: UI-thread time per process-tree refresh with 5,000 processes, in the real Processes page (a
 * TreeTableView, every row expanded). Snapshot, rows and diff are built off the UI thread as in the panel; what is
 * timed is the UI thread's part: applying the diff plus the CSS and layout pass that follows. Printed, not asserted.
 */
class ProcessTreeRefreshBenchmarkTest {
    private static final int PROCESSES = 5_000;
    private static Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        assumeTrue(System.getenv("DISPLAY") != null, "needs a display: run the build under xvfb-run -a");
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void close() throws Exception {
        if (stage != null) {
            FxToolkit.cleanupStages();
        }
    }

    @Test
    void fxThreadTimePerRefreshWith5000Processes() throws Exception {
        SyntheticTable source = new SyntheticTable();
        // refreshes are triggered by hand below; "background" work runs right away on the calling (test) thread,
        // and the apply callback is handed to the FX thread, where it is timed with the layout pass after it
        List<Runnable> onFx = new ArrayList<>();
        TaskExecutor executor = new TaskExecutor() {
            @Override
            public <T> void execute(BackgroundTask<T> task) {
                T value;
                try {
                    value = task.work().call(line -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                onFx.add(() -> task.succeeded(value));
            }
        };
        ProcessesViewModel vm = new ProcessesViewModel(source, executor, new EventBus(), Messages.load(Locale.ROOT),
                new dev.cordon.app.ui.ManualTicker(), Duration.ZERO);
        vm.modeProperty().set(ProcessMode.SANDBOX_ACCOUNTS); // every row opens expanded: the worst case; reads once
        ProcessesView view = new ProcessesView(vm, Messages.load(Locale.ROOT));
        // in a 1240x820 scene, laid out by hand; its window is not shown, so the page's own 1-second timer stays off
        WaitForAsyncUtils.asyncFx(() -> new Scene((javafx.scene.Parent) view.node(), 1240, 820)).get(10, TimeUnit.SECONDS);

        double first = refresh(vm, onFx, view);
        double firstApply = vm.lastApplyNanos() / 1e6;
        TreeTableView<?> tree = (TreeTableView<?>) view.node().lookup("#processes-tree");
        assertThat(WaitForAsyncUtils.asyncFx(tree::getExpandedItemCount).get(10, TimeUnit.SECONDS)).isEqualTo(PROCESSES);

        double[] cpuOnly = new double[15];
        double[] cpuOnlyApply = new double[15];
        double[] churn = new double[15];
        double[] churnApply = new double[15];
        for (int i = 0; i < cpuOnly.length; i++) {
            source.tick(false);
            cpuOnly[i] = refresh(vm, onFx, view);
            cpuOnlyApply[i] = vm.lastApplyNanos() / 1e6;
            source.tick(true);
            churn[i] = refresh(vm, onFx, view);
            churnApply[i] = vm.lastApplyNanos() / 1e6;
        }
        System.out.printf(Locale.ROOT, "Process-tree refresh, %d processes, FX-thread time (apply + CSS/layout): "
                        + "first fill (with the page's first layout) %.1f ms (apply %.1f ms); every CPU%% changed: median %.1f ms, max %.1f ms; "
                        + "plus 50 exits and 50 new processes: median %.1f ms, max %.1f ms "
                        + "(of which applying the diff: median %.1f ms and %.1f ms)%n",
                PROCESSES, first, firstApply, median(cpuOnly), max(cpuOnly), median(churn), max(churn), median(cpuOnlyApply),
                median(churnApply));
    }

    private static double refresh(ProcessesViewModel vm, List<Runnable> onFx, ProcessesView view) throws Exception {
        vm.refresh(); // snapshot + rows + diff on this thread (the first fill was read when the mode was set)
        List<Runnable> apply = new ArrayList<>(onFx);
        onFx.clear();
        long nanos = WaitForAsyncUtils.asyncFx(() -> {
            long t0 = System.nanoTime();
            apply.forEach(Runnable::run);
            view.node().applyCss();
            ((javafx.scene.Parent) view.node()).layout();
            return System.nanoTime() - t0;
        }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return nanos / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    /** 5,000 processes whose CPU figures change each tick; with churn, 50 exit and 50 new ones start. */
    private static final class SyntheticTable implements ProcessesService {
        private List<ProcessInfo> processes = new ArrayList<>(Procs.machine(PROCESSES, 0));
        private int ticks;
        private int nextPid = PROCESSES + 1;

        void tick(boolean churn) {
            ticks++;
            List<ProcessInfo> next = new ArrayList<>(processes.size());
            int removed = 0;
            for (ProcessInfo p : processes) {
                if (churn && removed < 50 && p.pid() > 1 && p.pid() % 97 == ticks % 97) {
                    removed++;
                    continue;
                }
                next.add(new ProcessInfo(p.pid(), p.ppid(), p.owner(), p.user(), p.name(), p.commandLine(), p.state(),
                        (p.pid() * 31 + ticks) % 200 / 10.0, p.rssBytes(), p.startTime(), p.startTicks()));
            }
            for (int i = 0; churn && i < removed; i++) {
                int pid = nextPid++;
                next.add(Procs.proc(pid, 1 + (pid % 50), "new" + pid));
            }
            // keep children whose parent exited attached to init, as the kernel would
            java.util.Set<Integer> pids = new java.util.HashSet<>();
            next.forEach(p -> pids.add(p.pid()));
            processes = next.stream().map(p -> p.ppid() == 0 || pids.contains(p.ppid()) ? p
                    : new ProcessInfo(p.pid(), 1, p.owner(), p.user(), p.name(), p.commandLine(), p.state(),
                    p.cpuPercent(), p.rssBytes(), p.startTime(), p.startTicks())).toList();
        }

        @Override
        public ProcessSnapshot snapshot(ProcessMode mode) {
            return new ProcessSnapshot(Procs.T0, processes);
        }

        @Override
        public List<SessionProcesses> sessions() {
            return List.of();
        }

        @Override
        public boolean terminate(ProcessInfo process) {
            throw new UnsupportedOperationException("the benchmark kills nothing");
        }

        @Override
        public boolean kill(ProcessInfo process) {
            throw new UnsupportedOperationException("the benchmark kills nothing");
        }

        @Override
        public List<dev.cordon.platform.ProcessTable.Signalled> killTree(ProcessInfo root) {
            throw new UnsupportedOperationException("the benchmark kills nothing");
        }

        @Override
        public boolean isRunning(ProcessInfo process) {
            throw new UnsupportedOperationException("the benchmark kills nothing");
        }

        @Override
        public java.util.Optional<dev.cordon.platform.ProcessTable.Details> details(ProcessInfo process) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Map<String, String> usage(String sessionId) {
            return java.util.Map.of();
        }

        @Override
        public void stopSession(String id) {
            throw new UnsupportedOperationException("the benchmark stops nothing");
        }

        @Override
        public int liveSessions() {
            return 0;
        }
    }
}
