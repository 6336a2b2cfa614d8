package dev.cordon.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time from launch to the panel's first rendered frame, against an empty JavaFX window of the same size started the
 * same way (the baseline: JVM + JavaFX toolkit start-up). Not a test: prints medians and the ratio.
 *
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; xvfb-run -a mvn -B -q -pl app test-compile exec:java \
 *     -Dexec.mainClass=dev.cordon.app.bench.PanelStartupBenchmark -Dexec.classpathScope=test [-Dexec.args=10]
 * </pre>
 * Run from the repository root; needs a display (xvfb-run) and the packaged app (app/target).
 * With {@code -Dcordon.bench.installed=/opt/cordon/bin/cordon-panel} (add it to MAVEN_OPTS, exec:java runs in
 * Maven's JVM) it also starts the source launcher ({@code ./cordon panel}) and that installed launcher (the .deb's),
 * both told to report through {@code JAVA_TOOL_OPTIONS}: the launchers take no JVM options. Besides the JVM's own
 * count it prints the wall time from spawning the process to the line.
 */
public final class PanelStartupBenchmark {
    private PanelStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("app/target/lib"))) {
            root = root.getParent();
        }
        String lib = root.resolve("app/target/lib").toString();
        String panelCp = root.resolve("app/target/cordon-app.jar") + ":" + lib + "/*";
        String baselineCp = root.resolve("app/target/test-classes") + ":" + lib + "/*";
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        String installed = System.getProperty("cordon.bench.installed");
        List<Long> panel = new ArrayList<>();
        List<Long> empty = new ArrayList<>();
        List<Long> source = new ArrayList<>();
        List<Long> packaged = new ArrayList<>();
        List<Long> sourceWall = new ArrayList<>();
        List<Long> packagedWall = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) { // run 0 warms the page cache
            long p = firstFrame(List.of(javaBin, "-Dcordon.panel.reportFirstFrame=true", "-cp", panelCp,
                    "dev.cordon.app.Launcher", "--instance", "benchstart"), false)[0];
            long e = firstFrame(List.of(javaBin, "-cp", baselineCp, EmptyStageApp.Main.class.getName()), false)[0];
            long[] s = installed == null ? null
                    : firstFrame(List.of(root.resolve("cordon").toString(), "panel", "--instance", "benchstart"), true);
            long[] d = installed == null ? null : firstFrame(List.of(installed, "--instance", "benchstart"), true);
            if (i > 0) {
                panel.add(p);
                empty.add(e);
                if (installed != null) {
                    source.add(s[0]);
                    sourceWall.add(s[1]);
                    packaged.add(d[0]);
                    packagedWall.add(d[1]);
                }
            }
        }
        System.out.printf("machine: %d cores, JDK %s, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%-40s %6s %9s %9s %9s%n", "launch to first frame", "runs", "p50 ms", "max ms", "p50/empty");
        System.out.printf("%-40s %6d %9d %9d %9.2f%n", "Cordon panel (not set up instance)", runs, median(panel),
                Collections.max(panel), (double) median(panel) / median(empty));
        System.out.printf("%-40s %6d %9d %9d %9.2f%n", "empty JavaFX window (baseline)", runs, median(empty),
                Collections.max(empty), 1.0);
        if (installed != null) {
            System.out.printf("%-40s %6d %9d %9d %9.2f   wall p50 %d ms%n", "./cordon panel (source launcher)", runs,
                    median(source), Collections.max(source), (double) median(source) / median(empty), median(sourceWall));
            System.out.printf("%-40s %6d %9d %9d %9.2f   wall p50 %d ms%n", installed + " (package)", runs,
                    median(packaged), Collections.max(packaged), (double) median(packaged) / median(empty), median(packagedWall));
        }
    }

    /** @return the JVM's first-frame-ms, and the wall time from spawning the process to that line */
    private static long[] firstFrame(List<String> cmd, boolean throughToolOptions) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (throughToolOptions) {
            pb.environment().put("JAVA_TOOL_OPTIONS", "-Dcordon.panel.reportFirstFrame=true");
        }
        long spawned = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("first-frame-ms ")) {
                    return new long[]{Long.parseLong(line.substring("first-frame-ms ".length()).trim()),
                            (System.nanoTime() - spawned) / 1_000_000};
                }
            }
            throw new IllegalStateException("no first-frame line from " + cmd.get(cmd.size() - 1) + " (exit " + p.waitFor() + ")");
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
