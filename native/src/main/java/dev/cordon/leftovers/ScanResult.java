package dev.cordon.leftovers;

import dev.cordon.core.Principal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One scan: what was looked at and what was found.
 *
 * @param sandboxIds  the accounts (uids or SIDs) whose files and processes count as leftovers
 * @param roots       the directories actually walked (missing ones are left out)
 * @param warnings    entries that could not be read (the scan goes on; each names the path and the error)
 */
public record ScanResult(Instant scannedAt, Set<Principal> sandboxIds, List<Path> roots, List<Leftover> items,
                         List<String> warnings) {
    public ScanResult {
        sandboxIds = Set.copyOf(sandboxIds);
        roots = List.copyOf(roots);
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }
}
