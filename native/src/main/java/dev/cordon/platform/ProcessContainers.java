package dev.cordon.platform;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The session containers of one instance (Linux: cgroups under the instance's own prefix; Windows: named job objects
 * {@code Global\cordon-<instance>-<session>}).
 */
public interface ProcessContainers {
    /** A new, empty container for {@code session}, bounded by {@code limits}; half-made ones are removed again. */
    ProcessContainer create(String session, ProcessLimits limits);

    /**
     * Kills and removes every container whose session {@code live} does not claim; each is asked about after the
     * containers were listed, so a session started meanwhile is spared.
     */
    void reapAllExcept(Predicate<String> live);

    /** Kills and removes the container of {@code session}, if it has one. */
    void reap(String session);

    /**
     * What groups this instance's containers on the system and outlives them (Linux: its {@code <prefix>} cgroup
     * directories, one per hierarchy in use), for uninstall's plan; empty where containers leave nothing behind
     * (Windows: job objects go with their last handle).
     */
    default List<String> instanceRoots() {
        return List.of();
    }

    /** Kills and removes every container of this instance, then {@link #instanceRoots} (uninstall). */
    default void removeAll() {
        reapAllExcept(session -> false);
    }

    /** The session whose container holds process {@code pid} now, if any (asked at the moment, never cached). */
    Optional<String> sessionOf(long pid);
}
