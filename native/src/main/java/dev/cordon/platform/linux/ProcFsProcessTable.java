package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;
import dev.cordon.platform.linux.sys.LinuxLibc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
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
    public synchronized ProcessSnapshot snapshot(IntPredicate owners) {
        Instant takenAt = Instant.now();
        long nanos = monotonicNanos.getAsLong();
        double uptimeSeconds = readUptimeSeconds();
        double intervalSeconds = previousCpuTicks.isEmpty() ? 0 : (nanos - previousNanos) / 1e9;
        userNames.refreshIfChanged();

        List<RawProcess> raws = readAll(listPids(), owners);
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
            processes.add(new ProcessInfo(stat.pid(), stat.ppid(), raw.uid(), userNames.nameOf(raw.uid()),
                    stat.comm(), raw.commandLine(), stat.state(), cpuPercent, stat.rssPages() * pageSize,
                    startTime(stat.startTicks()), stat.startTicks()));
        }
        previousCpuTicks = cpuTicks;
        previousNanos = nanos;
        return new ProcessSnapshot(takenAt, processes);
    }

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
    private List<RawProcess> readAll(int[] pids, IntPredicate owners) {
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
    private List<RawProcess> readSlice(int[] pids, int first, int stride, IntPredicate owners) {
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
    private RawProcess readProcess(ProcFileReader reader, int pid, IntPredicate owners) {
        Path dir = procRoot.resolve(Integer.toString(pid));
        try {
            int uid = (Integer) Files.getAttribute(dir, "unix:uid");
            if (!owners.test(uid) || !reader.readLine(dir.resolve("stat"))) {
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
    public boolean kill(ProcessInfo process, int signal) {
        ProcFileReader reader = new ProcFileReader();
        Path statFile = procRoot.resolve(Integer.toString(process.pid())).resolve("stat");
        try {
            if (!reader.read(statFile)) {
                return false;
            }
        } catch (IOException e) {
            if (!Files.exists(statFile)) {
                return false; // exited after open
            }
            throw CordonException.internal("Cannot read " + statFile + ": " + e.getMessage(), e);
        }
        if (ProcStat.parse(reader.bytes(), reader.length()).startTicks() != process.startTicks()) {
            return false; // the pid was reused: signalling it would hit an unrelated process
        }
        // A pid can still be reused between the check above and kill(2), but only if the process exits and the
        // kernel hands out every other free pid in those microseconds. A pidfd would close even that window.
        try {
            libc.kill(process.pid(), signal);
            return true;
        } catch (LastErrorException e) {
            switch (e.getErrorCode()) {
                case LinuxLibc.ESRCH:
                    return false;
                case LinuxLibc.EPERM:
                    throw new CordonException(ExitCode.NEEDS_ROOT, "Not permitted to signal process " + process.pid()
                            + " (" + process.name() + ", user " + process.user() + ").",
                            "Run as root or as the user that owns the process.");
                case LinuxLibc.EINVAL:
                    throw CordonException.usage("Invalid signal " + signal + " for process " + process.pid() + ".",
                            "Use a signal number from `kill -l`, e.g. 15 (TERM) or 9 (KILL).");
                default:
                    throw CordonException.internal("kill(" + process.pid() + ", " + signal + ") failed", e);
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
