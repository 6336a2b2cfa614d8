package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.Principal;
import dev.cordon.platform.ProcessContainer;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerSetup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A runner prepared before its session was asked for ({@link SpareRunnerPool}): everything of a
 * session's start that does not depend on the request, made under the id the session will have. Its session group is
 * recorded (a lend of no roots yet: {@code WorkspaceAccess#lend} keeps the group for the id), its directory with the
 * host record and default-sized HOME and TMPDIR made, its cgroup made with the default limits, and its runner started
 * in that cgroup, in its own mount (and IPC) namespace, as the mode's account with the session group, waiting for its
 * hello. What depends on the request (the workspace's grants, the mounts of its roots and the socket isolation planned
 * for them, the hello) is made when a session takes it; a spare serves one session at most.
 */
final class SpareRunner {
    final String id;
    final NetworkMode mode;
    Principal grantGroup;
    Path dir;
    ProcessContainer tree;
    /** How its runner was started: a taking session's launch must match it but for the file-system steps. */
    RunnerLaunch launch;
    RunnerProcess runner;
    /** The host's file systems as its runner's namespace copied them ({@code RunnerLauncher#hostView}). */
    String hostView;
    /** What its runner's death means once a session took it (that session's failure); nothing before. */
    volatile java.util.function.Consumer<String> onDeath = why -> { };
    /** Taken by a session or discarded: never handed out again. */
    boolean used;

    SpareRunner(String id, NetworkMode mode) {
        this.id = id;
        this.mode = mode;
    }

    /**
     * Its runner, with the rest of its setup made for the taking session's whole {@code session} launch (the
     * file-system steps, in its namespace); refused unless the runner was started exactly as that launch's would be.
     * The pool offers a spare only when it {@link #startedAs} the launch it would make now ({@code SpareRunnerPool#take}):
     * this refusal is the backstop, not the way a mismatch is handled.
     */
    RunnerProcess completeFor(RunnerLaunch session) {
        List<String> differ = differences(launch, session);
        if (!differ.isEmpty()) {
            throw CordonException.internal("The prepared runner was started for another launch than its session's ("
                    + String.join(", ", differ) + ")", null);
        }
        runner.completeAhead(session);
        return runner;
    }

    /** Whether its runner was started exactly as a runner of {@code other} would be (all but the file-system steps). */
    boolean startedAs(RunnerLaunch other) {
        return differences(launch, other).isEmpty();
    }

    /**
     * What a runner started for {@code ahead} has that one started for {@code other} would not: account, groups,
     * container, environment, command (the runner's JVM flags: its spawn path among them), namespace and terminal
     * steps. Empty when a spare's runner serves a session of {@code other}.
     */
    static List<String> differences(RunnerLaunch ahead, RunnerLaunch other) {
        List<String> differ = new ArrayList<>();
        if (!ahead.account().equals(other.account())) {
            differ.add("account");
        }
        if (!ahead.extraGroups().equals(other.extraGroups())) {
            differ.add("groups");
        }
        if (ahead.container() != other.container()) {
            differ.add("container");
        }
        if (!ahead.environment().equals(other.environment())) {
            differ.add("environment");
        }
        if (!ahead.command().equals(other.command())) {
            differ.add("command");
        }
        if (!launchSteps(ahead.setup()).equals(launchSteps(other.setup()))) {
            differ.add("namespace or terminal steps");
        }
        return differ;
    }

    /** The setup steps a runner is started with (namespaces, terminal): all of them but the file-system ones. */
    private static List<RunnerSetup> launchSteps(List<RunnerSetup> setup) {
        return setup.stream().filter(step -> step instanceof RunnerSetup.PrivateIpc || step instanceof RunnerSetup.PrivateNetwork
                || step instanceof RunnerSetup.PrivateProcesses || step instanceof RunnerSetup.NoControllingTerminal).toList();
    }
}
