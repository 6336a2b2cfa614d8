package dev.cordon.app.leftovers;

import dev.cordon.Backend;
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.CleanProgress;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;
import dev.cordon.leftovers.Leftovers;
import dev.cordon.leftovers.PurgeReport;
import dev.cordon.leftovers.QuarantineEntry;
import dev.cordon.leftovers.ScanResult;

import java.time.Duration;
import java.util.List;

/**
 * {@link LeftoversService} on the real backend: the janitor of {@code cordon leftovers} and of the doctor, so one
 * definition of a leftover (the sessions of every live host, the panel's own included, are never one). One janitor per
 * call: it is not thread-safe.
 */
public final class BackendLeftoversService implements LeftoversService {
    private final Backend backend;

    public BackendLeftoversService(Backend backend) {
        this.backend = backend;
    }

    private Leftovers janitor() {
        return backend.leftovers();
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
    public List<CleanOutcome> clean(List<PlannedAction> plan, CleanProgress progress) {
        return janitor().apply(plan, progress);
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
