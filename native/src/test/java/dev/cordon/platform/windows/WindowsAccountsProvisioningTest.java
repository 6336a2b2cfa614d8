package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.LentWorkspaces;
import dev.cordon.provision.Failpoints;
import dev.cordon.provision.PlannedChange;
import dev.cordon.provision.Provisioner;
import dev.cordon.provision.Residue;
import dev.cordon.provision.SetupRequest;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
