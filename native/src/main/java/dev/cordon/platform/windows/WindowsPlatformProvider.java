package dev.cordon.platform.windows;

import dev.cordon.core.Instance;
import dev.cordon.platform.CommandConfinement;
import dev.cordon.platform.ConfinedCommands;
import dev.cordon.platform.Platform;
import dev.cordon.platform.PlatformProvider;

import java.util.List;

/** Registers Windows's implementations with {@code Platforms} (META-INF/services). */
public final class WindowsPlatformProvider implements PlatformProvider {
    @Override
    public boolean supports(String osName) {
        return osName.startsWith("windows");
    }

    @Override
    public Platform create(Instance instance) {
        return new WindowsPlatform(instance);
    }

    /** No runner starts on Windows in this build: the host refuses sessions before one could. */
    @Override
    public ConfinedCommands confinedCommands(CommandConfinement confinement) {
        throw NotInThisBuild.unavailable("Starting confined commands on Windows (restricted tokens, job objects)",
                WindowsPlatform.SESSIONS_ISSUE);
    }

    @Override
    public List<String> preloadConfinedCommands() {
        return List.of();
    }
}
