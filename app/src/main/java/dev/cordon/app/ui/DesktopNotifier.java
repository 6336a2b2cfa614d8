package dev.cordon.app.ui;

import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The desktop's own notifications (freedesktop {@code notify-send}), for what must reach a user who is looking at
 * another window — an online period that ended. Only where the desktop has one: a session bus in the environment and
 * {@code notify-send} installed; elsewhere (a panel started through pkexec has no session bus) the window's toast is
 * the only notice, and {@link #available} says so.
 */
public final class DesktopNotifier {
    private static final System.Logger LOG = System.getLogger(DesktopNotifier.class.getName());
    private final TaskExecutor executor;
    private final Optional<Path> notifySend;

    public DesktopNotifier(TaskExecutor executor) {
        this(executor, System.getenv("DBUS_SESSION_BUS_ADDRESS") == null ? Optional.empty()
                : List.of("/usr/bin/notify-send", "/usr/local/bin/notify-send").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst());
    }

    DesktopNotifier(TaskExecutor executor, Optional<Path> notifySend) {
        this.executor = executor;
        this.notifySend = notifySend;
    }

    public boolean available() {
        return notifySend.isPresent();
    }

    /** Sends it off the UI thread; a failure is logged (the window's toast has said it already). */
    public void notify(String title, String text) {
        notifySend.ifPresent(tool -> BackgroundTask.of("desktop notification", () -> {
                    Process p = new ProcessBuilder(tool.toString(), "--app-name=Cordon", title, text)
                            .redirectErrorStream(true).start();
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException(tool + " did not answer within 5 s");
                    }
                    if (p.exitValue() != 0) {
                        throw new IllegalStateException(tool + " exited with " + p.exitValue() + ": "
                                + new String(p.getInputStream().readAllBytes()).strip());
                    }
                    return null;
                })
                .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "No desktop notification: " + e.getMessage()))
                .executeWith(executor));
    }
}
