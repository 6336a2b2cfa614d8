package dev.cordon.platform.linux.spawn;

import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.OwnedFd;
import dev.cordon.platform.linux.sys.Pidfd;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native spawn on its own: what the child gets, how failures read, and that it is born inside the cgroup. */
class CgroupSpawnerTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");

    @TempDir
    Path dir;
    private Path cgroup;
    private OwnedFd cgroupFd;

    @BeforeEach
    void nativeSpawnIsHere() {
        assertThat(CgroupSpawner.unavailableReason()).as("this build and machine (x86_64, library built by Maven)").isEmpty();
    }

    @AfterEach
    void removeCgroup() throws IOException {
        if (cgroupFd != null) {
            cgroupFd.close();
        }
        if (cgroup != null) {
            Files.writeString(cgroup.resolve("cgroup.kill"), "1");
            for (int i = 0; i < 100 && !Files.readString(cgroup.resolve("cgroup.procs")).isBlank(); i++) {
                sleep();
            }
            Files.delete(cgroup);
        }
    }

    record Result(int code, String out, String err) {
    }

    private static Result run(List<String> argv, Map<String, String> env, Path cwd, OptionalInt cg) throws IOException {
        try (SpawnedCommand c = CgroupSpawner.start(argv, env, cwd, cg)) {
            c.stdin().close();
            String out = drain(c.stdout());
            String err = drain(c.stderr());
            return new Result(c.pidfd().awaitExit(), out, err);
        }
    }

    private static String drain(OwnedFd fd) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = fd.read(buffer)) > 0) {
            b.write(buffer, 0, n);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theChildGetsExactlyItsArgvEnvironmentDirectoryAndThreeDescriptors() throws IOException {
        Result r = run(List.of("sh", "-c", "printf '%s|' \"$0\" \"$1\" \"$PWD\" \"$ONLY\"; env | wc -l; ls /proc/self/fd | wc -l",
                "arg with spaces", "ünïcödé"), Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"), dir, OptionalInt.empty());
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("arg with spaces|ünïcödé|" + dir + "|this|3");
        // 0, 1, 2 and the descriptor ls itself opens on /proc/self/fd: nothing of the JVM's leaks in
        assertThat(lines[1].trim()).isEqualTo("4");
    }

    @Test
    void signalsStartUnblockedWithDefaultDispositions() throws IOException {
        Result r = run(List.of("grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"), ENV, dir, OptionalInt.empty());
        assertThat(r.out()).contains("SigBlk:\t0000000000000000").contains("SigIgn:\t0000000000000000");
    }

    @Test
    void exitCodesAndSignalsReadAsProcessWaitForReportsThem() throws IOException {
        assertThat(run(List.of("sh", "-c", "exit 7"), ENV, dir, OptionalInt.empty()).code()).isEqualTo(7);
        assertThat(run(List.of("sh", "-c", "kill -9 $$"), ENV, dir, OptionalInt.empty()).code()).isEqualTo(137);
        assertThat(run(List.of("sh", "-c", "echo out; echo err >&2"), ENV, dir, OptionalInt.empty()))
                .isEqualTo(new Result(0, "out\n", "err\n"));
    }

    @Test
    void failuresNameTheStepAndTheErrno() throws IOException {
        assertThatThrownBy(() -> run(List.of("no-such-command-xyz"), ENV, dir, OptionalInt.empty()))
                .isInstanceOfSatisfying(SpawnFailure.class, f -> {
                    assertThat(f.step()).isEqualTo(SpawnFailure.Step.EXEC);
                    assertThat(f.errno()).isEqualTo(LinuxLibc.ENOENT);
                    assertThat(f.getMessage()).contains("no-such-command-xyz").contains("error=2, No such file or directory");
                });
        Path script = Files.writeString(dir.resolve("not-executable.sh"), "#!/bin/sh\necho hi\n");
        assertThatThrownBy(() -> run(List.of(script.toString()), ENV, dir, OptionalInt.empty()))
                .isInstanceOfSatisfying(SpawnFailure.class, f -> assertThat(f.errno()).isEqualTo(LinuxLibc.EACCES));
        assertThatThrownBy(() -> run(List.of("true"), ENV, dir.resolve("missing"), OptionalInt.empty()))
                .isInstanceOfSatisfying(SpawnFailure.class, f -> assertThat(f.step()).isEqualTo(SpawnFailure.Step.CHDIR));
        assertThatThrownBy(() -> run(List.of("echo", "a\0b"), ENV, dir, OptionalInt.empty()))
                .hasMessageContaining("invalid null character");
        assertThatThrownBy(() -> run(List.of("true"), Map.of("A=B", "c"), dir, OptionalInt.empty()))
                .hasMessageContaining("invalid environment variable name");
    }

    @Test
    void programsAreLookedUpInTheCommandsPathAndRelativeToItsDirectory() throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("only-here"), "#!/bin/sh\necho found $0\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(run(List.of("only-here"), Map.of("PATH", "/nonexistent:" + bin), dir, OptionalInt.empty()).out())
                .isEqualTo("found " + bin.resolve("only-here") + "\n");
        assertThat(run(List.of("./bin/only-here"), ENV, dir, OptionalInt.empty()).out()).isEqualTo("found ./bin/only-here\n");
    }

    @Test
    void theChildAndWhatItForksAreBornInsideTheCgroup() throws IOException {
        openCgroup();
        String relative = "/" + cgroup.getFileName();
        Result r = run(List.of("sh", "-c", "grep ^0:: /proc/self/cgroup; sh -c 'grep ^0:: /proc/self/cgroup'"), ENV, dir,
                OptionalInt.of(cgroupFd.number()));
        assertThat(r.out().lines()).allSatisfy(l -> assertThat(l).endsWith(relative));
        assertThat(CgroupSpawner.probe(cgroupFd.number())).isEmpty();
    }

    @Test
    void aPidfdNeverSignalsOnceClosed() throws IOException {
        try (SpawnedCommand c = CgroupSpawner.start(List.of("sleep", "30"), ENV, dir, OptionalInt.empty())) {
            assertThat(c.pidfd().peekExit()).isEmpty();
            assertThat(c.pidfd().signal(Pidfd.SIGKILL)).isZero();
            assertThat(c.pidfd().awaitExit()).isEqualTo(128 + Pidfd.SIGKILL);
            c.pidfd().close();
            assertThat(c.pidfd().signal(Pidfd.SIGKILL)).isEqualTo(LinuxLibc.ESRCH);
            assertThat(c.pidfd().number()).isEqualTo(-1);
        }
    }

    private void openCgroup() throws IOException {
        assumeTrue(TestInstance.isRoot(), "creating a cgroup needs root");
        Path mount = null;
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                mount = Path.of(f[1]);
            }
        }
        assumeTrue(mount != null, "needs a cgroup2 mount");
        cgroup = Files.createDirectory(mount.resolve("cordon-spawn-test-" + ProcessHandle.current().pid()));
        cgroupFd = OwnedFd.open(cgroup, LinuxLibc.O_RDONLY | LinuxLibc.O_DIRECTORY);
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
