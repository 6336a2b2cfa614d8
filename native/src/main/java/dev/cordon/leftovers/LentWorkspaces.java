package dev.cordon.leftovers;

import java.nio.file.Path;
import java.util.List;

/**
 * The workspaces lent to sessions now: no leftover place, since what a sandbox made there goes to its owner with the
 * hand-back. The session side implements it (the grants are its records).
 */
@FunctionalInterface
public interface LentWorkspaces {
    LentWorkspaces NONE = List::of;

    /** The roots of the workspaces lent now. */
    List<Path> roots();
}
