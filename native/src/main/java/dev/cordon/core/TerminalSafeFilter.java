package dev.cordon.core;

import java.io.ByteArrayOutputStream;

/**
 * Makes a sandboxed command's output harmless to show on a terminal (issue 8, F9). Plain text, newlines, tabs and
 * valid UTF-8 pass unchanged; every other control character is shown as text in {@code cat -v}'s caret notation, so
 * no escape sequence can start: an OSC 52 clipboard write {@code ESC ] 52;c;… BEL} arrives as the visible text
 * {@code ^[]52;c;…^G}, a cursor-position report request {@code ESC [ 6n} as {@code ^[[6n}. C1 controls, raw
 * ({@code 0x9B}) or encoded in UTF-8 ({@code U+009B}), and bytes that are not UTF-8 become {@code M-} notation
 * ({@code M-^[}); overlong and surrogate encodings are not UTF-8. SGR sequences (colours: {@code ESC [ 1;31m}) are
 * kept, or dropped where nothing renders them.
 *
 * <p>Stateful: a sequence or a UTF-8 character split between two chunks is held back until it is complete (a CSI at
 * most {@value #MAX_CSI} bytes long), so what it emits is always whole: the output of two filters (a command's stdout
 * and stderr) may interleave on one terminal without forming a sequence. {@link #finish()} shows what was held back at
 * the end. Not thread-safe: one filter per stream.
 */
public final class TerminalSafeFilter {
    /** Longer CSI sequences are not colours: they are shown as text. */
    public static final int MAX_CSI = 64;
    private static final byte ESC = 0x1b;

    private enum State { TEXT, ESCAPE, CSI, UTF8 }

    private final boolean keepColours;
    private final boolean keepCarriageReturn;
    private final boolean utf8;
    private final byte[] held = new byte[MAX_CSI];
    private int heldLength;
    private int utf8Missing;
    private State state = State.TEXT;

    private TerminalSafeFilter(boolean keepColours, boolean keepCarriageReturn, boolean utf8) {
        this.keepColours = keepColours;
        this.keepCarriageReturn = keepCarriageReturn;
        this.utf8 = utf8;
    }

    /** For a UTF-8 terminal: colours and carriage returns (progress lines) kept. */
    public static TerminalSafeFilter forTerminal() {
        return new TerminalSafeFilter(true, true, true);
    }

    /**
     * For a terminal whose encoding is {@code charset} (the locale's): anything but UTF-8 gets ASCII only, every other
     * byte in {@code M-} notation, because a terminal in an 8-bit mode (xterm outside UTF-8) obeys the bytes
     * {@code 0x80–0x9F} as C1 controls, and UTF-8 characters are full of them ({@code ✓} is {@code E2 9C 93}).
     */
    public static TerminalSafeFilter forTerminal(java.nio.charset.Charset charset) {
        return new TerminalSafeFilter(true, true, charset.equals(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * For the caller's terminal, in the locale's encoding. Not {@code Charset.defaultCharset()}: that is UTF-8 on
     * JDK 18+ (and with {@code -Dfile.encoding=UTF-8}) whatever the locale, and a terminal in {@code LANG=C} would then
     * get UTF-8 characters whose bytes it obeys as C1 controls (second review, R1).
     */
    public static TerminalSafeFilter forLocale() {
        return forTerminal(localeCharset(System.getProperty("native.encoding")));
    }

    /** The charset {@code native.encoding} names (the locale's, JDK 17+); ASCII when it is missing or unknown. */
    static java.nio.charset.Charset localeCharset(String nativeEncoding) {
        try {
            return nativeEncoding == null ? java.nio.charset.StandardCharsets.US_ASCII
                    : java.nio.charset.Charset.forName(nativeEncoding);
        } catch (java.nio.charset.IllegalCharsetNameException | java.nio.charset.UnsupportedCharsetException e) {
            return java.nio.charset.StandardCharsets.US_ASCII; // the safe side: ASCII only
        }
    }

    /** For a text view that renders no escape sequences: colours and carriage returns dropped, the rest shown as text. */
    public static TerminalSafeFilter forTextView() {
        return new TerminalSafeFilter(false, false, true);
    }

    /**
     * {@code text} with every control character (C0, DEL, C1; colours too) in caret or {@code M-} notation: for Cordon's
     * own messages that quote a name the sandbox chose (a path it created), whatever they are written to.
     */
    public static String visible(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f;
            if (control && sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (sb != null) {
                if (!control) {
                    sb.append(c);
                } else if (c >= 0x80) {
                    sb.append("M-^").append((char) ((c & 0x7f) + 0x40));
                } else {
                    sb.append('^').append(c == 0x7f ? '?' : (char) (c + 0x40));
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** The safe form of {@code data}; what may still become a sequence or a character is held for the next call. */
    public byte[] filter(byte[] data) {
        return filter(data, 0, data.length);
    }

    public byte[] filter(byte[] data, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        for (int i = offset; i < offset + length; i++) {
            accept(data[i] & 0xff, out);
        }
        return out.toByteArray();
    }

    /** At the end of the stream: whatever was held back (an unfinished sequence or character), shown as text. */
    public byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        releaseHeld(out);
        return out.toByteArray();
    }

    private void accept(int b, ByteArrayOutputStream out) {
        switch (state) {
            case TEXT -> text(b, out);
            case ESCAPE -> {
                if (b == '[') {
                    hold(b);
                    state = State.CSI;
                } else {
                    releaseHeld(out); // ESC and anything but CSI (OSC, DCS, APC, PM, SOS, ESC Z …): shown as text
                    text(b, out);
                }
            }
            case CSI -> csi(b, out);
            case UTF8 -> utf8(b, out);
        }
    }

    private void text(int b, ByteArrayOutputStream out) {
        if (b >= 0x20 && b < 0x7f || b == '\n' || b == '\t') {
            out.write(b);
        } else if (b == '\r') {
            if (keepCarriageReturn) {
                out.write(b);
            }
        } else if (b == ESC) {
            hold(b);
            state = State.ESCAPE;
        } else if (b < 0x80) {
            caret(b, out);
        } else if (utf8 && b >= 0xc2 && b <= 0xf4) {
            hold(b);
            utf8Missing = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
            state = State.UTF8;
        } else {
            meta(b, out); // a continuation byte without its lead, C0/C1 (overlong), F5–FF: not UTF-8
        }
    }

    private void csi(int b, ByteArrayOutputStream out) {
        boolean parameterOrIntermediate = b >= 0x20 && b <= 0x3f;
        boolean finalByte = b >= 0x40 && b <= 0x7e;
        if (parameterOrIntermediate && heldLength < MAX_CSI - 1) {
            hold(b);
        } else if (finalByte) {
            hold(b);
            if (b == 'm' && isColour()) {
                if (keepColours) {
                    out.write(held, 0, heldLength);
                }
                heldLength = 0;
                state = State.TEXT;
            } else {
                releaseHeld(out);
            }
        } else {
            releaseHeld(out); // too long, or a control or non-ASCII byte inside: not a sequence we pass
            text(b, out);
        }
    }

    /** {@code ESC [ <digits ; :> m}: no private marker ({@code < = > ?}), no intermediate byte. */
    private boolean isColour() {
        for (int i = 2; i < heldLength - 1; i++) {
            int c = held[i];
            if (!(c >= '0' && c <= '9' || c == ';' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    private void utf8(int b, ByteArrayOutputStream out) {
        if (!continues(b)) {
            releaseHeld(out);
            text(b, out);
            return;
        }
        hold(b);
        if (--utf8Missing > 0) {
            return;
        }
        if (heldLength == 2 && (held[0] & 0xff) == 0xc2 && (b & 0xff) < 0xa0) {
            meta(0x80 | b & 0x3f, out); // U+0080–U+009F: a C1 control, which UTF-8 terminals may obey
        } else {
            out.write(held, 0, heldLength);
        }
        heldLength = 0;
        state = State.TEXT;
    }

    /** Whether {@code b} continues the held character (Unicode table 3-7: no overlong forms, surrogates or > U+10FFFF). */
    private boolean continues(int b) {
        if (b < 0x80 || b > 0xbf) {
            return false;
        }
        if (heldLength != 1) {
            return true;
        }
        return switch (held[0] & 0xff) {
            case 0xe0 -> b >= 0xa0;
            case 0xed -> b < 0xa0;
            case 0xf0 -> b >= 0x90;
            case 0xf4 -> b < 0x90;
            default -> true;
        };
    }

    private void hold(int b) {
        held[heldLength++] = (byte) b;
    }

    /** What was held, as text: an escape's ESC in caret notation and the rest as it is; a partial character in M-. */
    private void releaseHeld(ByteArrayOutputStream out) {
        for (int i = 0; i < heldLength; i++) {
            int c = held[i] & 0xff;
            if (c == ESC) {
                caret(c, out);
            } else if (c >= 0x80) {
                meta(c, out);
            } else {
                out.write(c);
            }
        }
        heldLength = 0;
        utf8Missing = 0;
        state = State.TEXT;
    }

    private static void caret(int b, ByteArrayOutputStream out) {
        out.write('^');
        out.write(b == 0x7f ? '?' : b + 0x40);
    }

    private static void meta(int b, ByteArrayOutputStream out) {
        out.write('M');
        out.write('-');
        int low = b & 0x7f;
        if (low < 0x20 || low == 0x7f) {
            caret(low, out);
        } else {
            out.write(low);
        }
    }
}
