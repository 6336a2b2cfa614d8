package dev.cordon.app.processes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two trees, computed off the UI thread: rows that appeared (with whether they open
 * expanded), rows whose values changed, rows that went, and the new child order of each parent whose children
 * changed. Applying it ({@link LiveTree}) touches only those.
 */
public record TreeDiff(List<FlatTree.Node> added, List<ProcessRow> updated, Set<RowKey> removed,
                       Map<RowKey, List<RowKey>> children) {

    public boolean isEmpty() {
        return added.isEmpty() && updated.isEmpty() && removed.isEmpty() && children.isEmpty();
    }

    public static TreeDiff between(FlatTree before, FlatTree after) {
        List<FlatTree.Node> added = new ArrayList<>();
        List<ProcessRow> updated = new ArrayList<>();
        Map<RowKey, List<RowKey>> children = new LinkedHashMap<>();
        if (!before.children(RowKey.ROOT).equals(after.children(RowKey.ROOT))) {
            children.put(RowKey.ROOT, after.children(RowKey.ROOT));
        }
        for (Map.Entry<RowKey, FlatTree.Node> e : after.nodes().entrySet()) {
            FlatTree.Node now = e.getValue();
            FlatTree.Node was = before.node(e.getKey());
            if (was == null) {
                added.add(now);
                if (!now.children().isEmpty()) {
                    children.put(e.getKey(), now.children());
                }
                continue;
            }
            if (!Objects.equals(was.row(), now.row())) {
                updated.add(now.row());
            }
            if (!was.children().equals(now.children())) {
                children.put(e.getKey(), now.children());
            }
        }
        Set<RowKey> removed = new HashSet<>();
        for (RowKey key : before.nodes().keySet()) {
            if (!after.contains(key)) {
                removed.add(key);
            }
        }
        return new TreeDiff(added, updated, removed, children);
    }
}
