package dev.cordon.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Hides the values of a session's secrets in what is shown of it, as CI systems mask them in logs: each value becomes
 * {@value #MASK}. Output is masked as it streams: a value split across two chunks is still found, because up to one
 * value's length less one byte is held back until the next chunk (or the command's exit) shows whether it completes
 * one. Values shorter than {@value #MIN_LENGTH} bytes are not masked: they would blank ordinary text.
 */
public final class SecretMask {
    public static final String MASK = "***";
    static final int MIN_LENGTH = 4;
    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);
    private static final SecretMask NONE = new SecretMask(List.of());

    /** Longest first, so a value that contains another is masked whole. */
    private final List<byte[]> values;
    private final int longest;

    private SecretMask(List<byte[]> values) {
        this.values = values;
        this.longest = values.stream().mapToInt(v -> v.length).max().orElse(0);
    }

    public static SecretMask none() {
        return NONE;
    }

    public static SecretMask of(Collection<String> secrets) {
        List<byte[]> values = new ArrayList<>();
        for (String s : secrets) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length >= MIN_LENGTH && values.stream().noneMatch(v -> Arrays.equals(v, b))) {
                values.add(b);
            }
        }
        values.sort(Comparator.comparingInt((byte[] v) -> v.length).reversed());
        return values.isEmpty() ? NONE : new SecretMask(List.copyOf(values));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@code text} with every value masked. */
    public String mask(String text) {
        if (values.isEmpty()) {
            return text;
        }
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int end = scan(in, in.length, out);
        out.write(in, end, in.length - end);
        return out.toString(StandardCharsets.UTF_8);
    }

    public List<String> mask(List<String> texts) {
        return values.isEmpty() ? texts : texts.stream().map(this::mask).toList();
    }

    /** {@code downstream} hearing the command with every value masked in its output, per stream. */
    public CommandListener wrap(CommandListener downstream) {
        if (values.isEmpty()) {
            return downstream;
        }
        return new CommandListener() {
            private final byte[][] held = {new byte[0], new byte[0]};

            @Override
            public void started(long pid) {
                downstream.started(pid);
            }

            @Override
            public void output(int fd, byte[] data) {
                int i = fd == 2 ? 1 : 0;
                byte[] buffer = concat(held[i], data);
                ByteArrayOutputStream out = new ByteArrayOutputStream(buffer.length);
                int safe = Math.max(0, buffer.length - (longest - 1));
                int end = scan(buffer, safe, out);
                held[i] = Arrays.copyOfRange(buffer, end, buffer.length);
                if (out.size() > 0) {
                    downstream.output(fd, out.toByteArray());
                }
            }

            @Override
            public void exited(CommandExit exit) {
                for (int i = 0; i < 2; i++) {
                    if (held[i].length > 0) {
                        byte[] rest = held[i];
                        held[i] = new byte[0];
                        ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length);
                        int end = scan(rest, rest.length, out);
                        out.write(rest, end, rest.length - end);
                        downstream.output(i == 1 ? 2 : 1, out.toByteArray());
                    }
                }
                downstream.exited(exit);
            }
        };
    }

    /**
     * Copies {@code in} to {@code out} with values masked, until a position at or past {@code safe} where no value
     * starts; returns that position (what is left may still begin a value).
     */
    private int scan(byte[] in, int safe, ByteArrayOutputStream out) {
        int i = 0;
        while (i < in.length) {
            byte[] hit = matchAt(in, i);
            if (hit != null) {
                out.write(MASK_BYTES, 0, MASK_BYTES.length);
                i += hit.length;
            } else if (i >= safe) {
                break;
            } else {
                out.write(in[i]);
                i++;
            }
        }
        return i;
    }

    private byte[] matchAt(byte[] in, int at) {
        for (byte[] v : values) {
            if (at + v.length <= in.length && Arrays.equals(in, at, at + v.length, v, 0, v.length)) {
                return v;
            }
        }
        return null;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
