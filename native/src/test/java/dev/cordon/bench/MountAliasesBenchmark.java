package dev.cordon.bench;

import dev.cordon.platform.linux.mount.MountAliases;
import dev.cordon.platform.linux.sys.MountInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * How long {@link MountAliases#of} (run before every runner start, R59–R66) takes on this machine's mount table and on
 * made-up tables of 40, 200 and 800 mounts (binds of a directory, of {@code /home}, tmpfs, overlays of two layers each),
 * for 20 hidden homes and the state directory, against reading and parsing {@code /proc/self/mountinfo} once — the
 * baseline every start pays anyway. Not a test: it prints numbers and asserts nothing.
 *
 * <pre>
 * mvn -B -q -pl native test-compile exec:java -Dexec.mainClass=dev.cordon.bench.MountAliasesBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="50"]
 * </pre>
 */
public final class MountAliasesBenchmark {
    private static final int WARMUP_RUNS = 10;

    private MountAliasesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        List<Path> places = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            places.add(Path.of("/home/u" + i));
        }
        places.add(Path.of("/var/lib/cordon"));
        double baseline = median(runs, () -> MountInfo.current().size());
        System.out.printf(Locale.ROOT, "%d warm-up + %d measured runs each; baseline: read + parse %s, median %.3f ms%n",
                WARMUP_RUNS, runs, MountInfo.SELF, baseline);
        System.out.printf(Locale.ROOT, "%-28s %7s %8s %12s %12s %16s %10s%n", "table", "mounts", "aliases", "median ms",
                "/baseline", "+servingByPath ms", "/of alone");
        row("this machine", MountInfo.current(), places, runs, baseline);
        for (int n : new int[] {40, 200, 800}) {
            row("made-up", madeUp(n), places, runs, baseline);
        }
        for (int n : new int[] {20, 100, 400}) {
            row("root's FUSE binds of / (R92)", fuseBindsOfRoot(n), places, runs, baseline);
        }
    }

    /**
     * A start's search: {@link MountAliases#of} for the places, and (since R105, R124) {@link MountAliases#servingByPath};
     * the last columns give both together, and their ratio to {@code of} alone, measured side by side.
     */
    private static void row(String label, List<MountInfo> mounts, List<Path> places, int runs, double baseline) {
        int aliases = MountAliases.of(places, mounts).size();
        double ms = median(runs, () -> MountAliases.of(places, mounts).size());
        double both = median(runs, () -> MountAliases.of(places, mounts).size()
                + MountAliases.servingByPath(mounts).size());
        System.out.printf(Locale.ROOT, "%-28s %7d %8d %12.3f %12.2f %16.3f %10.2f%n", label, mounts.size(), aliases, ms,
                ms / baseline, both, both / ms);
    }

    /** n mounts: binds of /srv directories and of /home, tmpfs, and overlays of two layers in /var/lib/docker. */
    static List<MountInfo> madeUp(int n) {
        StringBuilder t = new StringBuilder("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        for (int i = 0; i < n; i++) {
            String head = (10 + i) + " 1 ";
            t.append(switch (i % 4) {
                case 0 -> head + "8:1 /srv/d" + i + " /mnt/b" + i + " rw - ext4 /dev/sda1 rw\n";
                case 1 -> head + "0:" + (100 + i) + " / /run/t" + i + " rw - tmpfs tmpfs rw\n";
                case 2 -> head + "0:" + (100 + i) + " / /var/lib/docker/o" + i + " rw - overlay overlay rw,lowerdir="
                        + "/var/lib/docker/l" + i + ":/var/lib/docker/l" + (i + 1) + ",upperdir=/var/lib/docker/u" + i
                        + ",workdir=/var/lib/docker/w" + i + "\n";
                default -> head + "8:1 /home /srv/h" + i + " rw - ext4 /dev/sda1 rw\n";
            });
        }
        return MountInfo.parseAll(t.toString());
    }

    /**
     * n root's FUSE binds of {@code /} at {@code /srv/f<i>}: each shows itself and every other one (one cycle of n: the
     * loop search's worst case), and every place.
     */
    static List<MountInfo> fuseBindsOfRoot(int n) {
        StringBuilder t = new StringBuilder("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        for (int i = 0; i < n; i++) {
            t.append(10 + i).append(" 1 0:").append(100 + i).append(" / /srv/f").append(i)
                    .append(" rw - fuse / rw,user_id=0,group_id=0,allow_other\n");
        }
        return MountInfo.parseAll(t.toString());
    }

    private static double median(int runs, IntSupplier work) {
        int sink = 0;
        for (int i = 0; i < WARMUP_RUNS; i++) {
            sink += work.getAsInt();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            sink += work.getAsInt();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == Integer.MIN_VALUE) {
            System.out.println(); // keeps the work from being optimized away
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
