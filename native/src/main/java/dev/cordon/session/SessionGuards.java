package dev.cordon.session;

import dev.cordon.platform.RunnerSetup;
import dev.cordon.runner.ChannelGuard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a session's runner is started with that only tests ever lower: the local-channel guards (all of them, except
 * in tests that prove a doctor probe notices one switched off) and how many directories the git protection search may
 * visit ({@link ProtectionSearch#MAX_DIRECTORIES}, except in tests that prove a runner start refuses a search that
 * stopped early without creating 100,000 directories). Nothing a user controls (CLI flag, environment, configuration,
 * host request) reaches anything but {@link #ALL}.
 */
public record SessionGuards(Set<ChannelGuard> channels, int protectionBound) {
    public static final SessionGuards ALL = new SessionGuards(ChannelGuard.ALL, ProtectionSearch.MAX_DIRECTORIES);

    public SessionGuards {
        channels = Set.copyOf(channels);
        if (protectionBound < 1) {
            throw new IllegalArgumentException("protectionBound must be positive: " + protectionBound);
        }
    }

    /** These with only {@code on} of the channel guards. */
    public SessionGuards withChannels(Set<ChannelGuard> on) {
        return new SessionGuards(on, protectionBound);
    }

    /** These with the git protection search bounded at {@code directories}. */
    public SessionGuards boundedAt(int directories) {
        return new SessionGuards(channels, directories);
    }

    boolean on(ChannelGuard guard) {
        return channels.contains(guard);
    }

    /**
     * The setup steps a runner for {@code mode} is started with that these guards ask for (a private IPC namespace, a
     * pid namespace, an offline runner's network namespace, no controlling terminal), in the order of a runner's setup:
     * the steps that are not file-system steps. {@code hostLoopback}: the instance lets the offline account reach a
     * local proxy on the host's loopback (`cordon setup --allow-loopback-port`), which a network of its own would not
     * reach: offline runners then stay in the host's (docs/architecture.md, "Not covered").
     */
    List<RunnerSetup> launchSteps(NetworkMode mode, boolean hostLoopback) {
        List<RunnerSetup> steps = new ArrayList<>();
        if (mode == NetworkMode.OFFLINE && !hostLoopback && on(ChannelGuard.NETWORK)) {
            steps.add(new RunnerSetup.PrivateNetwork());
        }
        if (on(ChannelGuard.IPC)) {
            steps.add(new RunnerSetup.PrivateIpc());
        }
        if (on(ChannelGuard.PROCESSES)) {
            steps.add(new RunnerSetup.PrivateProcesses());
        }
        if (on(ChannelGuard.TERMINAL)) {
            steps.add(new RunnerSetup.NoControllingTerminal());
        }
        return steps;
    }
}
