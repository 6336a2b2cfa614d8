package dev.cordon.app.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Instants as people read them: local time, to the second. */
public final class Times {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Times() {
    }

    public static String format(Instant instant) {
        return LOCAL.format(instant);
    }

    /**
     * A duration in words: "1 minute", "1 hour 30 minutes", "2 days 3 hours", "45 seconds", "1.5 seconds", "250 ms"
     * (at most the two largest parts; "0 seconds" for none).
     */
    public static String words(java.time.Duration d) {
        if (d.isNegative()) {
            return "minus " + words(d.negated());
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms == 0 ? "0 seconds" : ms + " ms";
        }
        if (ms < 60_000 && ms % 1000 != 0) {
            return new java.math.BigDecimal(ms).movePointLeft(3).stripTrailingZeros().toPlainString() + " seconds";
        }
        long[] amounts = {d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart()};
        String[] units = {"day", "hour", "minute", "second"};
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < amounts.length && parts.size() < 2; i++) {
            if (amounts[i] > 0) {
                parts.add(amounts[i] + " " + units[i] + (amounts[i] == 1 ? "" : "s"));
            } else if (!parts.isEmpty()) {
                break; // "1 hour", not "1 hour 0 minutes"; a smaller part after a gap is left out
            }
        }
        return String.join(" ", parts);
    }

    /** An ISO-8601 duration ({@code PT1M}, {@code P2DT3H}) in words; null when {@code text} is not one. */
    public static String durationWords(String text) {
        if (text == null || !text.matches("-?P(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?)?")
                || text.endsWith("P") || text.endsWith("T")) {
            return null;
        }
        try {
            return words(java.time.Duration.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** An ISO-8601 instant from the backend in local time; anything else is shown as it came. */
    public static String format(String isoInstant) {
        if (isoInstant == null) {
            return "";
        }
        try {
            return format(Instant.parse(isoInstant));
        } catch (DateTimeParseException e) {
            return isoInstant;
        }
    }
}
