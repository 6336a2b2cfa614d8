package dev.cordon.session;

import java.util.Optional;

/**
 * Which host process holds something (a session, a workspace grant): its pid and start time, so a reused pid is not
 * taken for the host that crashed. Written as {@code "<pid> <start instant>"}.
 */
public record HostIdentity(long pid, String start) {
    public static HostIdentity current() {
        ProcessHandle self = ProcessHandle.current();
        return new HostIdentity(self.pid(), startOf(self));
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

    /** True while the same process (same pid and same start time) still runs. */
    public boolean alive() {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive() && startOf(h.get()).equals(start);
    }

    private static String startOf(ProcessHandle h) {
        return h.info().startInstant().map(Object::toString).orElse("?");
    }

    @Override
    public String toString() {
        return pid + " " + start;
    }
}
