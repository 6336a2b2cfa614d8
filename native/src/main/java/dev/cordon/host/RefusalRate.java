package dev.cordon.host;

import dev.cordon.core.Principal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * How many of one member's refused requests the audit log records one by one: at most {@link #DEFAULT_PER_MINUTE} in a
 * minute (the window starts at the member's first refusal after the last one ended); beyond that they are counted per
 * method, and the count is one summary record when the window ends. So a member's flood of refusals adds at most that
 * many records plus one a minute, and cannot push root's records out of the rotated audit log quickly
 * (docs/architecture.md, "audit log"). Root is never counted.
 */
final class RefusalRate {
    /** Refused requests of one member recorded one by one per window. */
    static final int DEFAULT_PER_MINUTE = 30;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perWindow;
    private final Supplier<Instant> clock;
    private final Map<Principal, Window> windows = new HashMap<>();
    private final List<Summary> ended = new ArrayList<>();

    RefusalRate(int perWindow, Supplier<Instant> clock) {
        this.perWindow = perWindow;
        this.clock = clock;
    }

    int perWindow() {
        return perWindow;
    }

    /** What was refused and not recorded one by one in one member's window, by method. */
    record Summary(String peer, Instant from, Instant to, Map<String, Long> counted) {
        long total() {
            return counted.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final class Window {
        final Instant start;
        final String peer;
        int recorded;
        final Map<String, Long> counted = new TreeMap<>();

        Window(Instant start, String peer) {
            this.start = start;
            this.peer = peer;
        }
    }

    /** Whether this refusal of member {@code id} ({@code peer} describes it) is recorded; if not, it is counted. */
    synchronized boolean admit(Principal id, String peer, String method) {
        Instant now = clock.get();
        Window w = windows.get(id);
        if (w == null || !now.isBefore(w.start.plus(WINDOW))) {
            if (w != null) {
                end(w);
            }
            w = new Window(now, peer);
            windows.put(id, w);
        }
        if (w.recorded < perWindow) {
            w.recorded++;
            return true;
        }
        w.counted.merge(method, 1L, Long::sum);
        return false;
    }

    /** The summaries of windows that have ended, each once (in the order they ended); windows without counts give none. */
    synchronized List<Summary> due() {
        Instant now = clock.get();
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (!now.isBefore(w.start.plus(WINDOW))) {
                end(w);
                it.remove();
            }
        }
        List<Summary> out = List.copyOf(ended);
        ended.clear();
        return out;
    }

    /** Ends every window now (the host stops): the summaries of all counts not yet summarized. */
    synchronized List<Summary> drain() {
        Instant now = clock.get();
        for (Window w : windows.values()) {
            if (!w.counted.isEmpty()) {
                ended.add(new Summary(w.peer, w.start, now, java.util.Collections.unmodifiableMap(new TreeMap<>(w.counted))));
            }
        }
        windows.clear();
        List<Summary> out = List.copyOf(ended);
        ended.clear();
        return out;
    }

    private void end(Window w) {
        if (!w.counted.isEmpty()) {
            ended.add(new Summary(w.peer, w.start, w.start.plus(WINDOW), java.util.Collections.unmodifiableMap(new TreeMap<>(w.counted))));
        }
    }
}
