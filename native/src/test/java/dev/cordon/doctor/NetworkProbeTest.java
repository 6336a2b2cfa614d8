package dev.cordon.doctor;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code sandbox.network} reads its probe program (Y4): the offline command's network namespace against the host's. */
class NetworkProbeTest {
    private static final Map<String, String> OWN = Map.of("netns", "4026532175", "abstract", "made");
    private static final Map<String, String> HOSTS = Map.of("netns", "4026531833", "abstract", "made");

    @Test
    void passesOnlyInANamespaceOfItsOwnAndSaysNotCoveredWhereTheInstanceKeepsOfflineOnTheHostsForAProxy() {
        assertThat(ChannelProbes.network(OWN, "4026531833", false, "").status()).isEqualTo(Check.Status.PASS);
        Check shared = ChannelProbes.network(HOSTS, "4026531833", false, " (as x)");
        assertThat(shared.status()).isEqualTo(Check.Status.FAIL);
        assertThat(shared.fix()).contains("unshare --net");
        Check proxy = ChannelProbes.network(HOSTS, "4026531833", true, "");
        assertThat(proxy.status()).isEqualTo(Check.Status.SKIP);
        assertThat(proxy.evidence()).startsWith("not covered: ");
        assertThat(ChannelProbes.network(Map.of(), "4026531833", false, "").status()).isEqualTo(Check.Status.FAIL);
    }
}
