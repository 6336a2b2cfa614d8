package dev.cordon.app;

import dev.cordon.doctor.DoctorReport;

/** The events on the {@link EventBus}. */
public final class Events {
    private Events() {
    }

    /** A doctor run finished; {@code source} is the publishing view-model, so it can ignore its own report. */
    public record ReportUpdated(DoctorReport report, Object source) {
    }

    /** A privileged action changed the system (setup, repair): pages showing system state reload. */
    public record SystemChanged(String action) {
    }
}
