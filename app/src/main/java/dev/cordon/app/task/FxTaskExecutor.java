package dev.cordon.app.task;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs tasks as {@link javafx.concurrent.Task}s on daemon threads; callbacks arrive on the JavaFX thread. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "cordon-task-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        task.requireFailureHandler();
        if (pool.isShutdown()) {
            // the panel is closing: a callback still queued on the FX thread (a page's last refresh asking for the
            // next read) gets nothing, instead of a RejectedExecutionException on the way out
            return;
        }
        Task<T> fxTask = new Task<>() {
            @Override
            protected T call() throws Exception {
                Thread.currentThread().setName("cordon-task: " + task.name());
                // runLater keeps every line, in order, before the success callback (also posted with runLater)
                return task.work().call(line -> Platform.runLater(() -> task.progressed(line)));
            }
        };
        fxTask.setOnSucceeded(e -> task.succeeded(fxTask.getValue()));
        fxTask.setOnFailed(e -> task.failed(fxTask.getException()));
        pool.execute(fxTask);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
