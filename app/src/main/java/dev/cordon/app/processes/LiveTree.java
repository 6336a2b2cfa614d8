package dev.cordon.app.processes;

import javafx.scene.control.TreeItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TreeItems the process tree shows, kept across refreshes: a {@link TreeDiff} updates values in place and adds
 * or removes only the rows that changed, so selection, expansion and scroll position stay. UI thread only (works on
 * bare TreeItems, so it is testable without a toolkit).
 */
public final class LiveTree {
    private final TreeItem<ProcessRow> root = new TreeItem<>();
    private final Map<RowKey, TreeItem<ProcessRow>> items = new HashMap<>();

    public LiveTree() {
        root.setExpanded(true);
    }

    public TreeItem<ProcessRow> root() {
        return root;
    }

    public TreeItem<ProcessRow> item(RowKey key) {
        return key instanceof RowKey.Root ? root : items.get(key);
    }

    public int size() {
        return items.size();
    }

    public void apply(TreeDiff diff) {
        for (FlatTree.Node node : diff.added()) {
            TreeItem<ProcessRow> item = new TreeItem<>(node.row());
            item.setExpanded(node.expandedAtFirst());
            items.put(node.row().key(), item);
        }
        for (ProcessRow row : diff.updated()) {
            TreeItem<ProcessRow> item = items.get(row.key());
            if (item != null) {
                item.setValue(row);
            }
        }
        // first take away every child that left its parent (moved rows are detached here, re-attached below) …
        for (Map.Entry<RowKey, List<RowKey>> e : diff.children().entrySet()) {
            TreeItem<ProcessRow> parent = item(e.getKey());
            if (parent != null && !parent.getChildren().isEmpty()) {
                Set<RowKey> keep = new HashSet<>(e.getValue());
                parent.getChildren().removeIf(child -> !keep.contains(child.getValue().key()));
            }
        }
        // … then put the new ones in their places. New rows get their children while still detached, so the table
        // hears one change per attached parent, not one per new row; a parent with no children yet gets them at once.
        Set<RowKey> fresh = new HashSet<>();
        diff.added().forEach(n -> fresh.add(n.row().key()));
        diff.children().forEach((key, kids) -> {
            if (fresh.contains(key)) {
                place(key, kids);
            }
        });
        diff.children().forEach((key, kids) -> {
            if (!fresh.contains(key)) {
                place(key, kids);
            }
        });
        diff.removed().forEach(items::remove);
    }

    private void place(RowKey parentKey, List<RowKey> keys) {
        TreeItem<ProcessRow> parent = item(parentKey);
        if (parent == null) {
            return;
        }
        List<TreeItem<ProcessRow>> wanted = new ArrayList<>(keys.size());
        for (RowKey key : keys) {
            TreeItem<ProcessRow> child = items.get(key);
            if (child != null) {
                wanted.add(child);
            }
        }
        var children = parent.getChildren();
        if (children.isEmpty()) {
            wanted.forEach(LiveTree::detach);
            children.setAll(wanted);
            return;
        }
        for (int i = 0; i < wanted.size(); i++) {
            TreeItem<ProcessRow> want = wanted.get(i);
            if (i < children.size() && children.get(i) == want) {
                continue;
            }
            detach(want);
            children.add(Math.min(i, children.size()), want);
        }
    }

    private static void detach(TreeItem<ProcessRow> item) {
        TreeItem<ProcessRow> parent = item.getParent();
        if (parent != null) {
            parent.getChildren().remove(item);
        }
    }

    /** Forgets everything (a new mode starts from an empty tree). */
    public void clear() {
        root.getChildren().clear();
        items.clear();
    }
}
