package dev.cordon.platform.linux;

import dev.cordon.core.Principal;
import com.sun.jna.NativeLong;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.Pidfd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ProcFsProcessTable} over a fake procfs tree: exact numbers, vanished processes, the pid-reuse guard. */
class FakeProcTest {
    private static final long BOOT = 1_700_000_000L;

    @TempDir
    Path root;

    private final List<String> killCalls = new ArrayList<>();
    /** Pids whose signals the fake kernel refuses (EPERM). */
    private final java.util.Set<Long> refused = new java.util.HashSet<>();
    /** What the fake kernel does when a pid is stopped (by default: its stat shows state T). */
    private final java.util.Map<Long, Runnable> stopActions = new java.util.HashMap<>();
    /** What happens just before a pid is pinned. */
    private final java.util.Map<Long, Runnable> openActions = new java.util.HashMap<>();

    private Runnable onStop(long pid) {
        return stopActions.getOrDefault(pid, () -> {
            Path stat = root.resolve("proc/" + pid + "/stat");
            try {
                Files.writeString(stat, Files.readString(stat).replaceFirst("\\) S ", ") T "));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private ProcFsProcessTable table;
    private int ownerUid;

    /**
     * Answers the calls the process table makes (sysconf like x86-64 Linux; pidfd_open gives descriptor 1000 + pid,
     * pidfd_send_signal only records pid:signal); anything else would be a new dependency worth noticing.
     */
    private final LinuxLibc recordingLibc = (LinuxLibc) java.lang.reflect.Proxy.newProxyInstance(
            LinuxLibc.class.getClassLoader(), new Class<?>[]{LinuxLibc.class}, (proxy, method, args) -> switch (method.getName()) {
                case "syscall" -> {
                    long number = (Long) args[0];
                    if (number == LinuxLibc.SYS_PIDFD_OPEN) {
                        openActions.getOrDefault((Long) args[1], () -> { }).run();
                        yield 1000L + (Long) args[1];
                    }
                    if (number == LinuxLibc.SYS_PIDFD_SEND_SIGNAL) {
                        long pid = (Long) args[1] - 1000;
                        if (refused.contains(pid)) {
                            throw new com.sun.jna.LastErrorException(LinuxLibc.EPERM);
                        }
                        killCalls.add(pid + ":" + args[2]);
                        Runnable onStop = onStop(pid);
                        if (((Number) args[2]).intValue() == Pidfd.SIGSTOP && onStop != null) {
                            onStop.run();
                        }
                        yield 0L;
                    }
                    throw new UnsupportedOperationException("the fake libc has no syscall " + number);
                }
                case "close" -> 0;
                case "sysconf" -> {
                    int name = (Integer) args[0];
                    yield new NativeLong(name == LinuxLibc.SC_CLK_TCK ? 100 : name == LinuxLibc.SC_PAGESIZE ? 4096 : -1);
                }
                default -> throw new UnsupportedOperationException("the fake libc has no " + method.getName());
            });

    @BeforeEach
    void fakeProc() throws IOException {
        Path proc = Files.createDirectory(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  1 2 3 4\nintr 5\nbtime " + BOOT + "\nprocesses 9\n");
        Files.writeString(proc.resolve("uptime"), "1000.00 1900.00\n");
        Files.createDirectory(proc.resolve("self"));
        // utime 250 + stime 250 ticks = 5 s of CPU since tick 50000 (500 s after boot): 1% over 500 s of uptime
        process(proc, 100, "kworker/0:1", 2, 250, 250, 50_000, 0, "");
        process(proc, 200, "my (odd) prog", 100, 1, 0, 60_000, 353, "/bin/my prog\0--flag\0\0");
        Files.createDirectory(proc.resolve("300")); // exited between listing /proc and reading its files
        ownerUid = (Integer) Files.getAttribute(proc.resolve("100"), "unix:uid");
        Path passwd = Files.writeString(root.resolve("passwd"), "tester:x:" + ownerUid + ":0::/:/bin/sh\n");
        Path group = Files.writeString(root.resolve("group"), "root:x:0:\n");
        table = new ProcFsProcessTable(proc, recordingLibc, new UserNames(passwd, group), nanos::get);
    }

    private static void process(Path proc, int pid, String comm, int ppid, long utime, long stime, long start,
                                long rss, String cmdline) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        writeStat(dir, pid, comm, ppid, utime, stime, start, rss);
        Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeStat(Path dir, int pid, String comm, int ppid, long utime, long stime, long start,
                                  long rss) throws IOException {
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid + " 0 0 0 -1 0 0 0 0 0 " + utime
                + " " + stime + " 0 0 20 0 1 0 " + start + " 1000 " + rss + " 0 0 0\n");
    }

    @Test
    void readsEveryFieldAndSkipsTheVanishedProcess() {
        ProcessSnapshot s = table.snapshot();

        assertThat(s.processes()).extracting(ProcessInfo::pid).containsExactly(100, 200);
        ProcessInfo kworker = s.process(100).orElseThrow();
        assertThat(kworker.commandLine()).isEqualTo("[kworker/0:1]");
        assertThat(kworker.user()).isEqualTo("tester");
        assertThat(kworker.owner()).isEqualTo(Principal.uid(ownerUid));
        assertThat(kworker.cpuPercent()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(kworker.startTime()).isEqualTo(Instant.ofEpochSecond(BOOT + 500));
        assertThat(kworker.startTicks()).isEqualTo(50_000);

        ProcessInfo prog = s.process(200).orElseThrow();
        assertThat(prog.name()).isEqualTo("my (odd) prog");
        assertThat(prog.commandLine()).isEqualTo("/bin/my prog --flag");
        assertThat(prog.ppid()).isEqualTo(100);
        assertThat(prog.rssBytes()).isEqualTo(353 * 4096L);
        assertThat(s.children(100)).containsExactly(prog);
    }

    @Test
    void secondSnapshotMeasuresCpuOverTheIntervalAndNewProcessesOverTheirLifetime() throws IOException {
        table.snapshot();
        Path proc = root.resolve("proc");
        writeStat(proc.resolve("100"), 100, "kworker/0:1", 2, 300, 300, 50_000, 0); // +100 ticks = 1 s of CPU
        writeStat(proc.resolve("200"), 200, "my (odd) prog", 100, 900, 0, 70_000, 0); // pid 200 reused
        nanos.addAndGet(2_000_000_000L); // 2 s later

        ProcessSnapshot s = table.snapshot();

        assertThat(s.process(100).orElseThrow().cpuPercent()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
        // the new pid-200 process is not compared with the old one: 9 s of CPU over its 300 s of life
        assertThat(s.process(200).orElseThrow().cpuPercent()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void processesOfOtherOwnersAreLeftOut() {
        assertThat(table.snapshot(owner -> !owner.equals(Principal.uid(ownerUid))).processes()).isEmpty();
        assertThat(table.snapshot(owner -> owner.equals(Principal.uid(ownerUid))).processes()).hasSize(2);
    }

    @Test
    void userNamesFollowChangesToThePasswdFileAndFallBackToTheUid() throws IOException {
        assertThat(table.snapshot().process(100).orElseThrow().user()).isEqualTo("tester");

        Files.writeString(root.resolve("passwd"), "someone:x:54321:0::/:/bin/sh\n");
        Files.setLastModifiedTime(root.resolve("passwd"), java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(table.snapshot().process(100).orElseThrow().user()).isEqualTo(Integer.toString(ownerUid));
    }

    @Test
    void killSignalsOnlyWhenThePidStillHasTheSameStartTime() throws IOException {
        ProcessInfo prog = table.snapshot().process(200).orElseThrow();

        assertThat(table.terminate(prog)).isTrue();
        assertThat(killCalls).containsExactly("200:15");
        assertThat(table.kill(prog)).isTrue();
        assertThat(killCalls).containsExactly("200:15", "200:9");

        writeStat(root.resolve("proc/200"), 200, "other", 1, 0, 0, 99_999, 0); // pid 200 now names another process
        assertThat(table.kill(prog)).isFalse();
        assertThat(table.isRunning(prog)).isFalse();

        Files.delete(root.resolve("proc/200/stat"));
        assertThat(table.kill(prog)).isFalse();
        assertThat(killCalls).containsExactly("200:15", "200:9");
    }

    /** 200 → 400 → 401, and 402, which 400 forks just before it stops; 500 is no part of it. */
    private ProcessInfo tree() throws IOException {
        Path proc = root.resolve("proc");
        process(proc, 400, "make", 200, 0, 0, 61_000, 1, "make\0");
        process(proc, 401, "cc", 400, 0, 0, 62_000, 1, "cc\0");
        process(proc, 500, "other", 1, 0, 0, 63_000, 1, "other\0");
        return table.snapshot().process(200).orElseThrow();
    }

    @Test
    void killTreeFreezesTheWholeTreeTopDownThenKillsItDeepestFirst() throws IOException {
        ProcessInfo prog = tree();
        Runnable stop400 = onStop(400);
        stopActions.put(400L, () -> {
            stop400.run();
            try {
                process(root.resolve("proc"), 402, "cc", 400, 0, 0, 64_000, 1, "cc\0");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        List<ProcessTable.Signalled> killed = table.killTree(prog);

        assertThat(killCalls).containsExactly("200:19", "400:19", "401:19", "402:19", "402:9", "401:9", "400:9", "200:9");
        assertThat(killed).extracting(s -> s.process().pid()).containsExactly(402, 401, 400, 200);
        assertThat(killed).allMatch(ProcessTable.Signalled::signalled);
        assertThat(killed.get(1).process().user()).isEqualTo("tester");
    }

    @Test
    void terminateTreeAsksEachDeepestFirstWithoutFreezing() throws IOException {
        ProcessInfo prog = tree();

        assertThat(table.terminateTree(prog)).extracting(s -> s.process().pid()).containsExactly(401, 400, 200);
        assertThat(killCalls).containsExactly("401:15", "400:15", "200:15");
    }

    @Test
    void aTreeWhoseRootsPidWasReusedIsLeftAlone() throws IOException {
        ProcessInfo prog = tree();
        writeStat(root.resolve("proc/200"), 200, "other", 1, 0, 0, 99_999, 0);

        assertThat(table.killTree(prog)).containsExactly(new ProcessTable.Signalled(prog, false));
        assertThat(table.terminateTree(prog)).containsExactly(new ProcessTable.Signalled(prog, false));
        assertThat(killCalls).isEmpty();
    }

    @Test
    void aChildWhosePidWasReusedAfterTheReadIsLeftOutAndARefusalResumesWhatWasStopped() throws IOException {
        ProcessInfo prog = tree();
        openActions.put(401L, () -> { // 401 exits after the read and its pid goes to a process of another tree
            try {
                writeStat(root.resolve("proc/401"), 401, "sshd", 1, 0, 0, 70_000, 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(table.killTree(prog)).extracting(s -> s.process().pid()).containsExactly(400, 200);
        assertThat(killCalls).containsExactly("200:19", "400:19", "400:9", "200:9");
        openActions.clear();

        killCalls.clear();
        refused.add(400L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.killTree(prog))
                .isInstanceOf(dev.cordon.core.CordonException.class).hasMessageContaining("Not permitted to kill process 400");
        assertThat(killCalls).containsExactly("200:19", "200:18");
    }
}
