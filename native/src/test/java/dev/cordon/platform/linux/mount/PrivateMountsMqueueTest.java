package dev.cordon.platform.linux.mount;

import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MountOp#freshMqueue}: where the host mounts its POSIX message queues, a runner in a new IPC namespace sees
 * its namespace's own (empty) instance there, not the host's queues. Uses a mount point of its own instead of
 * /dev/mqueue (this machine may not mount that), with a queue the host made in it. Each case runs with both
 * interpreters of the operations (the compiled program and the shell script).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "mounts need root")
class PrivateMountsMqueueTest {
    private Path dir;
    private String queue;

    @BeforeEach
    void mountTheHostsQueues() throws Exception {
        dir = Files.createTempDirectory("cordon-mqueue-");
        Exec.run(List.of("mount", "-t", "mqueue", "cordon-test-mqueue", dir.toString())).orThrow("mount mqueue");
        queue = "cordon-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Exec.run(List.of("python3", "-c", "import ctypes, os, sys\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                + "sys.exit(0 if libc.mq_open(('/' + sys.argv[1]).encode(), os.O_CREAT | os.O_RDWR, 0o600, None) >= 0 else 1)",
                queue)).orThrow("mq_open");
        assertThat(dir.resolve(queue)).exists();
    }

    @AfterEach
    void cleanUp() {
        try {
            Exec.run(List.of("python3", "-c", "import ctypes, sys\nctypes.CDLL(None).mq_unlink(('/' + sys.argv[1]).encode())",
                    queue));
        } finally {
            Exec.run(List.of("umount", dir.toString())).orThrow("umount " + dir);
            FileTrees.deleteTree(dir);
        }
    }

    private List<String> listedInside(List<MountOp> ops, PrivateMounts.Interpreter interpreter) {
        Exec.Result r = Exec.run(PrivateMounts.command(ops, true, List.of("ls", "-A", dir.toString()), interpreter));
        r.orThrow("ls in the private namespaces");
        return r.stdout().lines().toList();
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void aNewIpcNamespaceSeesItsOwnEmptyQueuesThere(PrivateMounts.Interpreter interpreter) {
        assertThat(listedInside(List.of(MountOp.freshMqueue(dir)), interpreter)).isEmpty();
        assertThat(dir.resolve(queue)).as("the host's view is unchanged").exists();
    }

    /** Why the operation exists: a new IPC namespace alone leaves the host's mounted instance, queues and all, in view. */
    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void withoutTheOperationTheHostsQueuesStayInView(PrivateMounts.Interpreter interpreter) {
        assertThat(listedInside(List.of(), interpreter)).containsExactly(queue);
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void aMissingPathIsNothingToHide(PrivateMounts.Interpreter interpreter) {
        Path absent = dir.resolveSibling(dir.getFileName() + "-absent");
        Exec.Result r = Exec.run(PrivateMounts.command(List.of(MountOp.freshMqueue(absent)), true, List.of("true"),
                interpreter));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    /** Fails closed: when it cannot tell whether the host mounts queues there, the runner does not start. */
    @Test
    void withoutMountpointTheStartFails() {
        List<String> cmd = PrivateMounts.command(List.of(MountOp.freshMqueue(dir)), true, List.of("true"),
                PrivateMounts.Interpreter.SCRIPT);
        Exec.Result r = Exec.run(cmd, null, Map.of("PATH", "/nonexistent"), 30);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(90);
    }

    /**
     * The compiled program fails closed the same way without any program to lack: a path it cannot examine (here: one
     * below a regular file, ENOTDIR) stops the start. (The shell's {@code [ -e ]} takes that path for an absent one.)
     */
    @Test
    void aPathThatCannotBeExaminedStopsTheStart() throws Exception {
        PrivateMounts.Interpreter interpreter = PrivateMounts.Interpreter.PREFERRED;
        Path file = Files.writeString(dir.resolveSibling(dir.getFileName() + "-file"), "x");
        try {
            Exec.Result r = Exec.run(PrivateMounts.command(List.of(MountOp.freshMqueue(file.resolve("below"))), true,
                    List.of("true"), interpreter));
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(90);
        } finally {
            Files.delete(file);
        }
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void nothingIsMountedWhereTheHostMountsNoQueues(PrivateMounts.Interpreter interpreter) throws Exception {
        Path plain = Files.createTempDirectory("cordon-no-mqueue-");
        try {
            Files.writeString(plain.resolve("kept"), "x");
            Exec.Result r = Exec.run(PrivateMounts.command(List.of(MountOp.freshMqueue(plain)), true,
                    List.of("ls", "-A", plain.toString()), interpreter));
            assertThat(r.stdout().lines().toList()).as(r.stderr()).containsExactly("kept");
        } finally {
            FileTrees.deleteTree(plain);
        }
    }
}
