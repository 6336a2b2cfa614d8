package dev.cordon.provision;

import dev.cordon.core.Instance;
import dev.cordon.platform.LentWorkspaces;
import dev.cordon.testing.FakeAccountExtras;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a platform makes for each account beyond it (Windows: profile, hidden-user value, deny rights), through a
 * recording fake: planned after the OS-neutral steps, each ledgered as its own kind, idempotent, repaired after a crash
 * at every failpoint, and undone in reverse before the accounts go.
 */
class ProvisionerAccountExtrasTest {
    private static final SetupRequest PORTS = new SetupRequest(List.of(8080));

    @TempDir
    Path root;
    FakePlatform platform;
    FakeAccountExtras extras;
    Instance instance;

    @BeforeEach
    void setUp() {
        platform = new FakePlatform();
        extras = new FakeAccountExtras();
        platform.accountExtras = extras;
        instance = new Instance("ax" + ThreadLocalRandom.current().nextInt(100000, 999999), root);
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

    private List<String> extraSteps() {
        List<String> steps = new ArrayList<>();
        for (String account : instance.sandboxAccounts()) {
            extras.wanted(account).forEach(x -> steps.add(x.step()));
        }
        return steps;
    }

    private static List<String> steps(List<PlannedChange> plan) {
        return plan.stream().map(c -> c.step() + " " + c.action()).toList();
    }

    @Test
    void setupMakesAndLedgersEachExtraAfterTheAccountsAndASecondSetupPlansNothing() {
        String off = instance.offlineAccount();
        String on = instance.onlineAccount();
        Provisioner.SetupResult r = provisioner(Failpoints.NONE).setup(PORTS, false, line -> { });
        assertThat(steps(r.plan())).containsExactly("state-dir CREATE", "group CREATE", "users-group CREATE",
                "user-offline CREATE", "user-online CREATE", "host-key CREATE", "firewall CREATE",
                "profile:" + off + " CREATE", "hidden-user:" + off + " CREATE", "deny-rights:" + off + " CREATE",
                "profile:" + on + " CREATE", "hidden-user:" + on + " CREATE", "deny-rights:" + on + " CREATE");
        Ledger ledger = Ledger.open(instance.ledgerFile());
        assertThat(ledger.owned(Change.Kind.PROFILE, off).orElseThrow().attrs()).containsEntry("step", "profile:" + off)
                .containsKey("sid");
        assertThat(ledger.owns(Change.Kind.REGISTRY_VALUE, "UserList\\" + on)).isTrue();
        assertThat(ledger.owns(Change.Kind.LSA_RIGHTS, on)).isTrue();
        assertThat(r.verified()).contains("profile of " + off, "rights of " + on);

        Provisioner.SetupResult again = provisioner(Failpoints.NONE).setup(PORTS, false, line -> { });
        assertThat(again.plan()).isEmpty();
        assertThat(again.changedNothing()).isTrue();
    }

    @Test
    void anExtraRemovedBehindCordonsBackIsRepaired() {
        provisioner(Failpoints.NONE).setup(PORTS, false, line -> { });
        extras.lose("profile:" + instance.onlineAccount());
        assertThat(steps(provisioner(Failpoints.NONE).setup(PORTS, true, line -> { }).plan()))
                .containsExactly("profile:" + instance.onlineAccount() + " REPAIR");
        provisioner(Failpoints.NONE).setup(PORTS, false, line -> { });
        assertThat(provisioner(Failpoints.NONE).setup(PORTS, false, line -> { }).plan()).isEmpty();
    }

    @Test
    void aCrashAtEveryFailpointOfEveryExtraIsRepairedByTheNextSetup() {
        int count = extraSteps().size();
        for (int i = 0; i < count; i++) {
            for (String point : List.of("after-intent", "after-apply", "after-done")) {
                setUp(); // a fresh machine, and an instance of its own
                String at = extraSteps().get(i) + ":" + point;
                assertThatThrownBy(() -> provisioner(Failpoints.at(at)).setup(PORTS, false, line -> { }))
                        .as(at).isInstanceOf(Failpoints.InjectedFailure.class);
                provisioner(Failpoints.NONE).setup(PORTS, false, line -> { });
                assertThat(provisioner(Failpoints.NONE).setup(PORTS, false, line -> { }).plan()).as(at).isEmpty();
                for (String s : extraSteps()) {
                    assertThat(extras.present(extras.wanted(s.substring(s.indexOf(':') + 1)).stream()
                            .filter(x -> x.step().equals(s)).findFirst().orElseThrow())).as(at + " then " + s).isTrue();
                }
                // and uninstall after the repair removes everything
                provisioner(Failpoints.NONE).uninstall(false, line -> { });
                assertThat(instance.stateDir()).as(at).doesNotExist();
                assertThat(extras.calls).as(at).filteredOn(c -> c.startsWith("remove")).hasSize(extraSteps().size());
            }
        }
    }

    @Test
    void uninstallUndoesTheExtrasInReverseBeforeTheAccountsWithTheSidsRecorded() {
        provisioner(Failpoints.NONE).setup(PORTS, false, line -> { });
        extras.calls.clear();
        Provisioner.UninstallResult r = provisioner(Failpoints.NONE).uninstall(false, line -> { });
        String off = instance.offlineAccount();
        String on = instance.onlineAccount();
        assertThat(steps(r.plan())).containsExactly(
                "deny-rights:" + on + " REMOVE", "hidden-user:" + on + " REMOVE", "profile:" + on + " REMOVE",
                "deny-rights:" + off + " REMOVE", "hidden-user:" + off + " REMOVE", "profile:" + off + " REMOVE",
                "firewall REMOVE", "host-key REMOVE", "user-online REMOVE", "user-offline REMOVE",
                "users-group REMOVE", "group REMOVE", "state-dir REMOVE");
        assertThat(extras.calls).containsExactly(
                "remove deny-rights:" + on + " S-1-5-21-7-" + Math.abs(on.hashCode()),
                "remove hidden-user:" + on + " S-1-5-21-7-" + Math.abs(on.hashCode()),
                "remove profile:" + on + " S-1-5-21-7-" + Math.abs(on.hashCode()),
                "remove deny-rights:" + off + " S-1-5-21-7-" + Math.abs(off.hashCode()),
                "remove hidden-user:" + off + " S-1-5-21-7-" + Math.abs(off.hashCode()),
                "remove profile:" + off + " S-1-5-21-7-" + Math.abs(off.hashCode()));
        assertThat(platform.accounts.user(off)).isEmpty();
        // an extra already gone is skipped, not an error
        provisioner(Failpoints.NONE).setup(PORTS, false, line -> { });
        extras.lose("hidden-user:" + off);
        assertThat(steps(provisioner(Failpoints.NONE).uninstall(true, line -> { }).plan()))
                .contains("hidden-user:" + off + " SKIP");
    }
}
