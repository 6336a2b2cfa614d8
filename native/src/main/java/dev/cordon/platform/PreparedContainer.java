package dev.cordon.platform;

import java.nio.file.Path;

/**
 * What a runner made of its session's process container before its hello ({@link Platforms#prepareContainer}): the
 * part of its confinement that depends on that container alone, taken over by {@link Platforms#confinedCommands(
 * CommandConfinement, PreparedContainer)} once the hello names the same container.
 */
public interface PreparedContainer {
    /** The container it was made for; null when none was named (then nothing was made ahead). */
    Path container();
}
