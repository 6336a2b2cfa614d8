package dev.cordon.platform.linux;

import dev.cordon.platform.linux.FileStat;
import dev.cordon.platform.linux.PathFd;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * A depth-first walk of a tree by directory descriptors ({@link PathFd}): every entry is opened beneath its parent's
 * descriptor without following symlinks, so a directory swapped for a symlink is visited as the symlink, never entered.
 * Iterative, holding one descriptor per level, and at most {@link #MAX_DEPTH} levels deep: a tree the sandbox nested
 * deeper cannot exhaust the host's stack or descriptors; what lies below is reported as a failure. Entries that vanish
 * meanwhile are skipped; any other failure is collected and the walk goes on.
 */
final class TreeWalk {
    static final int MAX_DEPTH = 4096;

    private TreeWalk() {
    }

    /** Visits one inode (pre-order) and returns the context for its children, or null to not descend. */
    @FunctionalInterface
    interface Visitor<C> {
        C visit(PathFd fd, FileStat stat, C parent) throws IOException;
    }

    private record Level<C>(PathFd fd, boolean owned, C context, Iterator<byte[]> names) {
    }

    static <C> void walk(PathFd top, FileStat topStat, C context, Visitor<C> visitor, List<String> failures) {
        Deque<Level<C>> stack = new ArrayDeque<>();
        try {
            enter(top, false, topStat, context, visitor, stack, failures);
            while (!stack.isEmpty()) {
                Level<C> level = stack.peek();
                if (!level.names().hasNext()) {
                    stack.pop();
                    if (level.owned()) {
                        level.fd().close();
                    }
                    continue;
                }
                PathFd child;
                try {
                    child = level.fd().child(level.names().next());
                } catch (NoSuchFileException gone) {
                    continue; // removed between listing and opening: nothing to do for it
                } catch (IOException e) {
                    failures.add(e.getMessage());
                    continue;
                }
                FileStat stat;
                try {
                    stat = child.stat();
                } catch (NoSuchFileException gone) {
                    child.close();
                    continue;
                } catch (IOException e) {
                    failures.add(e.getMessage());
                    child.close();
                    continue;
                }
                enter(child, true, stat, level.context(), visitor, stack, failures);
            }
        } finally {
            for (Level<C> level : stack) {
                if (level.owned()) {
                    level.fd().close();
                }
            }
        }
    }

    /** Visits {@code fd}; pushes it as a level when it is a directory to descend into, else closes it if owned. */
    private static <C> void enter(PathFd fd, boolean owned, FileStat stat, C parent, Visitor<C> visitor,
                                  Deque<Level<C>> stack, List<String> failures) {
        boolean pushed = false;
        try {
            C children;
            try {
                children = visitor.visit(fd, stat, parent);
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException | IllegalArgumentException e) {
                failures.add(e.getMessage());
                return;
            }
            if (children == null || !stat.isDirectory()) {
                return;
            }
            if (stack.size() >= MAX_DEPTH) {
                failures.add(fd.path() + " is more than " + MAX_DEPTH + " directories deep: nothing below it was walked");
                return;
            }
            List<byte[]> names;
            try {
                names = fd.list();
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException e) {
                failures.add(e.getMessage());
                return;
            }
            stack.push(new Level<>(fd, owned, children, names.iterator()));
            pushed = true;
        } finally {
            if (owned && !pushed) {
                fd.close();
            }
        }
    }
}
