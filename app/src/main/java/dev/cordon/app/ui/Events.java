package dev.cordon.app.ui;

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

    /**
     * Sessions were started, stopped or switched: pages showing sessions reload. {@code liveCount} is the live
     * sessions' count right after the change; {@code source} is the publishing view-model.
     */
    public record SessionsChanged(int liveCount, Object source) {
    }

    /**
     * A session that was online is offline now without the panel asking: {@code expired} when its online period ran
     * out, else another client switched it. {@code source} is the publishing view-model.
     */
    public record OnlineEnded(String sessionId, boolean expired, Object source) {
    }
}
