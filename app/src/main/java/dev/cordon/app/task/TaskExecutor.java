package dev.cordon.app.task;

/** Runs {@link BackgroundTask}s off the UI thread and delivers their callbacks on it (JabRef's pattern). */
public interface TaskExecutor {
    <T> void execute(BackgroundTask<T> task);
}
