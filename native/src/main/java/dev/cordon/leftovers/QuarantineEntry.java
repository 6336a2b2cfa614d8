package dev.cordon.leftovers;

import dev.cordon.core.Principal;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One quarantined item, as its manifest ({@code quarantine/<id>/manifest.json}) describes it.
 *
 * @param ownerId        who owned it (uid / SID), {@code owner} its name
 * @param groupId        its group (gid / group SID)
 * @param mode           permission bits in octal, e.g. {@code "0640"}
 * @param payload        where the item lies now ({@code quarantine/<id>/item})
 * @param payloadPresent false when a clean was interrupted between writing the manifest and moving the item:
 *                       such an entry cannot be restored and is removed by a purge
 */
public record QuarantineEntry(String id, Path originalPath, Leftover.Kind kind, Principal ownerId, Principal groupId, String owner,
                              String mode, long sizeBytes, Instant modifiedAt, Instant quarantinedAt, Path payload,
                              boolean payloadPresent) {
}
