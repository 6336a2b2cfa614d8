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

    @Test
    void exactSizesAndTheirInputFormReadBackTheSame() {
        assertThat(ByteSize.exact(4L << 30)).isEqualTo("4 GiB");
        assertThat(ByteSize.exact(4097L << 20)).isEqualTo("4097 MiB");
        assertThat(ByteSize.exact(1536 * 1024)).isEqualTo("1536 KiB");
        assertThat(ByteSize.exact(1000)).isEqualTo("1000 B");
        assertThat(ByteSize.exact(0)).isEqualTo("0 B");
        for (long size : new long[] {4L << 30, 4097L << 20, 1536 * 1024, (1L << 20) + 1, 1L << 40}) {
            assertThat(parse(ByteSize.asInput(size))).as(ByteSize.asInput(size)).isEqualTo(size);
        }
        assertThat(ByteSize.asInput(4097L << 20)).isEqualTo("4097M");
    }

    @Test
    void twoSizesInOneMessageAreToldApart() {
        assertThat(ByteSize.distinct(4097L << 20, 4L << 30)).containsExactly("4097 MiB", "4 GiB");
        assertThat(ByteSize.distinct(3L << 30, 2L << 30)).containsExactly("3.0 GiB", "2.0 GiB");
        assertThat(ByteSize.distinct(2L << 30, 2L << 30)).containsExactly("2.0 GiB", "2.0 GiB");
    }

    /** The panel's columns (moved from the panel's own copy, Formats.size). */
    @Test
    void roundedForThePanel() {
        assertThat(ByteSize.rounded(0)).isEqualTo("0 B");
        assertThat(ByteSize.rounded(1023)).isEqualTo("1023 B");
        assertThat(ByteSize.rounded(4096)).isEqualTo("4.0 KiB");
        assertThat(ByteSize.rounded(5 * 1024 * 1024)).isEqualTo("5.0 MiB");
        assertThat(ByteSize.rounded(300L * 1024 * 1024)).isEqualTo("300 MiB");
    }

    /** {@code cordon ps}'s column (moved from PsCommand's own copy). */
    @Test
    void compactForPs() {
        assertThat(ByteSize.compact(512)).isEqualTo("512B");
        assertThat(ByteSize.compact(3 * 1024 + 100)).isEqualTo("3.1K");
        assertThat(ByteSize.compact(150L * 1024 * 1024)).isEqualTo("150M");
        assertThat(ByteSize.compact(5L << 40)).isEqualTo("5.0T");
    }
}
