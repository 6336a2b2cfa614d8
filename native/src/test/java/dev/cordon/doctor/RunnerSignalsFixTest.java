package dev.cordon.doctor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Fix of a failing {@code sandbox.runner-signals}: on the portable spawn path (R33) it says there is no update to
 * make and what still holds, instead of sending the admin after an update that does not exist for that path.
 */
class RunnerSignalsFixTest {
    @Test
    void thePortablePathIsNamedWithWhatStillHolds() {
        String fix = ChannelProbes.runnerSignalsFix("processbuilder+cgroup-move (no native spawn for aarch64)");
        assertThat(fix).contains("portable spawn path, (no native spawn for aarch64)").contains("no fix for that path yet")
                .contains("R33").contains("timeout").contains("only its own session's runner")
                .doesNotContain("update the kernel or Cordon");
    }

    @Test
    void theNativePathAsksForTheSignalScope() {
        for (String spawn : new String[] {"clone3-into-cgroup", null}) {
            assertThat(ChannelProbes.runnerSignalsFix(spawn)).contains("Landlock ABI 6").contains("update the kernel or Cordon")
                    .contains("only its own session's runner").doesNotContain("portable");
        }
    }
}
