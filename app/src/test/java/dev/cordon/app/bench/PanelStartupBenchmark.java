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
        List<Long> panel = new ArrayList<>();
        List<Long> empty = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) { // run 0 warms the page cache
            long p = firstFrame(List.of(javaBin, "-Dcordon.panel.reportFirstFrame=true", "-cp", panelCp,
                    "dev.cordon.app.Launcher", "--instance", "benchstart"));
            long e = firstFrame(List.of(javaBin, "-cp", baselineCp, EmptyStageApp.Main.class.getName()));
            if (i > 0) {
                panel.add(p);
                empty.add(e);
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
    }

    private static long firstFrame(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("first-frame-ms ")) {
                    return Long.parseLong(line.substring("first-frame-ms ".length()).trim());
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
