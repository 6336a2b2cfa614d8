package dev.cordon.host.wire;

import dev.cordon.core.CordonException;

import java.time.Duration;

/**
 * How many connections the host keeps, each a thread and a descriptor (R39: one member's 5,000 idle connections took
 * the host to 5,028 threads, and at its descriptor limit every other caller was refused). Set by {@code cordon serve
 * --member-max-connections}, {@code --max-connections} and {@code --connection-idle-timeout}:
 *
 * <ul>
 *   <li>{@code perMember}: connections one peer uid other than root may hold at once;</li>
 *   <li>{@code total}: connections of everyone but root at once (root's count, but are never refused);</li>
 *   <li>{@code idleTimeout}: how long a connection may stay without having sent one complete frame; then it gets an
 *       error frame and is closed.</li>
 * </ul>
 * A connection beyond a cap gets one {@code "id": null} error frame naming the limit and is closed at once.
 */
public record ConnectionLimits(int perMember, int total, Duration idleTimeout) {
    /** 64 a member, 1,000 in all (the host's descriptor limit is raised to 20,000 and more by the JVM), 30 s. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(64, 1000, Duration.ofSeconds(30));

    public ConnectionLimits {
        if (perMember < 1) {
            throw CordonException.usage("--member-max-connections " + perMember + " is not a positive number.",
                    "Give how many connections one member may hold at once, e.g. --member-max-connections 64.");
        }
        if (total < perMember) {
            throw CordonException.usage("--max-connections " + total + " is less than --member-max-connections "
                    + perMember + ".", "Give a total at least as large as one member's, e.g. --max-connections 1000.");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw CordonException.usage("--connection-idle-timeout " + idleTimeout.toSeconds()
                    + " is not a positive number of seconds.", "Give seconds, e.g. --connection-idle-timeout 30.");
        }
    }

    /**
     * {@code total} lowered to half of {@code maxDescriptors} (the process's descriptor limit; 0 or less: unknown), so
     * that connections alone never exhaust the descriptors the host needs for sessions, runners and files; at least
     * {@code perMember}.
     */
    public ConnectionLimits underDescriptorLimit(long maxDescriptors) {
        if (maxDescriptors <= 0 || total <= maxDescriptors / 2) {
            return this;
        }
        return new ConnectionLimits(perMember, (int) Math.max(perMember, maxDescriptors / 2), idleTimeout);
    }
}
