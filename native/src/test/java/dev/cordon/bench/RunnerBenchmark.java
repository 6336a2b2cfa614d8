package dev.cordon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.Backend;
import dev.cordon.core.Json;
import dev.cordon.platform.linux.LinuxPlatform;
import dev.cordon.platform.linux.sys.OwnedFd;
import dev.cordon.platform.linux.confine.ConfinedLauncher;
import dev.cordon.platform.linux.confine.ConfinedWorkers;
import dev.cordon.platform.linux.confine.LandlockPolicy;
import dev.cordon.platform.linux.spawn.CgroupSpawner;
import dev.cordon.platform.linux.spawn.SpawnedCommand;
import dev.cordon.provision.SetupRequest;
import dev.cordon.runner.RunnerFrames;
import dev.cordon.session.CommandExit;
import dev.cordon.session.CommandListener;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSpec;
import dev.cordon.testing.TestInstance;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Latency of one command through the real layers (host → runner frame, a confined worker (no_new_privs + Landlock +
 * seccomp) starting it straight into its own cgroup, exit report) against the same argv spawned by a plain
 * {@link ProcessBuilder} in this JVM,
 * plus bubblewrap and firejail where installed, cold session start, four concurrent clients, and a breakdown of the
 * runner's spawn measured piece by piece in this JVM. Not a test: it prints numbers and asserts nothing.
 *
 * <p>Run as root (from the repository root, after {@code mvn -B -q package -DskipTests}):
 * <pre>
 * mvn -B -q -pl native test-compile exec:java -Dexec.mainClass=dev.cordon.bench.RunnerBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="200 50 5000"]
 * </pre>
 * Arguments: measured runs of the fast commands (default 200), of {@code git status} (default 50), files in the git
 * repository (default 5000). It sets up a throw-away instance (accounts, firewall table, state directory) and removes
 * it in a finally block and a shutdown hook (Ctrl-C); the temporary cgroup of the piece-by-piece part likewise.
 *
 * <p>Session rows and their direct baseline are interleaved (one of each per iteration), so load changes on the
 * machine hit both alike.
 */
public final class RunnerBenchmark {
    private static final int WARMUP = 20;
    /**
     * Commands a session runs before the table's: the runner JVM (and this one) compile their per-command paths after
     * a few hundred invocations; a session an agent works in is past that within minutes. The first 100 are reported
     * on their own row.
     */
    private static final int SESSION_WARMUP = 300;
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Map<String, String> GIT_SAFE = Map.of("GIT_CONFIG_COUNT", "1",
            "GIT_CONFIG_KEY_0", "safe.directory", "GIT_CONFIG_VALUE_0", "*");
    private static final List<String> TRUE = List.of("/bin/true");
    private static final List<String> ECHO = List.of("sh", "-c", "echo x");
    private static final List<String> PYTHON = List.of("/usr/bin/python3", "-c", "pass");
    private static final List<String> GIT_STATUS = List.of("git", "status");

    private static volatile TestInstance instance;
    private static volatile Backend backend;
    private static volatile SessionManager manager;
    private static volatile Path workspace;
    private static volatile Path directHome;
    private static volatile Path benchCgroup;
    /** Keeps the JIT from dropping the encoding it times. */
    private static volatile long encodedBytes;
    private static final dev.cordon.host.wire.FrameCodec CODEC =
            new dev.cordon.host.wire.FrameCodec(dev.cordon.host.wire.FrameCodec.DEFAULT_MAX_FRAME_BYTES);
    private static final AtomicBoolean CLEANED = new AtomicBoolean();

    private RunnerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int gitRuns = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int files = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        if (!TestInstance.isRoot()) {
            System.out.println("RunnerBenchmark needs root (it sets up a throw-away Cordon instance).");
            return;
        }
        exposeClasspath();
        Thread hook = new Thread(RunnerBenchmark::cleanup, "runner-benchmark-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(runs, gitRuns, files);
        } finally {
            cleanup();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static void run(int runs, int gitRuns, int files) throws Exception {
        int abi = ConfinedLauncher.landlockAbi();
        System.out.printf(Locale.ROOT, "machine: %d cores, kernel %s, JDK %s, Landlock ABI %d, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"),
                System.getProperty("java.runtime.version"), abi,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        instance = new TestInstance();
        backend = new Backend(instance.instance, new LinuxPlatform(instance.instance));
        backend.provisioner().setup(new SetupRequest(List.of()), false, l -> { });
        workspace = Files.createTempDirectory("cordon-bench-ws-").toRealPath();
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        directHome = Files.createTempDirectory("cordon-bench-home-");
        createRepository(workspace, files);
        manager = backend.sessions();

        SessionInfo warm = start();
        String sid = warm.id();
        System.out.printf(Locale.ROOT, "workspace %s (git repository, %d files); runner pid %d, %s threads; "
                        + "session warmed up with %d /bin/true; then per row %d warm-up + %d measured runs (git status: %d)%n",
                workspace, files, warm.runnerPid(), threads(warm.runnerPid()), SESSION_WARMUP, WARMUP, runs, gitRuns);
        List<double[]> warmup = interleaved(SESSION_WARMUP, () -> sessionExec(sid, TRUE, Map.of()),
                () -> directExec(TRUE, Map.of()));
        Row firstDirect = Row.of("direct ProcessBuilder: /bin/true, same 100", Arrays.copyOf(warmup.get(1), 100), null);
        Row firstSession = Row.of("new session: /bin/true, its commands 21-120", Arrays.copyOf(warmup.get(0), 100),
                firstDirect);

        Optional<String> bwrap = which("bwrap");
        Optional<String> firejail = which("firejail");
        List<String> bwrapPrefix = List.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--bind", workspace.toString(), workspace.toString(), "--unshare-net", "--");
        List<String> firejailPrefix = List.of("firejail", "--quiet", "--noprofile", "--net=none", "--");

        List<Row> rows = new ArrayList<>();
        double[] trueRatio = new double[1];
        double[] gitRatio = new double[1];
        for (List<String> argv : List.of(TRUE, ECHO, PYTHON, GIT_STATUS)) {
            boolean git = argv == GIT_STATUS;
            int n = git ? gitRuns : runs;
            Map<String, String> env = git ? GIT_SAFE : Map.of();
            String label = String.join(" ", argv);
            Op session = () -> sessionExec(sid, argv, env);
            Op direct = () -> directExec(argv, env);
            List<double[]> both = interleaved(n, session, direct);
            Row d = Row.of("direct ProcessBuilder: " + label, both.get(1), null);
            Row s = Row.of("warm session: " + label, both.get(0), d);
            rows.add(s);
            rows.add(d);
            if (argv == TRUE) {
                trueRatio[0] = s.p50 / d.p50;
            }
            if (git) {
                gitRatio[0] = s.p50 / d.p50;
            }
            if (argv == TRUE || git) {
                rows.add(wrapped("bwrap: " + label, bwrap, bwrapPrefix, argv, env, n, d));
                rows.add(wrapped("firejail: " + label, firejail, firejailPrefix, argv, env, n, d));
            }
        }
        rows.add(firstSession);
        rows.add(firstDirect);
        rows.add(coldStart(10, rows.get(1)));
        rows.addAll(concurrent(4, Math.max(25, runs / 2), rows.get(1)));

        System.out.println();
        printRows(rows);
        System.out.println();
        System.out.printf(Locale.ROOT, "target warm /bin/true p50 <= 1.50x direct: %.2fx -> %s%n", trueRatio[0],
                trueRatio[0] <= 1.5 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "target git status p50 <= 1.05x direct: %.2fx -> %s%n", gitRatio[0],
                gitRatio[0] <= 1.05 ? "MET" : "MISSED");

        System.out.println();
        System.out.println("where a warm /bin/true goes (pieces of the runner's path, timed in this JVM as root; "
                + "the runner does the same as the sandbox account):");
        printPieces(pieces(runs, warm));
        System.out.printf(Locale.ROOT, "load average: %.2f%n", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    // ------------------------------------------------------------------ measurement

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    /** Latencies in ms of each op, warm-up first, then one of each per iteration. */
    private static List<double[]> interleaved(int n, Op... ops) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            for (Op op : ops) {
                op.run();
            }
        }
        List<double[]> out = new ArrayList<>();
        for (Op ignored : ops) {
            out.add(new double[n]);
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < ops.length; k++) {
                long t0 = System.nanoTime();
                ops[k].run();
                out.get(k)[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return out;
    }

    private record Row(String name, int n, double p50, double p95, Row baseline, String note) {
        static Row of(String name, double[] ms, Row baseline) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return new Row(name, s.length, percentile(s, 50), percentile(s, 95), baseline, null);
        }

        static Row missing(String name, String note) {
            return new Row(name, 0, Double.NaN, Double.NaN, null, note);
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void printRows(List<Row> rows) {
        System.out.printf(Locale.ROOT, "%-50s %5s %9s %9s %12s%n", "variant", "n", "p50 ms", "p95 ms", "p50/direct");
        for (Row r : rows) {
            if (r.note() != null && r.n() == 0) {
                System.out.printf(Locale.ROOT, "%-50s %5s %9s %9s %12s  %s%n", r.name(), "-", "-", "-", "-", r.note());
                continue;
            }
            String ratio = r.baseline() == null ? "1.00" : String.format(Locale.ROOT, "%.2f", r.p50() / r.baseline().p50());
            System.out.printf(Locale.ROOT, "%-50s %5d %9.2f %9.2f %12s%s%n", r.name(), r.n(), r.p50(), r.p95(), ratio,
                    r.note() == null ? "" : "  " + r.note());
        }
    }

    // ------------------------------------------------------------------ the two ways to run a command

    private static SessionInfo start() {
        return manager.start(new SessionSpec(workspace, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                SessionSpec.Limits.DEFAULT));
    }

    /** One command in a warm session: exec, collect its output, wait for the exit report. */
    private static String sessionExec(String sid, List<String> argv, Map<String, String> env) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandExit exit = manager.exec(sid, argv, env, null, new CommandListener() {
            @Override
            public void started(long pid) {
            }

            @Override
            public void output(int fd, byte[] data) {
                synchronized (out) {
                    out.writeBytes(data);
                }
            }

            @Override
            public void exited(CommandExit exit) {
            }
        }).await();
        String text = out.toString(StandardCharsets.UTF_8);
        if (exit.code() != 0) {
            throw new IllegalStateException("in the session, " + argv + " exited " + exit.code() + " (" + exit.error()
                    + "): " + text);
        }
        return text;
    }

    /** The fair baseline: a plain ProcessBuilder spawn in this JVM, same cwd, a clean environment, output drained. */
    private static String directExec(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workspace.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        pb.environment().put("HOME", directHome.toString());
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        String text = new String(out, StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException(argv + " exited " + code + ": " + text);
        }
        return text;
    }

    private static Row wrapped(String name, Optional<String> tool, List<String> prefix, List<String> argv,
                               Map<String, String> env, int n, Row direct) throws Exception {
        if (tool.isEmpty()) {
            return Row.missing(name, "not installed");
        }
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        try {
            directExec(full, env);
        } catch (IllegalStateException e) {
            return Row.missing(name, "failed: " + e.getMessage().lines().findFirst().orElse(""));
        }
        double[] ms = interleaved(n, () -> directExec(full, env)).get(0);
        return Row.of(name, ms, direct);
    }

    private static Row coldStart(int sessions, Row directTrue) throws Exception {
        double[] ms = new double[sessions];
        double[] startOnly = new double[sessions];
        double[] stop = new double[sessions];
        for (int i = 0; i < sessions; i++) {
            long t0 = System.nanoTime();
            SessionInfo s = start();
            long t1 = System.nanoTime();
            sessionExec(s.id(), TRUE, Map.of());
            long t2 = System.nanoTime();
            manager.stop(s.id());
            long t3 = System.nanoTime();
            ms[i] = (t2 - t0) / 1e6;
            startOnly[i] = (t1 - t0) / 1e6;
            stop[i] = (t3 - t2) / 1e6;
        }
        Arrays.sort(startOnly);
        Arrays.sort(stop);
        Row r = Row.of("cold session: start() to first /bin/true exit", ms, directTrue);
        return new Row(r.name(), r.n(), r.p50(), r.p95(), r.baseline(), String.format(Locale.ROOT,
                "(start() alone p50 %.1f ms, stop() p50 %.1f ms)", percentile(startOnly, 50), percentile(stop, 50)));
    }

    /** Commands per second of {@code clients} threads, each running /bin/true back to back; session vs direct. */
    private static List<Row> concurrent(int clients, int perClient, Row directTrue) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ids.add(start().id());
        }
        double sessionRate = rate(clients, perClient, c -> sessionExec(ids.get(c), TRUE, Map.of()));
        double directRate = rate(clients, perClient, c -> directExec(TRUE, Map.of()));
        for (String id : ids) {
            manager.stop(id);
        }
        // Shown as ms per command of the whole system (1000 / rate), so the ratio reads like the others.
        Row d = new Row(clients + " clients direct: /bin/true, ms/cmd", clients * perClient, 1000 / directRate,
                Double.NaN, null, String.format(Locale.ROOT, "%.0f cmds/s", directRate));
        Row s = new Row(clients + " clients, own warm sessions: /bin/true, ms/cmd", clients * perClient,
                1000 / sessionRate, Double.NaN, d, String.format(Locale.ROOT, "%.0f cmds/s", sessionRate));
        return List.of(s, d);
    }

    @FunctionalInterface
    private interface ClientOp {
        void run(int client) throws Exception;
    }

    private static double rate(int clients, int perClient, ClientOp op) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(clients + 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        op.run(client);
                    }
                    barrier.await();
                    for (int i = 0; i < perClient; i++) {
                        op.run(client);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        barrier.await(2, TimeUnit.MINUTES);
        long t0 = System.nanoTime();
        done.await();
        long elapsed = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw new IllegalStateException("a client failed", failure.get());
        }
        return clients * (double) perClient / (elapsed / 1e9);
    }

    // ------------------------------------------------------------------ piece by piece

    private record Piece(String name, double p50us, double p95us, String note) {
        static Piece of(String name, double[] ms, String note) {
            double[] s = ms.clone();
            Arrays.sort(s);
            return new Piece(name, percentile(s, 50) * 1000, percentile(s, 95) * 1000, note);
        }
    }

    private static void printPieces(List<Piece> pieces) {
        System.out.printf(Locale.ROOT, "%-62s %9s %9s%n", "piece", "p50 µs", "p95 µs");
        for (Piece p : pieces) {
            System.out.printf(Locale.ROOT, "%-62s %9.0f %9.0f%s%n", p.name(), p.p50us(), p.p95us(),
                    p.note() == null ? "" : "  " + p.note());
        }
    }

    private static List<Piece> pieces(int runs, SessionInfo warm) throws Exception {
        List<Piece> out = new ArrayList<>();
        out.add(Piece.of("session exec /bin/true (end to end, as above)",
                interleaved(runs, () -> sessionExec(warm.id(), TRUE, Map.of())).get(0), null));
        out.add(Piece.of("direct ProcessBuilder /bin/true + drain + waitFor",
                interleaved(runs, () -> directExec(TRUE, Map.of())).get(0), null));
        out.add(Piece.of("host<->child JVM frame round trip (exec frame -> exit frame)", frameRoundTrip(runs),
                "pipe + JSON codec + reader thread; child JVM C1-only"));
        // The runner's policy: the session's writable roots and the hidden state directory.
        LandlockPolicy policy = new LandlockPolicy(List.of(workspace, warm.home(), warm.tmp()),
                List.of(instance.instance.stateDir()));
        try (ConfinedWorkers workers = new ConfinedWorkers(policy)) {
            out.add(Piece.of("hand-off to a confined worker and back (empty task)",
                    interleaved(runs, () -> workers.start(() -> null)).get(0), "the runner hands over once"));
        }
        out.addAll(cgroupPieces(runs));
        out.add(Piece.of("frame encode: started + exit (Jackson, FrameCodec)", interleaved(runs, () -> {
            ObjectNode s = Json.object();
            s.put("type", "started").put("cmd", "c1").put("pid", 12345);
            ObjectNode e = Json.object();
            e.put("type", "exit").put("cmd", "c1").put("started", true).put("code", 0).put("timedOut", false);
            encodedBytes += CODEC.encode(s).length + CODEC.encode(e).length;
        }).get(0), "in this JVM, warm"));
        return out;
    }

    /**
     * The runner's cgroup steps, as root in this JVM: a cgroup made and opened ahead of time, the spawn straight into
     * it (the runner does it on a confined worker; unconfined here), the empty check after the exit, the removal.
     */
    private static List<Piece> cgroupPieces(int runs) throws Exception {
        Path mount = cgroup2Mount();
        if (mount == null) {
            return List.of(new Piece("cgroup pieces", Double.NaN, Double.NaN, "no cgroup2 mount"));
        }
        benchCgroup = Files.createDirectory(mount.resolve("cordon-bench-" + ProcessHandle.current().pid()));
        Class<?> cc = Class.forName("dev.cordon.platform.linux.cgroup.CommandCgroup");
        Method createOpen = declared(cc, "createOpen", Path.class, String.class);
        Method dirFd = declared(cc, "dirFd");
        Method empty = declared(cc, "empty");
        Method remove = declared(cc, "remove");
        double[] make = new double[runs];
        double[] spawn = new double[runs];
        double[] check = new double[runs];
        double[] rmdir = new double[runs];
        byte[] buffer = new byte[4096];
        for (int i = -WARMUP; i < runs; i++) {
            long t0 = System.nanoTime();
            Object cg = createOpen.invoke(null, benchCgroup, "cmd-" + (i + WARMUP));
            long t1 = System.nanoTime();
            int fd = ((OwnedFd) dirFd.invoke(cg)).number();
            try (SpawnedCommand c = CgroupSpawner.start(TRUE, Map.of("PATH", PATH), workspace, OptionalInt.of(fd))) {
                c.stdin().close();
                while (c.stdout().read(buffer) > 0) {
                    // /bin/true writes nothing; read to the end as the runner does
                }
                c.pidfd().awaitExit();
            }
            long t2 = System.nanoTime();
            boolean isEmpty = (Boolean) empty.invoke(cg);
            long t3 = System.nanoTime();
            remove.invoke(cg);
            long t4 = System.nanoTime();
            if (!isEmpty) {
                throw new IllegalStateException("the cgroup still had a process after the exit of /bin/true");
            }
            if (i >= 0) {
                make[i] = (t1 - t0) / 1e6;
                spawn[i] = (t2 - t1) / 1e6;
                check[i] = (t3 - t2) / 1e6;
                rmdir[i] = (t4 - t3) / 1e6;
            }
        }
        Files.deleteIfExists(benchCgroup);
        benchCgroup = null;
        return List.of(
                Piece.of("cgroup: mkdir + open dir, cgroup.kill, cgroup.procs", make, "made ahead, off the path"),
                Piece.of("CgroupSpawner.start(/bin/true) into it + read to EOF + waitid", spawn,
                        "clone3 CLONE_INTO_CGROUP; unconfined here"),
                Piece.of("cgroup: empty check after the exit (pread cgroup.procs)", check, null),
                Piece.of("cgroup: rmdir", rmdir, "after the exit report, on the cleanup thread"));
    }

    private static Method declared(Class<?> c, String name, Class<?>... types) throws NoSuchMethodException {
        Method m = c.getDeclaredMethod(name, types);
        m.setAccessible(true);
        return m;
    }

    private static Path cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                return Path.of(f[1]);
            }
        }
        return null;
    }

    /** Removes the piece-by-piece part's cgroup if an interruption left it. */
    private static void removeBenchCgroup() {
        Path bench = benchCgroup;
        if (bench == null) {
            return;
        }
        try (var s = Files.list(bench)) {
            for (Path child : s.filter(Files::isDirectory).toList()) {
                Files.writeString(child.resolve("cgroup.kill"), "1");
                Files.deleteIfExists(child);
            }
            Files.deleteIfExists(bench);
        } catch (IOException e) {
            System.err.println("cannot remove " + bench + ": " + e);
        }
        benchCgroup = null;
    }

    /**
     * The host↔runner channel alone: a child JVM (the runner's JVM flags) that answers each exec-shaped frame with an
     * exit frame, read on a reader thread and handed over with a latch, as {@code RunnerProcess} does.
     */
    private static double[] frameRoundTrip(int runs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:-UsePerfData", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx192m", "-cp",
                System.getProperty("java.class.path"), FrameEcho.class.getName()));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            RunnerFrames.Writer writer = new RunnerFrames.Writer(new BufferedOutputStream(child.getOutputStream(), 1 << 16));
            InputStream in = new BufferedInputStream(child.getInputStream(), 1 << 16);
            AtomicReference<CountDownLatch> pending = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    JsonNode f;
                    while ((f = RunnerFrames.read(in)) != null) {
                        f.path("code").asInt();
                        pending.get().countDown();
                    }
                } catch (IOException e) {
                    // child gone
                }
            }, "bench-frames");
            reader.setDaemon(true);
            reader.start();
            int[] seq = {0};
            return interleaved(runs, () -> {
                CountDownLatch latch = new CountDownLatch(1);
                pending.set(latch);
                ObjectNode exec = Json.object();
                exec.putArray("argv").add("/bin/true");
                exec.put("cwd", workspace.toString());
                ObjectNode env = exec.putObject("env");
                env.put("PATH", PATH);
                env.put("HOME", "/var/lib/x/sessions/s0/home");
                env.put("TMPDIR", "/var/lib/x/sessions/s0/tmp");
                env.put("LANG", "C.UTF-8");
                env.put("CORDON_SESSION", "s0");
                exec.put("timeoutMs", 0);
                exec.put("type", "exec");
                exec.put("cmd", "c" + (++seq[0]));
                writer.write(exec);
                latch.await();
            }).get(0);
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** The child of {@link #frameRoundTrip}: reads frames, answers each with an exit frame, until end of input. */
    public static final class FrameEcho {
        private FrameEcho() {
        }

        public static void main(String[] args) throws IOException {
            InputStream in = new BufferedInputStream(System.in, 1 << 16);
            RunnerFrames.Writer writer = new RunnerFrames.Writer(new BufferedOutputStream(
                    new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16));
            JsonNode f;
            while ((f = RunnerFrames.read(in)) != null) {
                ObjectNode exit = Json.object();
                exit.put("type", "exit");
                exit.put("cmd", f.path("cmd").asText());
                exit.put("started", true);
                exit.put("code", 0);
                exit.put("timedOut", false);
                writer.write(exit);
            }
        }
    }

    // ------------------------------------------------------------------ setup and cleanup

    /** A git repository of {@code files} small files in 10 directories, committed, index refreshed, sandbox-readable. */
    private static void createRepository(Path repo, int files) throws Exception {
        int dirs = 10;
        for (int d = 0; d < dirs; d++) {
            Files.createDirectories(repo.resolve("dir" + d));
        }
        for (int i = 0; i < files; i++) {
            Files.writeString(repo.resolve("dir" + (i % dirs)).resolve("file" + i + ".txt"), "line " + i + "\n");
        }
        Map<String, String> env = new LinkedHashMap<>(GIT_SAFE);
        directExec(List.of("git", "init", "-q"), env);
        directExec(List.of("git", "add", "-A"), env);
        directExec(List.of("git", "-c", "user.email=bench@cordon.invalid", "-c", "user.name=bench", "commit", "-q",
                "-m", "5,000 files"), env);
        String owner = instance.instance.offlineAccount();
        directExec(List.of("chown", "-R", owner, repo.toString()), Map.of());
        directExec(List.of("chmod", "-R", "a+rwX", repo.toString()), Map.of());
        // chown/chmod changed every ctime: let the clock move past them, then refresh the index once so that no entry
        // is "racily clean" (else every status in the sandbox, which cannot rewrite .git, would re-hash files).
        Thread.sleep(1500);
        directExec(List.of("git", "update-index", "-q", "--really-refresh"), env);
        directExec(GIT_STATUS, env);
        directExec(List.of("chmod", "-R", "a+rwX", repo.resolve(".git").toString()), Map.of());
    }

    private static void cleanup() {
        if (!CLEANED.compareAndSet(false, true)) {
            return;
        }
        removeBenchCgroup();
        try {
            if (manager != null) {
                manager.close();
            }
        } catch (RuntimeException e) {
            System.err.println("cleanup: closing sessions: " + e);
        }
        try {
            if (backend != null) {
                backend.provisioner().uninstall(false, l -> { });
            }
        } catch (RuntimeException e) {
            System.err.println("cleanup: uninstall: " + e);
        }
        if (instance != null) {
            instance.close();
        }
        if (workspace != null) {
            TestInstance.deleteTree(workspace);
        }
        if (directHome != null) {
            TestInstance.deleteTree(directHome);
        }
    }

    private static Optional<String> which(String tool) {
        for (String dir : PATH.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool).toString());
            }
        }
        return Optional.empty();
    }

    private static String threads(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Threads:"))
                    .findFirst().map(l -> l.substring(8).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Under {@code exec:java} the project's classes come from a class loader of the plugin, not from
     * {@code java.class.path}; the runner's classpath is staged from that property, so point it at the real one.
     */
    private static void exposeClasspath() throws URISyntaxException {
        URL own = RunnerBenchmark.class.getProtectionDomain().getCodeSource().getLocation();
        String cp = System.getProperty("java.class.path", "");
        if (Arrays.asList(cp.split(File.pathSeparator)).contains(Path.of(own.toURI()).toString())) {
            return;
        }
        List<String> entries = new ArrayList<>();
        for (ClassLoader cl = RunnerBenchmark.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        entries.add(Path.of(url.toURI()).toString());
                    }
                }
                break;
            }
        }
        if (!entries.isEmpty()) {
            System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
        }
    }
}
