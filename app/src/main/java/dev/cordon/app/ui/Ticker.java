package dev.cordon.app.ui;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;

import java.time.Duration;

/** Runs periodic work on the UI thread. The panel's ticks with a {@link Timeline}; tests tick by hand. */
@FunctionalInterface
public interface Ticker {
    /** Starts calling {@code tick} every {@code period} on the UI thread, until the returned handle is stopped. */
    Ticking start(Duration period, Runnable tick);

    /** Periodic work under way. */
    @FunctionalInterface
    interface Ticking {
        void stop();
    }

    /** The panel's: a {@link Timeline} (start it on the FX thread). */
    static Ticker fx() {
        return (period, tick) -> {
            Timeline timeline = new Timeline(new KeyFrame(javafx.util.Duration.millis(period.toMillis()),
                    e -> tick.run()));
            timeline.setCycleCount(Animation.INDEFINITE);
            timeline.play();
            return timeline::stop;
        };
    }
}
