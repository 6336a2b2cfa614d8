package dev.cordon.app.leftovers;

import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.CleanProgress;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.PlannedAction;
import dev.cordon.leftovers.PurgeReport;
import dev.cordon.leftovers.QuarantineEntry;
import dev.cordon.leftovers.ScanResult;

import java.time.Duration;
import java.util.List;

/**
 * What the Leftovers page needs from the janitor. Blocking calls: run them through the TaskExecutor. Clean, restore
 * and purge are audited by the janitor itself.
 */
public interface LeftoversService {
    /** Finds leftovers; changes nothing. */
    ScanResult scan();

    /** What {@link #clean} would do with the items: the dry run. */
    List<PlannedAction> plan(List<Leftover> items);

    /**
     * Carries out exactly the plan that was shown (each item rechecked first; a planned skip stays a skip), reporting
     * each item to {@code progress}, stopping when it asks.
     */
    List<CleanOutcome> clean(List<PlannedAction> plan, CleanProgress progress);

    /** Quarantined items, oldest first. */
    List<QuarantineEntry> quarantine();

    /** Moves a quarantined item back; CONFLICT when something is at its path now. */
    QuarantineEntry restore(String id);

    /** Deletes quarantined items quarantined at least {@code age} ago. */
    PurgeReport purgeOlderThan(Duration age);
}
