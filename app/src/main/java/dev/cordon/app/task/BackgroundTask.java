package dev.cordon.app.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Work for a {@link TaskExecutor}: runs off the UI thread; its callbacks run on the UI thread. A failure handler is
 * required, so no error can disappear silently.
 */
public final class BackgroundTask<T> {
    /** The work itself; {@code progress} lines reach {@link #onProgress} on the UI thread, in order. */
    @FunctionalInterface
    public interface Work<T> {
        T call(Consumer<String> progress) throws Exception;
    }

    /** Work that can be cancelled: it asks {@code cancelled} between its steps and stops when it says yes. */
    @FunctionalInterface
    public interface CancellableWork<T> {
        T call(Consumer<String> progress, java.util.function.BooleanSupplier cancelled) throws Exception;
    }

    private final String name;
    private final CancellableWork<T> work;
    private final java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    private Consumer<? super T> onSuccess = value -> { };
    private Consumer<Throwable> onFailure;
    private Consumer<String> onProgress = line -> { };
    private Runnable onCancelled = () -> { };

    private BackgroundTask(String name, CancellableWork<T> work) {
        this.name = Objects.requireNonNull(name);
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(String name, Callable<T> callable) {
        return new BackgroundTask<>(name, (progress, cancelled) -> callable.call());
    }

    public static <T> BackgroundTask<T> withProgress(String name, Work<T> work) {
        Objects.requireNonNull(work);
        return new BackgroundTask<>(name, (progress, cancelled) -> work.call(progress));
    }

    /** Work with progress that {@link #cancel} can stop: it is asked between its steps. */
    public static <T> BackgroundTask<T> cancellable(String name, CancellableWork<T> work) {
        return new BackgroundTask<>(name, work);
    }

    /**
     * Asks the work to stop (it does between its steps). Once asked, however it ends — stopped, finished anyway or
     * failed — only {@link #onCancelled} is called.
     */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public BackgroundTask<T> onCancelled(Runnable handler) {
        this.onCancelled = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onProgress(Consumer<String> handler) {
        this.onProgress = Objects.requireNonNull(handler);
        return this;
    }

    public void executeWith(TaskExecutor executor) {
        executor.execute(this);
    }

    /** For thread names and logs. */
    public String name() {
        return name;
    }

    // ---- for executors

    public Work<T> work() {
        return progress -> work.call(progress, cancelled::get);
    }

    public void requireFailureHandler() {
        if (onFailure == null) {
            throw new IllegalStateException("Task '" + name + "' has no failure handler");
        }
    }

    public void succeeded(T value) {
        if (cancelled.get()) {
            onCancelled.run();
        } else {
            onSuccess.accept(value);
        }
    }

    public void failed(Throwable error) {
        if (cancelled.get()) {
            onCancelled.run();
        } else {
            onFailure.accept(error);
        }
    }

    public void progressed(String line) {
        onProgress.accept(line);
    }
}
