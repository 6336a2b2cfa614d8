package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The entropy binding that runs everywhere; sealing itself is tested on Windows ({@link WindowsNativeTest}). */
class DpapiEntropyTest {
    @Test
    void entropyIsFixedLengthAndBindsTheBlobToItsName() {
        byte[] a = DpapiProtector.entropy("GITHUB_TOKEN|v1".getBytes(StandardCharsets.UTF_8));
        byte[] b = DpapiProtector.entropy("NPM_TOKEN|v1".getBytes(StandardCharsets.UTF_8));
        assertThat(a).hasSameSizeAs(b).isNotEqualTo(b);
        assertThat(DpapiProtector.entropy("GITHUB_TOKEN|v1".getBytes(StandardCharsets.UTF_8))).isEqualTo(a);
        assertThat(new String(a, 0, 18, StandardCharsets.US_ASCII)).isEqualTo("dev.cordon.vault/1");
    }
}
