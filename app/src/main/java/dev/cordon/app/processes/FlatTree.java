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

    /**
     * The rows that match, with their ancestors (so a match is seen where it is) and their descendants (a matching
     * command with what it started); this tree itself when every row is kept.
     */
    public FlatTree filtered(java.util.function.Predicate<ProcessRow> match) {
        java.util.Set<RowKey> keep = new java.util.HashSet<>();
        keepMatches(RowKey.ROOT, match, false, keep);
        if (keep.size() == nodes.size()) {
            return this;
        }
        Map<RowKey, Node> out = new HashMap<>(keep.size() * 2);
        for (RowKey key : keep) {
            Node n = nodes.get(key);
            out.put(key, new Node(n.row(), n.children().stream().filter(keep::contains).toList(), n.expandedAtFirst()));
        }
        return new FlatTree(out, rootChildren.stream().filter(keep::contains).toList());
    }

    /** Whether something at or below {@code key} is kept; adds what is. */
    private boolean keepMatches(RowKey key, java.util.function.Predicate<ProcessRow> match, boolean underMatch,
                                java.util.Set<RowKey> keep) {
        Node n = key instanceof RowKey.Root ? null : nodes.get(key);
        boolean self = n != null && (underMatch || match.test(n.row()));
        boolean any = self;
        for (RowKey child : children(key)) {
            any |= keepMatches(child, match, self, keep);
        }
        if (any && n != null) {
            keep.add(key);
        }
        return any;
    }

    /**
     * This tree with rows of {@code before} that are no longer here put back where they were (under the same parent,
     * at most at their old index), marked {@link ProcessRow.Mark#EXITING}; a row whose parent is gone too goes back
     * only if the parent does.
     */
    public FlatTree withExiting(FlatTree before, java.util.Set<RowKey> exiting) {
        if (exiting.isEmpty()) {
            return this;
        }
        Map<RowKey, RowKey> parentBefore = new HashMap<>();
        before.parents(RowKey.ROOT, parentBefore);
        Map<RowKey, Node> out = new HashMap<>(nodes);
        List<RowKey> top = new ArrayList<>(rootChildren);
        Map<RowKey, List<RowKey>> kids = new HashMap<>();
        // parents before children: walk the old tree's order so a gone parent is back before its gone child
        for (ProcessRow row : before.subtreeOfRoot()) {
            RowKey key = row.key();
            if (!exiting.contains(key) || out.containsKey(key)) {
                continue;
            }
            RowKey parent = parentBefore.getOrDefault(key, RowKey.ROOT);
            if (!(parent instanceof RowKey.Root) && !out.containsKey(parent)) {
                continue;
            }
            List<RowKey> siblings = parent instanceof RowKey.Root ? top
                    : kids.computeIfAbsent(parent, k -> new ArrayList<>(out.get(k).children()));
            int was = before.children(parent).indexOf(key);
            siblings.add(Math.max(0, Math.min(was, siblings.size())), key);
            out.put(key, new Node(row.marked(ProcessRow.Mark.EXITING), List.of(), true));
        }
        kids.forEach((key, list) -> {
            Node n = out.get(key);
            out.put(key, new Node(n.row(), List.copyOf(list), n.expandedAtFirst()));
        });
        return new FlatTree(out, List.copyOf(top));
    }

    /** This tree with some rows' values replaced (same keys, same places). */
    public FlatTree withRows(java.util.function.UnaryOperator<ProcessRow> change) {
        Map<RowKey, Node> out = new HashMap<>(nodes.size() * 2);
        nodes.forEach((key, n) -> out.put(key, new Node(change.apply(n.row()), n.children(), n.expandedAtFirst())));
        return new FlatTree(out, rootChildren);
    }

    private void parents(RowKey key, Map<RowKey, RowKey> out) {
        for (RowKey child : children(key)) {
            out.put(child, key);
            parents(child, out);
        }
    }

    /** Every row, parents before children, in display order. */
    private List<ProcessRow> subtreeOfRoot() {
        List<ProcessRow> out = new ArrayList<>();
        for (RowKey top : rootChildren) {
            out.addAll(subtree(top));
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
