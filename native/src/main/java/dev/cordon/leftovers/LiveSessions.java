package dev.cordon.leftovers;

import java.nio.file.Path;
import java.util.Set;

/**
 * What belongs to live sessions (of any host process), so is never a leftover. Asked about a process only after it was
 * seen in {@code /proc}: a session's processes enter its cgroup before they run as a sandbox account, so a session that
 * was starting while the table was read is already recognisable by then.
 */
public interface LiveSessions {
    /** There are no sessions: every sandbox process is a leftover (uninstall's view). */
    LiveSessions NONE = of(Set.of());

    /** Whether process {@code pid} belongs to a live session, decided now. */
    boolean owns(int pid);

    /** The directories of the live sessions (their HOME and TMPDIR): nothing in them is a leftover. */
    Set<Path> directories();

    /** Exactly these pids are live sessions' (tests; a host that knows only its own sessions). */
    static LiveSessions of(Set<Integer> pids) {
        return new LiveSessions() {
            @Override
            public boolean owns(int pid) {
                return pids.contains(pid);
            }

            @Override
            public Set<Path> directories() {
                return Set.of();
            }
        };
    }
}
