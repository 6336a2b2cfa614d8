package dev.cordon.platform.linux.mount;

import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link PrivateMounts#enterCommand}, {@code cordon-mounts --enter}: the mounts of a runner started ahead of its session
 * are made in that waiting runner's own namespace, by a root process that joins it. Only a process listed in the given
 * cgroup is entered, never one that shares this host's namespace; a file the waiting process holds open for writing
 * stops a read-only pass only where no later operation binds that path writable again.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "mounts need root")
class PrivateMountsEnterTest {
    private Path base;
    private Path cgroup;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(PrivateMounts.canEnter(), "cordon-mounts is not built here");
        base = Files.createTempDirectory(Path.of("/srv"), "cordon-enter-");
        Files.createDirectory(base.resolve("a"));
        Files.createDirectory(base.resolve("t"));
        Path root = Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs")) ? Path.of("/sys/fs/cgroup/unified")
                : Path.of("/sys/fs/cgroup");
        cgroup = Files.createDirectory(root.resolve("cordon-enter-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
        if (base != null) {
            // a refused entry made nothing here; should it have, this takes it off again
            Exec.run(List.of("umount", base.resolve("a").toString()));
            FileTrees.deleteTree(base);
        }
        if (cgroup != null) {
            Files.deleteIfExists(cgroup);
        }
    }

    /** A process in its own mount and IPC namespaces (as a waiting runner), inside the test's cgroup when asked. */
    private Process waiting(boolean inCgroup, List<MountOp> opsAtStart, String script) throws Exception {
        List<String> inner = PrivateMounts.command(opsAtStart, true, List.of("/bin/sh", "-c", script));
        return startAndAwait(inCgroup, String.join(" ", inner.stream().map(PrivateMountsEnterTest::quote).toList()), true);
    }

    private Process startAndAwait(boolean inCgroup, String exec, boolean ownNamespace) throws Exception {
        String enter = inCgroup ? "echo $$ > " + quote(cgroup.resolve("cgroup.procs").toString()) + " && " : "";
        Process p = new ProcessBuilder("/bin/sh", "-c", enter + "exec " + exec).start();
        started.add(p);
        String own = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        for (int i = 0; i < 500; i++) { // until it runs in place: listed in the cgroup, in its own namespace
            boolean listed = !inCgroup || Files.readString(cgroup.resolve("cgroup.procs")).lines()
                    .anyMatch(l -> l.equals(Long.toString(p.pid())));
            String ns = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "ns", "mnt")).toString();
            if (listed && ns.equals(own) != ownNamespace && Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                    .startsWith("sleep")) {
                return p;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the waiting process did not start: " + new String(p.getErrorStream().readNBytes(
                Math.max(0, p.getErrorStream().available()))));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private Exec.Result enter(Process p, List<MountOp> ops) {
        return Exec.run(PrivateMounts.enterCommand(p.pid(), cgroup.resolve("cgroup.procs"), ops, true).orElseThrow());
    }

    private static String mountinfo(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "mountinfo"));
    }

    @Test
    void theOperationsAreMadeInTheWaitingProcesssNamespaceOnly() throws Exception {
        Process p = waiting(true, List.of(), "exec sleep 60");

        Exec.Result r = enter(p, List.of(MountOp.stageTmpfs(base.resolve("a"))));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(mountinfo(p.pid())).contains(" " + base.resolve("a") + " ");
        assertThat(mountinfo(ProcessHandle.current().pid())).as("the host's view is unchanged")
                .doesNotContain(" " + base.resolve("a") + " ");
    }

    @Test
    void aProcessNotInTheCgroupIsNotEntered() throws Exception {
        Process p = waiting(false, List.of(), "exec sleep 60");

        Exec.Result r = enter(p, List.of(MountOp.stageTmpfs(base.resolve("a"))));

        assertThat(r.exitCode()).isEqualTo(90);
        assertThat(r.stderr()).contains("is not in");
        assertThat(mountinfo(p.pid())).doesNotContain(" " + base.resolve("a") + " ");
    }

    @Test
    void aProcessSharingTheHostsNamespaceIsNotEntered() throws Exception {
        Process p = startAndAwait(true, "sleep 60", false);

        Exec.Result r = enter(p, List.of(MountOp.stageTmpfs(base.resolve("a"))));

        assertThat(r.exitCode()).isEqualTo(90);
        assertThat(r.stderr()).contains("shares this host's namespaces");
        assertThat(mountinfo(ProcessHandle.current().pid())).doesNotContain(" " + base.resolve("a") + " ");
    }

    @Test
    void aProcessThatEndedIsNotEntered() throws Exception {
        Process p = waiting(true, List.of(), "exec sleep 60");
        p.destroyForcibly().waitFor();

        Exec.Result r = enter(p, List.of(MountOp.stageTmpfs(base.resolve("a"))));

        assertThat(r.exitCode()).isEqualTo(90);
    }

    /**
     * The waiting runner's own TMPDIR may hold a file open for writing (libffi's): the read-only pass leaves that one
     * mount when a later operation binds exactly that path writable, and fails on it otherwise.
     */
    @Test
    void aFileOpenForWritingStopsTheReadOnlyPassUnlessThatPathIsBoundWritableAgain() throws Exception {
        Path t = base.resolve("t");
        String holdOpen = "exec 3>" + quote(t.resolve("held").toString()) + "; exec sleep 60";
        Process holding = waiting(true, List.of(MountOp.stageTmpfs(t)), holdOpen);

        Exec.Result refused = enter(holding, List.of(MountOp.readOnlyEverything()));
        assertThat(refused.exitCode()).isEqualTo(90);
        assertThat(refused.stderr()).contains("cannot make " + t + " read-only");

        Exec.Result done = enter(holding, List.of(MountOp.readOnlyEverything(), MountOp.writable(t)));
        assertThat(done.exitCode()).as(done.stderr()).isZero();
        String inside = mountinfo(holding.pid());
        assertThat(inside.lines().filter(l -> l.split(" ")[4].equals("/")).findFirst().orElseThrow().split(" ")[5])
                .as("/ read-only").startsWith("ro");
        assertThat(inside.lines().filter(l -> l.split(" ")[4].equals(t.toString())).reduce((a, b) -> b).orElseThrow()
                .split(" ")[5]).as("the path bound writable again, uppermost").startsWith("rw");
    }
}
