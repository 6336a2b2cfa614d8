package dev.cordon.testing;

import dev.cordon.platform.linux.ProcStat;

/** What the tests see of a real process from outside, in its {@code /proc} stat. */
public final class ProcessStates {
    private ProcessStates() {
    }

    /** The state letter of process {@code pid} (R, S, T, Z …), or {@code "gone"} when there is no such process. */
    public static String state(long pid) {
        return ProcStat.of(pid).map(stat -> String.valueOf(stat.state())).orElse("gone");
    }
}
