package dev.cordon.platform.linux.confine;

import java.nio.file.Path;

/** One {@code LANDLOCK_RULE_PATH_BENEATH}: {@code access} allowed on {@code path} and, for a directory, beneath it. */
public record LandlockRule(Path path, long access) {
}
