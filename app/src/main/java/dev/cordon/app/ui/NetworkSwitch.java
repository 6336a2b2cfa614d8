package dev.cordon.app.ui;

import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;

import java.time.Duration;
import java.time.Instant;

/**
 * A session's offline/online switch, shared by the Sessions and Network pages: the form's checks (a reason is
 * required, minutes optional), the mode the switch goes to, and the countdown until a temporary switch reverts.
 */
public final class NetworkSwitch {
    /** Longest temporary network switch accepted from the form. */
    public static final int MAX_MINUTES = 24 * 60;

    /** A checked request: {@code duration} null = until switched back; or the {@code problem} with the form. */
    public record Checked(String reason, Duration duration, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private NetworkSwitch() {
    }

    public static Checked check(String reason, String minutes, Messages messages) {
        if (reason == null || reason.isBlank()) {
            return new Checked(null, null, new Problem(messages.get("sessions.network.noReason"),
                    messages.get("sessions.network.noReason.fix")));
        }
        if (minutes == null || minutes.isBlank()) {
            return new Checked(reason.trim(), null, null);
        }
        int m;
        try {
            m = Integer.parseInt(minutes.trim());
        } catch (NumberFormatException e) {
            m = -1;
        }
        if (m < 1 || m > MAX_MINUTES) {
            return new Checked(null, null, new Problem(messages.get("sessions.network.badMinutes", minutes.trim()),
                    messages.get("sessions.network.badMinutes.fix", MAX_MINUTES)));
        }
        return new Checked(reason.trim(), Duration.ofMinutes(m), null);
    }

    /** The mode the switch goes to: offline when online, else online. */
    public static NetworkMode otherMode(SessionInfo info) {
        return info != null && "online".equals(info.network()) ? NetworkMode.OFFLINE : NetworkMode.ONLINE;
    }

    /** True once a temporary switch is due to revert (the broker may not have reported it yet). */
    public static boolean due(SessionInfo info, Instant now) {
        return info != null && info.networkRevertsAt() != null && !now.isBefore(info.networkRevertsAt());
    }

    /** "back to offline in m:ss", "reverting to offline…", or "" when the switch is not temporary. */
    public static String countdown(SessionInfo info, Instant now, Messages messages) {
        if (info == null || info.networkRevertsAt() == null) {
            return "";
        }
        String back = otherMode(info).label();
        if (due(info, now)) {
            return messages.get("sessions.network.reverting", back);
        }
        long s = (Duration.between(now, info.networkRevertsAt()).toMillis() + 999) / 1000;
        return messages.get("sessions.network.reverts", back, String.format("%d:%02d", s / 60, s % 60));
    }
}
