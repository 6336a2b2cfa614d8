package dev.cordon.app.task;

/** Runs each task inline on the calling thread: for view-model tests without a JavaFX toolkit. */
public final class DirectTaskExecutor implements TaskExecutor {
    @Override
    public <T> void execute(BackgroundTask<T> task) {
        task.requireFailureHandler();
        T value;
        try {
            value = task.work().call(task::progressed);
        } catch (Exception e) {
            task.failed(e);
            return;
        }
        task.succeeded(value);
    }
}
