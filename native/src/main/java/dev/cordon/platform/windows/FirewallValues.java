package dev.cordon.platform.windows;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The address and port lists of a Windows Firewall rule, written by Cordon and compared by meaning when read back:
 * Windows may hand back {@code 127.0.0.0/8} as {@code 127.0.0.0/255.0.0.0}, or merge and reorder ranges, so a string
 * comparison would call every read-back a difference.
 */
final class FirewallValues {
    /** Every address but the IPv4 and IPv6 loopback ones (Codex's form, fixed in its #17053). */
    static final String NON_LOOPBACK = "0.0.0.0-126.255.255.255,128.0.0.0-255.255.255.255,::,"
            + "::2-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    static final String LOOPBACK = "127.0.0.0/8,::1";
    static final String ANY = "*";
    static final int MAX_PORT = 65535;

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private FirewallValues() {
    }

    /** An address list as merged ranges per family, or empty when it holds something else (a keyword such as LocalSubnet). */
    record Addresses(List<BigInteger[]> v4, List<BigInteger[]> v6) {
        boolean sameAs(Addresses o) {
            return same(v4, o.v4) && same(v6, o.v6);
        }

        private static boolean same(List<BigInteger[]> a, List<BigInteger[]> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i)[0].equals(b.get(i)[0]) || !a.get(i)[1].equals(b.get(i)[1])) {
                    return false;
                }
            }
            return true;
        }
    }

    static Optional<Addresses> addresses(String list) {
        if (list == null || list.isBlank()) {
            return Optional.empty();
        }
        List<BigInteger[]> v4 = new ArrayList<>();
        List<BigInteger[]> v6 = new ArrayList<>();
        for (String raw : list.split(",")) {
            String t = raw.trim();
            if (t.equals(ANY)) {
                v4.add(new BigInteger[] {BigInteger.ZERO, max(4)});
                v6.add(new BigInteger[] {BigInteger.ZERO, max(16)});
                continue;
            }
            Optional<BigInteger[]> range;
            int len;
            if (t.contains("/")) {
                String[] p = t.split("/", 2);
                Optional<byte[]> base = literal(p[0]);
                if (base.isEmpty()) {
                    return Optional.empty();
                }
                len = base.get().length;
                Optional<Integer> prefix = prefix(p[1], len);
                if (prefix.isEmpty()) {
                    return Optional.empty();
                }
                BigInteger hostBits = BigInteger.ONE.shiftLeft(len * 8 - prefix.get()).subtract(BigInteger.ONE);
                BigInteger lo = new BigInteger(1, base.get()).andNot(hostBits);
                range = Optional.of(new BigInteger[] {lo, lo.or(hostBits)});
            } else if (t.contains("-")) {
                String[] p = t.split("-", 2);
                Optional<byte[]> lo = literal(p[0]);
                Optional<byte[]> hi = literal(p[1]);
                if (lo.isEmpty() || hi.isEmpty() || lo.get().length != hi.get().length) {
                    return Optional.empty();
                }
                len = lo.get().length;
                range = Optional.of(new BigInteger[] {new BigInteger(1, lo.get()), new BigInteger(1, hi.get())});
            } else {
                Optional<byte[]> one = literal(t);
                if (one.isEmpty()) {
                    return Optional.empty();
                }
                len = one.get().length;
                BigInteger v = new BigInteger(1, one.get());
                range = Optional.of(new BigInteger[] {v, v});
            }
            if (range.get()[0].compareTo(range.get()[1]) > 0) {
                return Optional.empty();
            }
            (len == 4 ? v4 : v6).add(range.get());
        }
        return Optional.of(new Addresses(merge(v4), merge(v6)));
    }

    private static BigInteger max(int bytes) {
        return BigInteger.ONE.shiftLeft(bytes * 8).subtract(BigInteger.ONE);
    }

    /** An IP literal's bytes; never a name lookup (a name is not a literal here, and is refused). */
    private static Optional<byte[]> literal(String s) {
        String t = s.trim();
        if (!LITERAL.matcher(t).matches() || (!t.contains(":") && t.chars().filter(c -> c == '.').count() != 3)) {
            return Optional.empty();
        }
        try {
            byte[] b = InetAddress.getByName(t).getAddress();
            if (t.contains(":") && b.length == 4) { // ::ffff:a.b.c.d folds to IPv4 in Java; keep it IPv6
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(b, 0, mapped, 12, 4);
                b = mapped;
            }
            return Optional.of(b);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A prefix length, or an IPv4 mask ({@code 255.0.0.0}) that is one. */
    private static Optional<Integer> prefix(String s, int len) {
        String t = s.trim();
        if (t.matches("\\d{1,3}")) {
            int n = Integer.parseInt(t);
            return n <= len * 8 ? Optional.of(n) : Optional.empty();
        }
        Optional<byte[]> mask = literal(t);
        if (mask.isEmpty() || mask.get().length != len) {
            return Optional.empty();
        }
        BigInteger m = new BigInteger(1, mask.get());
        int ones = m.bitCount();
        BigInteger expected = max(len).shiftRight(len * 8 - ones).shiftLeft(len * 8 - ones);
        return m.equals(expected) ? Optional.of(ones) : Optional.empty();
    }

    private static List<BigInteger[]> merge(List<BigInteger[]> ranges) {
        List<BigInteger[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(r -> r[0]));
        List<BigInteger[]> out = new ArrayList<>();
        for (BigInteger[] r : sorted) {
            BigInteger[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0].compareTo(last[1].add(BigInteger.ONE)) <= 0) {
                last[1] = last[1].max(r[1]);
            } else {
                out.add(new BigInteger[] {r[0], r[1]});
            }
        }
        return out;
    }

    /** The ports a list names (1-65535); {@code *} is all of them; empty when it holds a keyword (RPC, IPHTTPS…). */
    static Optional<BitSet> ports(String list) {
        BitSet set = new BitSet(MAX_PORT + 1);
        if (list == null || list.isBlank() || list.trim().equals(ANY)) {
            set.set(1, MAX_PORT + 1);
            return Optional.of(set);
        }
        for (String raw : list.split(",")) {
            String t = raw.trim();
            String[] p = t.split("-", 2);
            if (!p[0].matches("\\d{1,5}") || (p.length == 2 && !p[1].matches("\\d{1,5}"))) {
                return Optional.empty();
            }
            int lo = Integer.parseInt(p[0]);
            int hi = p.length == 2 ? Integer.parseInt(p[1]) : lo;
            if (lo < 1 || hi > MAX_PORT || lo > hi) {
                return Optional.empty();
            }
            set.set(lo, hi + 1);
        }
        return Optional.of(set);
    }

    /** {@code RemotePorts} that block every port but {@code allowed}: {@code *} when none is allowed. */
    static String blockedPorts(List<Integer> allowed) {
        BitSet blocked = new BitSet(MAX_PORT + 1);
        blocked.set(1, MAX_PORT + 1);
        for (int p : allowed) {
            if (p < 1 || p > MAX_PORT) {
                throw new IllegalArgumentException("not a TCP port: " + p + " (1-65535)");
            }
            blocked.clear(p);
        }
        if (blocked.cardinality() == MAX_PORT) {
            return ANY;
        }
        List<String> ranges = new ArrayList<>();
        int from = blocked.nextSetBit(1);
        while (from >= 0) {
            int to = blocked.nextClearBit(from) - 1;
            ranges.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = blocked.nextSetBit(to + 1);
        }
        return ranges.stream().collect(Collectors.joining(","));
    }

    /** The ports a blocked-ports list leaves open, sorted; empty when the list cannot be understood. */
    static Optional<List<Integer>> allowedPorts(String remotePorts) {
        return ports(remotePorts).map(blocked -> {
            List<Integer> open = new ArrayList<>();
            for (int p = blocked.nextClearBit(1); p <= MAX_PORT; p = blocked.nextClearBit(p + 1)) {
                open.add(p);
            }
            return open;
        });
    }
}
