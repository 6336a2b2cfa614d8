package dev.cordon.platform;

import dev.cordon.core.Instance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One operating system's implementation of the seam, found by {@link Platforms} through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.cordon.platform.PlatformProvider}), so nothing above the seam names an OS package.
 */
public interface PlatformProvider {
    /** True when this implementation is for the OS named {@code osName} (the {@code os.name} property, lower case). */
    boolean supports(String osName);

    /** The backend's platform. */
    Platform create(Instance instance);

    /** See {@link Platforms#confinedCommands}. */
    ConfinedCommands confinedCommands(CommandConfinement confinement) throws IOException;

    /** See {@link Platforms#prepareContainer}: by default nothing is made ahead. */
    default PreparedContainer prepareContainer(Path container) throws IOException {
        return () -> container;
    }

    /** See {@link Platforms#confinedCommands(CommandConfinement, PreparedContainer)}. */
    default ConfinedCommands confinedCommands(CommandConfinement confinement, PreparedContainer prepared)
            throws IOException {
        return confinedCommands(confinement);
    }

    /** See {@link Platforms#preloadConfinedCommands}. */
    List<String> preloadConfinedCommands();
}
