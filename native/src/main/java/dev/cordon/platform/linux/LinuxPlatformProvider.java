package dev.cordon.platform.linux;

import dev.cordon.core.Instance;
import dev.cordon.platform.CommandConfinement;
import dev.cordon.platform.ConfinedCommands;
import dev.cordon.platform.Platform;
import dev.cordon.platform.PlatformProvider;
import dev.cordon.platform.PreparedContainer;
import dev.cordon.platform.linux.spawn.LinuxConfinedCommands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Registers Linux's implementations with {@code Platforms} (META-INF/services). */
public final class LinuxPlatformProvider implements PlatformProvider {
    @Override
    public boolean supports(String osName) {
        return osName.contains("linux");
    }

    @Override
    public Platform create(Instance instance) {
        return new LinuxPlatform(instance);
    }

    @Override
    public ConfinedCommands confinedCommands(CommandConfinement confinement) throws IOException {
        return LinuxConfinedCommands.create(confinement);
    }

    @Override
    public PreparedContainer prepareContainer(Path container) throws IOException {
        return LinuxConfinedCommands.prepare(container);
    }

    @Override
    public ConfinedCommands confinedCommands(CommandConfinement confinement, PreparedContainer prepared)
            throws IOException {
        return LinuxConfinedCommands.create(confinement, prepared);
    }

    @Override
    public List<String> preloadConfinedCommands() {
        return LinuxConfinedCommands.preload();
    }
}
