package dev.cordon.platform.linux;

import com.sun.jna.platform.unix.LibC;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.Instance;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Capability;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.HostTransport;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.platform.OpaqueMount;
import dev.cordon.platform.Platform;
import dev.cordon.platform.LeftoverSources;
import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.ProcessStarts;
import dev.cordon.platform.ProcessTable;
import dev.cordon.platform.RequiredTool;
import dev.cordon.platform.ScratchSpaces;
import dev.cordon.platform.RunnerLauncher;
import dev.cordon.platform.linux.cgroup.CgroupContainers;
import dev.cordon.platform.SecretProtector;
import dev.cordon.platform.linux.cgroup.SessionCgroups;
import dev.cordon.platform.linux.confine.ConfinedLauncher;
import dev.cordon.platform.linux.mount.OpaqueMounts;
import dev.cordon.platform.linux.spawn.CgroupSpawner;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.MountInfo;
import dev.cordon.platform.linux.sys.OwnedFd;
import dev.cordon.platform.Terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Linux: shadow-utils accounts, one nftables table, AES-GCM host key, setpriv probes. */
public final class LinuxPlatform implements Platform {
    private final Accounts accounts = new LinuxAccounts();
    private final Firewall firewall = new NftFirewall();
    private final SecretProtector protector;
    private final NetworkProbe probe = new LinuxNetworkProbe(accounts);
    private static final LeftoverSources LEFTOVER_SOURCES = new LinuxLeftoverSources();
    private final HostTransport transport = new UnixSocketTransport();
    private final ScratchSpaces scratch = new LinuxScratchSpaces();
    private final FileSecurity fileSecurity = new PosixFileSecurity();
    private final Terminal terminal = new LinuxTerminal();
    private final ProcessContainers containers;
    private final RunnerLauncher launcher = new LinuxRunnerLauncher();
    private final ProcessStarts starts = new ProcStatStarts();
    private ProcessTable processTable;

    private final Instance instance;

    public LinuxPlatform(Instance instance) {
        this.instance = instance;
        this.protector = new HostKeyProtector(instance.hostKeyFile());
        this.containers = new CgroupContainers(instance.stateDir().getFileName().toString());
    }

    @Override
    public String os() {
        return "linux";
    }

    @Override
    public Accounts accounts() {
        return accounts;
    }

    @Override
    public Firewall firewall() {
        return firewall;
    }

    @Override
    public SecretProtector protector() {
        return protector;
    }

    @Override
    public NetworkProbe networkProbe() {
        return probe;
    }

    @Override
    public FileSecurity fileSecurity() {
        return fileSecurity;
    }

    @Override
    public ScratchSpaces scratchSpaces() {
        return scratch;
    }

    /** nftables for the firewall, shadow-utils for the accounts, util-linux's setpriv to start runners and probes. */
    @Override
    public List<RequiredTool> requiredTools() {
        return List.of(tool("nft", "nftables"), tool("useradd", "passwd"), tool("setpriv", "util-linux"));
    }

    private static RequiredTool tool(String name, String debianPackage) {
        return new RequiredTool(name, Exec.searchPath(), "apt-get install " + debianPackage, Exec.which(name));
    }

    @Override
    public HostTransport hostTransport() {
        return transport;
    }

    @Override
    public Terminal terminal() {
        return terminal;
    }

    /** Created on first use: it loads libc and reads the boot time, which other commands do not need. */
    @Override
    public synchronized ProcessTable processTable() {
        if (processTable == null) {
            processTable = new ProcFsProcessTable();
        }
        return processTable;
    }

    @Override
    public LeftoverSources leftoverSources() {
        return LEFTOVER_SOURCES;
    }

    @Override
    public ProcessContainers sessionContainers() {
        return containers;
    }

    @Override
    public ProcessStarts processStarts() {
        return starts;
    }

    @Override
    public dev.cordon.platform.WorkspaceAccess workspaceAccess() {
        return new WorkspaceGrants(instance, starts);
    }

    @Override
    public RunnerLauncher runnerLauncher() {
        return launcher;
    }

    @Override
    public List<Capability> sandboxCapabilities() {
        List<Capability> out = new ArrayList<>();
        try {
            int abi = ConfinedLauncher.landlockAbi();
            out.add(new Capability("sandbox.landlock", "Landlock (L4 filesystem confinement)", true,
                    "ABI " + abi + (abi >= 6 ? ", signal and abstract-socket scoping on"
                            : "; below 6: commands may signal processes and reach abstract UNIX sockets outside their session"),
                    ""));
        } catch (CordonException e) {
            out.add(new Capability("sandbox.landlock", "Landlock (L4 filesystem confinement)", false,
                    e.getMessage(), e.fix()));
        }
        var cg = SessionCgroups.support();
        out.add(new Capability("sandbox.cgroups", "cgroups (session process trees and limits)",
                cg.supported(), cg.summary(), cg.supported() ? "" : String.join("; ", cg.missing())));
        out.add(spawnPath());
        out.add(workspaceLending());
        return out;
    }

    /**
     * Lending a workspace walks it with {@code openat2(RESOLVE_NO_SYMLINKS)} and sets POSIX ACL attributes through the
     * descriptors: probed for real on a throw-away directory in /var/tmp (the workspace's own filesystem may differ).
     */
    private static Capability workspaceLending() {
        String id = "sandbox.workspace-grants";
        String title = "Workspace lending (descriptor walk, POSIX ACLs)";
        Path probe = null;
        try {
            probe = Files.createTempDirectory(Path.of("/var/tmp"), "cordon-acl-probe-");
            try (PathFd fd = PathFd.open(probe)) {
                int mode = fd.stat().mode();
                PosixAcl acl = PosixAcl.fromMode(mode).with(new PosixAcl.Entry(PosixAcl.GROUP, 65534, 1)).withMaskRecomputed();
                fd.setXattr(PosixAcl.ACCESS, acl.toXattr());
                boolean readBack = fd.xattr(PosixAcl.ACCESS).map(v -> PosixAcl.parse(v).equals(acl)).orElse(false);
                return new Capability(id, title, readBack, readBack ? "openat2 and ACL attributes work (probed in /var/tmp)"
                        : "an ACL set on " + probe + " did not read back", readBack ? ""
                        : "Use a filesystem with POSIX ACLs (ext4, xfs, btrfs, tmpfs) for /var/tmp and workspaces.");
            }
        } catch (IOException | RuntimeException e) {
            return new Capability(id, title, false, String.valueOf(e.getMessage()), "Lending needs openat2 (Linux 5.6+) and a"
                    + " filesystem with POSIX ACLs (ext4, xfs, btrfs, tmpfs); world-writable workspaces work without it.");
        } finally {
            if (probe != null) {
                dev.cordon.core.FileTrees.deleteTree(probe);
            }
        }
    }

    /**
     * Which way session runners will start commands here. Both ways work (so the capability is always available); the
     * evidence tells support staff whether the fast one is in use and, if not, why. As root the kernel is asked for
     * real: a child is started into a throw-away cgroup.
     */
    private Capability spawnPath() {
        String title = "Command start (runner)";
        Optional<String> why = CgroupSpawner.unavailableReason();
        if (why.isEmpty()) {
            why = elevated() ? probeSpawn() : Optional.empty();
        }
        return new Capability("sandbox.spawn", title, true, why.map(w -> "portable: ProcessBuilder, the runner moving "
                        + "itself into each command's cgroup (" + w + ")")
                .orElse("clone3 straight into each command's cgroup (libcordonspawn)"
                        + (elevated() ? ", probed" : ", not probed without root")), "");
    }

    private static Optional<String> probeSpawn() {
        Optional<Path> mount = SessionCgroups.unifiedMount();
        if (mount.isEmpty()) {
            return Optional.of("no cgroup2 mount");
        }
        Path probe = mount.get().resolve("cordon-spawn-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            try (OwnedFd fd = OwnedFd.open(probe, LinuxLibc.O_RDONLY | LinuxLibc.O_DIRECTORY)) {
                return CgroupSpawner.probe(fd.number());
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (java.io.IOException e) {
            return Optional.of("cannot make a probe cgroup: " + e.getMessage());
        }
    }

    /** Nothing beyond the account: {@code useradd --system} makes no home or profile, and there is no hidden list. */
    @Override
    public dev.cordon.platform.AccountExtras accountExtras() {
        return dev.cordon.platform.AccountExtras.NONE;
    }

    @Override
    public List<OpaqueMount> opaqueMounts() {
        return OpaqueMounts.of(MountInfo.current(), Files::exists, OpaqueMounts.Host.current());
    }

    @Override
    public Optional<String> sessionsUnavailable() {
        return Optional.empty();
    }

    /** None here: the panel relaunches itself through pkexec ({@code app.elevation}). */
    @Override
    public Optional<dev.cordon.platform.ElevatedRelauncher> elevatedRelauncher() {
        return Optional.empty();
    }

    /** xdg-open, as the invoking user when the panel runs as root ({@link LinuxFolderOpener}). */
    @Override
    public dev.cordon.platform.FolderOpener folderOpener() {
        boolean root = elevated();
        return new LinuxFolderOpener(System.getenv(), root,
                root ? dev.cordon.platform.InvokingUser.of(System.getenv(), accounts()) : Optional.empty());
    }

    @Override
    public boolean elevated() {
        return LibC.INSTANCE.geteuid() == 0;
    }

    @Override
    public String elevationName() {
        return "root";
    }

    @Override
    public String elevationHint() {
        return "run it as root, e.g. `sudo ./cordon ...`";
    }
}
