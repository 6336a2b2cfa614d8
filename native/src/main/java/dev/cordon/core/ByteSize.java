package dev.cordon.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them ({@code 512M}, {@code 2G}) and as Cordon prints them ({@code 1.0 GiB}). */
public final class ByteSize {
    public static final long KIB = 1024;
    public static final long MIB = KIB * 1024;
    public static final long GIB = MIB * 1024;
    public static final long TIB = GIB * 1024;
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,13})([KMGT]?)(?:I?B)?");

    private ByteSize() {
    }

    /**
     * {@code 512M}, {@code 2G}, {@code 1024K}, {@code 2GiB}, or plain bytes; the units are powers of 1024. {@code what}
     * names the option in the message of a bad input, which says the format and the allowed range.
     */
    public static long parse(String input, String what, long min, long max) {
        String text = input == null ? "" : input.strip().toUpperCase(Locale.ROOT);
        Matcher m = SIZE.matcher(text);
        String format = "Write a whole number with an optional unit K, M, G or T (powers of 1024), e.g. 512M or 2G; "
                + "between " + format(min) + " and " + format(max) + ".";
        if (!m.matches()) {
            throw CordonException.usage(what + " '" + input + "' is not a size.", format);
        }
        long unit = switch (m.group(2)) {
            case "K" -> KIB;
            case "M" -> MIB;
            case "G" -> GIB;
            case "T" -> TIB;
            default -> 1;
        };
        long n = Long.parseLong(m.group(1));
        if (n > max / unit || n * unit < min) {
            throw CordonException.usage(what + " '" + input + "' is out of range.", format);
        }
        return n * unit;
    }

    /** 512 B, 3.1 KiB, 12.0 MiB, 1.0 GiB: one decimal (messages, the CLI's tables). */
    public static String format(long bytes) {
        return render(bytes, " B", " ", false, Double.MAX_VALUE);
    }

    /**
     * Two sizes for one message, told apart: {@link #format} each, or {@link #exact} each when they round to the same
     * text ({@code 4097 MiB} against {@code 4 GiB}, not {@code 4.0 GiB} against {@code 4.0 GiB}).
     */
    public static String[] distinct(long a, long b) {
        String fa = format(a);
        String fb = format(b);
        return a != b && fa.equals(fb) ? new String[] {exact(a), exact(b)} : new String[] {fa, fb};
    }

    /** 4 GiB, 4097 MiB, 1536 KiB, 1000 B: the largest unit that holds the size whole, so nothing is rounded away. */
    public static String exact(long bytes) {
        return whole(bytes, new String[] {" B", " KiB", " MiB", " GiB", " TiB"});
    }

    /** 4G, 4097M, 1536K, 1000: the size as {@link #parse} reads it back, for a command line in a message. */
    public static String asInput(long bytes) {
        return whole(bytes, new String[] {"", "K", "M", "G", "T"});
    }

    private static String whole(long bytes, String[] units) {
        long v = bytes;
        int u = 0;
        while (v != 0 && v % 1024 == 0 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }

    /** 512 B, 4.0 KiB, 12 MiB, 300 MiB: one decimal below 10, whole numbers above (the panel's columns). */
    public static String rounded(long bytes) {
        return render(bytes, " B", " ", false, 10);
    }

    /** 512B, 3.1K, 12.3M, 300M: {@code ps}-style, one decimal below 100. */
    public static String compact(long bytes) {
        return render(bytes, "B", "", true, 100);
    }

    private static String render(long bytes, String byteUnit, String space, boolean letters, double wholeFrom) {
        if (bytes < KIB) {
            return bytes + byteUnit;
        }
        String[] units = letters ? new String[] {"K", "M", "G", "T"} : new String[] {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= wholeFrom ? "%.0f%s%s" : "%.1f%s%s", v, space, units[u]);
    }
}
