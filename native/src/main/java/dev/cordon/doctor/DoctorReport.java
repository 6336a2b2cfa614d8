package dev.cordon.doctor;

import java.util.List;

/** The result of a doctor run. {@code healthy} only when every check passed. */
public record DoctorReport(String instance, String time, String version, String os, List<Check> checks) {
    public boolean healthy() {
        return checks.stream().allMatch(c -> c.status() == Check.Status.PASS);
    }

    public long count(Check.Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }
}
