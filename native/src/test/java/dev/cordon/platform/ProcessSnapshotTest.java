package dev.cordon.platform;

import dev.cordon.core.Principal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessSnapshotTest {
    private static ProcessInfo process(int pid, int ppid) {
        return new ProcessInfo(pid, ppid, Principal.uid(0), "root", "p" + pid, "p" + pid, 'S', 0, 0, Instant.EPOCH, pid * 10L);
    }

    private static List<String> rows(ProcessSnapshot snapshot) {
        return snapshot.tree().stream().map(r -> r.depth() + ":" + r.process().pid()).toList();
    }

    @Test
    void treeListsChildrenUnderTheirParentInPidOrder() {
        ProcessSnapshot s = new ProcessSnapshot(Instant.EPOCH, List.of(process(30, 1), process(1, 0), process(2, 0),
                process(10, 1), process(11, 10), process(5, 2)));

        assertThat(s.processes()).extracting(ProcessInfo::pid).containsExactly(1, 2, 5, 10, 11, 30);
        assertThat(s.roots()).extracting(ProcessInfo::pid).containsExactly(1, 2);
        assertThat(s.children(1)).extracting(ProcessInfo::pid).containsExactly(10, 30);
        assertThat(s.children(11)).isEmpty();
        assertThat(rows(s)).containsExactly("0:1", "1:10", "2:11", "1:30", "0:2", "1:5");
    }

    @Test
    void filteringMakesOrphanedProcessesRoots() {
        ProcessSnapshot s = new ProcessSnapshot(Instant.EPOCH, List.of(process(1, 0), process(10, 1), process(11, 10),
                process(12, 11), process(20, 1)));

        ProcessSnapshot kept = s.filter(p -> p.pid() != 10 && p.pid() != 1);

        assertThat(kept.roots()).extracting(ProcessInfo::pid).containsExactly(11, 20);
        assertThat(rows(kept)).containsExactly("0:11", "1:12", "0:20");
        assertThat(kept.takenAt()).isEqualTo(s.takenAt());
    }

    @Test
    void aParentCycleFromReusedPidsStillShowsEveryProcessOnce() {
        ProcessSnapshot s = new ProcessSnapshot(Instant.EPOCH, List.of(process(1, 0), process(7, 8), process(8, 7)));

        assertThat(rows(s)).containsExactly("0:1", "0:7", "1:8");
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        List<ProcessInfo> chain = new java.util.ArrayList<>();
        for (int pid = 1; pid <= 50_000; pid++) {
            chain.add(process(pid, pid - 1));
        }
        List<ProcessSnapshot.TreeRow> tree = new ProcessSnapshot(Instant.EPOCH, chain).tree();

        assertThat(tree).hasSize(50_000);
        assertThat(tree.get(49_999).depth()).isEqualTo(49_999);
    }

    @Test
    void identityIsPidAndStartTicks() {
        ProcessInfo a = process(5, 1);
        ProcessInfo reused = new ProcessInfo(5, 1, Principal.uid(0), "root", "p5", "p5", 'S', 0, 0, Instant.EPOCH, 51);

        assertThat(a.sameProcessAs(process(5, 1))).isTrue();
        assertThat(a.sameProcessAs(reused)).isFalse();
    }
}
