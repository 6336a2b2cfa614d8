package dev.cordon.session;

import java.util.Optional;

/**
 * Which host process holds something (a session, a workspace grant): its pid and start time, so a reused pid is not
 * taken for the host that crashed. Written as {@code "<pid> boot:<boot id>:<start ticks>"} (older records:
 * {@code "<pid> <start instant>"}, still read).
 */
public record HostIdentity(long pid, String start) {
    /** Records written since start times are boot-relative: {@code boot:<boot id>:<start ticks>}. */
    private static final String BOOT = "boot:";

    public static HostIdentity current() {
        long pid = ProcessHandle.current().pid();
        return new HostIdentity(pid, startOf(pid).orElseThrow(() -> new IllegalStateException(
                "/proc/" + pid + "/stat of this very process cannot be read")));
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
     * True while the same process (same pid and same start time) still runs. The start time is compared in clock ticks
     * since this boot, never as a wall-clock instant: each JVM turns ticks into an instant with the boot time it read
     * when it started, and that moves when the clock is set (a VM resumed, NTP stepping), so a live host's record would
     * no longer match and its sessions would look like leftovers to kill and reap.
     */
    public boolean alive() {
        if (start.startsWith(BOOT)) {
            return startOf(pid).map(start::equals).orElse(false);
        }
        // a record written before start times were boot-relative: the instant as that host computed it
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive() && notZombie(pid)
                && h.get().info().startInstant().map(Object::toString).orElse("?").equals(start);
    }

    /** {@code boot:<boot id>:<start ticks>} of a running process; empty when it is gone or a zombie. */
    private static Optional<String> startOf(long pid) {
        return dev.cordon.platform.linux.ProcStat.of(pid).filter(st -> st.state() != 'Z' && st.state() != 'X')
                .map(st -> BOOT + dev.cordon.platform.linux.ProcStat.bootId() + ":" + st.startTicks());
    }

    private static boolean notZombie(long pid) {
        return dev.cordon.platform.linux.ProcStat.of(pid).map(st -> st.state() != 'Z' && st.state() != 'X').orElse(false);
    }

    @Override
    public String toString() {
        return pid + " " + start;
    }
}
