package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;

import java.nio.charset.StandardCharsets;

/**
 * The fields Cordon uses from one {@code /proc/[pid]/stat} line (see proc(5)). Parsed from bytes without regex or
 * splitting: this runs once per process per snapshot.
 *
 * @param utime user-mode CPU time in clock ticks
 * @param stime kernel-mode CPU time in clock ticks
 * @param startTicks start time in clock ticks since boot
 * @param rssPages resident set size in pages
 */
public record ProcStat(int pid, String comm, char state, int ppid, long utime, long stime, long startTicks, long rssPages) {
    /** 1-based field numbers from proc(5); the first two (pid, comm) are parsed separately. */
    private static final int STATE = 3;
    private static final int PPID = 4;
    private static final int UTIME = 14;
    private static final int STIME = 15;
    private static final int STARTTIME = 22;
    private static final int RSS = 24;

    /** The stat of a running (or zombie) process, empty when there is no such process (any more). */
    public static java.util.Optional<ProcStat> of(long pid) {
        try {
            return java.util.Optional.of(parse(java.nio.file.Files.readString(
                    java.nio.file.Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII)));
        } catch (java.io.IOException gone) {
            return java.util.Optional.empty();
        }
    }

    /**
     * This boot's id ({@code /proc/sys/kernel/random/boot_id}): with a start time in ticks since boot it names one
     * process for good, and unlike a wall-clock start instant it does not move when the clock is set.
     */
    public static String bootId() {
        java.nio.file.Path p = java.nio.file.Path.of("/proc/sys/kernel/random/boot_id");
        try {
            return java.nio.file.Files.readString(p, StandardCharsets.US_ASCII).strip();
        } catch (java.io.IOException e) {
            throw CordonException.internal("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    public static ProcStat parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length);
    }

    /**
     * The comm field is between the first '(' and the LAST ')': a program may name itself {@code a) b (c}, but the
     * fields after comm are all numbers and one state letter, so the last ')' on the line closes it.
     */
    static ProcStat parse(byte[] buf, int len) {
        int open = indexOf(buf, len, (byte) '(');
        int close = lastIndexOf(buf, len, (byte) ')');
        if (open < 1 || close < open) {
            throw malformed(buf, len);
        }
        int pid = (int) parseNumber(buf, 0, open - 1, len);
        String comm = new String(buf, open + 1, close - open - 1, StandardCharsets.UTF_8);

        char state = '?';
        int ppid = 0;
        long utime = 0;
        long stime = 0;
        long startTicks = 0;
        long rssPages = 0;
        int field = STATE;
        int i = close + 1;
        while (field <= RSS) {
            while (i < len && buf[i] == ' ') {
                i++;
            }
            int start = i;
            while (i < len && buf[i] != ' ' && buf[i] != '\n') {
                i++;
            }
            if (start == i) {
                throw malformed(buf, len);
            }
            switch (field) {
                case STATE -> state = (char) buf[start];
                case PPID -> ppid = (int) parseNumber(buf, start, i, len);
                case UTIME -> utime = parseNumber(buf, start, i, len);
                case STIME -> stime = parseNumber(buf, start, i, len);
                case STARTTIME -> startTicks = parseNumber(buf, start, i, len);
                case RSS -> rssPages = parseNumber(buf, start, i, len);
                default -> {
                    // a field Cordon does not use
                }
            }
            field++;
        }
        return new ProcStat(pid, comm, state, ppid, utime, stime, startTicks, rssPages);
    }

    private static long parseNumber(byte[] buf, int from, int to, int len) {
        if (from >= to) {
            throw malformed(buf, len);
        }
        boolean negative = buf[from] == '-';
        long value = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 9) {
                throw malformed(buf, len);
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static int indexOf(byte[] buf, int len, byte b) {
        for (int i = 0; i < len; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] buf, int len, byte b) {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static CordonException malformed(byte[] buf, int len) {
        return CordonException.internal("Unexpected /proc/[pid]/stat line: '"
                + new String(buf, 0, len, StandardCharsets.UTF_8).strip() + "'", null);
    }
}
