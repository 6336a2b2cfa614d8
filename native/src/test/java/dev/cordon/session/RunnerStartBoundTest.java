package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A runner that never says it is ready (held by a mount that does not answer, R92) is killed with every process below
 * it, and its start fails naming why, instead of hanging its session's start for ever.
 */
class RunnerStartBoundTest {
    /** A "runner" that says nothing, and whose child holds its output open as a real runner's helpers do. */
    private static final RunnerLauncher SILENT = new RunnerLauncher() {
        @Override
        public Process launch(RunnerLaunch launch) {
            try {
                return new ProcessBuilder("sh", "-c", "sleep 300 & wait").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String describeExit(int status) {
            return "exit " + status;
        }

        @Override
        public Path allowedSocket(Path given) {
            return given;
        }
    };

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard: without the bound the read waits 300 s
    void aRunnerThatNeverSaysReadyIsKilledWithWhatRunsBelowItAndItsStartFailsNamingWhy() throws Exception {
        RunnerProcess runner = RunnerProcess.start(SILENT, null, why -> { });
        List<ProcessHandle> below = List.of();
        while (below.isEmpty()) {
            Thread.sleep(20);
            below = ProcessHandle.of(runner.pid()).orElseThrow().descendants().toList();
        }
        assertThatThrownBy(() -> runner.handshake(Json.object(), Duration.ofSeconds(1)))
                .isInstanceOf(CordonException.class)
                .hasMessageContaining("did not say it was ready within 1 s and was killed")
                .hasMessageContaining("FUSE mount")
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("umount -l"));
        for (ProcessHandle p : below) {
            p.onExit().get(10, TimeUnit.SECONDS);
            assertThat(p.isAlive()).as("pid %d below the runner", p.pid()).isFalse();
        }
    }
}
