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

        /**
         * After a directory's children (post-order), with the context {@link #visit} gave for them; also when they
         * could not be walked (listing failed, too deep, the walk ended early). Once per non-null context of a directory.
         */
        default void leave(C children) throws IOException {
        }

        /**
         * A directory's entries, as listed before they are visited, with the context {@link #visit} gave for them: what
         * it returns is what the walk visits (a visitor that renames an entry gives its new name).
         */
        default List<byte[]> listed(PathFd dir, C children, List<byte[]> names) throws IOException {
            return names;
        }
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
                    leave(visitor, level.context(), failures);
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
                leave(visitor, level.context(), failures);
            }
        }
    }

    private static <C> void leave(Visitor<C> visitor, C children, List<String> failures) {
        try {
            visitor.leave(children);
        } catch (IOException e) {
            failures.add(e.getMessage());
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
            try {
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
                try {
                    names = visitor.listed(fd, children, names);
                } catch (IOException e) {
                    failures.add(e.getMessage()); // its entries are still visited, as listed
                }
                stack.push(new Level<>(fd, owned, children, names.iterator()));
                pushed = true;
            } finally {
                if (!pushed) {
                    leave(visitor, children, failures);
                }
            }
        } finally {
            if (owned && !pushed) {
                fd.close();
            }
        }
    }

    private record Doomed(PathFd fd, boolean owned, byte[] name, Iterator<byte[]> names) {
    }

    /**
     * Deletes the entry {@code name} of directory {@code parent} and, if it is a directory, everything below it, by
     * descriptors: each directory is listed through its own descriptor, each entry opened beneath it without following
     * a symlink (a symlink is removed, never its target) and removed from it with {@code unlinkat}, so a directory
     * swapped for a symlink meanwhile is removed as the symlink and nothing outside the tree is reached. Iterative,
     * at most {@link #MAX_DEPTH} levels. Entries that vanish meanwhile are fine; other failures are collected and the
     * walk goes on (a directory that keeps an entry then stays). A missing {@code name} is a no-op.
     */
    static void delete(PathFd parent, byte[] name, List<String> failures) {
        try (PathFd top = parent.child(name)) {
            delete(parent, name, top, top.stat(), failures);
        } catch (NoSuchFileException gone) {
            // nothing there: the goal is reached
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
    }

    /**
     * {@link #delete(PathFd, byte[], List)} of {@code top}, already opened (and checked) by the caller, who keeps it:
     * what is below is reached through {@code top} itself, so a name given to another tree meanwhile is not walked
     * (its last step, removing {@code name} from {@code parent}, then removes only an empty directory or a non-directory
     * entry of {@code parent}).
     */
    static void delete(PathFd parent, byte[] name, PathFd top, FileStat topStat, List<String> failures) {
        if (!topStat.isDirectory()) {
            removeEntry(parent, name, false, failures);
            return;
        }
        Deque<Doomed> stack = new ArrayDeque<>();
        try {
            if (!push(stack, top, false, name, failures)) {
                return;
            }
            while (!stack.isEmpty()) {
                Doomed level = stack.peek();
                if (!level.names().hasNext()) {
                    stack.pop();
                    if (level.owned()) {
                        level.fd().close();
                    }
                    removeEntry(stack.isEmpty() ? parent : stack.peek().fd(), level.name(), true, failures);
                    continue;
                }
                byte[] entry = level.names().next();
                PathFd child;
                FileStat childStat;
                try {
                    child = level.fd().child(entry);
                } catch (NoSuchFileException gone) {
                    continue;
                } catch (IOException e) {
                    failures.add(e.getMessage());
                    continue;
                }
                try {
                    childStat = child.stat();
                } catch (IOException e) {
                    child.close();
                    if (!(e instanceof NoSuchFileException)) {
                        failures.add(e.getMessage());
                    }
                    continue;
                }
                if (!childStat.isDirectory()) {
                    child.close();
                    removeEntry(level.fd(), entry, false, failures);
                } else if (stack.size() >= MAX_DEPTH) {
                    failures.add(child.path() + " is more than " + MAX_DEPTH + " directories deep: nothing below it "
                            + "was deleted");
                    child.close();
                } else {
                    push(stack, child, true, entry, failures);
                }
            }
        } finally {
            for (Doomed level : stack) {
                if (level.owned()) {
                    level.fd().close();
                }
            }
        }
    }

    /** Pushes directory {@code fd} with its listing; false (closed if owned) when it cannot be listed. */
    private static boolean push(Deque<Doomed> stack, PathFd fd, boolean owned, byte[] name, List<String> failures) {
        try {
            stack.push(new Doomed(fd, owned, name, fd.list().iterator()));
            return true;
        } catch (IOException e) {
            if (owned) {
                fd.close();
            }
            if (!(e instanceof NoSuchFileException)) {
                failures.add(e.getMessage());
            }
            return false;
        }
    }

    private static void removeEntry(PathFd dir, byte[] name, boolean directory, List<String> failures) {
        try {
            dir.remove(name, directory);
        } catch (NoSuchFileException gone) {
            // removed meanwhile: the goal is reached
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
    }
}
