package dev.cordon.session;

import dev.cordon.platform.HostIdentity;
import dev.cordon.core.Instance;
import dev.cordon.leftovers.LiveSessions;
import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.ProcessStarts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which host process owns a session: the {@code host} record in the session's directory ({@code pid start-time}),
 * written before the directory appears under the session's id. A session whose host still runs is live, whichever
 * process that host is (a {@code cordon serve}, a {@code cordon run}, the panel); the reaper and the leftovers janitor
 * of every other process leave it alone.
 */
public final class SessionHost {
    /** Directories being created are named {@code .new-…} until their host record is in place. */
    static final String STAGE_PREFIX = ".new-";
    /** A staging directory with no record this long after it was made was left by a host that died making it. */
    static final Duration STAGE_GRACE = Duration.ofMinutes(1);

    private final ProcessStarts starts;

    /** With the platform's process start times, which name a host in its records. */
    public SessionHost(ProcessStarts starts) {
        this.starts = starts;
    }

    void write(Path sessionDir) throws IOException {
        Files.writeString(sessionDir.resolve("host"), HostIdentity.current(starts).toString());
    }

    /** True when the recorded host process still runs (same pid and same start time: no reused pid). */
    public boolean alive(Path sessionDir) {
        try {
            return HostIdentity.parse(Files.readString(sessionDir.resolve("host"))).map(h -> h.alive(starts))
                    .orElse(false);
        } catch (IOException e) {
            return false; // no readable record: a session dir from before records, or a dead host's: reap it
        }
    }

    /** A staging directory another host is filling in right now (no record yet, made moments ago). */
    static boolean beingCreated(Path dir) {
        if (!dir.getFileName().toString().startsWith(STAGE_PREFIX) || Files.exists(dir.resolve("host"))) {
            return false;
        }
        try {
            Instant made = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
            return made.isAfter(Instant.now().minus(STAGE_GRACE));
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * The live sessions of every host of the instance, as the leftovers janitor sees them: a process is a live
     * session's when it is in the cgroup of a session whose host runs; each question is answered from the system at
     * the moment it is asked. The session's directory and host record exist before its cgroup, and its processes enter
     * the cgroup before they switch to a sandbox account, so a session that is starting is live too.
     */
    public LiveSessions liveSessions(Instance instance, ProcessContainers containers) {
        return new LiveSessions() {
            @Override
            public boolean owns(int pid) {
                return containers.sessionOf(pid).filter(id -> alive(instance.sessionsDir().resolve(id))).isPresent();
            }

            @Override
            public Set<Path> directories() {
                Set<Path> dirs = new java.util.HashSet<>();
                liveIds(instance).forEach(id -> dirs.add(instance.sessionsDir().resolve(id)));
                return dirs;
            }
        };
    }

    /** The ids of the instance's sessions whose host runs now, read from disk at the moment of the call. */
    public Set<String> liveIds(Instance instance) {
        Set<String> ids = new TreeSet<>();
        Path dir = instance.sessionsDir();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return ids;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(this::alive)
                    .forEach(p -> ids.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw dev.cordon.core.CordonException.internal("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        return ids;
    }
}
