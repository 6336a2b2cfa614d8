package dev.cordon.doctor;

import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.provision.Failpoints;
import dev.cordon.platform.LentWorkspaces;
import dev.cordon.provision.Provisioner;
import dev.cordon.provision.Residue;
import dev.cordon.provision.SetupRequest;
import dev.cordon.testing.FakeAccountPasswords;
import dev.cordon.testing.FakePlatform;
import dev.cordon.vault.AccountCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor's verdicts on a platform in memory: healthy after setup, and each thing broken behind its back named. */
class DoctorFakePlatformTest {
    @TempDir
    Path root;
    FakePlatform platform;
    Instance instance;
    final List<String> leftovers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        platform = new FakePlatform();
        instance = new Instance("dr" + ThreadLocalRandom.current().nextInt(100000, 999999), root);
    }

    private Residue residue() {
        return new Residue() {
            @Override
            public List<String> describe() {
                return List.copyOf(leftovers);
            }

            @Override
            public void purge() {
                leftovers.clear();
            }
        };
    }

    private void setup() {
        new Provisioner(instance, platform, residue(), LentWorkspaces.NONE, Failpoints.NONE)
                .setup(new SetupRequest(List.of(3128)), false, line -> { });
    }

    private Map<String, Check> run() {
        DoctorReport report = new Doctor(instance, platform, residue(), dev.cordon.platform.LentWorkspaces.NONE, "test", List::of).run(c -> { });
        return report.checks().stream().collect(Collectors.toMap(Check::id, c -> c, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    private static List<String> failing(Map<String, Check> checks) {
        return checks.values().stream().filter(c -> c.status() != Check.Status.PASS).map(Check::id).toList();
    }

    @Test
    void whereAccountsLogOnWithAPasswordEachCredentialIsProvenByALogon() {
        FakeAccountPasswords windows = new FakeAccountPasswords();
        platform.withLogonVerifier(windows);
        setup();
        Map<String, Check> checks = run();
        assertThat(checks.get("vault.credential.offline").status()).isEqualTo(Check.Status.FAIL);
        assertThat(checks.get("vault.credential.offline").evidence()).startsWith("missing");
        assertThat(checks.get("vault.credential.online").fix()).contains("cordon setup");

        AccountCredentials credentials = new AccountCredentials(instance.credentialsDir(), platform.protector,
                platform.fileSecurity, windows, windows, windows);
        credentials.ensure(instance.offlineAccount());
        credentials.ensure(instance.onlineAccount());
        checks = run();
        assertThat(failing(checks)).isEmpty();
        assertThat(checks.get("vault.credential.online").evidence()).contains("verified", instance.onlineAccount());

        windows.changeElsewhere(instance.offlineAccount());
        checks = run();
        assertThat(failing(checks)).containsExactly("vault.credential.offline");
        assertThat(checks.get("vault.credential.offline").evidence()).startsWith("stale").contains("1326")
                .doesNotContain(windows.passwordOf(instance.onlineAccount()));

        windows.disable(instance.onlineAccount(), true);
        assertThat(run().get("vault.credential.online").fix()).contains("Make the account usable again");
    }

    @Test
    void whereAccountsHaveNoPasswordThereIsNoCredentialToCheck() {
        setup();
        assertThat(run().keySet()).noneMatch(id -> id.startsWith("vault.credential."));
    }

    @Test
    void aFreshSetupIsHealthyAndTheProbesFollowTheFirewall() {
        setup();
        Map<String, Check> checks = run();
        assertThat(failing(checks)).isEmpty();
        Account offline = platform.accounts.user(instance.offlineAccount()).orElseThrow();
        assertThat(checks.get("firewall.table.present").evidence()).isEqualTo("cuts off " + offline.id()
                + ", loopback TCP allowed: [3128]");
        assertThat(checks.get("firewall.offline.proven").evidence()).contains("refused").doesNotContain("reached");
        assertThat(checks.get("firewall.offline.proxy").evidence()).contains("tcp://127.0.0.1:3128 reached");
        assertThat(checks.get("tools.nft").status()).isEqualTo(Check.Status.PASS);
    }

    @Test
    void nothingSetUpFailsAndSkipsTheProbes() {
        Map<String, Check> checks = run();
        assertThat(checks.get("ledger.integrity").status()).isEqualTo(Check.Status.FAIL);
        assertThat(checks.get("statedir.secure").evidence()).endsWith("does not exist");
        assertThat(checks.get("group.sandbox.present").status()).isEqualTo(Check.Status.FAIL);
        assertThat(checks.get("account.offline.posture").status()).isEqualTo(Check.Status.SKIP);
        assertThat(checks.get("firewall.offline.proven").status()).isEqualTo(Check.Status.SKIP);
    }

    @Test
    void aRemovedFirewallTableFailsTheTableAndTheLiveProbe() {
        setup();
        platform.firewall.remove(instance.firewallTable());
        Map<String, Check> checks = run();
        assertThat(failing(checks)).containsExactly("firewall.table.present", "firewall.offline.proven");
        assertThat(checks.get("firewall.offline.proven").evidence()).contains("reached");
    }

    @Test
    void rulesTheOsDoesNotEnforceFailTheFirewallCheckWithTheirOwnFix() {
        setup();
        platform.firewall.ineffective(new dev.cordon.platform.FirewallState.Ineffective(
                "Group Policy controls the firewall.", "Ask the domain administrator."));
        Check table = run().get("firewall.table.present");
        assertThat(table.status()).isEqualTo(Check.Status.FAIL);
        assertThat(table.evidence()).isEqualTo("present but not in effect: Group Policy controls the firewall.");
        assertThat(table.fix()).isEqualTo("Ask the domain administrator.");
        platform.firewall.ineffective(null);
        assertThat(run().get("firewall.table.present").status()).isEqualTo(Check.Status.PASS);
    }

    @Test
    void eachThingBrokenBehindItsBackIsNamed() {
        setup();
        platform.withoutTool("setpriv");
        platform.elevated = false;
        Account online = platform.accounts.user(instance.onlineAccount()).orElseThrow();
        platform.accounts.replace(new Account(online.name(), online.id(), online.primaryGroup(), online.home(),
                "/bin/bash", online.groups()), true);
        platform.fileSecurity.loosen(instance.stateDir());
        leftovers.add("/tmp/left-behind");
        Map<String, Check> checks = run();
        assertThat(failing(checks)).containsExactly("host.elevated", "tools.setpriv", "statedir.secure",
                "account.online.posture", "leftovers.none");
        assertThat(checks.get("tools.setpriv").fix()).isEqualTo("Install it: `apt-get install setpriv`.");
        assertThat(checks.get("account.online.posture").evidence()).contains("login shell is /bin/bash");
        assertThat(checks.get("leftovers.none").evidence()).contains("/tmp/left-behind");
    }

    @Test
    void whatThisBuildCannotProbeHereIsNotVerifiedNeverPassed() {
        setup();
        platform.noSessions = java.util.Optional.of("this build does not start sandbox sessions here.");
        platform.withNetworkProbe(new dev.cordon.platform.NetworkProbe() {
                    @Override
                    public List<dev.cordon.platform.NetworkProbe.Attempt> probe(String account, List<dev.cordon.platform.NetworkProbe.Target> targets) {
                        throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.UNAVAILABLE,
                                "Probing as a sandbox account is not part of this build yet (the sessions issue).", "Wait.");
                    }

                    @Override
                    public dev.cordon.platform.NetworkProbe.LocalListener listenLocal(Path path) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public List<String> stageClient(Path dir) {
                        throw new UnsupportedOperationException();
                    }
                });
        platform.capabilities.add(dev.cordon.platform.Capability.notVerified("sandbox.logon-sessions",
                "Logon sessions per sandbox SID", "needs the session launcher", "Run `cordon doctor` after it lands."));
        DoctorReport report = new Doctor(instance, platform, residue(), LentWorkspaces.NONE, "test",
                () -> List.of(Check.pass("sandbox.terminal", "Terminal injection refused", "probed"))).run(c -> { });
        Map<String, Check> checks = report.checks().stream().collect(Collectors.toMap(Check::id, c -> c));
        for (String id : List.of("firewall.offline.proven", "firewall.offline.proxy", "network.online.proven",
                "sandbox.terminal", "sandbox.logon-sessions")) {
            assertThat(checks.get(id).status()).as(id).isEqualTo(Check.Status.SKIP);
            assertThat(checks.get(id).evidence()).as(id).startsWith(Doctor.NOT_VERIFIED + ": ");
        }
        assertThat(checks.get("firewall.table.present").status()).isEqualTo(Check.Status.PASS);
        assertThat(report.healthy()).isFalse();
    }

    @Test
    void channelsTheFirewallDoesNotCoverAreRowsOfTheirOwnThatNeverPass() {
        platform.firewall.notCovered(List.of(
                new dev.cordon.platform.Firewall.Uncovered("firewall.uncovered.dns", "name resolution through the DNS "
                        + "Client service", "lookups are sent by the Dnscache service, not by the offline account"),
                new dev.cordon.platform.Firewall.Uncovered("firewall.uncovered.icmp", "ICMP (ping)", "not matched")));
        setup();
        Map<String, Check> checks = run();
        List<String> ids = List.copyOf(checks.keySet());
        assertThat(ids.indexOf("firewall.uncovered.dns")).isEqualTo(ids.indexOf("firewall.table.present") + 1);
        assertThat(checks.get("firewall.uncovered.icmp").status()).isEqualTo(Check.Status.SKIP);
        assertThat(checks.get("firewall.uncovered.dns").title()).isEqualTo(
                "Not covered by the firewall: name resolution through the DNS Client service");
        assertThat(checks.get("firewall.uncovered.dns").evidence()).isEqualTo(Doctor.NOT_COVERED
                + ": lookups are sent by the Dnscache service, not by the offline account");
        assertThat(checks.get("firewall.uncovered.dns").fix()).contains("no WFP filters", "reachable from an offline session");
        assertThat(checks.get("firewall.table.present").title()).isEqualTo("Firewall: fake firewall table "
                + instance.firewallTable());
        // `cordon doctor --json` writes the report as Json.tree does
        DoctorReport report = new Doctor(instance, platform, residue(), LentWorkspaces.NONE, "test", List::of).run(c -> { });
        com.fasterxml.jackson.databind.JsonNode json = dev.cordon.core.Json.tree(report);
        assertThat(json.path("checks").findValuesAsText("id")).contains("firewall.uncovered.dns", "firewall.uncovered.icmp");
        assertThat(json.toString()).contains("\"status\":\"SKIP\"", "not covered: lookups are sent by the Dnscache");
    }

    @Test
    void mountsWhoseContentCannotBeJudgedAreARowThatNeverPassesNamingEachWithWhatToDo() {
        setup();
        Check none = run().get("sandbox.mounts");
        assertThat(none.status()).isEqualTo(Check.Status.PASS);
        assertThat(none.evidence()).startsWith("none");

        platform.opaqueMounts.add(new dev.cordon.platform.OpaqueMount(Path.of("/srv/pub"), "fuse.bindfs", "pub",
                dev.cordon.platform.OpaqueMount.Kind.FUSE_SHARED, "a FUSE mount others may read (allow_other) whose"
                + " source is not a path (its mounter named it)"));
        platform.opaqueMounts.add(new dev.cordon.platform.OpaqueMount(Path.of("/mnt/h"), "nfs4", "localhost:/home",
                dev.cordon.platform.OpaqueMount.Kind.NETWORK_FROM_THIS_HOST, "a network mount served by this host"
                + " (mounted from 127.0.0.1)"));
        DoctorReport report = new Doctor(instance, platform, residue(), LentWorkspaces.NONE, "test", List::of).run(c -> { });
        Check c = report.checks().stream().filter(x -> x.id().equals("sandbox.mounts")).findFirst().orElseThrow();
        assertThat(c.status()).isEqualTo(Check.Status.SKIP);
        assertThat(c.evidence()).startsWith(Doctor.NOT_COVERED + ": 2 mount(s)")
                .contains("/srv/pub (fuse.bindfs, source pub: a FUSE mount others may read (allow_other)")
                .contains("/mnt/h (nfs4, source localhost:/home: a network mount served by this host");
        assertThat(c.fix()).contains("`umount /srv/pub`", "`umount /mnt/h`", "without allow_other", "mount --bind");
        assertThat(report.healthy()).isFalse();
        assertThat(dev.cordon.core.Json.tree(report).toString()).contains("\"id\":\"sandbox.mounts\"", "/srv/pub");

        platform.opaqueMounts.remove(0);
        assertThat(run().get("sandbox.mounts").fix()).doesNotContain("allow_other").contains("mount --bind")
                .doesNotContain("overlay");

        platform.opaqueMounts.add(new dev.cordon.platform.OpaqueMount(Path.of("/srv/ov"), "overlay", "overlay",
                dev.cordon.platform.OpaqueMount.Kind.OVERLAY_LAYERS_UNKNOWN, "an overlay whose table entry does not say"
                + " which directories it shows: layer /srv/link is /srv/b now"));
        assertThat(run().get("sandbox.mounts").fix()).contains("`umount /srv/ov`",
                "mount an overlay again with each layer named by the real path of its directory");
    }

    @Test
    void whereTheRulesCoverEverythingThereIsNoNotCoveredRow() {
        setup();
        assertThat(run().keySet()).noneMatch(id -> id.startsWith("firewall.uncovered."));
    }
}
