package dev.cordon.host;

import dev.cordon.platform.ProcessInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code session ps} roles (R46): the cordon-mounts the host started and the pid namespace's init, both in the
 * session's cgroup above the runner, are named for what they are, not "descendant".
 */
class SessionProcessRolesTest {
    private static ProcessInfo p(int pid, int ppid, String name) {
        return new ProcessInfo(pid, ppid, null, "root", name, name, 'S', 0, 0, Instant.EPOCH, pid);
    }

    @Test
    void aNamespacedRunnersKeeperAndInitHaveRolesOfTheirOwn() {
        List<ProcessInfo> members = List.of(p(100, 1, "cordon-mounts"), p(101, 100, "cordon-mounts"),
                p(102, 101, "java"), p(110, 102, "sh"), p(111, 110, "sleep"), p(120, 101, "daemon"));

        Map<Integer, String> roles = HostApi.roles(members, 102L);

        assertThat(roles).containsExactlyInAnyOrderEntriesOf(Map.of(100, "namespace-keeper", 101, "namespace-init",
                102, "runner", 110, "command", 111, "descendant", 120, "descendant"));
    }

    @Test
    void aRunnerWithoutANamespaceHasNoneAboveIt() {
        List<ProcessInfo> members = List.of(p(102, 50, "java"), p(110, 102, "sh"), p(111, 110, "sleep"));

        assertThat(HostApi.roles(members, 102L)).containsExactlyInAnyOrderEntriesOf(Map.of(102, "runner", 110, "command",
                111, "descendant"));
    }

    @Test
    void noRunnerPidMeansEveryProcessIsADescendant() {
        assertThat(HostApi.roles(List.of(p(5, 1, "x")), null)).containsExactlyEntriesOf(Map.of(5, "descendant"));
    }
}
