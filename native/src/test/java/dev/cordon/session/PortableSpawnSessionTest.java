package dev.cordon.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every session test again, with runners on their portable path ({@code ProcessBuilder} and cgroup moves), which
 * machines without the native spawn (not x86_64, kernels before 5.14) use.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "sessions need root")
class PortableSpawnSessionTest extends SessionManagerTest {
    @Override
    @BeforeEach
    protected void setUp() throws Exception {
        System.setProperty(RuntimeStage.RUNNER_SPAWN_PROPERTY, "jdk");
        super.setUp();
    }

    @Override
    @AfterEach
    protected void tearDown() {
        try {
            super.tearDown();
        } finally {
            System.clearProperty(RuntimeStage.RUNNER_SPAWN_PROPERTY);
        }
    }

    @Override
    protected void assertSpawnMethod(String method) {
        // each command through cordon-exec, its own Landlock domain (R33)
        assertThat(method).startsWith("processbuilder+cgroup-move+cordon-exec (-Dcordon.runner.spawn=jdk)");
    }
}
