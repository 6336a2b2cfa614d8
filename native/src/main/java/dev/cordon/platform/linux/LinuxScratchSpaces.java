package dev.cordon.platform.linux;

import dev.cordon.platform.Group;
import dev.cordon.platform.ScratchSpaces;

import java.nio.file.Path;
import java.util.List;

/** Scratch spaces as tmpfs mounts ({@link ScratchMounts}). */
final class LinuxScratchSpaces implements ScratchSpaces {
    /** Like the session directories around them: root and the group only. */
    private static final int MODE = 0770;

    @Override
    public void bound(Path dir, long sizeBytes, Group group) {
        ScratchMounts.mount(dir, sizeBytes, PosixIds.gid(group), MODE);
    }

    @Override
    public List<Path> under(Path root) {
        return ScratchMounts.under(root);
    }

    @Override
    public List<Path> removeAllUnder(Path root) {
        return ScratchMounts.unmountAllUnder(root);
    }
}
