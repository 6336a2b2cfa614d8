package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.LentWorkspaces;
import dev.cordon.provision.Change;
import dev.cordon.provision.Failpoints;
import dev.cordon.provision.Ledger;
import dev.cordon.provision.PlannedChange;
import dev.cordon.provision.Provisioner;
import dev.cordon.provision.Residue;
import dev.cordon.provision.SetupRequest;
import dev.cordon.testing.FakeAccountPasswords;
import dev.cordon.testing.FakePlatform;
import dev.cordon.vault.AccountCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provisioning plan, written once above the seam, driving {@link WindowsAccounts} over a recording NetAPI/LSA:
 * a setup, a second one that plans nothing, a run stopped inside or between account steps and repaired by the next,
 * a foreign account refused with nothing changed, and uninstall's order. The rest of the platform is the Linux-shaped
 * fake (firewall, vault key, state directory); only the accounts are Windows'.
 */
class WindowsAccountsProvisioningTest {
    private static final SetupRequest REQUEST = new SetupRequest(List.of());

    @TempDir
    Path root;
    RecordingAccountApi api;
    FakePlatform platform;
    Instance instance;
    WindowsAccountExtrasTest.RecordingProfiles profiles;

    @BeforeEach
    void setUp() {
        api = new RecordingAccountApi();
        platform = new FakePlatform().withAccounts(new WindowsAccounts(api, new RandomPasswords(new SecureRandom())));
        instance = new Instance("winaccounts", root).withUserNameLimit(Instance.SAM_USER_NAME_LIMIT);
    }

    private Provisioner provisioner(Failpoints failpoints) {
        Residue none = new Residue() {
            @Override
            public List<String> describe() {
                return List.of();
            }

            @Override
            public void purge() {
            }
        };
        return new Provisioner(instance, platform, none, LentWorkspaces.NONE, failpoints);
    }

    /** The Windows extras too: profile, hidden-user value, deny rights and the sealed password of each account. */
    private FakeAccountPasswords withExtras() {
        FakeAccountPasswords passwords = new FakeAccountPasswords();
        profiles = new WindowsAccountExtrasTest.RecordingProfiles();
        platform.accountExtras = new WindowsAccountExtras(api, profiles,
                WindowsAccountExtrasTest.credentials(instance.credentialsDir(), platform.protector, api,
                        passwords));
        return passwords;
    }

    private Provisioner.SetupResult setup() {
        return provisioner(Failpoints.NONE).setup(REQUEST, false, line -> { });
    }

    private static List<String> steps(List<PlannedChange> plan) {
        return plan.stream().map(c -> c.step() + " " + c.action()).toList();
    }

    @Test
    void setupCreatesTheWindowsAccountsAndASecondSetupPlansNothing() {
        assertThat(instance.offlineAccount()).isEqualTo("winaccounts-cdn-off");
        Provisioner.SetupResult first = setup();
        assertThat(first.verified()).anyMatch(l -> l.contains("winaccounts-cdn-off"));
        // in Windows' words: no login shell or locked password, which a Windows account does not have
        assertThat(first.plan()).filteredOn(c -> c.step().equals(Provisioner.USER_OFFLINE)).singleElement()
                .satisfies(c -> assertThat(c.description()).contains("hidden from the sign-in screen")
                        .doesNotContain("shell", "password locked"));
        assertThat(first.verified()).anyMatch(l -> l.endsWith(WindowsAccounts.POSTURE_EVIDENCE))
                .noneMatch(l -> l.contains("password locked") || l.contains("shell"));
        assertThat(api.changes).filteredOn(c -> c.startsWith("addUser")).hasSize(2);
        assertThat(api.changes).contains("addMember winaccounts-cordon-sandbox winaccounts-cdn-off",
                "addMember winaccounts-cordon-sandbox winaccounts-cdn-on", "setHiddenValue winaccounts-cdn-on 0");
        api.changes.clear();
        Provisioner.SetupResult second = setup();
        assertThat(second.changedNothing()).isTrue();
        assertThat(api.changes).isEmpty();
    }

    @Test
    void aRunStoppedInsideAccountCreationIsRepairedByTheNext() {
        api.failOn("addRights", 1332);
        assertThatThrownBy(this::setup).isInstanceOf(CordonException.class)
                .hasMessageContaining("winaccounts-cdn-off");
        assertThat(api.users.get("winaccounts-cdn-off").flags() & Netapi32Ext.UF_ACCOUNTDISABLE).isNotZero();
        Provisioner.SetupResult repair = provisioner(Failpoints.NONE).setup(REQUEST, true, line -> { });
        assertThat(steps(repair.plan())).contains("user-offline REPAIR", "user-online CREATE");
        setup();
        assertThat(api.users.get("winaccounts-cdn-off").flags() & Netapi32Ext.UF_ACCOUNTDISABLE).isZero();
        api.changes.clear();
        assertThat(setup().changedNothing()).isTrue();
    }

    @Test
    void aRunKilledAtEveryAccountStepIsRepairedByTheNext() {
        for (String step : List.of(Provisioner.GROUP, Provisioner.USER_OFFLINE, Provisioner.USER_ONLINE)) {
            for (String point : List.of(":after-intent", ":after-apply", ":after-done")) {
                setUp();
                assertThatThrownBy(() -> provisioner(Failpoints.at(step + point)).setup(REQUEST, false, l -> { }))
                        .as(step + point).isInstanceOf(Failpoints.InjectedFailure.class);
                setup();
                api.changes.clear();
                assertThat(setup().changedNothing()).as("after " + step + point).isTrue();
                provisioner(Failpoints.NONE).uninstall(false, l -> { });
            }
        }
    }

    @Test
    void aForeignAccountWithOurNameStopsSetupBeforeAnythingChanges() {
        api.addForeignUser("Winaccounts-Cdn-Off");
        assertThatThrownBy(this::setup).isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT))
                .hasMessageContaining("nothing was changed");
        assertThat(api.changes).isEmpty();
    }

    @Test
    void uninstallUndoesTheAccountsInReverse() {
        setup();
        api.changes.clear();
        provisioner(Failpoints.NONE).uninstall(false, line -> { });
        assertThat(api.changes.stream().filter(c -> !c.startsWith("removeRights")).toList()).containsExactly(
                "deleteHiddenValue winaccounts-cdn-on", "deleteUser winaccounts-cdn-on",
                "deleteHiddenValue winaccounts-cdn-off", "deleteUser winaccounts-cdn-off",
                "deleteLocalGroup winaccounts-cordon-users", "deleteLocalGroup winaccounts-cordon-sandbox");
        assertThat(api.users).isEmpty();
        assertThat(api.rights.values()).allMatch(java.util.Set::isEmpty);
    }

    private AccountCredentials reader(FakeAccountPasswords passwords) {
        return AccountCredentials.reader(instance.credentialsDir(), platform.protector, passwords);
    }

    @Test
    void setupSealsEachAccountsPasswordLastAndASecondSetupPlansNothing() throws Exception {
        FakeAccountPasswords passwords = withExtras();
        String off = instance.offlineAccount();
        String on = instance.onlineAccount();
        Provisioner.SetupResult first = setup();
        assertThat(steps(first.plan()).subList(7, first.plan().size())).containsExactly(
                "profile:" + off + " CREATE", "hidden-user:" + off + " CREATE", "deny-rights:" + off + " CREATE",
                "account-secret:" + off + " CREATE", "profile:" + on + " CREATE", "hidden-user:" + on + " CREATE",
                "deny-rights:" + on + " CREATE", "account-secret:" + on + " CREATE");
        assertThat(first.verified()).anyMatch(l -> l.startsWith("sealed password of " + off));
        // each account's password is set once, after its rights: hidden and denied network logon before it is known
        assertThat(api.changes).containsSubsequence("addRights " + api.user(off).orElseThrow().sid() + " "
                + WindowsAccounts.DENY_RIGHTS, "setPassword " + off);
        assertThat(api.changes).filteredOn(c -> c.startsWith("setPassword")).containsExactly("setPassword " + off,
                "setPassword " + on);
        for (String account : instance.sandboxAccounts()) {
            assertThat(reader(passwords).status(account, true).verified()).as(account).isTrue();
        }
        Ledger ledger = Ledger.open(instance.ledgerFile());
        assertThat(ledger.owned(Change.Kind.ACCOUNT_SECRET, off).orElseThrow().attrs())
                .containsEntry("step", "account-secret:" + off).containsKey("sid");
        assertThat(Files.readString(instance.ledgerFile())).doesNotContain(passwords.passwordOf(off));

        api.changes.clear();
        int sets = passwords.sets;
        assertThat(setup().changedNothing()).isTrue();
        assertThat(api.changes).isEmpty();
        assertThat(passwords.sets).isEqualTo(sets);
        assertThat(passwords.wrongPasswords).isZero();
    }

    @Test
    void aPasswordChangedOutsideCordonIsPlannedAsARepairAndSealedAgain() {
        FakeAccountPasswords passwords = withExtras();
        setup();
        passwords.changeElsewhere(instance.onlineAccount());
        Provisioner.SetupResult plan = provisioner(Failpoints.NONE).setup(REQUEST, true, l -> { });
        assertThat(steps(plan.plan())).containsExactly("account-secret:" + instance.onlineAccount() + " REPAIR");
        setup();
        assertThat(reader(passwords).status(instance.onlineAccount(), true).verified()).isTrue();
        assertThat(setup().changedNothing()).isTrue();
    }

    @Test
    void aRunKilledAtEverySecretFailpointIsRepairedByTheNext() {
        List<String> points = new java.util.ArrayList<>();
        for (String account : List.of("off", "on")) {
            for (String point : List.of(":after-intent", ":after-apply", ":after-done")) {
                points.add(account + point);
            }
        }
        for (String at : points) {
            setUp();
            FakeAccountPasswords passwords = withExtras();
            String account = at.startsWith("off") ? instance.offlineAccount() : instance.onlineAccount();
            String failpoint = "account-secret:" + account + at.substring(at.indexOf(':'));
            assertThatThrownBy(() -> provisioner(Failpoints.at(failpoint)).setup(REQUEST, false, l -> { }))
                    .as(failpoint).isInstanceOf(Failpoints.InjectedFailure.class);
            setup();
            assertThat(reader(passwords).status(account, true).verified()).as(failpoint).isTrue();
            assertThat(setup().changedNothing()).as("after " + failpoint).isTrue();
            assertThat(passwords.wrongPasswords).as(failpoint).isLessThanOrEqualTo(1);
            provisioner(Failpoints.NONE).uninstall(false, l -> { });
            assertThat(instance.stateDir()).doesNotExist();
            assertThat(api.users).isEmpty();
        }
    }

    @Test
    void aRunThatDiesInsideTheRotationIsSettledByTheNextWithOneLogonAtMost() {
        for (FakeAccountPasswords.Failpoint where : List.of(FakeAccountPasswords.Failpoint.BEFORE_SET,
                FakeAccountPasswords.Failpoint.AFTER_SET, FakeAccountPasswords.Failpoint.AFTER_LOGON)) {
            setUp();
            FakeAccountPasswords passwords = withExtras();
            passwords.crashAt(where);
            assertThatThrownBy(this::setup).as(where.name()).isInstanceOf(FakeAccountPasswords.Crash.class);
            Provisioner.SetupResult repair = provisioner(Failpoints.NONE).setup(REQUEST, true, l -> { });
            assertThat(steps(repair.plan())).as(where.name())
                    .contains("account-secret:" + instance.offlineAccount() + " REPAIR");
            setup();
            for (String account : instance.sandboxAccounts()) {
                assertThat(reader(passwords).status(account, true)).as(where + " " + account)
                        .satisfies(st -> assertThat(st.verified() && !st.rotationPending()).isTrue());
            }
            assertThat(setup().changedNothing()).as(where.name()).isTrue();
            assertThat(passwords.wrongPasswords).as(where.name()).isLessThanOrEqualTo(1);
            provisioner(Failpoints.NONE).uninstall(false, l -> { });
            assertThat(instance.stateDir()).doesNotExist();
        }
    }

    @Test
    void uninstallRemovesEachSealedPasswordFirstThenTheRestOfItsAccountInReverse() {
        withExtras();
        setup();
        String off = instance.offlineAccount();
        String on = instance.onlineAccount();
        assertThat(instance.credentialsDir().resolve(off + ".credential")).exists();
        Provisioner.UninstallResult plan = provisioner(Failpoints.NONE).uninstall(true, l -> { });
        assertThat(steps(plan.plan())).containsSubsequence("account-secret:" + on + " REMOVE", "deny-rights:" + on
                + " REMOVE", "hidden-user:" + on + " REMOVE", "profile:" + on + " REMOVE", "account-secret:" + off
                + " REMOVE", "deny-rights:" + off + " REMOVE", "hidden-user:" + off + " REMOVE", "profile:" + off
                + " REMOVE", "user-online REMOVE", "user-offline REMOVE");
        List<String> lines = new java.util.ArrayList<>();
        provisioner(Failpoints.NONE).uninstall(false, line -> lines.add(line.replaceAll(" \\(.*", "")));
        assertThat(lines).containsSubsequence("REMOVE sealed password of " + on, "REMOVE user profile of " + on,
                "REMOVE sealed password of " + off);
        assertThat(instance.credentialsDir()).doesNotExist();
        assertThat(profiles.paths).isEmpty();
        assertThat(api.users).isEmpty();
    }

    @Test
    void aSealedPasswordThatNoLongerLogsOnIsStillRemovedByUninstall() {
        FakeAccountPasswords passwords = withExtras();
        setup();
        passwords.changeElsewhere(instance.offlineAccount());
        Provisioner.UninstallResult plan = provisioner(Failpoints.NONE).uninstall(true, l -> { });
        assertThat(steps(plan.plan())).contains("account-secret:" + instance.offlineAccount() + " REMOVE");
    }

    @Test
    void anUninstallKilledAtEverySecretFailpointIsFinishedByTheNext() {
        for (String point : List.of(":after-intent", ":after-apply", ":after-done")) {
            setUp();
            withExtras();
            setup();
            String failpoint = "account-secret:" + instance.offlineAccount() + point;
            assertThatThrownBy(() -> provisioner(Failpoints.at(failpoint)).uninstall(false, l -> { }))
                    .as(failpoint).isInstanceOf(Failpoints.InjectedFailure.class);
            provisioner(Failpoints.NONE).uninstall(false, l -> { });
            assertThat(instance.stateDir()).as(failpoint).doesNotExist();
            assertThat(api.users).as(failpoint).isEmpty();
            assertThat(profiles.paths).as(failpoint).isEmpty();
        }
    }
}
