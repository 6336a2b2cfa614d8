package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real confined commands on this kernel. Runs as root: Landlock restricts root too, and W and O are mode 0777 so every
 * denial below comes from Landlock or seccomp, never from file permissions. Each denial has an unconfined control
 * that succeeds, so the test would fail if the confinement were missing.
 */
class ConfinedLauncherTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;
    private Path work;
    private Path outside;
    private Path hidden;
    private LandlockPolicy policy;
    private final List<Process> started = new ArrayList<>();

    record Run(int exit, String output) {
    }

    @BeforeEach
    void dirs() throws IOException {
        tmp = tmp.toRealPath();
        work = open777(tmp.resolve("work"));
        outside = open777(tmp.resolve("outside"));
        hidden = open777(tmp.resolve("state"));
        Files.writeString(hidden.resolve("secret"), "the-secret");
        policy = new LandlockPolicy(List.of(work), List.of(hidden));
    }

    @AfterEach
    void reap() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private static Path open777(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    private Run confined(String... command) throws Exception {
        return finish(ConfinedLauncher.start(builder(command), policy));
    }

    private Run unconfined(String... command) throws Exception {
        return finish(builder(command).start());
    }

    private ProcessBuilder builder(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        return pb;
    }

    private Run finish(Process p) throws Exception {
        started.add(p);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("command finished").isTrue();
        return new Run(p.exitValue(), out.strip());
    }

    private Run sh(String script) throws Exception {
        return confined("/bin/sh", "-c", script);
    }

    @Test
    void landlockIsAvailableHere() {
        assertThat(ConfinedLauncher.landlockAbi()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void writesInsideTheWorkspaceButNotOutside() throws Exception {
        assertThat(sh("echo x > " + work.resolve("a"))).isEqualTo(new Run(0, ""));
        assertThat(Files.readString(work.resolve("a"))).isEqualTo("x\n");

        Run denied = sh("echo x > " + outside.resolve("b"));
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.output()).contains("Permission denied");
        assertThat(outside.resolve("b")).doesNotExist();

        assertThat(unconfined("/bin/sh", "-c", "echo x > " + outside.resolve("b")).exit()).as("control").isZero();
        assertThat(outside.resolve("b")).exists();
    }

    @Test
    void appendRenameMkdirRemoveAndTruncateWorkInsideTheWorkspace() throws Exception {
        Run run = sh("set -e; echo 1 > f; echo 2 >> f; mkdir -p d/e; mv f d/e/g; mv d/e/g h; : > h; echo 3 >> h;"
                + " cat h; rm -r d; ln -s h s; cat s; ln h hard; rm hard s");
        assertThat(run).isEqualTo(new Run(0, "3\n3"));
        try (var listing = Files.list(work)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("h");
        }
    }

    @Test
    void aSymlinkToTheOutsideDoesNotLeadOut() throws Exception {
        Run run = sh("ln -s " + outside + " link && echo x > link/c");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("Permission denied");
        assertThat(work.resolve("link")).isSymbolicLink();
        assertThat(outside.resolve("c")).doesNotExist();
    }

    /** Linking across directories needs REFER on both sides (ABI 2+; always denied on ABI 1): the link is refused. */
    @Test
    void aHardLinkOfAnOutsideFileIsRefused() throws Exception {
        Path target = outside.resolve("f");
        Files.writeString(target, "original\n");
        Run run = sh("ln " + target + " h");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("Invalid cross-device link");
        assertThat(work.resolve("h")).doesNotExist();
        assertThat(Files.readString(target)).isEqualTo("original\n");
    }

    @Test
    void hiddenPathsCannotBeReadOrListedWhileTheRestCan() throws Exception {
        Run cat = sh("cat " + hidden.resolve("secret"));
        assertThat(cat.exit()).isNotZero();
        assertThat(cat.output()).contains("Permission denied").doesNotContain("the-secret");
        Run ls = sh("ls " + hidden);
        assertThat(ls.exit()).isNotZero();
        assertThat(ls.output()).contains("Permission denied").doesNotContain("secret");

        Run hostname = sh("cat /etc/hostname");
        assertThat(hostname).isEqualTo(new Run(0, Files.readString(Path.of("/etc/hostname")).strip()));
        assertThat(unconfined("cat", hidden.resolve("secret").toString()).output()).as("control")
                .isEqualTo("the-secret");
    }

    @Test
    void deviceFilesAreWritable() throws Exception {
        assertThat(sh("echo x > /dev/null && head -c 3 /dev/zero | wc -c && echo ok")).isEqualTo(new Run(0, "3\nok"));
    }

    private static final String PTRACE_AND_IO_URING = String.join("\n",
            "import ctypes",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "libc.syscall.restype = ctypes.c_long",
            "r = libc.ptrace(0, 0, None, None)",
            "print('ptrace', r, ctypes.get_errno())",
            "params = ctypes.create_string_buffer(120)",
            "r = libc.syscall(ctypes.c_long(425), ctypes.c_uint(4), params)",
            "print('io_uring_setup', 'fd' if r >= 0 else r, 0 if r >= 0 else ctypes.get_errno())",
            "r = libc.syscall(ctypes.c_long(0x40000000 | 39))",
            "print('x32_getpid', 'pid' if r > 0 else r, 0 if r > 0 else ctypes.get_errno())");

    @Test
    void seccompDeniesPtraceIoUringAndX32() throws Exception {
        Run run = confined(PYTHON, "-c", PTRACE_AND_IO_URING);
        assertThat(run.output().lines().toList())
                .containsExactly("ptrace -1 1", "io_uring_setup -1 1", "x32_getpid -1 1");

        Run control = unconfined(PYTHON, "-c", PTRACE_AND_IO_URING);
        assertThat(control.output().lines().toList()).as("control")
                .startsWith("ptrace 0 0", "io_uring_setup fd 0")
                .doesNotContain("x32_getpid -1 1"); // ENOSYS (38) here: x32 is not built into this kernel
    }

    @Test
    void theRestOfTheJvmStaysUnrestricted() throws Exception {
        assertThat(sh("echo x > " + outside.resolve("b")).exit()).isNotZero();

        Files.writeString(outside.resolve("from-test-thread"), "ok");
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(outside.resolve("from-other-thread"), "ok");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> new Thread(r, "unconfined-writer").start());
        other.get(10, TimeUnit.SECONDS);
        assertThat(outside.resolve("from-test-thread")).hasContent("ok");
        assertThat(outside.resolve("from-other-thread")).hasContent("ok");
        assertThat(Files.readString(Path.of("/proc/thread-self/status"))).contains("NoNewPrivs:\t0", "Seccomp:\t0");
        assertThat(unconfined("/bin/sh", "-c", "echo y > " + outside.resolve("b")).exit())
                .as("a later unconfined child").isZero();
    }

    /**
     * Threads created by the confined thread inherit its restrictions; inside {@code ProcessBuilder.start()} the JDK
     * may create "process reaper" threads (see {@link ConfinedLauncher}). Three children alive at once force the reaper
     * pool to grow from confined threads; no other kind of thread may end up restricted.
     */
    @Test
    void onlyJdkReaperThreadsInheritTheRestrictions() throws Exception {
        List<Process> sleepers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Process p = ConfinedLauncher.start(new ProcessBuilder("/bin/sleep", "0.5"), policy);
            started.add(p);
            sleepers.add(p);
        }
        for (Process p : sleepers) {
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(restrictedThreadNames()).allMatch(name -> name.strip().equals("process reaper"));
    }

    private static List<String> restrictedThreadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String status;
                try {
                    status = Files.readString(task.resolve("status"));
                } catch (java.nio.file.NoSuchFileException exited) {
                    continue;
                }
                if (status.contains("NoNewPrivs:\t1") || !status.contains("Seccomp:\t0")) {
                    names.add(status.lines().findFirst().orElseThrow().replaceFirst("^Name:\\s*", ""));
                }
            }
        }
        return names;
    }

    @Test
    void startFailuresReachTheCaller() {
        assertThatThrownBy(() -> ConfinedLauncher.start(new ProcessBuilder(work.resolve("no-such-tool").toString()), policy))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-tool");
        assertThatThrownBy(() -> ConfinedLauncher.start(new ProcessBuilder("/bin/true"),
                new LandlockPolicy(List.of(tmp), List.of(hidden))))
                .isInstanceOf(CordonException.class).hasMessageContaining("contains the hidden path");
    }

    @Test
    void withoutLandlockItRefusesInsteadOfRunningUnconfined() {
        for (int errno : new int[] {LinuxSyscalls.ENOSYS, LinuxSyscalls.EOPNOTSUPP}) {
            LinuxSyscalls noLandlock = (LinuxSyscalls) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {LinuxSyscalls.class}, (proxy, method, args) -> {
                        throw new LastErrorException(errno);
                    });
            assertThatThrownBy(() -> Landlock.abi(noLandlock))
                    .isInstanceOfSatisfying(CordonException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("Landlock", "will not run commands");
                        assertThat(e.fix()).contains("lsm=");
                    });
        }
    }
}
