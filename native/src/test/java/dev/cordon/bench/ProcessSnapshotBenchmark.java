package dev.cordon.bench;

import dev.cordon.core.Principal;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.linux.ProcFsProcessTable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * How long one {@link ProcFsProcessTable#snapshot()} takes with ~5,000 processes, against the JDK's own
 * enumeration ({@code ProcessHandle.allProcesses()} with {@code info()} for each) in the same JVM. Not a test:
 * it prints numbers and asserts nothing.
 *
 * <p>Run (from the repository root; Linux only):
 * <pre>
 * mvn -B -q -pl native test-compile exec:java -Dexec.mainClass=dev.cordon.bench.ProcessSnapshotBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="5000 30"]
 * </pre>
 * Arguments: target process count (default 5000), measured runs per variant (default 30). It tops the system up
 * to the target with {@code sleep 600} processes, all children of one {@code sh}, and kills them in a finally
 * block and a shutdown hook; if the JVM is killed with SIGKILL they exit on their own after 10 minutes.
 */
public final class ProcessSnapshotBenchmark {
    private static final int WARMUP_RUNS = 10;
    /** An account that owns no process here: the cost of the default `cordon ps` view on a busy machine. */
    private static final int NOBODY = 65534;

    private ProcessSnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        ProcFsProcessTable table = new ProcFsProcessTable();
        int existing = table.snapshot().processes().size();
        int toSpawn = Math.max(0, target - existing - 1);

        Process spawner = spawnSleepers(toSpawn);
        Thread cleanup = new Thread(() -> killTree(spawner), "benchmark-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            waitForCount(table, target);
            int count = table.snapshot().processes().size();
            System.out.printf(Locale.ROOT, "processes: %d (%d spawned), %d cores, %d warm-up + %d measured runs%n",
                    count, toSpawn, Runtime.getRuntime().availableProcessors(), WARMUP_RUNS, runs);

            List<Row> rows = new ArrayList<>();
            rows.add(measure("cordon ProcFsProcessTable.snapshot()", runs, () -> table.snapshot().processes().size()));
            rows.add(measure("cordon snapshot(one idle account's uid)", runs,
                    () -> table.snapshot(owner -> owner.equals(Principal.uid(NOBODY))).processes().size()));
            rows.add(measure("JDK allProcesses() + info()", runs, ProcessSnapshotBenchmark::jdkInfo));
            rows.add(measure("JDK allProcesses() + info() + parent()", runs, ProcessSnapshotBenchmark::jdkInfoAndParent));
            rows.add(measure("  owner only: stat(/proc/PID) uid", runs, ProcessSnapshotBenchmark::ownerByStat));
            rows.add(measure("  owner only: status Uid: line", runs, ProcessSnapshotBenchmark::ownerByStatus));
            print(rows, rows.get(2));
        } finally {
            killTree(spawner);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** CPU time is of the whole JVM (all threads, JIT and GC included): with other load on the machine, wall time
     *  also counts time spent waiting for a core, CPU time does not. */
    private record Row(String name, double medianMs, double p95Ms, double medianCpuMs, int processes) {
    }

    private static Row measure(String name, int runs, IntSupplier snapshot) {
        for (int i = 0; i < WARMUP_RUNS; i++) {
            snapshot.getAsInt();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] ms = new double[runs];
        double[] cpuMs = new double[runs];
        int count = 0;
        for (int i = 0; i < runs; i++) {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            count = snapshot.getAsInt();
            ms[i] = (System.nanoTime() - start) / 1e6;
            cpuMs[i] = (os.getProcessCpuTime() - cpuStart) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpuMs);
        return new Row(name, percentile(ms, 50), percentile(ms, 95), percentile(cpuMs, 50), count);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void print(List<Row> rows, Row baseline) {
        System.out.printf(Locale.ROOT, "%-42s %10s %10s %10s %9s %11s%n", "variant", "median ms", "p95 ms",
                "cpu ms", "processes", "median/JDK");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-42s %10.2f %10.2f %10.2f %9d %11.2f%n", r.name(), r.medianMs(), r.p95Ms(),
                    r.medianCpuMs(), r.processes(), r.medianMs() / baseline.medianMs());
        }
        System.out.printf(Locale.ROOT, "load average: %.2f%n", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static int jdkInfo() {
        int[] n = {0};
        ProcessHandle.allProcesses().forEach(p -> {
            ProcessHandle.Info info = p.info();
            info.command();
            info.arguments();
            info.user();
            info.startInstant();
            info.totalCpuDuration();
            n[0]++;
        });
        return n[0];
    }

    private static int jdkInfoAndParent() {
        int[] n = {0};
        ProcessHandle.allProcesses().forEach(p -> {
            ProcessHandle.Info info = p.info();
            info.command();
            info.user();
            p.parent();
            n[0]++;
        });
        return n[0];
    }

    private static int ownerByStat() {
        int n = 0;
        for (String name : pids()) {
            try {
                Files.getAttribute(Path.of("/proc", name), "unix:uid");
                n++;
            } catch (NoSuchFileException e) {
                // exited meanwhile
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    private static int ownerByStatus() {
        int n = 0;
        for (String name : pids()) {
            try {
                String status = Files.readString(Path.of("/proc", name, "status"), StandardCharsets.US_ASCII);
                int at = status.indexOf("\nUid:\t");
                Integer.parseInt(status.substring(at + 6, status.indexOf('\t', at + 6)));
                n++;
            } catch (NoSuchFileException e) {
                // exited meanwhile
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    private static List<String> pids() {
        String[] names = new java.io.File("/proc").list();
        List<String> pids = new ArrayList<>();
        for (String name : names == null ? new String[0] : names) {
            if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                pids.add(name);
            }
        }
        return pids;
    }

    private static Process spawnSleepers(int count) throws IOException {
        String script = "i=0; while [ $i -lt " + count + " ]; do sleep 600 & i=$((i+1)); done; echo spawned; wait";
        return new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
    }

    private static void waitForCount(ProcFsProcessTable table, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        int count;
        while ((count = table.snapshot().processes().size()) < target && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        if (count < target) {
            System.out.printf("warning: only %d processes after 3 minutes (target %d)%n", count, target);
        }
    }

    private static void killTree(Process root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        try {
            root.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
