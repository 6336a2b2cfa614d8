package dev.cordon.platform;

import java.nio.file.Path;

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

    /** What an exit status of a runner that ended during its start means, in words (the launch's own steps' codes). */
    String describeExit(int status);

    /**
     * The real path of a socket a session is allowed to reach ({@code --allow-socket}), or a usage error naming it:
     * it must exist and be one.
     */
    Path allowedSocket(Path given);
}
