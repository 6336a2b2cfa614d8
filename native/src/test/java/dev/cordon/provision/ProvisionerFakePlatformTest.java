package dev.cordon.provision;

import dev.cordon.platform.LentWorkspaces;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Setup and uninstall on a platform in memory: plans, idempotency, refusals and failures, without root. */
class ProvisionerFakePlatformTest {
    private static final SetupRequest PORTS = new SetupRequest(List.of(8080));

    @TempDir
    Path root;
    FakePlatform platform;
    Instance instance;
    final List<String> residuePurged = new ArrayList<>();

    @BeforeEach
    void setUp() {
        platform = new FakePlatform();
        instance = new Instance("fp" + ThreadLocalRandom.current().nextInt(100000, 999999), root);
    }

    private Provisioner provisioner(Failpoints failpoints) {
        Residue residue = new Residue() {
            @Override
            public List<String> describe() {
                return List.of();
            }

            @Override
            public void purge() {
                residuePurged.add("purged");
            }
        };
        return new Provisioner(instance, platform, residue, LentWorkspaces.NONE, failpoints);
    }

    private Provisioner provisioner() {
        return provisioner(Failpoints.NONE);
    }

    private static List<String> steps(List<PlannedChange> plan) {
        return plan.stream().map(c -> c.step() + " " + c.action()).toList();
    }

    @Test
    void aDryRunPlansEveryStepAndChangesNothing() {
        Provisioner.SetupResult r = provisioner().setup(PORTS, true, line -> { });
        assertThat(steps(r.plan())).containsExactly("state-dir CREATE", "group CREATE", "users-group CREATE",
                "user-offline CREATE", "user-online CREATE", "host-key CREATE", "firewall CREATE");
        assertThat(r.applied()).isFalse();
        assertThat(instance.stateDir()).doesNotExist();
        assertThat(platform.accounts.group(instance.sandboxGroup())).isEmpty();
        assertThat(platform.protector.keyPresent()).isFalse();
        assertThat(platform.firewall.read(instance.firewallTable()).present()).isFalse();
    }

    @Test
    void rulesWrittenButNotInEffectFailTheVerificationWithTheirFix() {
        platform.firewall.ineffective(new dev.cordon.platform.FirewallState.Ineffective(
                "Windows Firewall is switched off for the public profile.", "Turn it on."));
        assertThatThrownBy(() -> provisioner().setup(PORTS, false, line -> { }))
                .hasMessageContaining("the firewall rules are not in effect: Windows Firewall is switched off for the "
                        + "public profile. (fix: Turn it on.)");
        assertThat(platform.firewall.read(instance.firewallTable()).matches(new dev.cordon.platform.FirewallSpec(
                instance.firewallTable(), platform.accounts.user(instance.offlineAccount()).orElseThrow().id(),
                PORTS.allowLoopbackPorts()))).isTrue(); // written all the same: they apply once the firewall is on
        platform.firewall.ineffective(null);
        assertThat(provisioner().setup(PORTS, false, line -> { }).applied()).isFalse();
    }

    @Test
    void setupAppliesRecordsThePrincipalsAndIsIdempotent() {
        Provisioner.SetupResult first = provisioner().setup(PORTS, false, line -> { });
        assertThat(first.applied()).isTrue();
        Account offline = platform.accounts.user(instance.offlineAccount()).orElseThrow();
        Principal sandbox = platform.accounts.group(instance.sandboxGroup()).orElseThrow().id();
        assertThat(offline.primaryGroup()).isEqualTo(sandbox);
        assertThat(platform.firewall.read(instance.firewallTable()).matches(
                new FirewallSpec(instance.firewallTable(), offline.id(), List.of(8080)))).isTrue();
        Ledger ledger = Ledger.open(instance.ledgerFile());
        assertThat(ledger.idOf(instance.offlineAccount())).hasValue(offline.id());
        assertThat(ledger.owned(Change.Kind.GROUP, instance.sandboxGroup()).orElseThrow()
                .principalAttr("gid", Principal.Kind.GROUP)).hasValue(sandbox);
        assertThat(platform.fileSecurity.ownerOnly(instance.ledgerFile())).as("ledger created owner-only").isTrue();
        assertThat(platform.fileSecurity.stateDirectory(instance.stateDir()).secure()).isTrue();
        assertThat(first.verified()).anySatisfy(line -> assertThat(line).contains("cuts off " + offline.id()));

        int entries = ledger.entries().size();
        Provisioner.SetupResult again = provisioner().setup(PORTS, false, line -> { });
        assertThat(again.changedNothing()).isTrue();
        assertThat(Ledger.open(instance.ledgerFile()).entries()).hasSize(entries);
    }

    @Test
    void aFailedFirewallApplyIsRecordedAsIntentOnlyAndTheNextRunRepairsIt() {
        platform.firewall.failNextApply();
        assertThatThrownBy(() -> provisioner().setup(PORTS, false, line -> { })).isInstanceOf(CordonException.class)
                .hasMessageContaining("injected");
        assertThat(platform.firewall.read(instance.firewallTable()).present()).as("nothing half-applied").isFalse();
        List<Ledger.Entry> entries = Ledger.open(instance.ledgerFile()).entries();
        Ledger.Entry last = entries.get(entries.size() - 1);
        assertThat(last.phase()).isEqualTo(Ledger.Phase.intent);
        assertThat(last.change().kind()).isEqualTo(Change.Kind.FIREWALL_TABLE);

        Provisioner.SetupResult repair = provisioner().setup(PORTS, false, line -> { });
        assertThat(steps(repair.plan())).containsExactly("firewall CREATE");
        assertThat(platform.firewall.read(instance.firewallTable()).present()).isTrue();
    }

    @Test
    void aRunStoppedAfterAnAccountsIntentIsRepairedAndTheAccountStaysOurs() {
        assertThatThrownBy(() -> provisioner(Failpoints.at("user-offline:after-apply")).setup(PORTS, false, line -> { }))
                .isInstanceOf(Failpoints.InjectedFailure.class);
        assertThat(platform.accounts.user(instance.offlineAccount())).isPresent();
        assertThat(Ledger.open(instance.ledgerFile()).owns(Change.Kind.USER, instance.offlineAccount())).isTrue();

        Provisioner.SetupResult repair = provisioner().setup(PORTS, false, line -> { });
        assertThat(steps(repair.plan())).containsExactly("user-online CREATE", "host-key CREATE", "firewall CREATE");
    }

    @Test
    void aFailingAccountToolStopsTheRunWithTheIntentOnRecord() {
        platform.accounts.failOn("createSandboxUser");
        assertThatThrownBy(() -> provisioner().setup(PORTS, false, line -> { })).hasMessageContaining("injected");
        assertThat(platform.accounts.user(instance.offlineAccount())).isEmpty();
        assertThat(platform.protector.keyPresent()).as("later steps did not run").isFalse();
        assertThat(Ledger.open(instance.ledgerFile()).owns(Change.Kind.USER, instance.offlineAccount()))
                .as("an intent without done is owned, so uninstall would clean it up").isTrue();
    }

    @Test
    void preflightRefusesBeforeTouchingAnything() {
        platform.withoutTool("nft");
        assertThatThrownBy(() -> provisioner().setup(PORTS, false, line -> { })).isInstanceOf(CordonException.class)
                .hasMessageContaining("`nft` was not found")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.UNAVAILABLE));
        platform = new FakePlatform();
        platform.elevated = false;
        assertThatThrownBy(() -> provisioner().setup(PORTS, false, line -> { }))
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.NEEDS_ROOT));
        assertThat(instance.stateDir()).doesNotExist();
    }

    @Test
    void anEmptyStateDirectorySomeoneElseCreatedIsRefusedNotAdopted() throws java.io.IOException {
        java.nio.file.Files.createDirectories(instance.stateDir());
        platform.fileSecurity.ownedBySomeoneElse(instance.stateDir());
        assertThatThrownBy(() -> provisioner().setup(PORTS, false, line -> { }))
                .isInstanceOfSatisfying(CordonException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                    assertThat(e.getMessage()).contains("someone else created it").contains("nothing was changed");
                });
        try (var entries = java.nio.file.Files.list(instance.stateDir())) {
            assertThat(entries).isEmpty(); // no ledger written into it
        }
        assertThat(platform.accounts.group(instance.sandboxGroup())).isEmpty();
    }

    @Test
    void uninstallWhereLeftoversCannotBeLookedForRemovesWhatTheLedgerHoldsAndSaysSo() {
        provisioner().setup(PORTS, false, line -> { });
        Residue unavailable = new Residue() {
            @Override
            public List<String> describe() {
                throw new CordonException(ExitCode.UNAVAILABLE, "Leftover sources on Windows are not part of this build yet.",
                        "Wait.");
            }

            @Override
            public void purge() {
                throw new AssertionError("nothing was planned");
            }
        };
        Provisioner.UninstallResult r = new Provisioner(instance, platform, unavailable, LentWorkspaces.NONE,
                Failpoints.NONE).uninstall(false, line -> { });
        assertThat(r.warnings()).containsExactly("leftovers of the sandbox accounts not looked for: "
                + "Leftover sources on Windows are not part of this build yet.");
        assertThat(instance.stateDir()).doesNotExist();
        assertThat(platform.accounts.user(instance.offlineAccount())).isEmpty();
    }

    @Test
    void objectsCordonDidNotCreateAreRefusedAndLeftAlone() {
        platform.accounts.addGroup(instance.sandboxGroup(), 4242);
        assertThatThrownBy(() -> provisioner().setup(PORTS, false, line -> { })).isInstanceOf(CordonException.class)
                .hasMessageContaining("group " + instance.sandboxGroup() + " (gid 4242) exists and was not created by Cordon")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT));
        assertThat(instance.stateDir()).doesNotExist();
        assertThat(platform.accounts.group(instance.sandboxGroup()).orElseThrow().id()).isEqualTo(Principal.gid(4242));
    }

    @Test
    void anAccountLoosenedBehindOurBackIsLockedDownAgain() {
        provisioner().setup(PORTS, false, line -> { });
        Account online = platform.accounts.user(instance.onlineAccount()).orElseThrow();
        platform.accounts.replace(new Account(online.name(), online.id(), online.primaryGroup(), online.home(),
                "/bin/bash", online.groups()), false);
        Provisioner.SetupResult repair = provisioner().setup(PORTS, false, line -> { });
        assertThat(steps(repair.plan())).containsExactly("user-online REPAIR");
        assertThat(platform.accounts.posture(platform.accounts.user(instance.onlineAccount()).orElseThrow()).ok()).isTrue();
    }

    @Test
    void uninstallUndoesEverythingAndRemembersTheRemovedAccounts() {
        provisioner().setup(PORTS, false, line -> { });
        Principal offline = platform.accounts.user(instance.offlineAccount()).orElseThrow().id();
        Principal online = platform.accounts.user(instance.onlineAccount()).orElseThrow().id();
        Path home = instance.sessionsDir().resolve("s1").resolve("home");
        createDirectories(home);
        platform.scratchSpaces.bound(home, 1 << 20, platform.accounts.group(instance.sandboxGroup()).orElseThrow());
        Path ledgerCopy = root.resolve("ledger-copy");

        Provisioner.UninstallResult r = provisioner(point -> {
            if (point.equals("state-dir:after-intent")) {
                copy(instance.ledgerFile(), ledgerCopy); // the ledger goes with the state directory: keep what it said
            }
        }).uninstall(false, line -> { });
        assertThat(r.applied()).isTrue();
        assertThat(instance.stateDir()).doesNotExist();
        assertThat(platform.accounts.user(instance.offlineAccount())).isEmpty();
        assertThat(platform.accounts.group(instance.usersGroup())).isEmpty();
        assertThat(platform.firewall.read(instance.firewallTable()).present()).isFalse();
        assertThat(platform.protector.keyPresent()).isFalse();
        assertThat(platform.scratchSpaces.under(instance.stateDir())).isEmpty();
        assertThat(Ledger.open(ledgerCopy).removedAccounts()).containsExactlyInAnyOrder(offline, online);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
