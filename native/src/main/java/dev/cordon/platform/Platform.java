package dev.cordon.platform;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.linux.LinuxPlatform;

/**
 * The platform seam: one implementation of each OS concern, chosen once at start-up. Everything above it
 * (provisioning, vault, doctor, CLI, panel) is written once.
 */
public interface Platform {
    /** "linux" or "windows". */
    String os();

    Accounts accounts();

    Firewall firewall();

    SecretProtector protector();

    NetworkProbe networkProbe();

    /** One table per platform object, so CPU% in a live view is measured between its snapshots. */
    ProcessTable processTable();

    /** What confines sessions here (Linux: Landlock, cgroups, ACL tools), each checked for real. */
    java.util.List<Capability> sandboxCapabilities();

    /** Whether this process's standard streams are a terminal. */
    Terminal terminal();

    /** True when this process may change the system (root / elevated administrator). */
    boolean elevated();

    /** What "elevated" means here, for messages: "root" or "an elevated administrator". */
    String elevationName();

    /** The command that would relaunch this one elevated, for messages: "sudo" or "Run as administrator". */
    String elevationHint();

    static Platform detect(Instance instance) {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("linux")) {
            return new LinuxPlatform(instance);
        }
        if (os.contains("windows")) {
            throw new CordonException(ExitCode.UNAVAILABLE,
                    "The Windows backend is not part of this build yet: accounts, DPAPI vault and firewall rules "
                            + "are implemented for Linux only.",
                    "Run Cordon on Linux for now; see docs/architecture.md for the Windows plan.");
        }
        throw new CordonException(ExitCode.UNAVAILABLE, "Unsupported operating system: " + os + ".",
                "Cordon runs on Linux (and Windows when its backend lands).");
    }
}
