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
