package dev.cordon.doctor;

import dev.cordon.runner.ChannelGuard;
import dev.cordon.session.SessionGuards;
import dev.cordon.testing.InstalledInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor's live channel probes on a real instance: all pass with every guard on, and each fails, with a fix, when
 * its guard alone is switched off (the others still pass: each probe notices its own protection).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "the probes start sandbox sessions")
class ChannelProbesTest {
    private static final Map<ChannelGuard, String> CHECK_OF = Map.of(ChannelGuard.TERMINAL, ChannelProbes.TERMINAL,
            ChannelGuard.IPC, ChannelProbes.IPC, ChannelGuard.NAMESPACES, ChannelProbes.NAMESPACES,
            ChannelGuard.RUNNER_MEMORY, ChannelProbes.RUNNER_MEMORY, ChannelGuard.PROCESSES, ChannelProbes.PROCESSES,
            ChannelGuard.NETWORK, ChannelProbes.NETWORK);
    private static InstalledInstance installed;

    @BeforeAll
    static void setUp() throws Exception {
        installed = InstalledInstance.create("cordon-probes-");
    }

    @AfterAll
    static void tearDown() {
        if (installed != null) {
            installed.close();
        }
    }

    @Test
    void everyProbePassesInTheFullDoctorWithTheGuardsOnAndLeavesNothingBehind() {
        // compared with what was there before: a reused uid can inherit files of an earlier account (hsperfdata_*)
        Set<String> before = leftoverIds();
        DoctorReport report = installed.backend().doctor().run(c -> { });
        List<Check> probes = report.checks().stream().filter(c -> CHECK_OF.containsValue(c.id())
                || c.id().equals(ChannelProbes.RUNNER_SIGNALS) || c.id().equals(ChannelProbes.PROCESS_CALLS)).toList();
        assertThat(probes).extracting(Check::id).containsExactly(ChannelProbes.TERMINAL, ChannelProbes.IPC,
                ChannelProbes.NAMESPACES, ChannelProbes.RUNNER_MEMORY, ChannelProbes.RUNNER_SIGNALS,
                ChannelProbes.PROCESS_CALLS, ChannelProbes.PROCESSES, ChannelProbes.NETWORK);
        assertThat(probes).allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.evidence()).isEqualTo(Check.Status.PASS));
        assertThat(leftoverIds()).as("leftovers after the probes").isEqualTo(before);
    }

    private static ChannelProbes probes(Set<ChannelGuard> on) {
        return new ChannelProbes(true, () -> installed.backend().sessions(SessionGuards.ALL.withChannels(on)),
                installed.backend().platform().fileSecurity(), installed.backend().platform().terminal(),
                installed.backend().platform().leftoverSources(), installed.backend().platform().accounts());
    }

    private static Set<String> leftoverIds() {
        return installed.backend().leftovers().scan().items().stream().map(l -> l.kind() + " " + l.describe())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void eachProbeFailsWithAFixWhenItsGuardAloneIsOff() {
        for (ChannelGuard off : ChannelGuard.values()) {
            Set<ChannelGuard> on = EnumSet.complementOf(EnumSet.of(off));
            List<Check> checks = probes(on).run();
            assertThat(checks).hasSize(8); // runner-signals and process-calls have no guard to switch off: they pass throughout
            for (Check c : checks) {
                if (c.id().equals(CHECK_OF.get(off))) {
                    assertThat(c.status()).as(off + " off: " + c.id() + " " + c.evidence()).isEqualTo(Check.Status.FAIL);
                    assertThat(c.fix()).as(c.id()).isNotBlank();
                } else {
                    assertThat(c.status()).as(off + " off: " + c.id() + " " + c.evidence()).isEqualTo(Check.Status.PASS);
                }
            }
        }
    }

    /**
     * With the IPC guard off the keyring probe's {@code add_key} is not refused: the key goes into the offline account's
     * user keyring, which outlives the session (and the account: a later one with the uid lists it in /proc/keys). The
     * probe removes what it made: read as the account, /proc/keys holds no cordon-doctor key it did not hold before.
     */
    @Test
    void theKeyringProbeLeavesNoKeyWhenTheGuardLetItMakeOne() throws InterruptedException {
        int uid = dev.cordon.platform.linux.PosixIds.number(installed.backend().platform().accounts()
                .user(installed.test().instance.offlineAccount()).orElseThrow().id());
        List<String> before = dev.cordon.testing.KernelKeys.doctorKeysOf(uid); // a reused uid may hold an earlier account's
        List<Check> checks = probes(EnumSet.complementOf(EnumSet.of(ChannelGuard.IPC))).run();
        Check ipc = checks.stream().filter(c -> c.id().equals(ChannelProbes.IPC)).findFirst().orElseThrow();
        assertThat(ipc.evidence()).as("the key was made").contains("the account's user keyring took a key");
        assertThat(ipc.evidence()).doesNotContain("not removed").doesNotContain("cannot remove");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!before.containsAll(dev.cordon.testing.KernelKeys.doctorKeysOf(uid)) && System.nanoTime() < deadline) {
            Thread.sleep(100); // an invalidated key leaves /proc/keys when the kernel's key collector has run
        }
        assertThat(dev.cordon.testing.KernelKeys.doctorKeysOf(uid)).as("cordon-doctor keys of uid " + uid + " after the probe")
                .isSubsetOf(before);
    }

    @Test
    void aSwitchedOffGuardFailsTheWholeDoctor() {
        Doctor doctor = new Doctor(installed.test().instance, installed.backend().platform(),
                installed.backend().residue(),
                new dev.cordon.platform.linux.WorkspaceGrants(installed.test().instance, installed.backend().platform().processStarts()),
                "test", probes(EnumSet.complementOf(EnumSet.of(ChannelGuard.TERMINAL))));
        DoctorReport report = doctor.run(c -> { });
        assertThat(report.healthy()).isFalse();
        assertThat(report.checks()).filteredOn(c -> c.status() == Check.Status.FAIL && c.id().startsWith("sandbox."))
                .extracting(Check::id).containsExactly(ChannelProbes.TERMINAL);
    }
}
