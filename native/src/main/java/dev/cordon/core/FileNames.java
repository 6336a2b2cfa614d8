package dev.cordon.core;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * How this JVM turns file names (bytes) into {@code String}s and {@link Path}s: {@code sun.jnu.encoding}, fixed by the
 * locale the JVM started in ({@code -Dsun.jnu.encoding} is not honoured). Under a locale that is not UTF-8 ({@code
 * LC_ALL=C}, a service started with no {@code LANG}) every name that is not ASCII throws {@link InvalidPathException}
 * or decodes to something else: the host could then not look where git would go (the thirty-eighth review, Y10/Y11).
 * {@code cordon serve} runs itself again under {@code C.UTF-8} ({@code cli.ServeRelaunch}), the launchers pin it, and
 * every runner start checks it here.
 */
public final class FileNames {
    /** The charset the JVM turns file names into {@link Path}s with. */
    public static final Charset CHARSET = charset(System.getProperty("sun.jnu.encoding"));

    private FileNames() {
    }

    static Charset charset(String name) {
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset(); // the JVM itself could not use it either
        }
    }

    /** Whether this JVM decodes file names as UTF-8. */
    public static boolean utf8() {
        return CHARSET.equals(StandardCharsets.UTF_8);
    }

    /**
     * Refuses ({@link ExitCode#UNAVAILABLE}) unless this JVM decodes file names as UTF-8: what the host checks before a
     * runner starts would miss every path that is not ASCII.
     */
    public static void requireUtf8() {
        requireUtf8(CHARSET);
    }

    static void requireUtf8(Charset names) {
        if (!names.equals(StandardCharsets.UTF_8)) {
            throw notUtf8(names);
        }
    }

    /** A path git names that this JVM cannot take ({@link InvalidPathException}): the same refusal, naming it. */
    public static CordonException notDecodable(String path, InvalidPathException e) {
        CordonException refusal = notUtf8(CHARSET);
        return new CordonException(ExitCode.UNAVAILABLE, "Cannot take the path " + path.replace('\0', '?') + ": "
                + e.getReason() + ". " + refusal.getMessage(), refusal.fix(), e);
    }

    private static CordonException notUtf8(Charset names) {
        return new CordonException(ExitCode.UNAVAILABLE, "This Cordon process decodes file names as " + names
                + " (its locale: " + locale() + "), not as UTF-8: a path that is not ASCII where git or an agent would"
                + " go could not be checked, so no runner was started.",
                "Start it under a UTF-8 locale: `LC_ALL=C.UTF-8 cordon serve` (`cordon serve` and the cordon launcher"
                        + " do so themselves when they can), or install the C.UTF-8 locale.", null);
    }

    private static String locale() {
        StringBuilder b = new StringBuilder();
        for (String v : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = System.getenv(v);
            if (value != null) {
                b.append(b.length() == 0 ? "" : ", ").append(v).append('=').append(value);
            }
        }
        return b.length() == 0 ? "none set: POSIX" : b.toString();
    }

    /** A string as C reads it: up to its first NUL byte (git reads a {@code .git} file or {@code commondir} so). */
    public static String upToNul(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }
}
