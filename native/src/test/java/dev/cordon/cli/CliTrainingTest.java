package dev.cordon.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/** The CLI's class-data archive training (run by ./cordon after a build) goes through its paths without failing. */
class CliTrainingTest {
    @Test
    void theTrainingRunsWithoutStartingOrConnectingAnything() {
        assertThatCode(() -> CliTraining.main(new String[0])).doesNotThrowAnyException();
    }
}
