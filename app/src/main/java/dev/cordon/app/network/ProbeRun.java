package dev.cordon.app.network;

import dev.cordon.platform.NetworkProbe.Attempt;

import java.time.Instant;
import java.util.List;

/** One live probe as the offline account: every attempt, and when it finished. */
public record ProbeRun(String account, Instant at, List<Attempt> attempts) {
    public ProbeRun {
        attempts = List.copyOf(attempts);
    }

    /** Nothing got through (and something was tried). */
    public boolean cutOff() {
        return !attempts.isEmpty() && attempts.stream().noneMatch(Attempt::connected);
    }
}
