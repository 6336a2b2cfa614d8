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
    void anOsWithoutAnImplementationIsRefusedWithOneClearErrorAndWindowsHasOne() {
        String real = System.getProperty("os.name");
        try {
            System.setProperty("os.name", "Plan 9");
            assertThatThrownBy(() -> Platforms.detect(Instance.of("cordon"))).isInstanceOf(CordonException.class)
                    .hasMessageContaining("Unsupported operating system: plan 9")
                    .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.UNAVAILABLE));
            // Windows answers with its own platform (issue 10), made without touching a Windows library; its sessions
            // are not in this build and say so
            System.setProperty("os.name", "Windows 11");
            Platform windows = Platforms.detect(Instance.of("cordon"));
            assertThat(windows.os()).isEqualTo("windows");
            assertThat(windows.sessionsUnavailable()).isPresent();
        } finally {
            System.setProperty("os.name", real);
        }
    }
}
