package dev.cordon.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest {
    private static long parse(String s) {
        return ByteSize.parse(s, "--tmp-size", ByteSize.MIB, ByteSize.TIB);
    }

    @Test
    void readsSizesAsPeopleWriteThem() {
        assertThat(parse("512M")).isEqualTo(512L << 20);
        assertThat(parse("2G")).isEqualTo(2L << 30);
        assertThat(parse("2g")).isEqualTo(2L << 30);
        assertThat(parse("2GiB")).isEqualTo(2L << 30);
        assertThat(parse("1024K")).isEqualTo(1L << 20);
        assertThat(parse(" 1T ")).isEqualTo(1L << 40);
        assertThat(parse("1048576")).isEqualTo(1L << 20);
    }

    @Test
    void aBadSizeNamesTheInputAndTheFormat() {
        for (String bad : new String[] {"12Q", "", "1.5G", "-1M", "G", "2 G B"}) {
            assertThatThrownBy(() -> parse(bad)).isInstanceOfSatisfying(CordonException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(e.getMessage()).contains("--tmp-size '" + bad + "' is not a size");
                assertThat(e.fix()).contains("512M").contains("2G");
            });
        }
        for (String outOfRange : new String[] {"0", "1023K", "2T", "9999999999999G"}) {
            assertThatThrownBy(() -> parse(outOfRange)).isInstanceOfSatisfying(CordonException.class, e -> {
                assertThat(e.getMessage()).contains("'" + outOfRange + "' is out of range");
                assertThat(e.fix()).contains("between 1.0 MiB and 1.0 TiB");
            });
        }
    }

    @Test
    void printsBinaryUnits() {
        assertThat(ByteSize.format(512)).isEqualTo("512 B");
        assertThat(ByteSize.format(1L << 30)).isEqualTo("1.0 GiB");
        assertThat(ByteSize.format(3 * 1024 + 100)).isEqualTo("3.1 KiB");
    }
}
