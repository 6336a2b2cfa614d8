package dev.cordon.core;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalSafeFilterTest {
    private static final String ESC = "\u001b";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds {@code input} in chunks of {@code chunk} bytes, then finishes. */
    private static String run(TerminalSafeFilter f, byte[] input, int chunk) {
        return new String(runBytes(f, input, chunk), StandardCharsets.UTF_8);
    }

    private static byte[] runBytes(TerminalSafeFilter f, byte[] input, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i += chunk) {
            out.writeBytes(f.filter(input, i, Math.min(chunk, input.length - i)));
        }
        out.writeBytes(f.finish());
        return out.toByteArray();
    }

    private static String terminal(String s) {
        return run(TerminalSafeFilter.forTerminal(), bytes(s), Integer.MAX_VALUE);
    }

    @Test
    void plainTextNewlinesTabsAndCarriageReturnsPassUnchanged() {
        String text = "line one\n\tindented\r\nprogress 10%\rprogress 20%\n~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./\n";
        assertThat(terminal(text)).isEqualTo(text);
    }

    @Test
    void osc52ClipboardWriteIsShownAsTextNotObeyed() {
        String out = terminal("before" + ESC + "]52;c;ZWNobyBJTkpFQ1RFRAo=\u0007after");
        assertThat(out).isEqualTo("before^[]52;c;ZWNobyBJTkpFQ1RFRAo=^Gafter").doesNotContain(ESC).doesNotContain("\u0007");
    }

    @Test
    void oscWithStringTerminatorTitleAndHyperlinkAreShownAsText() {
        assertThat(terminal(ESC + "]0;pwned" + ESC + "\\")).isEqualTo("^[]0;pwned^[\\");
        assertThat(terminal(ESC + "]8;;http://evil.example/" + ESC + "\\link" + ESC + "]8;;" + ESC + "\\"))
                .doesNotContain(ESC).contains("link");
    }

    @Test
    void dcsApcPmSosAndSingleCharacterEscapesAreShownAsText() {
        for (String seq : new String[] {"P$q\"p" + ESC + "\\", "_apc" + ESC + "\\", "^pm" + ESC + "\\", "Xsos" + ESC + "\\",
                "Z", "c", "7", "8", "#8", "(0"}) {
            assertThat(terminal(ESC + seq)).as(seq).doesNotContain(ESC).startsWith("^[");
        }
    }

    @Test
    void reportRequestsAndOtherCsiSequencesAreShownAsText() {
        for (String csi : new String[] {"6n", "5n", "c", ">c", "=c", "21t", "14t", "?1000h", "?2004l", "?1049h", "2J",
                "H", "K", "1A", "?25l", "0$p", ">4;2m", "?1m", "1 m", "4x"}) {
            assertThat(terminal(ESC + "[" + csi)).as(csi).isEqualTo("^[[" + csi);
        }
    }

    @Test
    void colourSequencesAreKeptForATerminalAndDroppedForATextView() {
        String coloured = ESC + "[1;31mred" + ESC + "[0m " + ESC + "[38;5;208morange" + ESC + "[m " + ESC + "[4:3mcurly" + ESC + "[m";
        assertThat(terminal(coloured)).isEqualTo(coloured);
        assertThat(run(TerminalSafeFilter.forTextView(), bytes(coloured + "\r\n"), Integer.MAX_VALUE))
                .isEqualTo("red orange curly\n");
    }

    @Test
    void anOverlongCsiIsShownAsText() {
        String digits = "1;".repeat(40);
        assertThat(terminal(ESC + "[" + digits + "m")).isEqualTo("^[[" + digits + "m");
    }

    @Test
    void utf8MultibyteIsKeptEvenWhenSplitAcrossChunks() {
        String text = "héllo ✓ 日本語 🙂 naïve\n";
        for (int chunk = 1; chunk <= 5; chunk++) {
            assertThat(run(TerminalSafeFilter.forTerminal(), bytes(text), chunk)).as("chunk " + chunk).isEqualTo(text);
        }
    }

    @Test
    void sequencesSplitAcrossChunksAreStillRecognised() {
        String input = "a" + ESC + "]52;c;aGk=\u0007b" + ESC + "[31mc" + ESC + "[6nd";
        for (int chunk = 1; chunk <= 4; chunk++) {
            assertThat(run(TerminalSafeFilter.forTerminal(), bytes(input), chunk)).as("chunk " + chunk)
                    .isEqualTo("a^[]52;c;aGk=^Gb" + ESC + "[31mc^[[6nd");
        }
    }

    @Test
    void aHeldSequenceIsNeverEmittedHalfAndIsShownAtTheEnd() {
        TerminalSafeFilter f = TerminalSafeFilter.forTerminal();
        assertThat(f.filter(bytes("x" + ESC + "[3"))).isEqualTo(bytes("x"));
        assertThat(f.finish()).isEqualTo(bytes("^[[3"));
        TerminalSafeFilter g = TerminalSafeFilter.forTerminal();
        assertThat(g.filter(new byte[] {(byte) 0xe2, (byte) 0x9c})).isEmpty();
        assertThat(g.finish()).isEqualTo(bytes("M-bM-^\\"));
    }

    @Test
    void c1ControlsRawOrInUtf8AreShownAsText() {
        assertThat(run(TerminalSafeFilter.forTerminal(), new byte[] {(byte) 0x9b, '6', 'n'}, 1)).isEqualTo("M-^[6n");
        assertThat(run(TerminalSafeFilter.forTerminal(), new byte[] {(byte) 0x9d, '5', '2'}, 1)).isEqualTo("M-^]52");
        assertThat(terminal("\u009b6n\u009d52;c;x\u009c")).isEqualTo("M-^[6nM-^]52;c;xM-^\\");
        assertThat(terminal("\u00a0\u00ff")).isEqualTo("\u00a0\u00ff"); // the first characters past C1 are text
    }

    @Test
    void overlongAndSurrogateEncodingsAreNotUtf8() {
        byte[] overlongEsc = {(byte) 0xc0, (byte) 0x9b, (byte) 0xe0, (byte) 0x80, (byte) 0x9b, (byte) 0xed, (byte) 0xa0,
                (byte) 0x80, (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
        String out = run(TerminalSafeFilter.forTerminal(), overlongEsc, 1);
        assertThat(out).doesNotContain(ESC).isEqualTo("M-@M-^[M-`M-^@M-^[M-mM- M-^@M-tM-^PM-^@M-^@");
    }

    @Test
    void aTerminalOutsideUtf8GetsAsciiOnlySoNoByteCanBeAnEightBitC1() {
        TerminalSafeFilter latin1 = TerminalSafeFilter.forTerminal(StandardCharsets.ISO_8859_1);
        byte[] out = runBytes(latin1, bytes("ok \u2713 " + ESC + "[32mgreen" + ESC + "[0m\n"), 1);
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("ok M-bM-^\\M-^S " + ESC + "[32mgreen" + ESC + "[0m\n");
        for (byte b : out) {
            assertThat(b & 0xff).isLessThan(0x80);
        }
        assertThat(run(TerminalSafeFilter.forTerminal(StandardCharsets.UTF_8), bytes("\u2713"), 1)).isEqualTo("\u2713");
    }

    @Test
    void theTerminalsEncodingIsTheLocalesNotTheJvmsDefault() {
        // LANG=C: native.encoding is ANSI_X3.4-1968 (US-ASCII) even where the JVM's default charset is UTF-8 (R1)
        assertThat(TerminalSafeFilter.localeCharset("ANSI_X3.4-1968")).isEqualTo(StandardCharsets.US_ASCII);
        assertThat(TerminalSafeFilter.localeCharset("UTF-8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(TerminalSafeFilter.localeCharset(null)).isEqualTo(StandardCharsets.US_ASCII);
        assertThat(TerminalSafeFilter.localeCharset("no such charset")).isEqualTo(StandardCharsets.US_ASCII);
        assertThat(TerminalSafeFilter.localeCharset("x-unknown-but-legal")).isEqualTo(StandardCharsets.US_ASCII);
    }

    @Test
    void otherC0ControlsAndDeleteAreShownInCaretNotation() {
        assertThat(terminal("\u0000\u0007\b\u000b\u000c\u000e\u007f")).isEqualTo("^@^G^H^K^L^N^?");
    }

    @Test
    void randomBytesNeverLetAnEscapeOrC1ThroughButColours() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] input = new byte[random.nextInt(200)];
            random.nextBytes(input);
            for (int i = 0; i < input.length; i++) {
                if (random.nextInt(6) == 0) {
                    input[i] = 0x1b; // plenty of escapes
                }
            }
            byte[] out = runBytes(TerminalSafeFilter.forTerminal(), input, 1 + random.nextInt(7));
            assertNoSequenceButColours(out);
            assertThat(out).isEqualTo(runBytes(TerminalSafeFilter.forTerminal(), input, Integer.MAX_VALUE));
        }
    }

    /** Every ESC starts {@code ESC [ digits;: m}; no C1 control, raw or UTF-8; no C0 but LF, TAB, CR. */
    private static void assertNoSequenceButColours(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            int b = out[i] & 0xff;
            if (b == 0x1b) {
                assertThat(out[i + 1]).isEqualTo((byte) '[');
                int j = i + 2;
                while ((out[j] >= '0' && out[j] <= '9') || out[j] == ';' || out[j] == ':') {
                    j++;
                }
                assertThat(out[j]).isEqualTo((byte) 'm');
                i = j;
            } else if (b < 0x20) {
                assertThat(b).isIn(0x0a, 0x09, 0x0d);
            } else if (b >= 0x80) {
                assertThat(b).as("a UTF-8 lead byte").isBetween(0xc2, 0xf4);
                int length = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
                if (b == 0xc2) {
                    assertThat(out[i + 1] & 0xff).as("no C1 control in UTF-8").isGreaterThanOrEqualTo(0xa0);
                }
                for (int k = 1; k < length; k++) {
                    assertThat(out[i + k] & 0xff).as("a continuation byte").isBetween(0x80, 0xbf);
                }
                i += length - 1;
            } else {
                assertThat(b).isNotEqualTo(0x7f);
            }
        }
    }
}
