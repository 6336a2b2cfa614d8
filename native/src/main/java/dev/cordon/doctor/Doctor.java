package dev.cordon.doctor;

import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.Group;
import dev.cordon.platform.NetworkProbe;
import dev.cordon.platform.NetworkProbe.Attempt;
import dev.cordon.platform.NetworkProbe.Protocol;
import dev.cordon.platform.NetworkProbe.Target;
import dev.cordon.platform.Platform;
import dev.cordon.platform.RequiredTool;
import dev.cordon.provision.Change;
import dev.cordon.provision.Ledger;
import dev.cordon.provision.Provisioner;
import dev.cordon.platform.LentWorkspaces;
import dev.cordon.platform.LogonVerifier;
import dev.cordon.provision.Residue;
import dev.cordon.vault.AccountCredentials;
import dev.cordon.vault.CredentialState;
import dev.cordon.vault.CredentialStatus;
import dev.cordon.vault.Vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Checks reality, not configuration: besides reading back accounts, vault and firewall, it proves the firewall by
 * trying TCP and UDP to listeners of its own on 127.0.0.1 and ::1 as the offline account (must be refused, except
 * allowed proxy ports) and as the online account (must get through); and proves the local-channel guards by trying
 * their attacks in a real session ({@link SandboxProbes}).
 */
public final class Doctor {
    private final String setupFix;
    /** What a check says when this build cannot make it here: never a pass. */
    public static final String NOT_VERIFIED = "not verified on this machine";
    /** What a row of a channel the firewall's rules do not stop says ({@code Firewall.notCovered}): never a pass. */
    public static final String NOT_COVERED = "not covered";

    private final Instance instance;
    private final Platform platform;
    private final Residue residue;
    private final String version;
    private final SandboxProbes sandboxProbes;
    private final LentWorkspaces lent;

    public Doctor(Instance instance, Platform platform, Residue residue, LentWorkspaces lent, String version,
                  SandboxProbes sandboxProbes) {
        this.lent = lent;
        this.instance = instance;
        this.platform = platform;
        this.residue = residue;
        this.version = version;
        this.sandboxProbes = sandboxProbes;
        this.setupFix = "Run `cordon setup` (as " + platform.elevationName() + ") to create or repair it.";
    }

    /** Runs every check in order; {@code progress} receives each check as it completes. */
    public DoctorReport run(Consumer<Check> progress) {
        List<Check> checks = new ArrayList<>();
        Consumer<Check> add = c -> {
            checks.add(c);
            progress.accept(c);
        };
        add.accept(platform.elevated() ? Check.pass("host.elevated", "Running elevated", "effective user is "
                + platform.elevationName()) : Check.fail("host.elevated", "Running elevated", "not "
                + platform.elevationName(), platform.elevationHint()));
        platform.requiredTools().forEach(t -> add.accept(tool(t)));
        for (var cap : platform.sandboxCapabilities()) {
            add.accept(!cap.verified() ? Check.skip(cap.id(), cap.title(), NOT_VERIFIED + ": " + cap.evidence(), cap.fix())
                    : cap.available() ? Check.pass(cap.id(), cap.title(), cap.evidence())
                    : Check.fail(cap.id(), cap.title(), cap.evidence(), cap.fix()));
        }

        Ledger ledger = null;
        try {
            ledger = Ledger.open(instance.ledgerFile());
            add.accept(ledger.exists()
                    ? Check.pass("ledger.integrity", "Ledger intact", ledger.entries().size() + " entries, hash chain verified")
                    : Check.fail("ledger.integrity", "Ledger intact", "no ledger at " + instance.ledgerFile(), setupFix));
        } catch (CordonException e) {
            add.accept(Check.fail("ledger.integrity", "Ledger intact", e.getMessage(), e.fix()));
        }
        add.accept(guarded("statedir.secure", "State directory", this::stateDir));

        Optional<Account> offline = Optional.empty();
        Optional<Account> online = Optional.empty();
        try {
            Optional<Group> group = platform.accounts().group(instance.sandboxGroup());
            add.accept(group.map(g -> Check.pass("group.sandbox.present", "Sandbox group", g.name() + " (" + g.id() + ")"))
                    .orElse(Check.fail("group.sandbox.present", "Sandbox group", "group " + instance.sandboxGroup() + " is missing",
                            setupFix)));
            add.accept(platform.accounts().group(instance.usersGroup())
                    .map(g -> Check.pass("group.users.present", "Host socket group", g.name() + " (" + g.id() + "), members: "
                            + (g.members().isEmpty() ? "none" : String.join(", ", g.members()))))
                    .orElse(Check.fail("group.users.present", "Host socket group", "group " + instance.usersGroup() + " is missing",
                            setupFix)));
            offline = account("offline", instance.offlineAccount(), group, add);
            online = account("online", instance.onlineAccount(), group, add);
        } catch (CordonException e) {
            if (e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            for (String[] c : List.of(new String[]{"group.sandbox.present", "Sandbox group"},
                    new String[]{"group.users.present", "Host socket group"},
                    new String[]{"account.offline.present", "Account " + instance.offlineAccount()},
                    new String[]{"account.online.present", "Account " + instance.onlineAccount()})) {
                add.accept(notVerified(c[0], c[1], e));
            }
        }

        add.accept(platform.protector().keyPresent()
                ? Check.pass("vault.key.present", "Vault key", platform.protector().scheme() + ", id " + platform.protector().keyId())
                : Check.fail("vault.key.present", "Vault key", "no host key at " + instance.hostKeyFile(), setupFix));
        add.accept(secrets());
        Optional<LogonVerifier> logons = platform.logonVerifier();
        if (logons.isPresent()) {
            AccountCredentials credentials = AccountCredentials.reader(instance.credentialsDir(), platform.protector(),
                    logons.get());
            add.accept(credential(credentials, "offline", instance.offlineAccount(), offline.isPresent()));
            add.accept(credential(credentials, "online", instance.onlineAccount(), online.isPresent()));
        }

        Optional<FirewallSpec> expected = Optional.empty();
        if (ledger != null && offline.isPresent()) {
            List<Integer> ports = Provisioner.allowedLoopbackPorts(ledger, instance);
            expected = Optional.of(new FirewallSpec(instance.firewallTable(), offline.get().id(), ports));
        }
        Optional<FirewallSpec> spec = expected;
        add.accept(guarded("firewall.table.present", firewallTitle(), () -> firewallTable(spec)));
        notCovered().forEach(add);
        if (offline.isPresent() && expected.isPresent()) {
            Account off = offline.get();
            add.accept(guarded("firewall.offline.proven", "Offline account cut off (live probe)", () -> offlineProbe(off)));
            add.accept(guarded("firewall.offline.proxy", "Allowed proxy ports reachable (live probe)",
                    () -> proxyProbe(off, spec.get().allowedLoopbackPorts())));
        } else {
            add.accept(Check.skip("firewall.offline.proven", "Offline account cut off (live probe)",
                    "cannot probe: the offline account or its firewall record is missing", setupFix));
            add.accept(Check.skip("firewall.offline.proxy", "Allowed proxy ports reachable (live probe)",
                    "cannot probe: the offline account or its firewall record is missing", setupFix));
        }
        add.accept(online.map(a -> guarded("network.online.proven", "Online account reaches the network (live probe)",
                () -> onlineProbe(a))).orElse(Check.skip("network.online.proven",
                "Online account reaches the network (live probe)", "cannot probe: the online account is missing", setupFix)));
        // before the leftovers check, which then also shows that the probe session left nothing behind
        Optional<String> noSessions = platform.sessionsUnavailable();
        sandboxProbes.run().stream().map(c -> noSessions.map(why -> Check.skip(c.id(), c.title(), NOT_VERIFIED
                + ": " + why, "")).orElse(c)).forEach(add);
        add.accept(guarded(MountsCheck.ID, MountsCheck.TITLE, this::mounts));
        // after the probes: their session starts retried what crashed hosts held
        add.accept(guarded("sandbox.workspace-grants.records", "Every lent workspace given back", this::workspaceGrantRecords));
        add.accept(guarded("sandbox.workspace-grants.identity", "Every lent workspace known by more than inode numbers",
                this::workspaceGrantIdentity));
        add.accept(guarded("leftovers.none", "No leftovers of the sandbox accounts", this::leftovers));
        return new DoctorReport(instance.name(), Instant.now().toString(), version, platform.os(), List.copyOf(checks));
    }

    /** {@code check}, or "not verified on this machine" when a part it needs is not in this build here. */
    private static Check guarded(String id, String title, java.util.function.Supplier<Check> check) {
        try {
            return check.get();
        } catch (CordonException e) {
            if (e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            return notVerified(id, title, e);
        }
    }

    private static Check notVerified(String id, String title, CordonException unavailable) {
        return Check.skip(id, title, NOT_VERIFIED + ": " + unavailable.getMessage(), unavailable.fix());
    }

    private static Check tool(RequiredTool tool) {
        String id = "tools." + tool.name();
        return tool.path().map(p -> Check.pass(id, "Tool " + tool.name(), p.toString()))
                .orElse(Check.fail(id, "Tool " + tool.name(), tool.name() + " not found in the system directories",
                        "Install it: `" + tool.install() + "`."));
    }

    private Check stateDir() {
        String id = "statedir.secure";
        String title = "State directory";
        FileSecurity.DirectoryAccess access = platform.fileSecurity().stateDirectory(instance.stateDir());
        if (!access.exists()) {
            return Check.fail(id, title, instance.stateDir() + " does not exist", setupFix);
        }
        if (access.secure()) {
            return Check.pass(id, title, instance.stateDir() + " " + access.description());
        }
        return Check.fail(id, title, instance.stateDir() + " " + access.description(),
                "Run `cordon setup` to make it " + platform.fileSecurity().stateDirectoryPolicy() + " again.");
    }

    private Optional<Account> account(String role, String name, Optional<Group> group, Consumer<Check> add) {
        Optional<Account> a = platform.accounts().user(name);
        String present = "account." + role + ".present";
        String posture = "account." + role + ".posture";
        if (a.isEmpty()) {
            add.accept(Check.fail(present, "Account " + name, "account " + name + " does not exist", setupFix));
            add.accept(Check.skip(posture, "Credential posture of " + name, "account missing", setupFix));
            return a;
        }
        Account acc = a.get();
        if (group.isPresent() && !platform.accounts().hasPrimaryGroup(acc, group.get())) {
            add.accept(Check.fail(present, "Account " + name, name + " (" + acc.id() + ") is not in "
                    + instance.sandboxGroup(), setupFix));
        } else {
            add.accept(Check.pass(present, "Account " + name, name + " (" + acc.id() + ", " + acc.primaryGroup() + ")"));
        }
        AccountPosture p = platform.accounts().posture(acc);
        add.accept(p.ok()
                ? Check.pass(posture, "Credential posture of " + name, p.evidence())
                : Check.fail(posture, "Credential posture of " + name, String.join("; ", p.findings()),
                "Run `cordon setup` to lock it down again, and find out who changed it (`cordon audit`)."));
        return a;
    }

    private Check secrets() {
        String id = "vault.secrets";
        String title = "Sealed secrets readable";
        if (!platform.protector().keyPresent()) {
            return Check.skip(id, title, "no vault key", setupFix);
        }
        List<Vault.SecretStatus> all = new Vault(instance.secretsDir(), platform.protector()).list(true);
        List<String> bad = all.stream().filter(s -> s.state() != Vault.State.VERIFIED)
                .map(s -> s.name() + ": " + s.detail()).toList();
        if (bad.isEmpty()) {
            return Check.pass(id, title, all.isEmpty() ? "no secrets stored" : all.size() + " secret(s) verified by unsealing");
        }
        return Check.fail(id, title, String.join("; ", bad), "Set each again with `cordon secret set NAME` (value on stdin).");
    }

    /** The account's sealed password, proven by a logon now (only where accounts log on with one: Windows). */
    private Check credential(AccountCredentials credentials, String role, String name, boolean present) {
        String id = "vault.credential." + role;
        String title = "Credential of " + name;
        if (!present) {
            return Check.skip(id, title, "cannot log on: the account is missing or could not be read", setupFix);
        }
        CredentialStatus s = credentials.status(name, true);
        String pending = s.rotationPending() ? "; a password rotation is pending" : "";
        if (s.verified() && !s.rotationPending()) {
            return Check.pass(id, title, "verified: the sealed password logged " + name + " on now");
        }
        if (s.state() instanceof CredentialState.Sealed) {
            return Check.fail(id, title, s.state().name() + ": " + s.state().detail() + pending,
                    "Make the account usable again (the reason is above), then run `cordon setup` elevated.");
        }
        return Check.fail(id, title, s.state().name() + ": " + s.state().detail() + pending,
                "Run `cordon setup` elevated: it settles a pending rotation, or sets a new password and seals it.");
    }

    private String firewallTitle() {
        return "Firewall: " + platform.firewall().describe(instance.firewallTable());
    }

    /**
     * What the offline account's rules do not stop (Windows: the DNS Client service, ICMP, the SMB/WebDAV redirectors),
     * each a row of its own that never passes: the doctor cannot make a per-user rule cover it.
     */
    private List<Check> notCovered() {
        return platform.firewall().notCovered().stream().map(u -> Check.skip(u.id(), "Not covered by the firewall: "
                + u.channel(), NOT_COVERED + ": " + u.why(), "Cordon installs no filter for this (no WFP filters in this "
                + "build): treat " + u.channel() + " as reachable from an offline session, and keep secrets out of "
                + "what it can send there.")).toList();
    }

    private Check firewallTable(Optional<FirewallSpec> expected) {
        String id = "firewall.table.present";
        String title = firewallTitle();
        String rules = platform.firewall().describe(instance.firewallTable());
        FirewallState state = platform.firewall().read(instance.firewallTable());
        if (state.ineffective().isPresent()) {
            // written or not, rules the OS does not enforce protect nothing: say why, and what fixes it
            FirewallState.Ineffective why = state.ineffective().get();
            return Check.fail(id, title, (state.present() ? "present but not in effect: " : "not in effect: ")
                    + why.reason(), why.fix());
        }
        if (!state.present()) {
            return Check.fail(id, title, rules + " is missing", setupFix);
        }
        if (expected.isEmpty()) {
            return Check.fail(id, title, "present, but the offline account or the ledger record is missing", setupFix);
        }
        if (!state.matches(expected.get())) {
            return Check.fail(id, title, "does not match the ledger: " + String.join("; ", state.problems()) + " read back "
                    + state.spec().map(Object::toString).orElse("nothing"), setupFix);
        }
        return Check.pass(id, title, "cuts off " + expected.get().offline() + ", loopback TCP allowed: "
                + expected.get().allowedLoopbackPorts());
    }

    private static List<Target> loopbackTargets() {
        List<Target> t = new ArrayList<>();
        for (Protocol p : NetworkProbe.FIREWALL_PROTOCOLS) {
            t.add(new Target(p, "127.0.0.1", 0));
            t.add(new Target(p, "::1", 0));
        }
        return t;
    }

    private static String describe(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.target() + (a.connected() ? " reached" : " refused"
                + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")"))).collect(Collectors.joining("; "));
    }

    private Check offlineProbe(Account offline) {
        String id = "firewall.offline.proven";
        String title = "Offline account cut off (live probe)";
        List<Attempt> attempts = platform.networkProbe().probe(offline.name(), loopbackTargets());
        boolean leaked = attempts.stream().anyMatch(Attempt::connected);
        String stamp = " at " + Instant.now();
        return leaked
                ? Check.fail(id, title, "as " + offline.name() + ": " + describe(attempts) + stamp,
                "The firewall does not stop the offline account: run `cordon setup`, then look for what lets it "
                        + "through in " + platform.firewall().inspectHint(instance.firewallTable()) + ".")
                : Check.pass(id, title, "as " + offline.name() + ": " + describe(attempts) + stamp);
    }

    private Check proxyProbe(Account offline, List<Integer> ports) {
        String id = "firewall.offline.proxy";
        String title = "Allowed proxy ports reachable (live probe)";
        if (ports.isEmpty()) {
            return Check.pass(id, title, "no loopback proxy ports are allowed");
        }
        List<Target> targets = ports.stream().map(p -> new Target(Protocol.TCP, "127.0.0.1", p)).toList();
        List<Attempt> attempts = platform.networkProbe().probe(offline.name(), targets);
        boolean allThrough = attempts.stream().allMatch(Attempt::connected);
        return allThrough ? Check.pass(id, title, "as " + offline.name() + ": " + describe(attempts))
                : Check.fail(id, title, "as " + offline.name() + ": " + describe(attempts),
                "Run `cordon setup --allow-loopback-port PORT` for each proxy port, and check the proxy listens on 127.0.0.1.");
    }

    private Check onlineProbe(Account online) {
        String id = "network.online.proven";
        String title = "Online account reaches the network (live probe)";
        List<Attempt> attempts = platform.networkProbe().probe(online.name(), loopbackTargets());
        boolean all = attempts.stream().allMatch(Attempt::connected);
        return all ? Check.pass(id, title, "as " + online.name() + ": " + describe(attempts))
                : Check.fail(id, title, "as " + online.name() + ": " + describe(attempts),
                "Something filters the online account: look for rules matching it in "
                        + platform.firewall().inspectHint(instance.firewallTable()) + ".");
    }

    /** R70: the mounts whose content Cordon cannot judge, listed (not a failure: nothing is known to be exposed). */
    private Check mounts() {
        List<dev.cordon.platform.OpaqueMount> opaque;
        try {
            opaque = platform.opaqueMounts();
        } catch (CordonException e) {
            if (e.exitCode() == ExitCode.UNAVAILABLE) {
                throw e; // guarded: not verified on this machine
            }
            return Check.skip(MountsCheck.ID, MountsCheck.TITLE, NOT_VERIFIED + ": " + e.getMessage(),
                    "Check that /proc is mounted and readable (`cat /proc/self/mountinfo`), then run `cordon doctor`"
                            + " again.");
        }
        return MountsCheck.check(opaque);
    }

    /**
     * Grants not given back: a crashed host's, not given back yet, or whose hand-back failed (e.g. a tree nested
     * deeper than the walk's bound). Until one is given back its session's group keeps its entries on the developer's
     * files, so it fails, with what to do.
     */
    private Check workspaceGrantRecords() {
        String id = "sandbox.workspace-grants.records";
        String title = "Every lent workspace given back";
        List<String> stuck;
        try {
            stuck = lent.stuck();
        } catch (CordonException e) {
            return Check.fail(id, title, e.getMessage(), e.fix());
        }
        if (stuck.isEmpty()) {
            return Check.pass(id, title, "no grant outlives its session or its host");
        }
        boolean tooDeep = stuck.stream().anyMatch(s -> s.contains("directories deep"));
        return Check.fail(id, title, stuck.size() + " grant(s) not given back: " + String.join("; ", stuck),
                (tooDeep ? "Move or remove what is nested deeper than the walk's bound (`rm -rf` handles any depth) in the"
                        + " directory the failure names, then: for a session whose host lives (no \"gone\"), run `cordon"
                        + " session stop <session>`; else start" : "For a session whose host lives (no \"gone\"), run"
                        + " `cordon session stop <session>`; else start") + " any session or `cordon serve` (each"
                        + " gives back what crashed hosts held), or run `cordon uninstall`; the records are under "
                        + instance.stateDir().resolve("grants") + "." + (stuck.stream().anyMatch(s -> s.startsWith(
                        "the world-writable root")) ? " A world-writable root (nothing lent there) has no session to stop:"
                        + " once its failure is fixed, any session start walks it again." : "")
                        + (stuck.stream().anyMatch(s -> s.contains("moved out of it during the session")) ? " A directory"
                        + " moved out of a lent tree during its session (its session has ended, the rest of the tree is"
                        + " given back): move it back into that tree (anywhere in it), then start any session or `cordon"
                        + " serve`, which give back what is in it; or, to leave it where it is as it is, remove the two"
                        + " records its line names." : ""));
    }

    /**
     * Lent roots whose inodes the records know by number alone (R24): on a filesystem without birth times or file handles,
     * or lent by a Cordon before 6acc3f2, the hand-back cannot tell a number the sandbox freed from the developer's file
     * that took it next, and may give that file the saved file's ACL. Such a lend is refused now; one still in force fails.
     */
    private Check workspaceGrantIdentity() {
        String id = "sandbox.workspace-grants.identity";
        String title = "Every lent workspace known by more than inode numbers";
        List<String> weak;
        try {
            weak = lent.knownByNumberOnly();
        } catch (CordonException e) {
            return Check.fail(id, title, e.getMessage(), e.fix());
        }
        if (weak.isEmpty()) {
            return Check.pass(id, title, "every lent root's inodes are known by birth time or file handle too");
        }
        return Check.fail(id, title, weak.size() + " lent root(s) whose inodes are known by their numbers alone (no birth"
                + " time, no file handle): " + String.join("; ", weak), "Stop those sessions (`cordon session stop"
                + " <session>`), then check the ACLs of files made during them (`getfacl -R`); lend workspaces on a"
                + " filesystem with birth times (ext4 with 256-byte inodes, xfs v5, btrfs, tmpfs): a new lend elsewhere is"
                + " refused.");
    }

    private Check leftovers() {
        String id = "leftovers.none";
        String title = "No leftovers of the sandbox accounts";
        List<String> items = residue.describe();
        return items.isEmpty() ? Check.pass(id, title, "none in /tmp, /var/tmp, /dev/shm, the state directory, /proc or SysV IPC")
                : Check.fail(id, title, items.size() + ": " + String.join(", ", items.subList(0, Math.min(10, items.size())))
                + (items.size() > 10 ? ", …" : ""), "Review with `cordon leftovers scan`, then `cordon leftovers clean`.");
    }
}
