package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.platform.CommandConfinement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the host tells a runner once, in its hello frame.
 *
 * @param sessionId  the session
 * @param container  the session's process container, the hello frame's {@code cgroup} (on Linux its delegated
 *                   cgroup v2 directory: the runner makes one child per command in it, and one for itself); null: none
 * @param writable   roots every command may write beneath (workspace, extra roots, session temp and home)
 * @param hidden     paths no command may read (the state directory)
 * @param guards     the channel guards that are on (all, unless a test switched one off)
 * @param socketDirs the only directories commands may bind pathname sockets beneath (the session's HOME and TMPDIR;
 *                   every writable root when the hello names none)
 */
public record RunnerConfig(String sessionId, Path container, List<Path> writable, List<Path> hidden,
                           Set<ChannelGuard> guards, List<Path> socketDirs) {
    static RunnerConfig from(JsonNode hello) {
        Path cg = hello.path("cgroup").isTextual() ? Path.of(hello.path("cgroup").asText()) : null;
        List<Path> writable = paths(hello.path("writable"));
        return new RunnerConfig(hello.path("session").asText(), cg, writable, paths(hello.path("hidden")),
                ChannelGuard.readOn(hello.path("guardsOff")),
                hello.has("socketDirs") ? paths(hello.path("socketDirs")) : writable);
    }

    /** How the runner confines its commands and itself, by the session's channel guards. */
    CommandConfinement confinement() {
        return new CommandConfinement(container, writable, hidden, refusals(guards), guards.contains(ChannelGuard.RUNNER_MEMORY),
                guards.contains(ChannelGuard.IPC), socketDirs);
    }

    /** What the commands may not do, by the session's channel guards. */
    static Set<CommandConfinement.Refusal> refusals(Set<ChannelGuard> guards) {
        Set<CommandConfinement.Refusal> out = EnumSet.noneOf(CommandConfinement.Refusal.class);
        if (guards.contains(ChannelGuard.TERMINAL)) {
            out.add(CommandConfinement.Refusal.TERMINAL_INJECTION);
        }
        if (guards.contains(ChannelGuard.IPC)) {
            out.add(CommandConfinement.Refusal.KEYRINGS);
        }
        if (guards.contains(ChannelGuard.NAMESPACES)) {
            out.add(CommandConfinement.Refusal.NAMESPACES);
        }
        return out;
    }

    static List<Path> paths(JsonNode array) {
        List<Path> out = new ArrayList<>();
        array.forEach(n -> out.add(Path.of(n.asText())));
        return List.copyOf(out);
    }
}
