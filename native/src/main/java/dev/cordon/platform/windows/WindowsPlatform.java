package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import dev.cordon.core.Instance;
import dev.cordon.platform.AccountExtras;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Capability;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.HostTransport;
import dev.cordon.platform.LeftoverSources;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.platform.Platform;
import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.ProcessStarts;
import dev.cordon.platform.ProcessTable;
import dev.cordon.platform.RequiredTool;
import dev.cordon.platform.RunnerLauncher;
import dev.cordon.platform.ScratchSpaces;
import dev.cordon.platform.SecretProtector;
import dev.cordon.platform.Terminal;
import dev.cordon.platform.WorkspaceAccess;
import dev.cordon.vault.AccountCredentials;

import java.util.List;
import java.util.Optional;

/**
 * Windows (10 1809+ / Server 2019+ x64): the provisioning half of the backend (issue 10). Each part is the real one when
 * this build has it, else a {@link NotInThisBuild} stand-in that refuses with one sentence naming the part; sessions
 * (runner launch, job objects, workspace lending, scratch, probes as the account) come with the sessions issue, and
 * processes and leftovers (Toolhelp, Restart Manager, TEMP profiles) with the one after it. Nothing here loads a
 * Windows library before it is called, so the composition is tested on Linux too.
 */
public final class WindowsPlatform implements Platform {
    static final String SESSIONS_ISSUE = "the Windows sessions issue";
    static final String PROCESSES_ISSUE = "the Windows processes and leftovers issue";
    /** The sentence `run`, `session` and `serve` refuse with here, and the panel's Sessions page shows. */
    static final String NO_SESSIONS = "this build does not start sandbox sessions on Windows yet (runner launch, job "
            + "objects and workspace lending come with the Windows sessions issue); setup, doctor and uninstall work.";

    private final Instance instance;
    private final Accounts accounts = WindowsAccounts.system();
    private final JnaAccountApi accountApi = new JnaAccountApi();
    private final AccountExtras extras;
    private final Firewall firewall = new WindowsFirewall();
    private final WindowsFileAcl acl = new JnaWindowsFileAcl();
    private final SecretProtector protector;
    private final FileSecurity fileSecurity = new WindowsFileSecurity(acl);
    private final NoSessionsYet noSessions = new NoSessionsYet();
    private final Terminal terminal = new WindowsTerminal();
    private final NetworkProbe networkProbe = NotInThisBuild.part(NetworkProbe.class,
            "Probing the network as a sandbox account on Windows (a process started as the account)", SESSIONS_ISSUE);
    private final HostTransport transport = NotInThisBuild.part(HostTransport.class,
            "The host's named pipe on Windows (`cordon serve`)", SESSIONS_ISSUE);
    private final ProcessContainers containers = NotInThisBuild.part(ProcessContainers.class,
            "Session process containers on Windows (job objects)", SESSIONS_ISSUE);
    private final RunnerLauncher launcher = NotInThisBuild.part(RunnerLauncher.class,
            "Starting session runners on Windows (CreateProcessWithLogonW, restricted tokens)", SESSIONS_ISSUE);
    private final ProcessStarts starts = NotInThisBuild.part(ProcessStarts.class,
            "Process start times on Windows (GetProcessTimes)", SESSIONS_ISSUE);
    private final ProcessTable processes = NotInThisBuild.part(ProcessTable.class,
            "The process table on Windows (Toolhelp32, token owners)", PROCESSES_ISSUE);
    private final LeftoverSources leftovers = NotInThisBuild.part(LeftoverSources.class,
            "Leftover sources on Windows (TEMP profiles, Restart Manager)", PROCESSES_ISSUE);

    public WindowsPlatform(Instance instance) {
        this.instance = instance;
        this.protector = new DpapiProtector(instance.hostKeyFile(), acl);
        RandomPasswords passwords = new RandomPasswords();
        this.extras = new WindowsAccountExtras(accountApi, new JnaProfileApi(), new AccountCredentials(
                instance.credentialsDir(), protector, fileSecurity, new JnaLogonVerifier(), accounts::setPassword,
                passwords::next));
    }

    @Override
    public String os() {
        return "windows";
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

    /** The sandbox accounts' credentials are proven by {@code LogonUserW} (type 2) as each account: {@link JnaLogonVerifier}. */
    @Override
    public Optional<dev.cordon.platform.LogonVerifier> logonVerifier() {
        return Optional.of(new JnaLogonVerifier());
    }

    @Override
    public NetworkProbe networkProbe() {
        return networkProbe;
    }

    @Override
    public FileSecurity fileSecurity() {
        return fileSecurity;
    }

    @Override
    public ScratchSpaces scratchSpaces() {
        return noSessions;
    }

    /** Every call is a Win32 API: no program to look for. */
    @Override
    public List<RequiredTool> requiredTools() {
        return List.of();
    }

    @Override
    public HostTransport hostTransport() {
        return transport;
    }

    @Override
    public ProcessTable processTable() {
        return processes;
    }

    @Override
    public LeftoverSources leftoverSources() {
        return leftovers;
    }

    @Override
    public WorkspaceAccess workspaceAccess() {
        return noSessions;
    }

    @Override
    public ProcessStarts processStarts() {
        return starts;
    }

    @Override
    public ProcessContainers sessionContainers() {
        return containers;
    }

    @Override
    public RunnerLauncher runnerLauncher() {
        return launcher;
    }

    /** The doctor's Windows checks: Secondary Logon, the accounts' profiles; what this build cannot see, not verified. */
    @Override
    public List<Capability> sandboxCapabilities() {
        return WindowsChecks.all(new JnaWindowsFacts(accountApi, instance.sandboxAccounts()));
    }

    @Override
    public Terminal terminal() {
        return terminal;
    }

    @Override
    public AccountExtras accountExtras() {
        return extras;
    }

    @Override
    public Optional<String> sessionsUnavailable() {
        return Optional.of(NO_SESSIONS);
    }

    /** The token's elevation ({@code TokenElevation}): an administrator without "Run as administrator" is not. */
    /** The UAC prompt ({@code ShellExecuteExW} "runas"). */
    @Override
    public Optional<dev.cordon.platform.ElevatedRelauncher> elevatedRelauncher() {
        return Optional.of(ShellRunas.system());
    }

    @Override
    public boolean elevated() {
        return Advapi32Util.isCurrentProcessElevated();
    }

    @Override
    public String elevationName() {
        return "an elevated administrator";
    }

    @Override
    public String elevationHint() {
        return "run it from an elevated prompt (right-click the terminal, Run as administrator)";
    }

    Instance instance() {
        return instance;
    }
}
