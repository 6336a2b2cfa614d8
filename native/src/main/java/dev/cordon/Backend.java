package dev.cordon;

import dev.cordon.audit.Actor;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.CordonVersion;
import dev.cordon.core.Instance;
import dev.cordon.doctor.ChannelProbes;
import dev.cordon.doctor.Check;
import dev.cordon.doctor.SandboxProbes;
import dev.cordon.doctor.SocketProbes;
import dev.cordon.runner.ChannelGuard;
import dev.cordon.doctor.Doctor;
import dev.cordon.platform.Platform;
import dev.cordon.platform.Platforms;
import dev.cordon.provision.Failpoints;
import dev.cordon.provision.Provisioner;
import dev.cordon.provision.Residue;
import dev.cordon.session.RuntimeStage;
import dev.cordon.session.SandboxAccounts;
import dev.cordon.session.SessionDirectories;
import dev.cordon.session.SessionGuards;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSecrets;
import dev.cordon.platform.WorkspaceAccess;
import dev.cordon.vault.Vault;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.Leftovers;
import dev.cordon.leftovers.PurgeAllReport;
import dev.cordon.session.SessionHost;
import dev.cordon.session.StaleSessionReaper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The backend services of one instance on one platform, wired once. The CLI and the panel both go through here, so
 * a panel action and its CLI command run the same code.
 */
public final class Backend {
    private final Instance instance;
    private final Platform platform;

    public Backend(Instance instance, Platform platform) {
        this.instance = instance;
        this.platform = platform;
    }

    public static Backend open(Instance instance) {
        return new Backend(instance, Platforms.detect(instance));
    }

    public Instance instance() {
        return instance;
    }

    public Platform platform() {
        return platform;
    }

    public AuditLog audit() {
        return new AuditLog(instance.auditFile(), new Actor(platform.accounts()), platform.fileSecurity());
    }

    public Provisioner provisioner() {
        return provisioner(Failpoints.NONE);
    }

    public Provisioner provisioner(Failpoints failpoints) {
        return new Provisioner(instance, platform, residue(), grants(), failpoints);
    }

    public Vault vault() {
        return new Vault(instance.secretsDir(), platform.protector(), platform.fileSecurity());
    }

    /** The session broker of this process as a host (the CLI as root, `cordon serve`, the panel as root). */
    public SessionManager sessions() {
        return sessions(SessionGuards.ALL);
    }

    /**
     * The session broker with {@code guards}: only tests lower them, to show that a doctor probe then fails or that a
     * bounded git protection search refuses a runner start. Checks first that this process may host sessions.
     */
    public SessionManager sessions(SessionGuards guards) {
        platform.sessionsUnavailable().ifPresent(why -> {
            throw new CordonException(ExitCode.UNAVAILABLE, "Sessions are not available here: " + why,
                    "Use Cordon on Linux for sessions until they land on Windows.");
        });
        SandboxAccounts accounts = new SandboxAccounts(instance, platform.accounts());
        SessionManager.requireHost(instance, platform.elevated(), accounts);
        return new SessionManager(instance, accounts, directories(accounts),
                platform.sessionContainers(), platform.runnerLauncher(), RuntimeStage.prepare(instance, platform.fileSecurity()),
                grants(),
                SessionSecrets.of(vault()), audit(), guards);
    }

    public Doctor doctor() {
        return doctor(ChannelGuard.ALL);
    }

    /**
     * The doctor, whose live probes run sessions with only {@code guards} on: tests switch one off to show that its
     * probe then fails. Nothing a user controls (CLI, environment, host requests) leads here with less than all.
     */
    public Doctor doctor(Set<ChannelGuard> guards) {
        SessionGuards only = SessionGuards.ALL.withChannels(guards);
        SandboxProbes channels = new ChannelProbes(platform.elevated(), () -> sessions(only), platform.fileSecurity(),
                platform.terminal(), platform.leftoverSources(), platform.accounts());
        SandboxProbes sockets = new SocketProbes(platform.elevated(), () -> sessions(only), platform.networkProbe(), platform.fileSecurity());
        return new Doctor(instance, platform, residue(), grants(), CordonVersion.current(), () -> {
            List<Check> checks = new ArrayList<>(channels.run());
            checks.addAll(sockets.run());
            return checks;
        });
    }

    /**
     * The leftovers janitor of the CLI, the panel and the doctor: one definition of a leftover, in which the sessions of
     * every live host (their processes, their directories) are never one, and a session whose host is gone is one
     * (reaped whole: cgroup, grants, scratch mounts, directory).
     */
    public Leftovers leftovers() {
        WorkspaceAccess grants = grants();
        return new Leftovers(instance, platform,
                new SessionHost(platform.processStarts()).liveSessions(instance, platform.sessionContainers()),
                new StaleSessionReaper(instance, platform.sessionContainers(), grants,
                        directories(new SandboxAccounts(instance, platform.accounts()))), grants::lentRoots, audit());
    }

    private SessionDirectories directories(SandboxAccounts accounts) {
        return new SessionDirectories(instance, accounts, platform.scratchSpaces(), platform.fileSecurity(),
                new SessionHost(platform.processStarts()));
    }

    private WorkspaceAccess grants() {
        return platform.workspaceAccess();
    }

    /** Uninstall's and the doctor's view of the janitor. */
    public Residue residue() {
        return new Residue() {
            @Override
            public List<String> describe() {
                return leftovers().scan().items().stream().map(Leftover::describe).toList();
            }

            @Override
            public void purge() {
                PurgeAllReport report = leftovers().purgeAll();
                if (!report.clean()) {
                    throw new CordonException(ExitCode.INTERNAL, "Could not remove every leftover of the sandbox accounts: "
                            + String.join("; ", report.failures()) + (report.remaining().isEmpty() ? ""
                            : "; still present: " + report.remaining().stream().map(Leftover::describe).toList())
                            + ". Nothing else was removed.", "Stop what holds them, then run `cordon uninstall` again.");
                }
            }
        };
    }
}
