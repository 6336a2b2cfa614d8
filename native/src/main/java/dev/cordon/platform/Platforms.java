package dev.cordon.platform;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks each OS implementation once, at start-up (like OSHI's {@code SystemInfo}). The implementations register as
 * {@link PlatformProvider}s ({@code META-INF/services}), so this factory names no OS package and the seam's interfaces
 * never depend on what implements them (no {@code platform <-> platform.linux} cycle).
 */
public final class Platforms {
    private Platforms() {
    }

    /** The backend's platform (accounts, firewall, vault, processes, …) for this OS. */
    public static Platform detect(Instance instance) {
        return provider().orElseThrow(Platforms::unsupported).create(instance);
    }

    /**
     * How this runner starts its commands. Applies the runner's own protections first ({@code privateMemory},
     * {@code ownKeyring}), before any command's environment or secret reaches its memory.
     */
    public static ConfinedCommands confinedCommands(CommandConfinement confinement) throws IOException {
        return confiningProvider().confinedCommands(confinement);
    }

    /**
     * As {@link #confinedCommands(CommandConfinement)}, taking over what {@link #prepareContainer} made ahead of the
     * hello; refused when that was made for another container than {@code confinement}'s.
     */
    public static ConfinedCommands confinedCommands(CommandConfinement confinement, PreparedContainer prepared)
            throws IOException {
        return confiningProvider().confinedCommands(confinement, prepared);
    }

    /**
     * What this runner makes of its session's process container {@code container} (null: none named) before its
     * hello: the part of its confinement that depends on that container alone (on Linux its own leaf cgroup and the
     * spawn path's probe), so that a runner prepared before its session is asked for has it done while it waits.
     */
    public static PreparedContainer prepareContainer(Path container) throws IOException {
        return confiningProvider().prepareContainer(container);
    }

    private static PlatformProvider confiningProvider() {
        Optional<PlatformProvider> provider = provider();
        if (provider.isEmpty()) {
            throw new CordonException(ExitCode.UNAVAILABLE, "The runner starts confined commands on Linux and Windows; "
                    + "running on " + System.getProperty("os.name") + ".", "Run Cordon on Linux or Windows.");
        }
        return provider.get();
    }

    /**
     * Initializes what the command path probes, without confining, spawning or touching a container, and names the
     * classes it uses later (to be loaded, not initialized): the runner's class-data archive is made from this.
     */
    public static List<String> preloadConfinedCommands() {
        return provider().map(PlatformProvider::preloadConfinedCommands).orElse(List.of());
    }

    private static Optional<PlatformProvider> provider() {
        String os = osName();
        for (PlatformProvider provider : ServiceLoader.load(PlatformProvider.class, Platforms.class.getClassLoader())) {
            if (provider.supports(os)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    private static String osName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }

    private static CordonException unsupported() {
        return new CordonException(ExitCode.UNAVAILABLE, "Unsupported operating system: " + osName() + ".",
                "Cordon runs on Linux and Windows.");
    }
}
