package dev.cordon.platform;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Starts a session's runner from a {@link RunnerLaunch}. Linux: {@code platform.linux.LinuxRunnerLauncher}
 * (cgroup entry, a private mount namespace with the setup's {@code MountOp}s, {@code setpriv} to the account);
 * Windows: {@code CreateProcessWithLogonW} / {@code CreateProcessAsUserW} suspended, assigned to the session's job
 * object, resumed.
 */
public interface RunnerLauncher {
    /**
     * The runner, started: its stdin and stdout carry the runner's frames, its stderr its diagnostics. The host's
     * own process ends it with it.
     */
    Process launch(RunnerLaunch launch);

    /**
     * Whether a runner can be started before its session is known ({@link #launchAhead}) and be given the rest of its
     * setup later ({@link #completeAhead}) with the same result as {@link #launch}. False by default.
     */
    default boolean launchesAhead() {
        return false;
    }

    /**
     * Starts a runner of {@code launch} as {@link #launch} does (its container, account, groups, environment, command,
     * and the namespaces and terminal its setup asks for) but without the setup's file-system steps, which depend on
     * the session's roots: it waits for its hello. {@link #completeAhead} must make them before it is sent one.
     */
    default Process launchAhead(RunnerLaunch launch) {
        throw new UnsupportedOperationException("runners are not started ahead here");
    }

    /**
     * Makes the file-system steps of {@code launch} (the whole launch of the session that takes the runner: the same
     * account, groups, container, environment and command as the one it was started ahead with) in the waiting
     * {@code runner}'s own namespace, before it is sent its hello; throws when any step failed.
     */
    default void completeAhead(Process runner, RunnerLaunch launch) {
        throw new UnsupportedOperationException("runners are not started ahead here");
    }

    /**
     * What a runner started ahead now would see of the host's file systems, as a comparable text (Linux: the mount
     * table of this host's namespace, which a new runner's namespace copies, but the sessions' scratch spaces). A
     * runner started ahead keeps the view it was started with: when this changed since (a file system mounted or
     * taken off), it is not used. Empty where there is nothing to compare.
     */
    default String hostView() {
        return "";
    }

    /**
     * The other paths by which {@code places} are reached in the file systems a runner started now sees, each with the
     * place it reaches (Linux: a bind mount of a place, of a directory inside one or above one, or its file system
     * mounted again; read from this host's mount table, which a new runner's namespace copies and a runner started
     * ahead is used only while it is unchanged, see {@link #hostView}): a command confined away from a place by its
     * path must not read it there (R59). None inside a place. None by default.
     */
    default Map<Path, Path> otherPathsTo(Collection<Path> places) {
        return Map.of();
    }

    /**
     * The paths at which a daemon running as root serves files by looking their paths up again at every call, each
     * with what it is (Linux: root's FUSE mounts other accounts may use, binds of them, overlays built on them; R105,
     * R124): a command that swaps a directory it looked up there for a symlink reads through it with root's reach, so
     * no session's commands may reach them. None by default.
     */
    default Map<Path, String> servingByPath() {
        return Map.of();
    }

    /**
     * The host's pid of a command {@code runner} reported as {@code pidInRunner} (a runner in a pid namespace of its own
     * names its commands by their pids there); 0 when it cannot be named any more (it ended). The same pid by default.
     */
    default long hostPid(Process runner, long pidInRunner) {
        return pidInRunner;
    }

    /**
     * The mount points of {@code runner}'s own view of the file system, read from outside it (R128: a read-only bind of
     * a protected path is dropped by the kernel when someone outside renames over its name); empty when the platform
     * cannot tell (it has no such mounts) or the runner has ended.
     */
    default java.util.Optional<java.util.Set<java.nio.file.Path>> mountPoints(Process runner) {
        return java.util.Optional.empty();
    }

    /** The pid {@code runner}'s own commands see it by (their {@code getppid()}): its pid by default. */
    default long pidSeenByCommands(Process runner) {
        return runner.pid();
    }

    /** What an exit status of a runner that ended during its start means, in words (the launch's own steps' codes). */
    String describeExit(int status);

    /**
     * The real path of a socket a session is allowed to reach ({@code --allow-socket}), or a usage error naming it:
     * it must exist and be one.
     */
    Path allowedSocket(Path given);
}
