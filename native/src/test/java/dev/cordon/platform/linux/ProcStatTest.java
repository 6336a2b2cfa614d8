package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcStatTest {
    /** Fields 3..24 after comm: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
     *  cutime cstime priority nice threads itreal starttime vsize rss, then more fields that must be ignored. */
    private static final String AFTER_COMM = " S 77 42 42 0 -1 4194304 120 0 3 0 250 31 0 0 20 0 1 0 987654 "
            + "8904704 353 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

    @Test
    void parsesThePlainFields() {
        ProcStat stat = ProcStat.parse("1234 (sleep)" + AFTER_COMM);

        assertThat(stat.pid()).isEqualTo(1234);
        assertThat(stat.comm()).isEqualTo("sleep");
        assertThat(stat.state()).isEqualTo('S');
        assertThat(stat.ppid()).isEqualTo(77);
        assertThat(stat.utime()).isEqualTo(250);
        assertThat(stat.stime()).isEqualTo(31);
        assertThat(stat.startTicks()).isEqualTo(987654);
        assertThat(stat.rssPages()).isEqualTo(353);
    }

    @Test
    void commEndsAtTheLastClosingParenthesis() {
        ProcStat stat = ProcStat.parse("99 ((a) b))" + AFTER_COMM);

        assertThat(stat.comm()).isEqualTo("(a) b)");
        assertThat(stat.ppid()).isEqualTo(77);
        assertThat(stat.startTicks()).isEqualTo(987654);
    }

    @Test
    void commMayHoldSpacesAndAFakeFieldList() {
        ProcStat stat = ProcStat.parse("5 (x) R 1 2 3 (y)" + AFTER_COMM);

        assertThat(stat.comm()).isEqualTo("x) R 1 2 3 (y");
        assertThat(stat.state()).isEqualTo('S');
        assertThat(stat.ppid()).isEqualTo(77);
    }

    @Test
    void emptyCommAndMultiByteComm() {
        assertThat(ProcStat.parse("6 ()" + AFTER_COMM).comm()).isEmpty();
        assertThat(ProcStat.parse("7 (grüße tool)" + AFTER_COMM).comm()).isEqualTo("grüße tool");
    }

    @Test
    void readsOnlyTheGivenLengthOfAReusedBuffer() {
        byte[] line = ("8 (cat)" + AFTER_COMM).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] buffer = new byte[line.length + 64];
        System.arraycopy(line, 0, buffer, 0, line.length);
        java.util.Arrays.fill(buffer, line.length, buffer.length, (byte) ')');

        assertThat(ProcStat.parse(buffer, line.length).comm()).isEqualTo("cat");
    }

    @Test
    void truncatedOrGarbledLinesAreRejectedWithTheLine() {
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 2 3\n"))
                .isInstanceOf(CordonException.class).hasMessageContaining("12 (x) S 1 2 3");
        assertThatThrownBy(() -> ProcStat.parse("12 x S" + AFTER_COMM)).isInstanceOf(CordonException.class);
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1z" + AFTER_COMM.substring(4)))
                .isInstanceOf(CordonException.class);
    }

    @Test
    void parsesThisJvmsOwnStatLine() throws Exception {
        ProcStat stat = ProcStat.parse(Files.readString(Path.of("/proc/self/stat")));

        assertThat(stat.pid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(stat.ppid()).isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(stat.startTicks()).isPositive();
        assertThat(stat.rssPages()).isPositive();
    }

    /** Moved from the janitor's former /proc reader: a comm that fakes the state and a later parenthesis. */
    @Test
    void stateAndStartTimeCountFromTheLastParenthesisOfTheCommandName() {
        ProcStat s = ProcStat.parse("4242 (evil) S 1 2 (x) R 1 4242 4242 0 -1 4194560 97 0 0 0 0 0 0 0 20 0 1 0 987654 "
                + "2293760 130 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0");
        assertThat(s.state()).isEqualTo('R');
        assertThat(s.startTicks()).isEqualTo(987654L);
    }
}
