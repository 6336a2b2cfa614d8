package dev.cordon.platform.linux;

import dev.cordon.platform.ScratchSpaces;

import java.nio.file.Path;
import java.util.List;

/** Scratch spaces as tmpfs mounts ({@link ScratchMounts}). */
final class LinuxScratchSpaces implements ScratchSpaces {
    @Override
    public List<Path> under(Path root) {
        return ScratchMounts.under(root);
    }

    @Override
    public List<Path> removeAllUnder(Path root) {
        return ScratchMounts.unmountAllUnder(root);
    }
}
