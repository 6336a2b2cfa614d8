package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.Pidfd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.LongSupplier;

/**
 * The process table from {@code /proc}: per process one {@code stat()} of the {@code /proc/[pid]} directory for
 * the owner (first, so an owner filter skips the rest), one read of {@code stat} and one of {@code cmdline}.
 *
 * <p>Owner: the {@code /proc/[pid]} directory is owned by the process's effective uid, always: the kernel
 * ({@code task_dump_owner}) makes the files inside it root-owned for non-dumpable processes, but not the
 * directory (checked with a {@code prctl(PR_SET_DUMPABLE, 0)} process). So the directory's owner equals the
 * second field of the {@code Uid:} line in {@code status}, and one {@code stat()} is far cheaper than having the
 * kernel format ~1.3 KB of {@code status} for one number: about 6 vs 26 us per process on a 2-core VM (see
 * {@code ProcessSnapshotBenchmark}).
 *
 * <p>CPU%: the first snapshot reports each process's lifetime average (like ps); later snapshots of the same
 * instance report the use since the previous one (like top). Both are in percent of one core.
 */
public final class ProcFsProcessTable implements ProcessTable {
    private static final long DEFAULT_CLOCK_TICKS = 100;
    private static final long DEFAULT_PAGE_SIZE = 4096;
    private static final int MAX_READERS = 4;
    /** Below this many pids one thread is faster than handing slices to others. */
    private static final int PARALLEL_THRESHOLD = 512;
    private static final Duration UNKILLABLE_AFTER = Duration.ofSeconds(2);
    private static final Duration EXIT_POLL = Duration.ofMillis(50);
    /** How long a tree kill waits for the processes it stopped to show as stopped before it reads /proc again. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);
    private static final Duration STOP_POLL = Duration.ofMillis(2);
    /** Freeze rounds of a tree kill; each stops what the last one found, so a handful settle any real tree. */
    private static final int MAX_FREEZE_ROUNDS = 64;
    private static final long SELF = ProcessHandle.current().pid();

    private final Path procRoot;
    private final LinuxLibc libc;
    private final long clockTicksPerSecond;
    private final long pageSize;
    private final Instant bootTime;
    private final UserNames userNames;
    private final LongSupplier monotonicNanos;
    private final int readerThreads = Math.min(MAX_READERS, Runtime.getRuntime().availableProcessors());
    private ExecutorService readerPool;

    /** CPU ticks (utime + stime) per process at the previous snapshot, and when that was (monotonic). */
    private Map<ProcessKey, Long> previousCpuTicks = Map.of();
    private long previousNanos;

    private record ProcessKey(int pid, long startTicks) {
    }

    public ProcFsProcessTable() {
        this(Path.of("/proc"), LinuxLibc.libc(), UserNames.system(), System::nanoTime);
    }

    ProcFsProcessTable(Path procRoot, LinuxLibc libc, UserNames userNames, LongSupplier monotonicNanos) {
        this.procRoot = procRoot;
        this.monotonicNanos = monotonicNanos;
        this.libc = libc;
        this.userNames = userNames;
        this.clockTicksPerSecond = sysconf(libc, LinuxLibc.SC_CLK_TCK, DEFAULT_CLOCK_TICKS);
        this.pageSize = sysconf(libc, LinuxLibc.SC_PAGESIZE, DEFAULT_PAGE_SIZE);
        this.bootTime = readBootTime(procRoot.resolve("stat"));
    }

    @Override
    public synchronized ProcessSnapshot snapshot(Predicate<Principal> owners) {
        Instant takenAt = Instant.now();
        long nanos = monotonicNanos.getAsLong();
        double uptimeSeconds = readUptimeSeconds();
        double intervalSeconds = previousCpuTicks.isEmpty() ? 0 : (nanos - previousNanos) / 1e9;
        userNames.refreshIfChanged();

        List<RawProcess> raws = readAll(listPids(), (dir, reader) -> {
            int uid = (Integer) Files.getAttribute(dir, "unix:uid");
            return owners.test(Principal.uid(uid)) ? uid : NOT_OURS;
        });
        List<ProcessInfo> processes = new ArrayList<>(raws.size());
        Map<ProcessKey, Long> cpuTicks = new HashMap<>(raws.size() * 2);
        for (RawProcess raw : raws) {
            ProcStat stat = raw.stat();
            ProcessKey key = new ProcessKey(stat.pid(), stat.startTicks());
            long ticks = stat.utime() + stat.stime();
            cpuTicks.put(key, ticks);
            Long before = previousCpuTicks.get(key);
            double cpuPercent = before != null && intervalSeconds > 0
                    ? percent(ticks - before, intervalSeconds)
                    : percent(ticks, uptimeSeconds - (double) stat.startTicks() / clockTicksPerSecond);
            processes.add(info(raw, cpuPercent));
        }
        previousCpuTicks = cpuTicks;
        previousNanos = nanos;
        return new ProcessSnapshot(takenAt, processes);
    }

    /**
     * Reads {@code status} of every process for its real and effective uid: the directory's owner is only the
     * effective one. Slower than a snapshot's owner test (about 26 vs 6 us per process), which is why it is not
     * the snapshot's.
     */
    @Override
    public List<ProcessInfo> runningAs(Set<Principal> owners) {
        userNames.refreshIfChanged();
        List<RawProcess> raws = readAll(listPids(), (dir, reader) -> {
            if (!reader.read(dir.resolve("status"))) {
                return NOT_OURS;
            }
            int[] uids = realAndEffectiveUid(reader.bytes(), reader.length());
            return owners.contains(Principal.uid(uids[0])) ? uids[0]
                    : owners.contains(Principal.uid(uids[1])) ? uids[1] : NOT_OURS;
        });
        List<ProcessInfo> processes = new ArrayList<>(raws.size());
        for (RawProcess raw : raws) {
            processes.add(info(raw, 0));
        }
        processes.sort(java.util.Comparator.comparingInt(ProcessInfo::pid));
        return processes;
    }

    private ProcessInfo info(RawProcess raw, double cpuPercent) {
        ProcStat stat = raw.stat();
        return new ProcessInfo(stat.pid(), stat.ppid(), Principal.uid(raw.uid()), userNames.nameOf(raw.uid()), stat.comm(),
                raw.commandLine(), stat.state(), cpuPercent, stat.rssPages() * pageSize, startTime(stat.startTicks()),
                stat.startTicks());
    }

    /** The first two numbers of the {@code Uid:} line of a {@code status} file. */
    static int[] realAndEffectiveUid(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        int at = text.startsWith("Uid:") ? 0 : text.indexOf("\nUid:") + 1;
        if (at <= 0 && !text.startsWith("Uid:")) {
            throw CordonException.internal("No Uid: line in a /proc/[pid]/status file", null);
        }
        int end = text.indexOf('\n', at);
        String[] fields = text.substring(at + 4, end < 0 ? text.length() : end).strip().split("\\s+");
        return new int[] {Integer.parseInt(fields[0]), Integer.parseInt(fields[1])};
    }

    /** Which uid a process is read as, or {@link #NOT_OURS} to leave it out: read before anything else of it. */
    @FunctionalInterface
    private interface OwnerTest {
        int ownerOf(Path dir, ProcFileReader reader) throws IOException;
    }

    /** {@code (uid_t) -1}, which no process runs as: "leave this one out". */
    private static final int NOT_OURS = -1;

    private record RawProcess(ProcStat stat, int uid, String commandLine) {
    }

    private int[] listPids() {
        String[] names = procRoot.toFile().list();
        if (names == null) {
            throw new CordonException(ExitCode.UNAVAILABLE, "Cannot list " + procRoot + ".",
                    "Mount procfs at /proc (e.g. `mount -t proc proc /proc`).");
        }
        int[] pids = new int[names.length];
        int count = 0;
        for (String name : names) {
            int pid = parsePid(name);
            if (pid > 0) {
                pids[count++] = pid;
            }
        }
        return Arrays.copyOf(pids, count);
    }

    /**
     * Reads the processes on up to {@link #MAX_READERS} threads. Each read is a few syscalls into procfs and the
     * kernel work dominates (about 30 us per process on a small VM), so a large table is read on every core.
     */
    private List<RawProcess> readAll(int[] pids, OwnerTest owners) {
        int stride = pids.length < PARALLEL_THRESHOLD ? 1 : readerThreads;
        List<Future<List<RawProcess>>> others = new ArrayList<>(stride - 1);
        for (int slice = 1; slice < stride; slice++) {
            int first = slice;
            others.add(readerPool().submit(() -> readSlice(pids, first, stride, owners)));
        }
        List<RawProcess> all = new ArrayList<>(pids.length);
        all.addAll(readSlice(pids, 0, stride, owners));
        try {
            for (Future<List<RawProcess>> other : others) {
                all.addAll(other.get());
            }
        } catch (InterruptedException e) {
            others.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CordonException(ExitCode.INTERNAL, "Interrupted while reading " + procRoot + ".", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CordonException ce) {
                throw ce;
            }
            throw CordonException.internal("Reading " + procRoot + " failed: " + e.getCause(), e.getCause());
        }
        return all;
    }

    /** Every {@code stride}-th pid from {@code first}: interleaved slices get equal shares of old and new pids. */
    private List<RawProcess> readSlice(int[] pids, int first, int stride, OwnerTest owners) {
        ProcFileReader reader = new ProcFileReader();
        List<RawProcess> slice = new ArrayList<>(pids.length / stride + 1);
        for (int i = first; i < pids.length; i += stride) {
            RawProcess raw = readProcess(reader, pids[i], owners);
            if (raw != null) {
                slice.add(raw);
            }
        }
        return slice;
    }

    private synchronized ExecutorService readerPool() {
        if (readerPool == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(readerThreads - 1, readerThreads - 1, 30,
                    TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                        Thread t = new Thread(runnable, "proc-reader");
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true); // a one-shot `cordon ps` or an idle panel keeps no threads
            readerPool = pool;
        }
        return readerPool;
    }

    /**
     * One process's files; null when its owner does not pass {@code owners}, or when it exited while being read
     * (normal: the table changes as we read it).
     */
    private RawProcess readProcess(ProcFileReader reader, int pid, OwnerTest owners) {
        Path dir = procRoot.resolve(Integer.toString(pid));
        try {
            int uid = owners.ownerOf(dir, reader);
            if (uid == NOT_OURS || !reader.readLine(dir.resolve("stat"))) {
                return null;
            }
            ProcStat stat = ProcStat.parse(reader.bytes(), reader.length());
            if (!reader.read(dir.resolve("cmdline"))) {
                return null;
            }
            return new RawProcess(stat, uid, commandLine(reader.bytes(), reader.length(), stat.comm()));
        } catch (NoSuchFileException e) {
            return null; // the process exited between reading two of its files
        } catch (AccessDeniedException e) {
            // procfs mounted with hidepid=1 lists other users' pids but denies their files; like ps, show
            // what this user may see.
            return null;
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                return null; // exited after open: the kernel fails the read with ESRCH
            }
            throw CordonException.internal("Cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean terminate(ProcessInfo process) {
        return signal(process, Pidfd.SIGTERM, "terminate");
    }

    @Override
    public boolean kill(ProcessInfo process) {
        return signal(process, Pidfd.SIGKILL, "kill");
    }

    private boolean signal(ProcessInfo process, int signal, String what) {
        Optional<Pidfd> pinned = pin(process);
        if (pinned.isEmpty()) {
            return false;
        }
        try (Pidfd pidfd = pinned.get()) {
            int errno = pidfd.signal(signal);
            if (errno != 0 && errno != LinuxLibc.ESRCH) {
                throw refusal(process, what, signal, errno);
            }
            return errno == 0;
        }
    }

    private static CordonException refusal(ProcessInfo process, String what, int signal, int errno) {
        if (errno == LinuxLibc.EPERM) {
            return new CordonException(ExitCode.NEEDS_ROOT, "Not permitted to " + what + " process "
                    + process.pid() + " (" + process.name() + ", user " + process.user() + ").",
                    "Run as root or as the user that owns the process.");
        }
        return CordonException.internal("pidfd_send_signal(" + process.pid() + ", " + signal
                + ") failed: errno " + errno, null);
    }

    /** SIGTERM to each process of the tree, read once and pinned whole before the first signal, deepest first. */
    @Override
    public List<Signalled> terminateTree(ProcessInfo root) {
        Map<ProcessInfo, Pidfd> tree = new LinkedHashMap<>();
        try {
            if (!pinRoot(root, tree)) {
                return List.of(new Signalled(root, false));
            }
            pinDescendants(tree);
            return signalDeepestFirst(tree, Pidfd.SIGTERM, "terminate");
        } finally {
            tree.values().forEach(Pidfd::close);
        }
    }

    /**
     * Freeze, then kill. Killing children first cannot follow a process that forks between the read and its parent's
     * death: its new child is re-parented away from the tree and escapes. So every process is first stopped (SIGSTOP
     * through its pidfd, parents before children, a stopped process forks no more), {@code /proc} is read again after
     * they have stopped, and what appeared meanwhile is stopped too, until a read finds nothing new; only then is each
     * killed (SIGKILL, which ends a stopped process), deepest first. On a refusal what was stopped is resumed.
     */
    @Override
    public List<Signalled> killTree(ProcessInfo root) {
        Map<ProcessInfo, Pidfd> tree = new LinkedHashMap<>();
        List<ProcessInfo> stopped = new ArrayList<>();
        try {
            if (!pinRoot(root, tree)) {
                return List.of(new Signalled(root, false));
            }
            List<ProcessInfo> fresh = List.of(root);
            for (int round = 0; !fresh.isEmpty() && round < MAX_FREEZE_ROUNDS; round++) {
                for (ProcessInfo p : fresh) {
                    int errno = tree.get(p).signal(Pidfd.SIGSTOP);
                    if (errno == 0) {
                        stopped.add(p);
                    } else if (errno != LinuxLibc.ESRCH) {
                        throw refusal(p, "kill", Pidfd.SIGSTOP, errno);
                    }
                }
                awaitStopped(fresh);
                fresh = pinDescendants(tree);
            }
            return signalDeepestFirst(tree, Pidfd.SIGKILL, "kill");
        } catch (CordonException e) {
            stopped.forEach(p -> tree.get(p).signal(Pidfd.SIGCONT));
            throw e;
        } finally {
            tree.values().forEach(Pidfd::close);
        }
    }

    private boolean pinRoot(ProcessInfo root, Map<ProcessInfo, Pidfd> tree) {
        if (root.pid() == SELF) {
            throw CordonException.usage("Refusing to end this process itself (" + root.pid() + ").", "Pick another process.");
        }
        Optional<Pidfd> pinned = pin(root);
        pinned.ifPresent(fd -> tree.put(root, fd));
        return pinned.isPresent();
    }

    /** Signals every process of {@code tree} (in the order found: parents first), the last found first. */
    private static List<Signalled> signalDeepestFirst(Map<ProcessInfo, Pidfd> tree, int signal, String what) {
        List<ProcessInfo> order = new ArrayList<>(tree.keySet());
        java.util.Collections.reverse(order);
        List<Signalled> out = new ArrayList<>(order.size());
        for (ProcessInfo p : order) {
            int errno = tree.get(p).signal(signal);
            if (errno != 0 && errno != LinuxLibc.ESRCH) {
                throw refusal(p, what, signal, errno);
            }
            out.add(new Signalled(p, errno == 0));
        }
        return out;
    }

    /**
     * Reads {@code /proc} once and pins every process descending from one in {@code tree} that is not in it yet, parents
     * before children; returns those added. A pid counts as a parent only if its pinned process still runs after the
     * read (so the pid was not reused meanwhile), and a child only if it still has the start time it was read with once
     * pinned. This process and what it started are left out.
     */
    private List<ProcessInfo> pinDescendants(Map<ProcessInfo, Pidfd> tree) {
        userNames.refreshIfChanged();
        List<RawProcess> raws = readAll(listPids(), (dir, reader) -> (Integer) Files.getAttribute(dir, "unix:uid"));
        Map<Integer, List<RawProcess>> children = new HashMap<>();
        for (RawProcess raw : raws) {
            children.computeIfAbsent(raw.stat().ppid(), k -> new ArrayList<>()).add(raw);
        }
        java.util.Set<ProcessKey> known = new java.util.HashSet<>();
        java.util.Deque<Integer> parents = new java.util.ArrayDeque<>();
        for (ProcessInfo p : tree.keySet()) {
            known.add(new ProcessKey(p.pid(), p.startTicks()));
            if (isRunning(p)) {
                parents.add(p.pid());
            }
        }
        List<ProcessInfo> added = new ArrayList<>();
        while (!parents.isEmpty()) {
            for (RawProcess raw : children.getOrDefault(parents.poll(), List.of())) {
                ProcStat stat = raw.stat();
                if (stat.pid() == SELF || !known.add(new ProcessKey(stat.pid(), stat.startTicks()))) {
                    continue;
                }
                ProcessInfo child = info(raw, 0);
                Optional<Pidfd> pinned = pin(child);
                if (pinned.isPresent()) {
                    tree.put(child, pinned.get());
                    added.add(child);
                    parents.add(child.pid());
                }
            }
        }
        return added;
    }

    /** Waits (at most {@link #STOP_WAIT}) until each process shows as stopped, or has exited. */
    private void awaitStopped(List<ProcessInfo> processes) {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        List<ProcessInfo> running = new ArrayList<>(processes);
        while (true) {
            running.removeIf(p -> stat(p.pid()).filter(now -> now.startTicks() == p.startTicks()
                    && "TtZX".indexOf(now.state()) < 0).isEmpty());
            if (running.isEmpty() || System.nanoTime() >= deadline) {
                return;
            }
            try {
                Thread.sleep(STOP_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning(ProcessInfo process) {
        return stat(process.pid()).filter(now -> now.startTicks() == process.startTicks() && !exited(now)).isPresent();
    }

    /**
     * A pidfd for exactly {@code process}, or empty when it has exited. The pidfd is opened first, then the start time
     * is compared: from then on the pidfd names that process even if it exits and its pid is given to another.
     */
    private Optional<Pidfd> pin(ProcessInfo process) {
        Optional<Pidfd> pidfd = Pidfd.open(libc, process.pid());
        if (pidfd.isPresent() && !isRunning(process)) {
            pidfd.get().close();
            return Optional.empty();
        }
        return pidfd;
    }

    private static boolean exited(ProcStat stat) {
        return stat.state() == 'Z' || stat.state() == 'X';
    }

    /**
     * argv from {@code cmdline} (NUL-separated) and cwd from the {@code cwd} link, each read only while the pid still
     * has the start time it was listed with (checked before and after, so a reused pid gives nothing); cwd is null
     * when the link cannot be read (another user's process without root, a kernel thread).
     */
    @Override
    public Optional<Details> details(ProcessInfo process) {
        if (!isRunning(process)) {
            return Optional.empty();
        }
        Path dir = procRoot.resolve(Integer.toString(process.pid()));
        List<String> argv = new ArrayList<>();
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            int start = 0;
            for (int i = 0; i <= raw.length; i++) {
                if (i == raw.length || raw[i] == 0) {
                    if (i > start || (i < raw.length)) {
                        argv.add(new String(raw, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            argv.clear(); // exited, or not ours to read: "not available"
        }
        String cwd;
        try {
            cwd = Files.readSymbolicLink(dir.resolve("cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            cwd = null;
        }
        return isRunning(process) ? Optional.of(new Details(argv, cwd)) : Optional.empty();
    }

    /** The stat of a pid now, empty when there is no such process (any more). */
    private Optional<ProcStat> stat(int pid) {
        ProcFileReader reader = new ProcFileReader();
        Path statFile = procRoot.resolve(Integer.toString(pid)).resolve("stat");
        try {
            return reader.read(statFile) ? Optional.of(ProcStat.parse(reader.bytes(), reader.length())) : Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(statFile)) {
                return Optional.empty(); // exited after open
            }
            throw CordonException.internal("Cannot read " + statFile + ": " + e.getMessage(), e);
        }
    }

    /** SIGTERM, the grace period, then SIGKILL, each through the pidfd opened before the first signal. */
    @Override
    public List<Ending> end(List<ProcessInfo> processes, Duration grace) {
        Map<ProcessInfo, Ending> endings = new HashMap<>();
        Map<ProcessInfo, Pidfd> pidfds = new LinkedHashMap<>();
        try {
            for (ProcessInfo p : processes) {
                pin(p).ifPresentOrElse(fd -> pidfds.put(p, fd),
                        () -> endings.put(p, new Ending(p, Ending.How.GONE, "had exited before it was signalled")));
            }
            List<ProcessInfo> termed = new ArrayList<>();
            for (Map.Entry<ProcessInfo, Pidfd> e : pidfds.entrySet()) {
                int errno = e.getValue().signal(Pidfd.SIGTERM);
                if (errno == 0) {
                    termed.add(e.getKey());
                } else {
                    endings.put(e.getKey(), errno == LinuxLibc.ESRCH
                            ? new Ending(e.getKey(), Ending.How.GONE, "had exited before it was signalled")
                            : refused(e.getKey(), "SIGTERM", errno));
                }
            }
            List<ProcessInfo> survivors = waitForExit(termed, grace);
            List<ProcessInfo> killed = new ArrayList<>();
            for (ProcessInfo p : termed) {
                int errno = survivors.contains(p) ? pidfds.get(p).signal(Pidfd.SIGKILL) : LinuxLibc.ESRCH;
                if (errno == 0) {
                    killed.add(p);
                } else {
                    endings.put(p, errno == LinuxLibc.ESRCH ? new Ending(p, Ending.How.TERMINATED, "exited after SIGTERM")
                            : refused(p, "SIGKILL", errno));
                }
            }
            List<ProcessInfo> unkillable = waitForExit(killed, UNKILLABLE_AFTER);
            for (ProcessInfo p : killed) {
                endings.put(p, unkillable.contains(p)
                        ? new Ending(p, Ending.How.FAILED, "still running " + UNKILLABLE_AFTER.toSeconds()
                                + " s after SIGKILL (blocked in the kernel?)")
                        : new Ending(p, Ending.How.KILLED, "killed with SIGKILL after " + grace.toMillis() + " ms"));
            }
        } finally {
            pidfds.values().forEach(Pidfd::close);
        }
        return processes.stream().map(endings::get).toList();
    }

    private static Ending refused(ProcessInfo p, String signal, int errno) {
        return new Ending(p, Ending.How.FAILED, signal + " was refused: errno " + errno);
    }

    /** Polls until every process has exited (or is a zombie) or the time is up; returns those still running. */
    private List<ProcessInfo> waitForExit(List<ProcessInfo> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessInfo> running = new ArrayList<>(processes);
        while (true) {
            running.removeIf(p -> !isRunning(p));
            if (running.isEmpty() || System.nanoTime() >= deadline) {
                return running;
            }
            try {
                Thread.sleep(EXIT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running;
            }
        }
    }

    private double percent(long ticks, double seconds) {
        if (seconds <= 0 || ticks <= 0) {
            return 0;
        }
        return 100.0 * ticks / clockTicksPerSecond / seconds;
    }

    private Instant startTime(long startTicks) {
        return bootTime.plusNanos(startTicks * 1_000_000_000L / clockTicksPerSecond);
    }

    /** NUL-separated arguments joined by spaces; {@code [comm]} when empty (kernel threads, zombies). */
    static String commandLine(byte[] bytes, int length, String comm) {
        int end = length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            return "[" + comm + "]";
        }
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                bytes[i] = ' ';
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The pid a /proc entry names, or -1 for the non-process entries (self, stat, sys, …). No regex: hot path. */
    static int parsePid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    private double readUptimeSeconds() {
        Path file = procRoot.resolve("uptime");
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int space = text.indexOf(' ');
            return Double.parseDouble(space < 0 ? text.strip() : text.substring(0, space));
        } catch (IOException | NumberFormatException e) {
            throw CordonException.internal("Cannot read the uptime from " + file + ": " + e.getMessage(), e);
        }
    }

    private static Instant readBootTime(Path procStat) {
        try {
            for (String line : Files.readAllLines(procStat, StandardCharsets.US_ASCII)) {
                if (line.startsWith("btime ")) {
                    return Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw CordonException.internal("Cannot read the boot time from " + procStat + ": " + e.getMessage(), e);
        }
        throw CordonException.internal("No btime line in " + procStat, null);
    }

    /** sysconf(3); the Linux default when libc reports the value as indeterminate (-1). */
    private static long sysconf(LinuxLibc libc, int name, long fallback) {
        long value = libc.sysconf(name).longValue();
        return value > 0 ? value : fallback;
    }
}
