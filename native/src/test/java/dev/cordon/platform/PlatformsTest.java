package dev.cordon.platform;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformsTest {
    @Test
    void findsTheLinuxImplementationThroughItsProvider() {
        assertThat(Platforms.detect(Instance.of("cordon")).os()).isEqualTo("linux");
    }

    @Test
    void anOsWithoutAnImplementationIsRefusedWithOneClearError() {
        String real = System.getProperty("os.name");
        try {
            System.setProperty("os.name", "Plan 9");
            assertThatThrownBy(() -> Platforms.detect(Instance.of("cordon"))).isInstanceOf(CordonException.class)
                    .hasMessageContaining("Unsupported operating system: plan 9")
                    .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.UNAVAILABLE));
            System.setProperty("os.name", "Windows 11");
            assertThatThrownBy(() -> Platforms.detect(Instance.of("cordon"))).isInstanceOf(CordonException.class)
                    .hasMessageContaining("The Windows backend is not part of this build yet");
        } finally {
            System.setProperty("os.name", real);
        }
    }
}
