package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `cordon session set-network --for`: whole seconds from 1 s to 365 days, the host's forSeconds (review Y5). */
class SetNetworkBoundsTest {
    @Test
    void durationsWithinTheRange() {
        assertThat(SessionCommand.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SessionCommand.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(SessionCommand.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(SessionCommand.parseDuration("365d")).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void anythingElseIsAUsageErrorNamingTheRange() {
        for (String bad : new String[] {"366d", "9223372036854775807s", "106751991167301d", "99999999999999999999d",
                "PT2562047788015215H", "0s", "PT0.5S", "PT1.5S", "-PT5M"}) {
            assertThatThrownBy(() -> SessionCommand.parseDuration(bad)).as(bad)
                    .isInstanceOfSatisfying(CordonException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(e.getMessage()).startsWith("--for ").contains("from 1 to 31536000");
                    });
        }
        assertThatThrownBy(() -> SessionCommand.parseDuration("soon")).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.getMessage()).isEqualTo("--for soon is not a duration."));
    }
}
