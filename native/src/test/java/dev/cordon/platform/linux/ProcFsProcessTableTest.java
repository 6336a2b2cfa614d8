package dev.cordon.platform.linux;

import dev.cordon.core.Principal;
import com.sun.jna.platform.unix.LibC;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import dev.cordon.platform.ProcessTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ProcFsProcessTable} against the real /proc, with child processes this test starts. */
class ProcFsProcessTableTest {
    private final List<Process> children = new ArrayList<>();
    private final ProcFsProcessTable table = new ProcFsProcessTable();
    private final int jvmPid = (int) ProcessHandle.current().pid();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(p);
        return p;
    }

    private static Optional<ProcessInfo> find(ProcessSnapshot s, Process p) {
        return s.process((int) p.pid());
    }

    @Test
    void snapshotHoldsThisJvmWithItsParentOwnerAndCommandLine() {
        ProcessSnapshot s = table.snapshot();

        ProcessInfo jvm = s.process(jvmPid).orElseThrow();
        assertThat(jvm.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(jvm.owner()).isEqualTo(Principal.uid(LibC.INSTANCE.geteuid()));
        assertThat(jvm.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(jvm.name()).isEqualTo("java");
        List<String> args = ProcessHandle.current().info().arguments().map(List::of).orElseThrow();
        assertThat(jvm.commandLine()).contains("java").endsWith(String.join(" ", args));
        assertThat(jvm.state()).isIn('R', 'S');
        assertThat(jvm.rssBytes()).isGreaterThan(1 << 20);
        Instant jdkStart = ProcessHandle.current().info().startInstant().orElseThrow();
        assertThat(Duration.between(jdkStart, jvm.startTime()).abs()).isLessThan(Duration.ofSeconds(2));
        assertThat(s.processes()).extracting(ProcessInfo::pid).contains(1).doesNotHaveDuplicates();
        assertThat(s.processes()).allSatisfy(p -> assertThat(p.cpuPercent()).isNotNegative());
    }

    @Test
    void childAppearsUnderTheJvmAndIsGoneAfterItIsKilled() throws Exception {
        Process sleep = start("sleep", "30");

        ProcessSnapshot before = table.snapshot();
        ProcessInfo child = find(before, sleep).orElseThrow();
        assertThat(child.ppid()).isEqualTo(jvmPid);
        assertThat(child.name()).isEqualTo("sleep");
        assertThat(child.commandLine()).isEqualTo("sleep 30");
        assertThat(before.children(jvmPid)).contains(child);
        List<ProcessSnapshot.TreeRow> tree = before.tree();
        int jvmRow = indexOf(tree, jvmPid);
        int childRow = indexOf(tree, child.pid());
        assertThat(childRow).isGreaterThan(jvmRow);
        assertThat(tree.get(childRow).depth()).isEqualTo(tree.get(jvmRow).depth() + 1);

        assertThat(table.isRunning(child)).isTrue();
        assertThat(table.kill(child)).isTrue();
        assertThat(sleep.waitFor(30, TimeUnit.SECONDS)).isTrue();

        ProcessSnapshot after = table.snapshot();
        assertThat(after.processes()).noneMatch(child::sameProcessAs);
        assertThat(table.kill(child)).isFalse();
        assertThat(table.terminate(child)).isFalse();
        assertThat(table.isRunning(child)).isFalse();
    }

    private static int indexOf(List<ProcessSnapshot.TreeRow> tree, int pid) {
        for (int i = 0; i < tree.size(); i++) {
            if (tree.get(i).process().pid() == pid) {
                return i;
            }
        }
        throw new AssertionError("pid " + pid + " not in the tree");
    }

    @Test
    void detailsGiveTheWholeArgvWithSpacesAndEmptyArgumentsAndTheWorkingDirectory() throws Exception {
        Process sleep = start("sh", "-c", "sleep 30; echo 'a b'", "", "x y");
        ProcessInfo child = find(table.snapshot(), sleep).orElseThrow();

        ProcessTable.Details details = table.details(child).orElseThrow();
        assertThat(details.argv()).containsExactly("sh", "-c", "sleep 30; echo 'a b'", "", "x y");
        assertThat(details.cwd()).isEqualTo(java.nio.file.Path.of("").toAbsolutePath().toRealPath().toString());

        ProcessInfo reused = new ProcessInfo(child.pid(), child.ppid(), child.owner(), child.user(), child.name(),
                child.commandLine(), child.state(), 0, 0, child.startTime(), child.startTicks() - 1);
        assertThat(table.details(reused)).isEmpty(); // the pid with another start time: nothing read
        sleep.destroyForcibly().waitFor();
        assertThat(table.details(child)).isEmpty();
    }

    @Test
    void killRefusesWhenThePidBelongsToAnotherProcess() throws Exception {
        Process sleep = start("sleep", "30");
        ProcessInfo real = find(table.snapshot(), sleep).orElseThrow();
        ProcessInfo earlierHolderOfThePid = new ProcessInfo(real.pid(), real.ppid(), real.owner(), real.user(),
                real.name(), real.commandLine(), real.state(), 0, 0, real.startTime(), real.startTicks() - 1);

        assertThat(table.kill(earlierHolderOfThePid)).isFalse();
        assertThat(table.terminate(earlierHolderOfThePid)).isFalse();
        assertThat(table.isRunning(earlierHolderOfThePid)).isFalse();
        assertThat(table.end(List.of(earlierHolderOfThePid), Duration.ofMillis(100)))
                .extracting(ProcessTable.Ending::how).containsExactly(ProcessTable.Ending.How.GONE);

        // Had SIGKILL been sent, the child would be dead within milliseconds; it must still be running.
        assertThat(sleep.waitFor(1, TimeUnit.SECONDS)).isFalse();
        assertThat(find(table.snapshot(), sleep)).isPresent();
    }

    @Test
    void busyChildUsesAPlausibleShareOfOneCoreBetweenTwoSnapshots() throws Exception {
        Process busy = start("sh", "-c", "while :; do :; done");
        table.snapshot();
        Thread.sleep(1500);

        ProcessSnapshot second = table.snapshot();

        double cpu = find(second, busy).orElseThrow().cpuPercent();
        // one spinning thread: above zero (it ran for 1.5 s) and at most one core plus tick rounding
        assertThat(cpu).isGreaterThan(0.5).isLessThanOrEqualTo(110.0);
        assertThat(second.processes()).allSatisfy(p -> assertThat(p.cpuPercent()).isNotNegative());
    }

    @Test
    void commandLinesLongerThanTheReadBufferAreReadWhole() throws Exception {
        String longArgument = "x".repeat(10_000);
        Process sh = start("sh", "-c", "sleep 30; :", "name", longArgument);

        ProcessInfo info = find(table.snapshot(), sh).orElseThrow();

        assertThat(info.commandLine()).isEqualTo("sh -c sleep 30; : name " + longArgument);
    }

    @Test
    void endTerminatesWithinTheGraceAndKillsWhatIgnoresIt() throws Exception {
        Process polite = start("sleep", "30");
        Process stubborn = start("sh", "-c", "trap '' TERM; while :; do sleep 0.1; done");
        Thread.sleep(300); // the shell has set its trap
        ProcessSnapshot s = table.snapshot();
        ProcessInfo p = find(s, polite).orElseThrow();
        ProcessInfo st = find(s, stubborn).orElseThrow();

        List<ProcessTable.Ending> endings = table.end(List.of(p, st), Duration.ofMillis(500));

        assertThat(endings).extracting(ProcessTable.Ending::process).containsExactly(p, st);
        assertThat(endings).extracting(ProcessTable.Ending::how)
                .containsExactly(ProcessTable.Ending.How.TERMINATED, ProcessTable.Ending.How.KILLED);
        assertThat(polite.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(polite.exitValue()).isEqualTo(128 + 15);
        assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stubborn.exitValue()).isEqualTo(128 + 9);
    }

    /** The janitor's view: found by real or effective uid, with the start time and command line a snapshot gives. */
    @Test
    void runningAsFindsThisJvmByItsRealUidWithItsStartTime() {
        List<ProcessInfo> mine = table.runningAs(java.util.Set.of(Principal.uid(0)));

        ProcessInfo me = mine.stream().filter(p -> p.pid() == jvmPid).findFirst().orElseThrow();
        assertThat(me.owner()).isEqualTo(Principal.uid(0));
        assertThat(me.commandLine()).contains("java");
        assertThat(me.startTime()).isCloseTo(ProcessHandle.current().info().startInstant().orElseThrow(),
                org.assertj.core.api.Assertions.within(2, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(table.runningAs(java.util.Set.of(Principal.uid(54_321)))).noneMatch(p -> p.pid() == jvmPid);
    }

    /** A real tree (a shell and its two children), frozen and killed as one; none escapes, nothing else is touched. */
    @Test
    void killTreeEndsAShellAndItsChildren() throws Exception {
        Process shell = start("sh", "-c", "sleep 100 & sleep 100 & wait");
        Process bystander = start("sleep", "100");
        ProcessInfo sh = null;
        for (int i = 0; i < 100; i++) {
            ProcessSnapshot s = table.snapshot();
            if (s.children((int) shell.pid()).size() == 2) {
                sh = find(s, shell).orElseThrow();
                break;
            }
            Thread.sleep(50);
        }
        assertThat(sh).as("the shell started its two children").isNotNull();
        List<ProcessInfo> kids = table.snapshot().children(sh.pid());

        List<ProcessTable.Signalled> killed = table.killTree(sh);

        assertThat(killed).extracting(ProcessTable.Signalled::process).extracting(ProcessInfo::pid)
                .containsExactlyInAnyOrder(sh.pid(), kids.get(0).pid(), kids.get(1).pid());
        assertThat(killed.get(2).process().pid()).isEqualTo(sh.pid()); // deepest first: the shell last
        assertThat(killed).allMatch(ProcessTable.Signalled::signalled);
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).isEqualTo(128 + 9);
        for (ProcessInfo kid : kids) {
            for (int i = 0; i < 100 && table.isRunning(kid); i++) {
                Thread.sleep(50); // reaped by init once the shell is gone
            }
            assertThat(table.isRunning(kid)).as("child " + kid.pid()).isFalse();
        }
        assertThat(bystander.isAlive()).isTrue();
        assertThat(table.killTree(sh)).containsExactly(new ProcessTable.Signalled(sh, false));
    }
}
