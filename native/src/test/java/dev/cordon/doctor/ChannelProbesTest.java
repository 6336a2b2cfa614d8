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
            ChannelGuard.RUNNER_MEMORY, ChannelProbes.RUNNER_MEMORY, ChannelGuard.PROCESSES, ChannelProbes.PROCESSES);
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
                ChannelProbes.PROCESS_CALLS, ChannelProbes.PROCESSES);
        assertThat(probes).allSatisfy(c -> assertThat(c.status()).as(c.id() + ": " + c.evidence()).isEqualTo(Check.Status.PASS));
        assertThat(leftoverIds()).as("leftovers after the probes").isEqualTo(before);
    }

    private static ChannelProbes probes(Set<ChannelGuard> on) {
        return new ChannelProbes(true, () -> installed.backend().sessions(SessionGuards.ALL.withChannels(on)),
                installed.backend().platform().fileSecurity(), installed.backend().platform().terminal());
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
            assertThat(checks).hasSize(7); // runner-signals and process-calls have no guard to switch off: they pass throughout
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
