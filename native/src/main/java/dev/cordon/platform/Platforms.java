package dev.cordon.platform;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.spawn.LinuxConfinedCommands;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** The one class above the seam that names the OS packages: it picks each implementation once, at start-up. */
public final class Platforms {
    private Platforms() {
    }

    /**
     * How this runner starts its commands. Applies the runner's own protections first ({@code privateMemory},
     * {@code ownKeyring}), before any command's environment or secret reaches its memory.
     */
    public static ConfinedCommands confinedCommands(CommandConfinement confinement) throws IOException {
        if (linux()) {
            return LinuxConfinedCommands.create(confinement);
        }
        throw new CordonException(ExitCode.UNAVAILABLE, "The runner starts confined commands on Linux only in this "
                + "build; running on " + System.getProperty("os.name") + ".",
                "Run Cordon on Linux for now; see docs/architecture.md for the Windows plan.");
    }

    /**
     * Initializes what the command path probes, without confining, spawning or touching a container, and names the
     * classes it uses later (to be loaded, not initialized): the runner's class-data archive is made from this.
     */
    public static List<String> preloadConfinedCommands() {
        return linux() ? LinuxConfinedCommands.preload() : List.of();
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }
}
