package dev.cordon.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers that switch a session back when a network period it was given runs out ({@code session network --for}):
 * one daemon thread for all of a host's sessions, stopped with the host.
 */
final class NetworkReverts implements AutoCloseable {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-timers");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code revert} once {@code after} has passed; cancel the returned future to keep the session as it is. */
    ScheduledFuture<?> schedule(Runnable revert, Duration after) {
        return timers.schedule(revert, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
