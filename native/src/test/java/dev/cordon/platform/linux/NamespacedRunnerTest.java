package dev.cordon.platform.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link NamespacedRunner}'s callers get from the process the host started (R46): its handle (liveness, the
 * whole tree below it, a kill that ends it), while {@link NamespacedRunner#pid()} names the runner once it is born.
 */
@EnabledOnOs(OS.LINUX)
class NamespacedRunnerTest {
    @Test
    void theHandleIsTheStartedProcessesAndItsDescendantsAreTheWholeTree() throws Exception {
        Process started = new ProcessBuilder("/bin/sh", "-c", "sleep 30 & wait").start();
        NamespacedRunner runner = new NamespacedRunner(started);
        try {
            assertThat(runner.toHandle().pid()).isEqualTo(started.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (runner.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ProcessHandle sleep = runner.descendants().findFirst().orElseThrow();
            assertThat(sleep.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));
            // no child is pid 2 of a namespace of its own here: the runner is not born, it is named as the started one
            assertThat(runner.pid()).isEqualTo(started.pid());
            assertThat(runner.isAlive()).isTrue();

            runner.destroyForcibly();

            assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runner.isAlive()).isFalse();
            assertThat(runner.toHandle().isAlive()).isFalse();
            sleep.destroyForcibly(); // outside a pid namespace the orphan survives its parent; in one its init's end kills it
        } finally {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }
    }
}
