package dev.cordon.app.leftovers;

import dev.cordon.Backend;
import dev.cordon.app.AppSessions;
import dev.cordon.core.CordonException;
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.CleanProgress;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;
import dev.cordon.leftovers.ProfileJanitor;
import dev.cordon.leftovers.PurgeReport;
import dev.cordon.leftovers.QuarantineEntry;
import dev.cordon.leftovers.ScanResult;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link LeftoversService} on the real backend: the janitor of {@code cordon profiles}, except that the processes of
 * the panel's own live sessions are not leftovers (the CLI's janitor knows of no sessions). One janitor per call: it
 * is not thread-safe.
 */
public final class BackendLeftoversService implements LeftoversService {
    private final Backend backend;
    private final AppSessions sessions;

    public BackendLeftoversService(Backend backend, AppSessions sessions) {
        this.backend = backend;
        this.sessions = sessions;
    }

    private ProfileJanitor janitor() {
        return new ProfileJanitor(backend.instance(), this::livePids, backend.audit());
    }

    /** The panel's live sessions' processes; no manager yet means no sessions (and creates none). */
    private Set<Integer> livePids() {
        if (sessions.liveCount() == 0) {
            return Set.of();
        }
        SessionManager manager = sessions.get();
        Set<Integer> pids = new HashSet<>();
        for (SessionInfo s : manager.list()) {
            if (!s.state().live()) {
                continue;
            }
            try {
                manager.pids(s.id()).forEach(p -> pids.add(p.intValue()));
            } catch (CordonException ended) {
                // the session ended between list and pids: it has no processes to protect any more
            }
        }
        return pids;
    }

    @Override
    public ScanResult scan() {
        return janitor().scan();
    }

    @Override
    public List<PlannedAction> plan(List<Leftover> items) {
        return janitor().plan(items);
    }

    @Override
    public List<CleanOutcome> clean(List<Leftover> items, CleanProgress progress) {
        return janitor().clean(items, progress);
    }

    @Override
    public List<QuarantineEntry> quarantine() {
        return janitor().quarantine();
    }

    @Override
    public QuarantineEntry restore(String id) {
        return janitor().restore(id);
    }

    @Override
    public PurgeReport purgeOlderThan(Duration age) {
        return janitor().purgeOlderThan(age);
    }
}
