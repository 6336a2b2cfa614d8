package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcStatusTest {
    private static final Path FILE = Path.of("/proc/1/status");

    @Test
    void readsTheUmaskLine() {
        assertThat(ProcStatus.parseUmask("Name:\tsh\nUmask:\t0077\nState:\tS (sleeping)\n", FILE)).isEqualTo(077);
        assertThat(ProcStatus.parseUmask("Name:\tsh\nUmask:\t0022\n", FILE)).isEqualTo(022);
    }

    @Test
    void thisProcessHasOne() {
        int mask = ProcStatus.umask(ProcStatus.SELF);
        assertThat(mask & ~0777).isZero();
    }

    @Test
    void noOrABadUmaskLineIsAnError() {
        assertThatThrownBy(() -> ProcStatus.parseUmask("Name:\tsh\n", FILE)).isInstanceOf(CordonException.class)
                .hasMessageContaining("/proc/1/status");
        assertThatThrownBy(() -> ProcStatus.parseUmask("Umask:\t0x9\n", FILE)).isInstanceOf(CordonException.class);
        assertThatThrownBy(() -> ProcStatus.parseUmask("Umask:\t01777\n", FILE)).isInstanceOf(CordonException.class);
    }
}
