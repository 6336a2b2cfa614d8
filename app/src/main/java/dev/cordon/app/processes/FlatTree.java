package dev.cordon.app.processes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tree of rows by key: each row's value, its children in display order, and whether it opens expanded when it
 * first appears. Immutable once built; built off the UI thread.
 */
public final class FlatTree {
    /** A row with its children's keys. */
    public record Node(ProcessRow row, List<RowKey> children, boolean expandedAtFirst) {
    }

    private final Map<RowKey, Node> nodes;
    private final List<RowKey> rootChildren;

    private FlatTree(Map<RowKey, Node> nodes, List<RowKey> rootChildren) {
        this.nodes = nodes;
        this.rootChildren = rootChildren;
    }

    public static final FlatTree EMPTY = new FlatTree(Map.of(), List.of());

    public Node node(RowKey key) {
        return nodes.get(key);
    }

    /** Children of {@code key}; {@link RowKey#ROOT} for the top level. */
    public List<RowKey> children(RowKey key) {
        if (key instanceof RowKey.Root) {
            return rootChildren;
        }
        Node n = nodes.get(key);
        return n == null ? List.of() : n.children();
    }

    public boolean contains(RowKey key) {
        return nodes.containsKey(key);
    }

    public int size() {
        return nodes.size();
    }

    public Map<RowKey, Node> nodes() {
        return nodes;
    }

    /** Every row below {@code key}, parents before their children (for kill tree). */
    public List<ProcessRow> subtree(RowKey key) {
        List<ProcessRow> out = new ArrayList<>();
        List<RowKey> stack = new ArrayList<>(List.of(key));
        while (!stack.isEmpty()) {
            RowKey k = stack.remove(stack.size() - 1);
            Node n = nodes.get(k);
            if (n == null) {
                continue;
            }
            out.add(n.row());
            List<RowKey> kids = n.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(kids.get(i));
            }
        }
        return out;
    }

    /** Builds a tree; a row added twice keeps its first place (a snapshot read mid-reparenting). */
    public static final class Builder {
        private final Map<RowKey, ProcessRow> rows = new HashMap<>();
        private final Map<RowKey, List<RowKey>> children = new HashMap<>();
        private final Map<RowKey, Boolean> expanded = new HashMap<>();
        private final List<RowKey> rootChildren = new ArrayList<>();

        /** Adds {@code row} under {@code parent} (ROOT for the top); false if the key is already in the tree. */
        public boolean add(RowKey parent, ProcessRow row, boolean expandedAtFirst) {
            if (rows.putIfAbsent(row.key(), row) != null) {
                return false;
            }
            expanded.put(row.key(), expandedAtFirst);
            (parent instanceof RowKey.Root ? rootChildren : children.computeIfAbsent(parent, k -> new ArrayList<>()))
                    .add(row.key());
            return true;
        }

        /** Replaces a row's value (a session row's sums, once its tree is known). */
        public void update(ProcessRow row) {
            rows.replace(row.key(), row);
        }

        public boolean contains(RowKey key) {
            return rows.containsKey(key);
        }

        public FlatTree build() {
            Map<RowKey, Node> nodes = new HashMap<>(rows.size() * 2);
            rows.forEach((key, row) -> nodes.put(key, new Node(row, List.copyOf(children.getOrDefault(key, List.of())),
                    expanded.get(key))));
            return new FlatTree(nodes, List.copyOf(rootChildren));
        }
    }
}
