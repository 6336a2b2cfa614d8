package dev.cordon.app.processes;

/**
 * The identity of a row across refreshes: a process is (pid, start ticks), never a pid alone (pids are reused); a
 * session row is its id. The tree diff matches rows by this key.
 */
public sealed interface RowKey permits RowKey.Root, RowKey.Session, RowKey.Process {
    /** The hidden root of the tree. */
    Root ROOT = new Root();

    record Root() implements RowKey {
    }

    record Session(String id) implements RowKey {
    }

    record Process(int pid, long startTicks) implements RowKey {
    }
}
