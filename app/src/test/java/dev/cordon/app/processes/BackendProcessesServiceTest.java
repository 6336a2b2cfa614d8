package dev.cordon.app.processes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.Backend;
import dev.cordon.app.backend.AppSessions;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A process the panel signals is in the audit log as {@code cordon kill} writes it: action, pid, tree, signal. */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "writes a real instance's root-only audit log")
class BackendProcessesServiceTest {
    @Test
    void thePanelsKillsAreAudited() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "120").start();
        try (TestInstance t = new TestInstance()) {
            Files.createDirectories(t.instance.stateDir());
            Backend backend = Backend.open(t.instance);
            try (AppSessions sessions = new AppSessions(backend)) {
                BackendProcessesService service = new BackendProcessesService(backend, sessions);
                ProcessInfo info = service.snapshot(ProcessMode.WHOLE_SYSTEM).process((int) sleeper.pid()).orElseThrow();
                assertThat(service.terminate(info)).isTrue();
                assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();

                List<JsonNode> log = backend.audit().read(0);
                JsonNode kill = log.get(log.size() - 1);
                assertThat(kill.path("action").asText()).isEqualTo("kill");
                assertThat(kill.path("args").path("pid").asInt()).isEqualTo((int) sleeper.pid());
                assertThat(kill.path("args").path("signal").asText()).isEqualTo("TERM");
                assertThat(kill.path("args").path("tree").asBoolean()).isFalse();
                assertThat(kill.path("args").path("from").asText()).isEqualTo("panel");
                assertThat(kill.path("result").asText()).isEqualTo("ok");
            }
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
