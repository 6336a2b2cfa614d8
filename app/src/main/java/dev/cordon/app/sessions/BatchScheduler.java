package dev.cordon.app.sessions;

import javafx.application.Platform;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a flush on the UI thread a little later, so output that arrives meanwhile is shown in the same batch. */
@FunctionalInterface
public interface BatchScheduler {
    /** The pause between the first chunk of a batch and its flush. */
    long FLUSH_DELAY_MS = 50;

    /** Called from any thread; {@code flush} must run on the UI thread. */
    void later(Runnable flush);

    /** The panel's: a timer thread waits {@link #FLUSH_DELAY_MS}, then one {@code Platform.runLater}. */
    static BatchScheduler fx() {
        return FxHolder.INSTANCE;
    }

    final class FxHolder {
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cordon-console-flush");
            t.setDaemon(true);
            return t;
        });
        static final BatchScheduler INSTANCE = flush ->
                TIMER.schedule(() -> Platform.runLater(flush), FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);

        private FxHolder() {
        }
    }
}
