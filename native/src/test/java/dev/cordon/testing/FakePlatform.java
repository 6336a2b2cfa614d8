package dev.cordon.testing;

import dev.cordon.platform.Accounts;
import dev.cordon.platform.Capability;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.HostTransport;
import dev.cordon.platform.LeftoverSources;
import dev.cordon.platform.LogonVerifier;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one platform in memory, composed of the small fakes, so what lies above the seam (provisioning, doctor, janitor,
 * sessions, host) is tested without root and without changing the machine. Each fake is a public field to configure
 * and inspect: accounts, firewall, protector, owner-only files, scratch spaces, the tools list, the process table,
 * the session containers and the leftover sources (which scan no roots until {@link FakeLeftoverSources#scanning}).
 * Parts with no fake of their own ({@link #runnerLauncher}, {@link #processStarts}, {@link #hostTransport}) are given by
 * a test with their {@code with…} method, and a call to one that was not given fails naming it; the network probe
 * answers from the fake firewall unless a test gives another. Add a fake part here when a test needs one: a field and
 * its accessor.
 */
public final class FakePlatform implements Platform {
    public final FakeAccounts accounts = new FakeAccounts();
    public final FakeFirewall firewall = new FakeFirewall();
    public final FakeProtector protector = new FakeProtector();
    public final FakeFileSecurity fileSecurity = new FakeFileSecurity();
    public final FakeScratchSpaces scratchSpaces = new FakeScratchSpaces();
    public final List<RequiredTool> tools = new ArrayList<>(List.of(tool("nft", true), tool("useradd", true),
            tool("setpriv", true)));
    public final FakeProcessTable processTable = new FakeProcessTable();
    public final FakeProcessContainers sessionContainers = new FakeProcessContainers();
    public final FakeLeftoverSources leftoverSources = new FakeLeftoverSources(List.of());
    public boolean elevated = true;
    private HostTransport hostTransport;
    private NetworkProbe networkProbe = new FakeNetworkProbe(accounts, firewall);
    private ProcessStarts processStarts;
    private RunnerLauncher runnerLauncher;
    private Accounts otherAccounts;
    private LogonVerifier logonVerifier;

    /** A tool of the fake's list, found in {@code /usr/sbin} or missing. */
    public static RequiredTool tool(String name, boolean present) {
        return new RequiredTool(name, "/usr/sbin, /usr/bin", "apt-get install " + name,
                present ? Optional.of(Path.of("/usr/sbin", name)) : Optional.empty());
    }

    /** Takes {@code name} off the machine. */
    public FakePlatform withoutTool(String name) {
        tools.replaceAll(t -> t.name().equals(name) ? tool(name, false) : t);
        return this;
    }

    /** Another OS's accounts above the same fakes, e.g. Windows' over a recording NetAPI (the {@code accounts} field stays unused). */
    public FakePlatform withAccounts(Accounts accounts) {
        this.otherAccounts = accounts;
        return this;
    }

    public FakePlatform withHostTransport(HostTransport transport) {
        this.hostTransport = transport;
        return this;
    }

    public FakePlatform withNetworkProbe(NetworkProbe probe) {
        this.networkProbe = probe;
        return this;
    }

    public FakePlatform withProcessStarts(ProcessStarts starts) {
        this.processStarts = starts;
        return this;
    }

    /** Sandbox accounts that log on with a password, as on Windows (the doctor then checks their credentials). */
    public FakePlatform withLogonVerifier(LogonVerifier verifier) {
        this.logonVerifier = verifier;
        return this;
    }

    @Override
    public Optional<LogonVerifier> logonVerifier() {
        return Optional.ofNullable(logonVerifier);
    }

    public FakePlatform withRunnerLauncher(RunnerLauncher launcher) {
        this.runnerLauncher = launcher;
        return this;
    }

    private static <T> T given(T part, String name) {
        if (part == null) {
            throw new UnsupportedOperationException("FakePlatform has no " + name + ": give it one with with"
                    + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "(…)");
        }
        return part;
    }

    @Override
    public String os() {
        return "fake";
    }

    @Override
    public Accounts accounts() {
        return otherAccounts != null ? otherAccounts : accounts;
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
        return given(networkProbe, "networkProbe");
    }

    @Override
    public FileSecurity fileSecurity() {
        return fileSecurity;
    }

    @Override
    public ScratchSpaces scratchSpaces() {
        return scratchSpaces;
    }

    @Override
    public List<RequiredTool> requiredTools() {
        return List.copyOf(tools);
    }

    @Override
    public HostTransport hostTransport() {
        return given(hostTransport, "hostTransport");
    }

    /** No workspace is lent on the fake platform: nothing here runs sessions. */
    @Override
    public dev.cordon.platform.WorkspaceAccess workspaceAccess() {
        throw new UnsupportedOperationException("the fake platform lends no workspaces");
    }

    @Override
    public ProcessTable processTable() {
        return processTable;
    }

    @Override
    public LeftoverSources leftoverSources() {
        return leftoverSources;
    }

    @Override
    public ProcessStarts processStarts() {
        return given(processStarts, "processStarts");
    }

    @Override
    public ProcessContainers sessionContainers() {
        return sessionContainers;
    }

    @Override
    public RunnerLauncher runnerLauncher() {
        return given(runnerLauncher, "runnerLauncher");
    }

    @Override
    public List<Capability> sandboxCapabilities() {
        return List.copyOf(capabilities);
    }

    /** What {@link #sandboxCapabilities()} reports: none unless a test adds some. */
    public final List<Capability> capabilities = new ArrayList<>();

    /** What {@link #opaqueMounts()} reports: none unless a test adds some (R70). */
    public final List<dev.cordon.platform.OpaqueMount> opaqueMounts = new ArrayList<>();

    @Override
    public List<dev.cordon.platform.OpaqueMount> opaqueMounts() {
        return List.copyOf(opaqueMounts);
    }

    @Override
    public Terminal terminal() {
        return stream -> false;
    }

    @Override
    public boolean elevated() {
        return elevated;
    }

    /** None unless a test gives Windows-like ones ({@link FakeAccountExtras}). */
    public dev.cordon.platform.AccountExtras accountExtras = dev.cordon.platform.AccountExtras.NONE;

    @Override
    public dev.cordon.platform.AccountExtras accountExtras() {
        return accountExtras;
    }

    @Override
    public java.util.Optional<dev.cordon.platform.ElevatedRelauncher> elevatedRelauncher() {
        return java.util.Optional.empty();
    }

    /** Empty: sessions are available, unless a test says why not (a platform like Windows in this build). */
    public java.util.Optional<String> noSessions = java.util.Optional.empty();

    @Override
    public java.util.Optional<String> sessionsUnavailable() {
        return noSessions;
    }

    @Override
    public String elevationName() {
        return "root";
    }

    @Override
    public String elevationHint() {
        return "run it as root";
    }
}
