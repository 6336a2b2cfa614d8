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

    private final String name;
    private final Work<T> work;
    private Consumer<? super T> onSuccess = value -> { };
    private Consumer<Throwable> onFailure;
    private Consumer<String> onProgress = line -> { };

    private BackgroundTask(String name, Work<T> work) {
        this.name = Objects.requireNonNull(name);
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(String name, Callable<T> callable) {
        return new BackgroundTask<>(name, progress -> callable.call());
    }

    public static <T> BackgroundTask<T> withProgress(String name, Work<T> work) {
        return new BackgroundTask<>(name, work);
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
        return work;
    }

    public void requireFailureHandler() {
        if (onFailure == null) {
            throw new IllegalStateException("Task '" + name + "' has no failure handler");
        }
    }

    public void succeeded(T value) {
        onSuccess.accept(value);
    }

    public void failed(Throwable error) {
        onFailure.accept(error);
    }

    public void progressed(String line) {
        onProgress.accept(line);
    }
}
