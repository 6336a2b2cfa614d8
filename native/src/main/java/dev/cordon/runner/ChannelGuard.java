package dev.cordon.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The protections of a session against local channels around the offline cut-off and between sessions. Every product
 * path runs with {@link #ALL}; only code can switch one off (tests do, to show that the doctor's live probe then
 * fails): there is no CLI flag, environment variable or configuration file for it.
 */
public enum ChannelGuard {
    /** The runner has no controlling terminal (its own session); seccomp refuses {@code TIOCSTI} and {@code TIOCLINUX}. */
    TERMINAL,
    /**
     * A private IPC namespace per runner (SysV IPC, POSIX message queues); the runner joins a fresh session keyring
     * (drops the host caller's); seccomp refuses the keyring syscalls.
     */
    IPC,
    /** seccomp refuses namespace creation: unshare/clone with CLONE_NEW*, setns, and clone3 for commands. */
    NAMESPACES,
    /** The runner is not dumpable: commands cannot read its memory, maps or descriptors through /proc. */
    RUNNER_MEMORY,
    /**
     * A pid namespace per runner with its own {@code /proc} (R46): commands see only their session's processes, not
     * the host's, other sessions' or the waiting spare's (their command lines included).
     */
    PROCESSES,
    /**
     * Pathname Unix sockets outside the session are out of reach: private /tmp, /var/tmp, /dev/shm and /run, and
     * /dev/null over every other bound socket, in the runner's mount namespace ({@code SocketIsolation}).
     */
    SOCKETS,
    /**
     * An offline runner in a network namespace of its own, loopback only (Y4): the names of its sockets, its listening
     * ports and its abstract Unix sockets are not listed to ({@code /proc/net}) nor reachable from the host's
     * namespace, where other sessions and local users are, and nothing there reaches it.
     */
    NETWORK;

    public static final Set<ChannelGuard> ALL = Set.copyOf(EnumSet.allOf(ChannelGuard.class));

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The hello frame names the guards switched off; none named means all are on. */
    public static void writeOff(Set<ChannelGuard> on, ArrayNode off) {
        for (ChannelGuard g : values()) {
            if (!on.contains(g)) {
                off.add(g.label());
            }
        }
    }

    static Set<ChannelGuard> readOn(JsonNode off) {
        EnumSet<ChannelGuard> on = EnumSet.allOf(ChannelGuard.class);
        off.forEach(n -> on.removeIf(g -> g.label().equals(n.asText())));
        return Set.copyOf(on);
    }
}
