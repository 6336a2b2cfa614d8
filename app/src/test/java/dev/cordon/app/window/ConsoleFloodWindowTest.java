package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.app.sessions.ConsoleLine;
import dev.cordon.app.sessions.ConsoleModel;
import dev.cordon.session.SessionInfo;
import javafx.application.Platform;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chatty command in a real session's console on the real backend: `seq 1 300000` while the user clicks another page
 * and back, then 10 MB more; the window keeps answering, the console keeps a bounded tail with a marker for what it
 * dropped, and the whole output is in the console's log file. Prints the JavaFX thread's busy time per 16 ms frame
 * while the 10 MB stream in (the target: under 8 ms), and the longest wait of a 16 ms heartbeat posted to it.
 */
class ConsoleFloodWindowTest extends WindowTestBase {
    private static final long TEN_MB = 10L * 1024 * 1024;
    private final SessionsPage page = new SessionsPage(this);

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.openWithWorkspace();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aFloodOfOutputLeavesTheWindowResponsive() throws Exception {
        TableView<SessionInfo> sessions = page.start(window.workspace());

        // 300,000 lines; another page is opened and left while they stream
        page.run("seq 1 300000");
        go(Page.OVERVIEW);
        waitFor(30, () -> robot.lookup("#page-overview").tryQuery().map(n -> fx(n::isVisible)).orElse(false));
        go(Page.SESSIONS);
        waitFor(120, () -> !page.runDisabled());
        List<ConsoleLine> lines = page.lines();
        assertThat(lines.get(lines.size() - 1).kind()).isEqualTo(ConsoleLine.Kind.EXIT);
        assertThat(lines).contains(new ConsoleLine(ConsoleLine.Kind.STDOUT, "300000"));
        assertThat(lines.size()).as("the console keeps a bounded tail").isLessThan(300_000);
        assertThat(lines.stream().mapToLong(l -> l.text().length()).sum())
                .isLessThanOrEqualTo(ConsoleModel.DEFAULT_MAX_CHARS + 1_000);
        assertThat(lines.get(0).kind()).as("the first line says what was dropped").isEqualTo(ConsoleLine.Kind.INFO);
        assertThat(lines.get(0).text()).contains("earlier lines");
        Path log = logFile(lines.get(0).text());
        try {
            assertThat(Files.readAllLines(log)).contains("1", "150000", "300000");
        } finally {
            Files.deleteIfExists(log); // the console keeps writing the unlinked file until the panel closes: no litter
        }

        // 10 MB, measured: the FX thread's CPU time and a heartbeat's waits while they stream in
        FxLoad load = FxLoad.start();
        long started = System.nanoTime();
        page.run("sh -c 'yes \"cordon console flood 0123456789 0123456789 0123456789 0123456789 0123456789\" | head -c "
                + TEN_MB + "'");
        waitFor(240, () -> !page.runDisabled());
        double seconds = (System.nanoTime() - started) / 1e9;
        FxLoad.Result result = load.stop();
        assertThat(page.lines().get(page.lines().size() - 1).kind()).isEqualTo(ConsoleLine.Kind.EXIT);
        System.out.printf(Locale.ROOT, "Console flood: 10 MB in %.1f s; JavaFX thread busy %.1f ms per 16 ms frame"
                        + " (target < 8); heartbeat wait p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", seconds,
                result.busyMsPerFrame(), result.p50(), result.p99(), result.max());
    }

    private static Path logFile(String marker) {
        int at = marker.indexOf('/');
        assertThat(at).as("the marker names the full output's file: " + marker).isGreaterThanOrEqualTo(0);
        String path = marker.substring(at).replaceAll("[)\\]]+$", "");
        return Path.of(path);
    }

    /** The JavaFX thread's CPU time over a period, and how long a runLater posted every 16 ms waited to run. */
    private static final class FxLoad {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final long fxThread;
        private final long cpuAtStart;
        private final long wallAtStart = System.nanoTime();
        private final List<Double> waits = Collections.synchronizedList(new ArrayList<>());
        private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();

        record Result(double busyMsPerFrame, double p50, double p99, double max) {
        }

        private FxLoad() {
            fxThread = fx(() -> Thread.currentThread().getId());
            cpuAtStart = threads.getThreadCpuTime(fxThread);
            heartbeat.scheduleAtFixedRate(() -> {
                long posted = System.nanoTime();
                Platform.runLater(() -> waits.add((System.nanoTime() - posted) / 1e6));
            }, 0, 16, TimeUnit.MILLISECONDS);
        }

        static FxLoad start() {
            return new FxLoad();
        }

        Result stop() throws InterruptedException {
            long cpu = threads.getThreadCpuTime(fxThread) - cpuAtStart;
            long wall = System.nanoTime() - wallAtStart;
            heartbeat.shutdownNow();
            heartbeat.awaitTermination(5, TimeUnit.SECONDS);
            List<Double> sorted;
            synchronized (waits) {
                sorted = new ArrayList<>(waits);
            }
            Collections.sort(sorted);
            double frames = wall / 16e6;
            return new Result(cpu / 1e6 / frames, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1));
        }

        private static double percentile(List<Double> sorted, double p) {
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }
    }
}
