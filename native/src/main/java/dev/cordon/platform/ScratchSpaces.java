package dev.cordon.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * The sessions' bounded scratch directories (HOME, TMPDIR). Linux: tmpfs mounts with source {@code cordon-scratch}
 * ({@code platform.linux.ScratchMounts}); Windows: a per-session VHD or an NTFS quota on the session's directory
 * ({@code CreateVirtualDisk} / {@code IDiskQuotaControl}).
 */
public interface ScratchSpaces {
    /** The scratch spaces at or below {@code root}. */
    List<Path> under(Path root);

    /** Takes every scratch space at or below {@code root} off (never through a symlink); returns what was removed. */
    List<Path> removeAllUnder(Path root);
}
