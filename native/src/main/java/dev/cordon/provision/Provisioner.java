package dev.cordon.provision;

import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountExtras;
import dev.cordon.platform.LentWorkspaces;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.FileSecurity;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.Group;
import dev.cordon.platform.Platform;
import dev.cordon.platform.RequiredTool;
import dev.cordon.provision.PlannedChange.Action;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Setup and uninstall, following the safety rules: preflight (refuse before touching anything), plan, write each
 * change to the ledger before making it, apply, verify by reading back. Idempotent; a run stopped at any point is
 * repaired by the next one; uninstall replays the ledger in reverse and touches nothing it does not own.
 */
public final class Provisioner {
    /** The loopback TCP ports the offline account may reach (local proxies), as the ledger records the firewall set up. */
    public static List<Integer> allowedLoopbackPorts(Ledger ledger, Instance instance) {
        return ledger.owned(Change.Kind.FIREWALL_TABLE, instance.firewallTable())
                .map(c -> c.attrs().get("allowLoopbackPorts"))
                .filter(List.class::isInstance).map(l -> ((List<?>) l).stream()
                        .map(o -> ((Number) o).intValue()).toList())
                .orElse(List.of());
    }

    public static final String STATE_DIR = "state-dir";
    public static final String GROUP = "group";
    public static final String USERS_GROUP = "users-group";
    public static final String USER_OFFLINE = "user-offline";
    public static final String USER_ONLINE = "user-online";
    public static final String HOST_KEY = "host-key";
    public static final String FIREWALL = "firewall";
    public static final String LEFTOVERS = "leftovers";
    public static final String WORKSPACE_GRANTS = "workspace-grants";
    public static final String SCRATCH_MOUNTS = "scratch-mounts";
    public static final String SESSION_CONTAINERS = "session-containers";
    public static final List<String> SETUP_STEPS = List.of(STATE_DIR, GROUP, USERS_GROUP, USER_OFFLINE, USER_ONLINE, HOST_KEY, FIREWALL);

    private final Instance instance;
    private final Platform platform;
    private final Residue residue;
    private final LentWorkspaces lent;
    private final Failpoints failpoints;

    public record SetupResult(List<PlannedChange> plan, boolean applied, List<String> verified) {
        public boolean changedNothing() {
            return plan.isEmpty();
        }
    }

    public record UninstallResult(List<PlannedChange> plan, boolean applied, List<String> warnings) {
    }

    public Provisioner(Instance instance, Platform platform, Residue residue, LentWorkspaces lent, Failpoints failpoints) {
        this.instance = instance;
        this.platform = platform;
        this.residue = residue;
        this.lent = lent;
        this.failpoints = failpoints;
    }

    // ---------------------------------------------------------------- setup

    public SetupResult setup(SetupRequest request, boolean dryRun, Consumer<String> progress) {
        preflight("setup");
        Ledger ledger = ledger(instance.ledgerFile());
        refuseCollisions(ledger);
        List<PlannedChange> plan = planSetup(ledger, request);
        if (dryRun) {
            return new SetupResult(plan, false, List.of());
        }
        for (PlannedChange change : plan) {
            progress.accept(change.action() + " " + change.description());
            ledger = applySetupStep(change, ledger, request);
        }
        return new SetupResult(plan, !plan.isEmpty(), verify(request));
    }

    private void preflight(String command) {
        if (!platform.elevated()) {
            throw new CordonException(ExitCode.NEEDS_ROOT, "`cordon " + command + "` changes accounts and the firewall and needs "
                    + platform.elevationName() + "; nothing was changed.", platform.elevationHint());
        }
        for (RequiredTool tool : platform.requiredTools()) {
            if (!tool.present()) {
                throw tool.missing();
            }
        }
    }

    private void refuseCollisions(Ledger ledger) {
        List<String> conflicts = new ArrayList<>();
        Path dir = instance.stateDir();
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !ledger.exists() && !isEmptyDir(dir)) {
            conflicts.add("state directory " + dir + " exists and is not empty, but holds no Cordon ledger");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            FileSecurity.DirectoryAccess access = platform.fileSecurity().stateDirectory(dir);
            if (!access.trustedOwner()) {
                conflicts.add("state directory " + dir + " is " + access.description()
                        + ": someone else created it, and setup does not take it over");
            }
        }
        for (String name : List.of(instance.sandboxGroup(), instance.usersGroup())) {
            platform.accounts().group(name).ifPresent(g -> {
                if (!ledger.owns(Change.Kind.GROUP, g.name())) {
                    conflicts.add("group " + g.name() + " (" + g.id() + ") exists and was not created by Cordon");
                } else if (!sameId(ledger, Change.Kind.GROUP, g.name(), "gid", g.id())) {
                    conflicts.add("group " + g.name() + " was re-created by someone else (" + g.id() + ")");
                }
            });
        }
        for (String name : List.of(instance.offlineAccount(), instance.onlineAccount())) {
            platform.accounts().user(name).ifPresent(a -> {
                if (!ledger.owns(Change.Kind.USER, name)) {
                    conflicts.add("account " + name + " (" + a.id() + ") exists and was not created by Cordon");
                } else if (!sameId(ledger, Change.Kind.USER, name, "uid", a.id())) {
                    conflicts.add("account " + name + " was re-created by someone else (" + a.id() + ")");
                }
            });
        }
        if (platform.firewall().read(instance.firewallTable()).present()
                && !ledger.owns(Change.Kind.FIREWALL_TABLE, instance.firewallTable())) {
            conflicts.add(firewallName() + " exists and was not created by Cordon");
        }
        if (!conflicts.isEmpty()) {
            throw new CordonException(ExitCode.CONFLICT, "Refusing to continue; nothing was changed: "
                    + String.join("; ", conflicts) + ".",
                    "Cordon never takes over objects it did not create. Remove or rename them, or use "
                            + "`--instance NAME` for a separate install.");
        }
    }

    private static boolean sameId(Ledger ledger, Change.Kind kind, String target, String attr, Principal actual) {
        return ledger.owned(kind, target).flatMap(c -> c.principalAttr(attr, actual.kind()))
                .map(actual::equals).orElse(true);
    }

    private List<PlannedChange> planSetup(Ledger ledger, SetupRequest request) {
        List<PlannedChange> plan = new ArrayList<>();
        Path dir = instance.stateDir();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            plan.add(new PlannedChange(STATE_DIR, Action.CREATE, "state directory " + dir + " ("
                    + platform.fileSecurity().stateDirectoryPolicy() + ")"));
        } else if (!ledger.exists()) {
            plan.add(new PlannedChange(STATE_DIR, Action.REPAIR, "adopt the empty state directory " + dir
                    + " left by an interrupted run"));
        } else if (!stateDirSecure(dir)) {
            plan.add(new PlannedChange(STATE_DIR, Action.REPAIR, "make " + dir + " "
                    + platform.fileSecurity().stateDirectoryPolicy() + " again"));
        }
        Optional<Group> group = platform.accounts().group(instance.sandboxGroup());
        if (group.isEmpty()) {
            plan.add(new PlannedChange(GROUP, Action.CREATE, "group " + instance.sandboxGroup()));
        }
        if (platform.accounts().group(instance.usersGroup()).isEmpty()) {
            plan.add(new PlannedChange(USERS_GROUP, Action.CREATE, "group " + instance.usersGroup()
                    + " (people who may use the host socket without root; empty)"));
        }
        planUser(plan, USER_OFFLINE, instance.offlineAccount(), group);
        planUser(plan, USER_ONLINE, instance.onlineAccount(), group);
        if (!platform.protector().keyPresent()) {
            plan.add(new PlannedChange(HOST_KEY, Action.CREATE, "vault host key " + instance.hostKeyFile()
                    + " (" + platform.protector().scheme() + ", root only)"));
        }
        Optional<Account> offline = platform.accounts().user(instance.offlineAccount());
        FirewallState fw = platform.firewall().read(instance.firewallTable());
        String fwText = firewallName() + ": cut off all traffic of "
                + instance.offlineAccount() + (request.allowLoopbackPorts().isEmpty() ? ""
                : " except loopback TCP to " + request.allowLoopbackPorts());
        if (!fw.present()) {
            plan.add(new PlannedChange(FIREWALL, Action.CREATE, fwText));
        } else if (offline.isEmpty() || !fw.matches(firewallSpec(offline.get().id(), request))) {
            plan.add(new PlannedChange(FIREWALL, Action.UPDATE, fwText
                    + (fw.problems().isEmpty() ? "" : " (now: " + String.join("; ", fw.problems()) + ")")));
        }
        planExtras(plan, ledger);
        return plan;
    }

    /**
     * What the platform makes for each account beyond it (none on Linux): each ledgered on its own, made when the
     * ledger does not own it yet (making is idempotent: what the account step already made is only recorded), repaired
     * when owned but gone.
     */
    private void planExtras(List<PlannedChange> plan, Ledger ledger) {
        for (AccountExtras.Extra x : extras()) {
            boolean owned = ledger.owns(kindOf(x), x.target());
            if (!owned) {
                plan.add(new PlannedChange(x.step(), Action.CREATE, x.description()));
            } else if (!platform.accountExtras().present(x)) {
                plan.add(new PlannedChange(x.step(), Action.REPAIR, x.description() + " (gone)"));
            }
        }
    }

    private List<AccountExtras.Extra> extras() {
        List<AccountExtras.Extra> all = new ArrayList<>();
        for (String name : instance.sandboxAccounts()) {
            all.addAll(platform.accountExtras().wanted(name));
        }
        return all;
    }

    private static Change.Kind kindOf(AccountExtras.Extra x) {
        return Change.Kind.valueOf(x.kind().name());
    }

    private static Change changeOf(AccountExtras.Extra x) {
        Change c = Change.of(kindOf(x), x.target()).with("step", x.step()).with("account", x.account())
                .with("description", x.description());
        for (var fact : x.facts().entrySet()) {
            c = c.with(fact.getKey(), fact.getValue());
        }
        return c;
    }

    /** The extra a ledger entry records, its facts as they were learnt. */
    private static AccountExtras.Extra extraOf(Change c) {
        java.util.Map<String, String> facts = new java.util.TreeMap<>();
        c.attrs().forEach((k, v) -> {
            if (!List.of("step", "account", "description").contains(k)) {
                facts.put(k, String.valueOf(v));
            }
        });
        return new AccountExtras.Extra(AccountExtras.Kind.valueOf(c.kind().name()), String.valueOf(c.attrs().get("step")),
                c.target(), String.valueOf(c.attrs().get("account")), facts, String.valueOf(c.attrs().get("description")));
    }

    private void planUser(List<PlannedChange> plan, String step, String name, Optional<Group> group) {
        Optional<Account> account = platform.accounts().user(name);
        if (account.isEmpty()) {
            plan.add(new PlannedChange(step, Action.CREATE, "system account " + name + " in group "
                    + instance.sandboxGroup() + " (" + platform.accounts().sandboxUserPolicy() + ")"));
            return;
        }
        AccountPosture posture = platform.accounts().posture(account.get());
        if (!posture.ok()) {
            plan.add(new PlannedChange(step, Action.REPAIR, "lock down " + name + ": " + String.join("; ", posture.findings())));
        } else if (group.isPresent() && !platform.accounts().hasPrimaryGroup(account.get(), group.get())) {
            plan.add(new PlannedChange(step, Action.REPAIR, "put " + name + " back in group " + instance.sandboxGroup()));
        }
    }

    private FirewallSpec firewallSpec(Principal offline, SetupRequest request) {
        return new FirewallSpec(instance.firewallTable(), offline, request.allowLoopbackPorts());
    }

    private Ledger applySetupStep(PlannedChange planned, Ledger ledger, SetupRequest request) {
        String step = planned.step();
        switch (step) {
            case STATE_DIR -> {
                return applyStateDir(planned, ledger);
            }
            case GROUP, USERS_GROUP -> {
                Change c = Change.of(Change.Kind.GROUP, step.equals(GROUP) ? instance.sandboxGroup() : instance.usersGroup());
                intent(ledger, step, c);
                Group g = platform.accounts().createGroup(c.target());
                done(ledger, step, c.with("gid", g.id()));
            }
            case USER_OFFLINE, USER_ONLINE -> {
                String name = step.equals(USER_OFFLINE) ? instance.offlineAccount() : instance.onlineAccount();
                Change c = Change.of(Change.Kind.USER, name).with("group", instance.sandboxGroup());
                intent(ledger, step, c);
                Account a;
                if (planned.action() == Action.CREATE) {
                    a = platform.accounts().createSandboxUser(name, instance.sandboxGroup());
                } else {
                    platform.accounts().enforceLockdown(name);
                    platform.accounts().setPrimaryGroup(name, instance.sandboxGroup());
                    a = platform.accounts().user(name).orElseThrow();
                }
                done(ledger, step, c.with("uid", a.id()).with("gid", a.primaryGroup()));
            }
            case HOST_KEY -> {
                Change c = Change.of(Change.Kind.HOST_KEY, instance.hostKeyFile().toString())
                        .with("scheme", platform.protector().scheme());
                intent(ledger, step, c);
                platform.protector().createKey();
                done(ledger, step, c.with("keyId", platform.protector().keyId()));
            }
            case FIREWALL -> {
                Principal offline = platform.accounts().user(instance.offlineAccount()).orElseThrow(() -> new CordonException(
                        ExitCode.INTERNAL, "Account " + instance.offlineAccount() + " vanished during setup.",
                        "Run `cordon setup` again.")).id();
                FirewallSpec spec = firewallSpec(offline, request);
                Change c = Change.of(Change.Kind.FIREWALL_TABLE, spec.table()).with("family", "inet")
                        .with("offlineUid", offline).with("allowLoopbackPorts", spec.allowedLoopbackPorts());
                intent(ledger, step, c);
                platform.firewall().apply(spec);
                done(ledger, step, c);
            }
            default -> {
                AccountExtras.Extra x = extras().stream().filter(e -> e.step().equals(step)).findFirst()
                        .orElseThrow(() -> CordonException.internal("unknown setup step " + step, null));
                intent(ledger, step, changeOf(x));
                AccountExtras.Extra made = platform.accountExtras().make(x);
                done(ledger, step, changeOf(made));
            }
        }
        return ledger;
    }

    private Ledger applyStateDir(PlannedChange planned, Ledger ledger) {
        Path dir = instance.stateDir();
        Change c = Change.of(Change.Kind.STATE_DIR, dir.toString());
        try {
            if (planned.action() == Action.CREATE) {
                // Built under a temporary name and renamed into place, so the ledger's first intent is on disk before
                // the state directory appears: a kill leaves either nothing or a directory with a ledger.
                Path staging = stagingDir();
                deleteTree(staging);
                platform.fileSecurity().createOwnerOnlyDirectory(staging);
                platform.fileSecurity().secureStateDirectory(staging);
                Ledger staged = ledger(staging.resolve(instance.ledgerFile().getFileName()));
                staged.append(Ledger.Phase.intent, c);
                failpoints.reach(STATE_DIR + ":after-intent");
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                failpoints.reach(STATE_DIR + ":after-apply");
                Ledger moved = ledger(instance.ledgerFile());
                done(moved, STATE_DIR, c);
                return moved;
            }
            intent(ledger, STATE_DIR, c);
            platform.fileSecurity().secureStateDirectory(dir);
            done(ledger, STATE_DIR, c);
            return ledger;
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private void intent(Ledger ledger, String step, Change c) {
        ledger.append(Ledger.Phase.intent, c);
        failpoints.reach(step + ":after-intent");
    }

    private void done(Ledger ledger, String step, Change c) {
        failpoints.reach(step + ":after-apply");
        ledger.append(Ledger.Phase.done, c);
        failpoints.reach(step + ":after-done");
    }

    /** Reads everything back; throws when the system does not match what setup makes. Returns evidence lines. */
    public List<String> verify(SetupRequest request) {
        List<String> ok = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        Path dir = instance.stateDir();
        if (stateDirSecure(dir) && Files.exists(instance.ledgerFile())) {
            ok.add("state directory " + dir + " (" + platform.fileSecurity().stateDirectoryPolicy() + ") with ledger");
        } else {
            bad.add("state directory " + dir + " missing, not " + platform.fileSecurity().stateDirectoryPolicy()
                    + ", or without ledger");
        }
        Optional<Group> group = platform.accounts().group(instance.sandboxGroup());
        group.ifPresentOrElse(g -> ok.add("group " + g.name() + " (" + g.id() + ")"),
                () -> bad.add("group " + instance.sandboxGroup() + " missing"));
        platform.accounts().group(instance.usersGroup()).ifPresentOrElse(g -> ok.add("group " + g.name() + " ("
                + g.id() + ")"), () -> bad.add("group " + instance.usersGroup() + " missing"));
        for (String name : List.of(instance.offlineAccount(), instance.onlineAccount())) {
            Optional<Account> a = platform.accounts().user(name);
            if (a.isEmpty()) {
                bad.add("account " + name + " missing");
                continue;
            }
            AccountPosture p = platform.accounts().posture(a.get());
            if (!p.ok()) {
                bad.add("account " + name + ": " + String.join("; ", p.findings()));
            } else if (group.isPresent() && !platform.accounts().hasPrimaryGroup(a.get(), group.get())) {
                bad.add("account " + name + " is not in group " + instance.sandboxGroup());
            } else {
                ok.add("account " + name + " (" + a.get().id() + "): " + p.evidence());
            }
        }
        if (platform.protector().keyPresent()) {
            ok.add("vault key " + platform.protector().scheme() + " id " + platform.protector().keyId());
        } else {
            bad.add("vault host key " + instance.hostKeyFile() + " missing");
        }
        Optional<Account> offline = platform.accounts().user(instance.offlineAccount());
        FirewallState fw = platform.firewall().read(instance.firewallTable());
        if (offline.isPresent() && fw.matches(firewallSpec(offline.get().id(), request))) {
            ok.add(firewallName() + " cuts off " + offline.get().id()
                    + (request.allowLoopbackPorts().isEmpty() ? "" : ", loopback TCP " + request.allowLoopbackPorts() + " allowed"));
        } else {
            bad.add(firewallName() + (fw.present() ? " does not match: "
                    + String.join("; ", fw.problems()) + " " + fw.spec().map(Object::toString).orElse("") : " missing"));
        }
        fw.ineffective().ifPresent(why -> bad.add("the firewall rules are not in effect: " + why.reason()
                + " (fix: " + why.fix() + ")"));
        for (AccountExtras.Extra x : extras()) {
            if (platform.accountExtras().present(x)) {
                ok.add(x.description());
            } else {
                bad.add(x.description() + " missing");
            }
        }
        if (!bad.isEmpty()) {
            throw new CordonException(ExitCode.INTERNAL, "Verification by reading back failed: " + String.join("; ", bad) + ".",
                    "Run `cordon setup` again to repair, and `cordon doctor` for details.");
        }
        return ok;
    }

    // ---------------------------------------------------------------- uninstall

    public UninstallResult uninstall(boolean dryRun, Consumer<String> progress) {
        if (!platform.elevated()) {
            throw new CordonException(ExitCode.NEEDS_ROOT, "`cordon uninstall` needs " + platform.elevationName()
                    + "; nothing was changed.", platform.elevationHint());
        }
        Path dir = instance.stateDir();
        Ledger ledger = ledger(instance.ledgerFile());
        if (!dryRun) {
            deleteTree(stagingDir()); // a setup killed before its first rename leaves only this
            deleteTree(instance.hostSocket().getParent()); // the host's run directory (socket), if a host left it
        }
        if (!ledger.exists()) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && isEmptyDir(dir)) {
                List<PlannedChange> plan = List.of(new PlannedChange(STATE_DIR, Action.REMOVE,
                        "empty state directory " + dir + " left by an interrupted run"));
                if (!dryRun) {
                    deleteTree(dir);
                }
                return new UninstallResult(plan, !dryRun, List.of());
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new CordonException(ExitCode.CONFLICT, "State directory " + dir
                        + " holds no Cordon ledger; nothing was removed.",
                        "Cordon removes only what its ledger says it created. Inspect " + dir + " by hand.");
            }
            return new UninstallResult(List.of(), false, List.of("Nothing of Cordon's is installed (no ledger at "
                    + instance.ledgerFile() + ")."));
        }
        List<Change> owned = new ArrayList<>(ledger.owned());
        java.util.Collections.reverse(owned);
        List<String> warnings = new ArrayList<>();
        List<PlannedChange> plan = new ArrayList<>();
        List<String> lentRoots = orNotLookedFor(lent::describe, "workspace grants", warnings);
        if (!lentRoots.isEmpty()) {
            plan.add(new PlannedChange(WORKSPACE_GRANTS, Action.REMOVE, lentRoots.size() + " workspace grant(s) given back: "
                    + String.join(", ", lentRoots)));
        }
        List<String> leftovers = orNotLookedFor(residue::describe, "leftovers of the sandbox accounts", warnings);
        if (!leftovers.isEmpty()) {
            plan.add(new PlannedChange(LEFTOVERS, Action.REMOVE, leftovers.size() + " leftover(s) of the sandbox accounts: "
                    + String.join(", ", leftovers)));
        }
        List<Path> mounts = scratchMounts();
        if (!mounts.isEmpty()) {
            plan.add(new PlannedChange(SCRATCH_MOUNTS, Action.REMOVE, mounts.size() + " scratch mount(s) of sessions "
                    + "(HOME, TMPDIR): " + mounts.stream().map(Path::toString).collect(Collectors.joining(", "))));
        }
        List<String> containerRoots = orNotLookedFor(platform.sessionContainers()::instanceRoots, "session containers",
                warnings);
        if (!containerRoots.isEmpty()) {
            plan.add(new PlannedChange(SESSION_CONTAINERS, Action.REMOVE, "the sessions' process containers: "
                    + String.join(", ", containerRoots)));
        }
        for (Change c : owned) {
            plan.add(planUndo(c, warnings));
        }
        if (dryRun) {
            return new UninstallResult(plan, false, warnings);
        }
        // before the leftovers: the janitor deletes sandbox-owned files in temp directories, and a lent workspace may be
        // one; given back, they are the developer's
        if (!lentRoots.isEmpty()) {
            progress.accept("REMOVE workspace grants");
            lent.giveBackAll();
        }
        if (!leftovers.isEmpty()) {
            progress.accept("REMOVE leftovers");
            residue.purge();
            failpoints.reach(LEFTOVERS + ":after-apply");
        }
        if (!mounts.isEmpty()) {
            progress.accept("REMOVE scratch mounts");
            platform.scratchSpaces().removeAllUnder(instance.sessionsDir());
            failpoints.reach(SCRATCH_MOUNTS + ":after-apply");
        }
        if (!containerRoots.isEmpty()) { // made at the first session's start, not by setup: not in the ledger
            progress.accept("REMOVE session containers");
            platform.sessionContainers().removeAll();
        }
        for (int i = 0; i < owned.size(); i++) {
            Change c = owned.get(i);
            PlannedChange p = plan.get(plan.size() - owned.size() + i);
            progress.accept(p.action() + " " + p.description());
            undo(ledger, c, p.action() == Action.REMOVE);
        }
        return new UninstallResult(plan, true, warnings);
    }

    /**
     * What uninstall would act on, or nothing and a warning when this build cannot look here (a part that is not in
     * this build on this OS, e.g. Windows' leftover sources): uninstall still removes what its ledger records.
     */
    private static List<String> orNotLookedFor(java.util.function.Supplier<List<String>> look, String what,
                                               List<String> warnings) {
        try {
            return look.get();
        } catch (CordonException e) {
            if (e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            warnings.add(what + " not looked for: " + e.getMessage());
            return List.of();
        }
    }

    private String stepOf(Change c) {
        return switch (c.kind()) {
            case STATE_DIR -> STATE_DIR;
            case GROUP -> c.target().equals(instance.sandboxGroup()) ? GROUP : USERS_GROUP;
            case USER -> c.target().equals(instance.offlineAccount()) ? USER_OFFLINE : USER_ONLINE;
            case HOST_KEY -> HOST_KEY;
            case FIREWALL_TABLE -> FIREWALL;
            default -> String.valueOf(c.attrs().get("step"));
        };
    }

    private PlannedChange planUndo(Change c, List<String> warnings) {
        String step = stepOf(c);
        return switch (c.kind()) {
            case STATE_DIR -> new PlannedChange(step, Action.REMOVE, "state directory " + c.target()
                    + " (ledger, audit log, vault, quarantine)");
            case GROUP -> {
                Optional<Group> g = platform.accounts().group(c.target());
                if (g.isEmpty()) {
                    yield new PlannedChange(step, Action.SKIP, "group " + c.target() + " is already gone");
                }
                Optional<Principal> gid = c.principalAttr("gid", Principal.Kind.GROUP);
                if (gid.isPresent() && !gid.get().equals(g.get().id())) {
                    warnings.add("group " + c.target() + " now has " + g.get().id() + ", not ours (" + gid.get() + "): left alone");
                    yield new PlannedChange(step, Action.SKIP, "group " + c.target() + " was re-created by someone else");
                }
                yield new PlannedChange(step, Action.REMOVE, "group " + c.target());
            }
            case USER -> {
                Optional<Account> a = platform.accounts().user(c.target());
                if (a.isEmpty()) {
                    yield new PlannedChange(step, Action.SKIP, "account " + c.target() + " is already gone");
                }
                Optional<Principal> uid = c.principalAttr("uid", Principal.Kind.USER);
                if (uid.isPresent() && !uid.get().equals(a.get().id())) {
                    warnings.add("account " + c.target() + " now has " + a.get().id() + ", not ours (" + uid.get() + "): left alone");
                    yield new PlannedChange(step, Action.SKIP, "account " + c.target() + " was re-created by someone else");
                }
                yield new PlannedChange(step, Action.REMOVE, "account " + c.target());
            }
            case HOST_KEY -> platform.protector().keyPresent()
                    ? new PlannedChange(step, Action.REMOVE, "vault host key " + c.target() + " (sealed secrets become unreadable)")
                    : new PlannedChange(step, Action.SKIP, "vault host key is already gone");
            case FIREWALL_TABLE -> platform.firewall().read(c.target()).present()
                    ? new PlannedChange(step, Action.REMOVE, platform.firewall().describe(c.target()))
                    : new PlannedChange(step, Action.SKIP, platform.firewall().describe(c.target()) + " is already gone");
            default -> platform.accountExtras().leftToRemove(extraOf(c))
                    ? new PlannedChange(step, Action.REMOVE, extraOf(c).description())
                    : new PlannedChange(step, Action.SKIP, extraOf(c).description() + " is already gone");
        };
    }

    private void undo(Ledger ledger, Change c, boolean remove) {
        String step = stepOf(c);
        ledger.append(Ledger.Phase.undo, c);
        failpoints.reach(step + ":after-intent");
        if (c.kind() == Change.Kind.STATE_DIR) {
            // The ledger lives inside: remove everything else first, the ledger last, so a kill leaves a ledger or nothing.
            Path dir = Path.of(c.target());
            platform.scratchSpaces().removeAllUnder(dir); // never delete through a mount (a session started meanwhile)
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : children.toList()) {
                    if (!child.equals(ledger.file())) {
                        deleteTree(child);
                    }
                }
            } catch (IOException e) {
                throw CordonException.internal("Cannot empty the state directory " + dir + ": " + e.getMessage(), e);
            }
            failpoints.reach(step + ":after-apply");
            deleteTree(dir);
            return;
        }
        if (remove) {
            switch (c.kind()) {
                case GROUP -> platform.accounts().deleteGroup(c.target());
                case USER -> platform.accounts().deleteUser(c.target());
                case HOST_KEY -> platform.protector().destroyKey();
                case FIREWALL_TABLE -> platform.firewall().remove(c.target());
                case STATE_DIR -> throw CordonException.internal("unexpected change " + c.kind(), null);
                default -> platform.accountExtras().remove(extraOf(c));
            }
        }
        failpoints.reach(step + ":after-apply");
        ledger.append(Ledger.Phase.undone, c);
        failpoints.reach(step + ":after-done");
    }

    // ---------------------------------------------------------------- helpers

    /** The offline account's rules in this OS's words ("nftables table inet cordon", "Windows Firewall rule group Cordon"). */
    private String firewallName() {
        return platform.firewall().describe(instance.firewallTable());
    }

    private Path stagingDir() {
        Path dir = instance.stateDir();
        return dir.resolveSibling("." + dir.getFileName() + ".partial");
    }

    /** The sessions' scratch mounts (tmpfs on HOME and TMPDIR), per the mount table. */
    private List<Path> scratchMounts() {
        return platform.scratchSpaces().under(instance.sessionsDir());
    }

    private static boolean isEmptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private boolean stateDirSecure(Path dir) {
        return platform.fileSecurity().stateDirectory(dir).secure();
    }

    private Ledger ledger(Path file) {
        return Ledger.open(file, platform.fileSecurity());
    }

    static void deleteTree(Path root) {
        FileTrees.deleteTree(root);
    }
}
