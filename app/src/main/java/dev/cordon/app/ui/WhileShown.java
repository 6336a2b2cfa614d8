package dev.cordon.app.ui;

import java.time.Duration;

/**
 * A page's periodic work (a countdown, a live refresh): it runs from the page's {@link PageView#shown} to its
 * {@link PageView#hidden}, never while another page is selected or the window is hidden.
 */
public final class WhileShown {
    private final Ticker ticker;
    private final Duration period;
    private final Runnable tick;
    private Ticker.Ticking ticking;

    public WhileShown(Ticker ticker, Duration period, Runnable tick) {
        this.ticker = ticker;
        this.period = period;
        this.tick = tick;
    }

    /** Starts ticking; a second call while it ticks changes nothing. */
    public void shown() {
        if (ticking == null) {
            ticking = ticker.start(period, tick);
        }
    }

    /** Stops ticking until the next {@link #shown}. */
    public void hidden() {
        if (ticking != null) {
            ticking.stop();
            ticking = null;
        }
    }

    public boolean running() {
        return ticking != null;
    }
}
