package dev.cordon.app.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Ticker} the test advances by hand: {@link #tick} runs each started, not yet stopped, ticker once. */
public final class ManualTicker implements Ticker {
    private final List<Started> started = new ArrayList<>();

    private static final class Started {
        final Duration period;
        final Runnable tick;
        boolean stopped;

        Started(Duration period, Runnable tick) {
            this.period = period;
            this.tick = tick;
        }
    }

    @Override
    public Ticking start(Duration period, Runnable tick) {
        Started s = new Started(period, tick);
        started.add(s);
        return () -> s.stopped = true;
    }

    /** One period passes. */
    public void tick() {
        List.copyOf(started).stream().filter(s -> !s.stopped).forEach(s -> s.tick.run());
    }

    /** The periods of the tickers that run now. */
    public List<Duration> running() {
        return started.stream().filter(s -> !s.stopped).map(s -> s.period).toList();
    }
}
