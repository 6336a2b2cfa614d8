package dev.cordon.app.processes;

import dev.cordon.core.Principal;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.platform.ProcessSnapshot;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.cordon.app.processes.Procs.proc;
import static dev.cordon.app.processes.Procs.session;
import static dev.cordon.app.processes.Procs.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** The pure part of the live tree: rows per mode, the diff, and applying it to TreeItems without rebuilding. */
class ProcessTreeDiffTest {
    private static RowKey key(ProcessInfo p) {
        return new RowKey.Process(p.pid(), p.startTicks());
    }

    @Test
    void sessionsModeGroupsSessionRunnerCommandDescendants() {
        ProcessInfo runner = proc(100, 1, "java");
        ProcessInfo sh = proc(110, 100, "sh");
        ProcessInfo sleep = proc(111, 110, "sleep");
        ProcessInfo daemon = proc(120, 1, "daemon"); // double-forked away from the runner, still in the session's tree
        ProcessInfo stranger = proc(130, 1, "other");
        ProcessSnapshot snap = snapshot(proc(1, 0, "init"), runner, sh, sleep, daemon, stranger);
        FlatTree tree = ProcessForest.build(ProcessMode.SESSIONS, snap,
                List.of(new SessionProcesses(session("s1", 100), Set.of(100L, 110L, 111L, 120L))));

        RowKey s1 = new RowKey.Session("s1");
        assertThat(tree.children(RowKey.ROOT)).containsExactly(s1);
        assertThat(tree.children(s1)).containsExactly(key(runner), key(daemon));
        assertThat(tree.children(key(runner))).containsExactly(key(sh));
        assertThat(tree.children(key(sh))).containsExactly(key(sleep));
        assertThat(tree.node(key(runner)).row().kind()).isEqualTo(ProcessRow.Kind.RUNNER);
        assertThat(tree.node(key(sh)).row().kind()).isEqualTo(ProcessRow.Kind.COMMAND);
        assertThat(tree.node(key(sleep)).row().kind()).isEqualTo(ProcessRow.Kind.PROCESS);
        assertThat(tree.contains(key(stranger))).isFalse();
        ProcessRow sessionRow = tree.node(s1).row();
        assertThat(sessionRow.rssBytes()).isEqualTo(runner.rssBytes() + sh.rssBytes() + sleep.rssBytes() + daemon.rssBytes());
        assertThat(tree.subtree(key(sh))).extracting(ProcessRow::pid).containsExactly(110, 111);
    }

    @Test
    void parentModesAreTheSnapshotsForest() {
        FlatTree tree = ProcessForest.build(ProcessMode.WHOLE_SYSTEM, snapshot(proc(1, 0, "init"), proc(2, 0, "kthreadd"),
                proc(5, 1, "sshd"), proc(9, 5, "bash")), List.of());
        assertThat(tree.children(RowKey.ROOT)).extracting(k -> ((RowKey.Process) k).pid()).containsExactly(1, 2);
        assertThat(tree.children(key(proc(5, 1, "sshd")))).containsExactly(key(proc(9, 5, "bash")));
        assertThat(tree.node(key(proc(1, 0, "init"))).expandedAtFirst()).isTrue();
        assertThat(tree.node(key(proc(5, 1, "sshd"))).expandedAtFirst()).isFalse();
    }

    @Test
    void refreshUpdatesInPlaceAndKeepsItemsExpansionAndOrder() {
        LiveTree live = new LiveTree();
        FlatTree first = ProcessForest.build(ProcessMode.WHOLE_SYSTEM, snapshot(proc(1, 0, "init"), proc(5, 1, "sshd"),
                proc(9, 5, "bash"), proc(12, 5, "bash")), List.of());
        live.apply(TreeDiff.between(FlatTree.EMPTY, first));
        TreeItem<ProcessRow> sshd = live.item(key(proc(5, 1, "sshd")));
        TreeItem<ProcessRow> bash9 = live.item(key(proc(9, 5, "bash")));
        sshd.setExpanded(true); // the person opened it
        List<String> events = new ArrayList<>();
        live.root().addEventHandler(TreeItem.childrenModificationEvent(), e -> events.add("children"));

        // bash 9 uses CPU now, bash 12 exited, bash 15 started, 20 appeared under init
        FlatTree second = ProcessForest.build(ProcessMode.WHOLE_SYSTEM, snapshot(proc(1, 0, "init"), proc(5, 1, "sshd"),
                proc(9, 5, "bash", 42.0), proc(15, 5, "bash"), proc(20, 1, "cron")), List.of());
        TreeDiff diff = TreeDiff.between(first, second);
        assertThat(diff.updated()).extracting(ProcessRow::pid).containsExactly(9);
        assertThat(diff.removed()).containsExactly(key(proc(12, 5, "bash")));
        assertThat(diff.added()).extracting(n -> n.row().pid()).containsExactlyInAnyOrder(15, 20);
        live.apply(diff);

        assertThat(live.item(key(proc(5, 1, "sshd")))).isSameAs(sshd);
        assertThat(live.item(key(proc(9, 5, "bash")))).isSameAs(bash9);
        assertThat(bash9.getValue().cpuPercent()).isEqualTo(42.0);
        assertThat(sshd.isExpanded()).isTrue();
        assertThat(sshd.getChildren()).extracting(i -> i.getValue().pid()).containsExactly(9, 15);
        assertThat(live.item(key(proc(1, 0, "init"))).getChildren()).extracting(i -> i.getValue().pid()).containsExactly(5, 20);
        assertThat(live.size()).isEqualTo(5);

        // nothing changed: nothing is touched
        events.clear();
        TreeDiff none = TreeDiff.between(second, ProcessForest.build(ProcessMode.WHOLE_SYSTEM, snapshot(proc(1, 0, "init"),
                proc(5, 1, "sshd"), proc(9, 5, "bash", 42.0), proc(15, 5, "bash"), proc(20, 1, "cron")), List.of()));
        assertThat(none.isEmpty()).isTrue();
        live.apply(none);
        assertThat(events).isEmpty();
    }

    @Test
    void aReusedPidIsANewRowAndAReparentedProcessKeepsItsItem() {
        LiveTree live = new LiveTree();
        FlatTree first = ProcessForest.build(ProcessMode.SANDBOX_ACCOUNTS, snapshot(proc(5, 1, "sh"), proc(9, 5, "daemon"),
                proc(10, 9, "worker")), List.of());
        live.apply(TreeDiff.between(FlatTree.EMPTY, first));
        TreeItem<ProcessRow> daemon = live.item(key(proc(9, 5, "daemon")));
        TreeItem<ProcessRow> worker = live.item(key(proc(10, 9, "worker")));

        // sh exited, daemon was re-parented to init (not in this view: a root now); pid 5 came back as another process
        ProcessInfo reused = new ProcessInfo(5, 1, Principal.uid(1001), "t-offline", "sh", "sh", 'S', 0, 1, Procs.T0, 99_999L);
        FlatTree second = ProcessForest.build(ProcessMode.SANDBOX_ACCOUNTS, snapshot(reused, proc(9, 1, "daemon"),
                proc(10, 9, "worker")), List.of());
        live.apply(TreeDiff.between(first, second));

        assertThat(live.root().getChildren()).extracting(TreeItem::getValue).extracting(ProcessRow::key)
                .containsExactly(key(reused), key(proc(9, 1, "daemon")));
        assertThat(live.item(key(proc(9, 1, "daemon")))).isSameAs(daemon);
        assertThat(daemon.getParent()).isSameAs(live.root());
        assertThat(daemon.getChildren()).containsExactly(worker);
        assertThat(live.item(key(proc(5, 1, "sh")))).isNull();
    }
}
