package dev.cordon.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The OS object that holds a session's whole process tree and bounds it (Linux: a cgroup; Windows: a job object).
 * Killing it kills the runner and every command, daemons included.
 */
interface SessionTree extends AutoCloseable {
    /** Where the runner creates one child per command (Linux: the session's cgroup v2 directory), or null. */
    Path delegatedDir();

    /** Lets the runner's account create and enter children of {@link #delegatedDir()}. */
    void delegateTo(int uid, int gid);

    /** {@code command} wrapped so that it enters the tree before its first instruction (no escape window). */
    List<String> entering(List<String> command);

    Set<Long> pids();

    void killAll();

    /** Kills everything and removes the tree. */
    @Override
    void close();
}
