package dev.cordon.app.ui;

import dev.cordon.app.Reports;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FirewallProbeTest {
    @Test
    void lastProbeTimeComesFromTheProbeEvidence() {
        assertThat(FirewallProbe.lastProbe(Reports.healthy())).contains(Instant.parse(Reports.PROBE_TIME));
        assertThat(FirewallProbe.lastProbe(Reports.fresh())).isEmpty();
    }
}
