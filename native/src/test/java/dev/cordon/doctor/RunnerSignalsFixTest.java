package dev.cordon.doctor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Fix of a failing {@code sandbox.runner-signals}: on the portable spawn path (R33) it says what that path needs for
 * each command's own domain (cordon-exec, the signal scope) and what still holds; with cordon-exec in use a failure is
 * a bug to report, not an update to make.
 */
class RunnerSignalsFixTest {
    @Test
    void thePortablePathWithoutTheHelperSaysWhatItNeeds() {
        String fix = ChannelProbes.runnerSignalsFix(
                "processbuilder+cgroup-move (no native spawn for aarch64; no cordon-exec: Landlock ABI 5 has no signal scope)");
        assertThat(fix).contains("portable spawn path (no native spawn for aarch64; no cordon-exec: Landlock ABI 5")
                .contains("without cordon-exec").contains("R33").contains("Landlock's signal scope (ABI 6")
                .contains("update the kernel").contains("timeout").contains("only its own session's runner")
                .doesNotContain("no fix for that path").doesNotContain("libcordonspawn");
    }

    @Test
    void thePortablePathWithTheHelperIsABugToReport() {
        String fix = ChannelProbes.runnerSignalsFix("processbuilder+cgroup-move+cordon-exec (-Dcordon.runner.spawn=jdk)");
        assertThat(fix).contains("portable spawn path (-Dcordon.runner.spawn=jdk) through cordon-exec").contains("R33")
                .contains("report this").contains("only its own session's runner")
                .doesNotContain("update the kernel").doesNotContain("no fix for that path");
    }

    @Test
    void theNativePathAsksForTheSignalScope() {
        for (String spawn : new String[] {"clone3-into-cgroup", null}) {
            assertThat(ChannelProbes.runnerSignalsFix(spawn)).contains("Landlock ABI 6").contains("update the kernel or Cordon")
                    .contains("only its own session's runner").doesNotContain("portable");
        }
    }
}
