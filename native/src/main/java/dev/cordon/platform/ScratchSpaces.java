package dev.cordon.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * The sessions' bounded scratch directories (HOME, TMPDIR). Linux: tmpfs mounts with source {@code cordon-scratch}
 * ({@code platform.linux.ScratchMounts}); Windows: a per-session VHD or an NTFS quota on the session's directory
 * ({@code CreateVirtualDisk} / {@code IDiskQuotaControl}).
 */
public interface ScratchSpaces {
    /**
     * {@code dir} (an existing, empty, real directory) gets {@code sizeBytes} of its own, usable by the host and by
     * {@code group} only (Linux: root:group 0770, nosuid, nodev); verified by reading it back. Filling it ends in "no
     * space" inside the session, not in a full disk under the ledger and the audit log.
     */
    void bound(Path dir, long sizeBytes, Group group);

    /** The scratch spaces at or below {@code root}. */
    List<Path> under(Path root);

    /** Takes every scratch space at or below {@code root} off (never through a symlink); returns what was removed. */
    List<Path> removeAllUnder(Path root);
}
