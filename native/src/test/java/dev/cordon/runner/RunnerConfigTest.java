package dev.cordon.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.Json;
import dev.cordon.platform.CommandConfinement;
import dev.cordon.platform.CommandConfinement.Refusal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerConfigTest {
    private static ObjectNode hello(Set<ChannelGuard> on) {
        ObjectNode hello = Json.object();
        hello.put("type", "hello");
        hello.put("session", "s-1");
        hello.put("cgroup", "/sys/fs/cgroup/cordon/s-1");
        hello.putArray("writable").add("/srv/project/ws").add("/var/lib/x/sessions/s-1/tmp");
        hello.putArray("hidden").add("/var/lib/x");
        ChannelGuard.writeOff(on, hello.putArray("guardsOff"));
        return hello;
    }

    @Test
    void theHelloFrameGivesTheSessionItsCgroupRootsAndGuards() {
        RunnerConfig c = RunnerConfig.from(hello(ChannelGuard.ALL));
        assertThat(c.sessionId()).isEqualTo("s-1");
        assertThat(c.container()).isEqualTo(Path.of("/sys/fs/cgroup/cordon/s-1"));
        assertThat(c.writable()).containsExactly(Path.of("/srv/project/ws"), Path.of("/var/lib/x/sessions/s-1/tmp"));
        assertThat(c.hidden()).containsExactly(Path.of("/var/lib/x"));
        assertThat(c.guards()).isEqualTo(ChannelGuard.ALL);
    }

    @Test
    void noCgroupInTheHelloMeansNone() {
        ObjectNode hello = hello(ChannelGuard.ALL);
        hello.remove("cgroup");
        assertThat(RunnerConfig.from(hello).container()).isNull();
        assertThat(RunnerConfig.from(hello).confinement().container()).isNull();
    }

    @Test
    void everyGuardOnConfinesCommandsAndTheRunnerFully() {
        CommandConfinement c = RunnerConfig.from(hello(ChannelGuard.ALL)).confinement();
        assertThat(c.container()).isEqualTo(Path.of("/sys/fs/cgroup/cordon/s-1"));
        assertThat(c.writable()).containsExactly(Path.of("/srv/project/ws"), Path.of("/var/lib/x/sessions/s-1/tmp"));
        assertThat(c.hidden()).containsExactly(Path.of("/var/lib/x"));
        assertThat(c.refusals()).containsExactlyInAnyOrder(Refusal.values());
        assertThat(c.privateMemory()).isTrue();
        assertThat(c.ownKeyring()).isTrue();
    }

    @Test
    void eachGuardSwitchedOffDropsExactlyItsOwnProtections() {
        assertThat(confinementWithout(ChannelGuard.TERMINAL).refusals())
                .containsExactlyInAnyOrder(Refusal.KEYRINGS, Refusal.NAMESPACES);
        CommandConfinement noIpc = confinementWithout(ChannelGuard.IPC);
        assertThat(noIpc.refusals()).containsExactlyInAnyOrder(Refusal.TERMINAL_INJECTION, Refusal.NAMESPACES);
        assertThat(noIpc.ownKeyring()).isFalse();
        assertThat(noIpc.privateMemory()).isTrue();
        assertThat(confinementWithout(ChannelGuard.NAMESPACES).refusals())
                .containsExactlyInAnyOrder(Refusal.TERMINAL_INJECTION, Refusal.KEYRINGS);
        CommandConfinement memory = confinementWithout(ChannelGuard.RUNNER_MEMORY);
        assertThat(memory.privateMemory()).isFalse();
        assertThat(memory.refusals()).containsExactlyInAnyOrder(Refusal.values());
        CommandConfinement sockets = confinementWithout(ChannelGuard.SOCKETS);
        assertThat(sockets).as("sockets are the runner's mount namespace (the host's launch), not the commands' confinement")
                .isEqualTo(RunnerConfig.from(hello(ChannelGuard.ALL)).confinement());
    }

    @Test
    void guardsSwitchedOffRoundTripThroughTheHelloFrame() {
        for (ChannelGuard off : ChannelGuard.values()) {
            Set<ChannelGuard> on = EnumSet.allOf(ChannelGuard.class);
            on.remove(off);
            assertThat(RunnerConfig.from(hello(on)).guards()).isEqualTo(on);
        }
        assertThat(hello(ChannelGuard.ALL).path("guardsOff")).isEmpty();
        assertThat(hello(Set.of()).path("guardsOff")).hasSize(ChannelGuard.values().length);
    }

    private static CommandConfinement confinementWithout(ChannelGuard off) {
        Set<ChannelGuard> on = EnumSet.allOf(ChannelGuard.class);
        on.remove(off);
        return RunnerConfig.from(hello(on)).confinement();
    }
}
