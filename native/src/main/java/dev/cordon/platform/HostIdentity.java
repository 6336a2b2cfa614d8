package dev.cordon.platform;

import dev.cordon.platform.ProcessStarts;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which host process holds something (a session, a workspace grant): its pid and start time, so a reused pid is not
 * taken for the host that crashed. Written as {@code "<pid> <start>"}, the start as the platform's {@link
 * ProcessStarts} gives it (Linux: {@code boot:<boot id>:<start ticks>}); older records ({@code "<pid> <start instant>"})
 * are still read.
 */
public record HostIdentity(long pid, String start) {
    /** This very process. */
    public static HostIdentity current(ProcessStarts starts) {
        long pid = ProcessHandle.current().pid();
        return new HostIdentity(pid, starts.startOf(pid).orElseThrow(() -> new IllegalStateException(
                "the start time of this very process (pid " + pid + ") cannot be read")));
    }

    /** Parses {@link #toString}'s form; empty for anything else (a half-written or foreign record). */
    public static Optional<HostIdentity> parse(String text) {
        String[] f = text.trim().split(" ");
        if (f.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new HostIdentity(Long.parseLong(f[0]), f[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * True while the same process (same pid and same start time) still runs. The start is compared as the platform
     * reports it (Linux: clock ticks since this boot), never as a wall-clock instant: each JVM turns ticks into an
     * instant with the boot time it read when it started, and that moves when the clock is set (a VM resumed, NTP
     * stepping), so a live host's record would no longer match and its sessions would look like leftovers to kill and
     * reap.
     */
    public boolean alive(ProcessStarts starts) {
        if (!legacy()) {
            return starts.startOf(pid).map(start::equals).orElse(false);
        }
        // a record written before start times were boot-relative: the instant as that host computed it
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive() && starts.startOf(pid).isPresent()
                && h.get().info().startInstant().map(Object::toString).orElse("?").equals(start);
    }

    /** A record of an older Cordon: its start is a wall-clock instant. */
    private boolean legacy() {
        try {
            Instant.parse(start);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return pid + " " + start;
    }
}
