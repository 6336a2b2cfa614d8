package dev.cordon.app.overview;

import dev.cordon.doctor.Check;

import java.util.List;

/** One card of the overview: an area of the system, its overall health, a one-line headline and its checks. */
public record HealthCard(Area area, Health health, String headline, List<Line> lines) {
    public enum Area { ACCOUNTS, CREDENTIALS, FIREWALL, LEFTOVERS, SESSIONS, HOST }

    /** GOOD: every check passed. BAD: one failed. UNKNOWN: some could not run. NOT_YET: no data in this build. */
    public enum Health { GOOD, BAD, UNKNOWN, NOT_YET }

    /** A row of the card: a label, its status and the evidence behind it. */
    public record Line(String label, Check.Status status, String detail) {
    }
}
