package dev.cordon.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * L3 → L4: how a session's runner starts its commands, each confined ({@link CommandConfinement}) and born inside a
 * container of its own within the session's, so that the whole tree it starts can be watched and killed. Made once
 * per runner by {@code Platforms.confinedCommands}; only the thread that runs the runner's frame loop ({@link
 * #serveFrames}) calls {@link #start}.
 */
public interface ConfinedCommands {
    /** What happens to one command: it runs, or it never started. Exactly one of the two is called, once. */
    interface Lifecycle {
        /**
         * The command runs: its whole life may be handled on this thread (which may be confined itself: start
         * nothing new from it but threads). Return once its exit is reported; its container is removed afterwards.
         */
        void run(ConfinedProcess process);

        /** It never started: {@code code} 127 when the program was not found, 126 otherwise (the shell's conventions). */
        void notStarted(int code, String error);
    }

    /** How commands are started here, for the runner's ready frame and diagnostics. */
    String method();

    /** The version of the OS's confinement in use (the Landlock ABI on Linux), for the ready frame. */
    int confinementAbi();

    /** Starts {@code argv} in {@code cwd} with exactly {@code env}; reports through {@code lifecycle}, maybe later. */
    void start(List<String> argv, Path cwd, Map<String, String> env, Lifecycle lifecycle);

    /**
     * Runs the runner's frame loop — the one caller of {@link #start} — on the thread {@code start} works best from, and
     * returns its result when it ends (the caller waits). By default the caller's own thread. Where commands are
     * spawned from confined threads, a thread confined the same way: it spawns each command itself, and only the
     * following of the command goes to another thread (no wake-up of a worker before the spawn).
     */
    default <T> T serveFrames(Callable<T> loop) throws Exception {
        return loop.call();
    }

    /** Kills the tree of every command started, from a shutdown hook: no command may outlive the runner. */
    void killAll();
}
