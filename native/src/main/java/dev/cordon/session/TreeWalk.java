package dev.cordon.session;

import dev.cordon.platform.linux.FileStat;
import dev.cordon.platform.linux.PathFd;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * A depth-first walk of a tree by directory descriptors ({@link PathFd}): every entry is opened beneath its parent's
 * descriptor without following symlinks, so a directory swapped for a symlink is visited as the symlink, never entered.
 * Entries that vanish meanwhile are skipped; any other failure is collected and the walk goes on.
 */
final class TreeWalk {
    private TreeWalk() {
    }

    /** Visits one inode (pre-order) and returns the context for its children, or null to not descend. */
    @FunctionalInterface
    interface Visitor<C> {
        C visit(PathFd fd, FileStat stat, C parent) throws IOException;
    }

    static <C> void walk(PathFd fd, FileStat stat, C context, Visitor<C> visitor, List<String> failures) {
        C children;
        try {
            children = visitor.visit(fd, stat, context);
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException | IllegalArgumentException e) {
            failures.add(e.getMessage());
            return;
        }
        if (children == null || !stat.isDirectory()) {
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
        for (byte[] name : names) {
            try (PathFd child = fd.child(name)) {
                walk(child, child.stat(), children, visitor, failures);
            } catch (NoSuchFileException gone) {
                // removed between listing and opening: nothing to do for it
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
    }
}
