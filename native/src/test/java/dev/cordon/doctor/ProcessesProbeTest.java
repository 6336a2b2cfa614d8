package dev.cordon.doctor;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code sandbox.processes} reads its probe program (R46): it passes only when the host's own process is not in the
 * command's {@code /proc}, and its Fix tells a runner without a pid namespace (the shell fallback, no compiled
 * cordon-mounts) from one whose namespace does not hide the host.
 */
class ProcessesProbeTest {
    private static Map<String, String> seen(String host) {
        return Map.of("visible", "4", "pids", "1,2,7,9", "self", "9", "host", host);
    }

    @Test
    void passesWhenTheHostsProcessIsOutOfSight() {
        Check c = ChannelProbes.processes(seen("ENOENT"), 4321L, "2", "100", " (as x, session s)");
        assertThat(c.status()).isEqualTo(Check.Status.PASS);
        assertThat(c.id()).isEqualTo("sandbox.processes");
        assertThat(c.evidence()).contains("4 processes visible (1,2,7,9)").contains("the runner 2").contains("100: ENOENT");
    }

    @Test
    void failsWithTheMissingHelperAsTheFixWhenTheRunnerHasNoPidNamespace() {
        Check c = ChannelProbes.processes(seen("found"), 4321L, "4321", "100", "");
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.evidence()).contains("visible").contains("100: found");
        assertThat(c.fix()).contains("no pid namespace").contains("cordon-mounts").contains("shell fallback").contains("R46");
    }

    @Test
    void failsAsABugToReportWhenTheNamespaceDoesNotHideTheHost() {
        Check c = ChannelProbes.processes(seen("found"), 4321L, "2", "100", "");
        assertThat(c.status()).isEqualTo(Check.Status.FAIL);
        assertThat(c.fix()).contains("cordon doctor --bundle").doesNotContain("shell fallback");
    }
}
