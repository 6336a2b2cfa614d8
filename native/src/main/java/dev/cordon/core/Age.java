package dev.cordon.core;

import java.time.Duration;

/**
 * How long ago, in the largest whole unit a person reads at a glance: seconds under a minute, minutes under an hour,
 * hours under two days, then days.
 */
public final class Age {
    private Age() {
    }

    /** 42 s, 5 min, 30 h, 9 d (the panel). */
    public static String words(Duration age) {
        return render(age, " s", " min", " h", " d");
    }

    /** 42s, 5m, 30h, 9d (the CLI's tables). */
    public static String compact(Duration age) {
        return render(age, "s", "m", "h", "d");
    }

    private static String render(Duration age, String seconds, String minutes, String hours, String days) {
        long s = Math.max(0, age.toSeconds());
        if (s < 60) {
            return s + seconds;
        }
        if (s < 3600) {
            return s / 60 + minutes;
        }
        if (s < 48 * 3600) {
            return s / 3600 + hours;
        }
        return s / 86400 + days;
    }
}
