package dev.cordon.platform;

import java.util.List;
import java.util.Map;

/**
 * Everything a session's runner (L3) is started with, declared rather than scripted: the {@link RunnerLauncher} of the
 * platform makes it real.
 *
 * @param account     who it runs as: a sandbox account, nothing of the host's identity kept
 * @param extraGroups the groups it is given besides the account's own (none today: a place for per-session groups)
 * @param container   the session's process container, entered before the runner's first instruction
 * @param setup       what is set up for it before it becomes {@code account}, in order
 * @param environment its whole environment (nothing inherited)
 * @param command     what it runs
 */
public record RunnerLaunch(Account account, List<Group> extraGroups, ProcessContainer container,
                           List<RunnerSetup> setup, Map<String, String> environment, List<String> command) {
    public RunnerLaunch {
        extraGroups = List.copyOf(extraGroups);
        setup = List.copyOf(setup);
        environment = Map.copyOf(environment);
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a runner launch needs a command");
        }
    }
}
