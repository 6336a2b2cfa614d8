package dev.cordon.app.ui;

import dev.cordon.doctor.DoctorReport;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The doctor's live offline probe as the Overview and Network pages read it from a report. */
public final class FirewallProbe {
    /** The doctor's check that proves the offline account's firewall with a live probe. */
    public static final String PROVEN = "firewall.offline.proven";
    /** The doctor stamps its offline probe's evidence with {@code " at <instant>"}. */
    private static final Pattern PROBE_TIME = Pattern.compile(" at (\\d{4}-\\d{2}-\\d{2}T\\S+Z)$");

    private FirewallProbe() {
    }

    /** When the firewall was last proven by a live probe, if the report carries a probe. */
    public static Optional<Instant> lastProbe(DoctorReport report) {
        return report.checks().stream().filter(c -> c.id().equals(PROVEN)).findFirst().flatMap(c -> {
            Matcher m = PROBE_TIME.matcher(c.evidence());
            if (!m.find()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Instant.parse(m.group(1)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
