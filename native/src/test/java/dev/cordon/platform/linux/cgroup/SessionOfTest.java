package dev.cordon.platform.linux.cgroup;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SessionOfTest {
    @Test
    void aProcessInASessionCgroupOfThePrefixNamesItsSessionInAnyHierarchy() {
        String hybrid = """
                12:pids:/cordon-t1/s0a1b2c3d
                5:memory:/cordon-t1/s0a1b2c3d
                1:name=systemd:/system.slice/ssh.service
                0::/cordon-t1/s0a1b2c3d/runner-42/c7
                """;
        assertThat(SessionCgroups.sessionIn(hybrid, "cordon-t1")).contains("s0a1b2c3d");
        assertThat(SessionCgroups.sessionIn("0::/cordon-t1/s9\n", "cordon-t1")).contains("s9");
    }

    @Test
    void anotherPrefixTheBarePrefixOrNoSessionIsNone() {
        assertThat(SessionCgroups.sessionIn("0::/cordon-t2/s1/runner-1\n", "cordon-t1")).isEqualTo(Optional.empty());
        assertThat(SessionCgroups.sessionIn("0::/cordon-t1\n", "cordon-t1")).isEmpty();
        assertThat(SessionCgroups.sessionIn("0::/user.slice/cordon-t1/s1\n", "cordon-t1")).isEmpty();
        assertThat(SessionCgroups.sessionIn("0::/\n", "cordon-t1")).isEmpty();
        assertThat(SessionCgroups.sessionIn("", "cordon-t1")).isEmpty();
    }
}
