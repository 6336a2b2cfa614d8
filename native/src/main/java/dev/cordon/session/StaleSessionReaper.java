package dev.cordon.session;

import dev.cordon.platform.WorkspaceAccess;
import dev.cordon.platform.HostIdentity;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.leftovers.StaleSessions;
import dev.cordon.platform.ProcessContainers;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sessions of hosts that are gone, for the leftovers janitor: found from the session directories and their host
 * records, reaped one at a time the way {@link SessionManager#reapStale} reaps them all at a host's start.
 */
public final class StaleSessionReaper implements StaleSessions {
    private final Instance instance;
    private final ProcessContainers containers;
    private final WorkspaceAccess grants;
    private final SessionDirectories directories;

    public StaleSessionReaper(Instance instance, ProcessContainers containers, WorkspaceAccess grants,
                              SessionDirectories directories) {
        this.instance = instance;
        this.containers = containers;
        this.grants = grants;
        this.directories = directories;
    }

    @Override
    public List<StaleSession> find() {
        List<StaleSession> out = new ArrayList<>();
        Path sessions = instance.sessionsDir();
        if (!Files.isDirectory(sessions, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(sessions)) {
            dirs = s.toList();
        } catch (IOException e) {
            throw CordonException.internal("Cannot list " + sessions + ": " + e.getMessage(), e);
        }
        for (Path dir : dirs) {
            if (!stale(dir)) {
                continue;
            }
            List<Path> mounts = directories.scratchUnder(dir);
            long bytes = 0;
            for (Path m : mounts) {
                bytes += used(m);
            }
            Instant since;
            try {
                since = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
            } catch (IOException gone) {
                continue; // reaped meanwhile
            }
            out.add(new StaleSession(dir.getFileName().toString(), dir, hostOf(dir), mounts, bytes, since));
        }
        return out;
    }

    private boolean stale(Path dir) {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !directories.hostAlive(dir)
                && !SessionHost.beingCreated(dir);
    }

    private static String hostOf(Path dir) {
        try {
            return HostIdentity.parse(Files.readString(dir.resolve("host")))
                    .map(h -> "host pid " + h.pid() + " started " + h.start() + ", gone").orElse("an unreadable host record");
        } catch (IOException e) {
            return "no host record";
        }
    }

    private static long used(Path mount) {
        try {
            FileStore store = Files.getFileStore(mount);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            return 0; // unmounted meanwhile
        }
    }

    @Override
    public boolean reap(String sessionId) {
        Path dir = instance.sessionsDir().resolve(sessionId);
        if (!dir.getParent().equals(instance.sessionsDir()) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!stale(dir)) {
            throw new CordonException(ExitCode.CONFLICT, "Session " + sessionId + " has a live host again; left alone.",
                    "Scan again.");
        }
        if (!sessionId.startsWith(".")) {
            containers.reap(sessionId);
        }
        grants.giveBack(sessionId);
        directories.remove(dir);
        return true;
    }
}
