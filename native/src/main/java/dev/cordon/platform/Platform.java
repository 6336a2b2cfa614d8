package dev.cordon.platform;

/**
 * The platform seam: one implementation of each OS concern, chosen once at start-up. Everything above it
 * (provisioning, vault, doctor, CLI, panel) is written once. {@link Platforms#detect} picks the implementation.
 */
public interface Platform {
    /** "linux" or "windows". */
    String os();

    Accounts accounts();

    Firewall firewall();

    SecretProtector protector();

    NetworkProbe networkProbe();

    /** Who may read and change Cordon's own files. */
    FileSecurity fileSecurity();

    /** The sessions' bounded scratch directories. */
    ScratchSpaces scratchSpaces();

    /** The OS programs this platform calls, each looked up now: setup refuses and the doctor fails when one is missing. */
    java.util.List<RequiredTool> requiredTools();

    /** The host's local endpoint and its peers' identity. */
    HostTransport hostTransport();

    /** One table per platform object, so CPU% in a live view is measured between its snapshots. */
    ProcessTable processTable();

    /** Where the sandbox accounts leave things behind outside their sessions. */
    LeftoverSources leftoverSources();

    /**
     * Lending workspaces to sessions and giving them back (Linux: POSIX ACLs for a per-session group, by descriptor
     * walks; Windows: ACEs for a per-session capability SID).
     */
    WorkspaceAccess workspaceAccess();

    /** When processes started, as records that name a host keep it (Linux: boot id and start ticks). */
    ProcessStarts processStarts();

    /** The process containers of this instance's sessions (Linux: cgroups; Windows: job objects). */
    ProcessContainers sessionContainers();

    /** Starts sessions' runners from their declared launch (Linux: cgroup, mount namespace, setpriv). */
    RunnerLauncher runnerLauncher();

    /** What setup makes for each sandbox account beyond the account (Windows: profile, hidden-user value, rights). */
    AccountExtras accountExtras();

    /** What confines sessions here (Linux: Landlock, cgroups, ACL tools), each checked for real. */
    java.util.List<Capability> sandboxCapabilities();

    /**
     * Proves the sandbox accounts' passwords by a logon now, where sessions start through a password logon (Windows:
     * {@code LogonUserW}); empty where the accounts have no password (Linux), and then there is no credential to check.
     */
    default java.util.Optional<LogonVerifier> logonVerifier() {
        return java.util.Optional.empty();
    }

    /**
     * The mounts of this host whose content Cordon cannot judge from its mount table (R70: FUSE mounts others may read
     * whose source is not the path they show, network mounts served by this host), for the doctor.
     *
     * @throws dev.cordon.core.CordonException {@code UNAVAILABLE} where this build reads no mount table
     */
    default java.util.List<OpaqueMount> opaqueMounts() {
        throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.UNAVAILABLE, "this build reads no mount"
                + " table on " + os(), "");
    }

    /** Whether this process's standard streams are a terminal. */
    Terminal terminal();

    /**
     * Why this build cannot host sessions on this OS, as one sentence, or empty when it can. {@code run}, {@code session}
     * and {@code serve} refuse with it before doing anything, and the panel's Sessions page shows it.
     */
    java.util.Optional<String> sessionsUnavailable();

    /** How the panel starts itself again elevated, when the OS offers a prompt for it (Windows: UAC). */
    java.util.Optional<ElevatedRelauncher> elevatedRelauncher();

    /** Opens a folder in the desktop's file manager as the person at the desktop, never as an elevated account. */
    default FolderOpener folderOpener() {
        return FolderOpener.unavailable(os());
    }

    /** True when this process may change the system (root / elevated administrator). */
    boolean elevated();

    /** What "elevated" means here, for messages: "root" or "an elevated administrator". */
    String elevationName();

    /** The command that would relaunch this one elevated, for messages: "sudo" or "Run as administrator". */
    String elevationHint();
}
