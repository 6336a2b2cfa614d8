package dev.cordon.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How a session's runner confines every command it starts (L3 → L4), as the runner's hello frame tells it.
 *
 * @param container     the session's process container the runner makes each command's own inside: the delegated
 *                      cgroup v2 directory on Linux, the job object's name on Windows; null when there is none
 * @param writable      roots a command may write beneath (workspace, extra roots, the session's temp and home)
 * @param hidden        paths a command may not read (the state directory, trees lent to other sessions)
 * @param refusals      what commands may not do beyond the file rules
 * @param privateMemory the runner's memory, descriptors and maps are out of its commands' reach
 * @param ownKeyring    the runner drops the caller's credential store (keyring) for a fresh, empty one
 * @param socketDirs    the only directories beneath which a command may bind a pathname (Unix) socket: the session's
 *                      own HOME and TMPDIR, which no other session can enter (Linux: Landlock {@code MAKE_SOCK}); a
 *                      socket in a shared workspace would be a channel between sessions no firewall sees
 */
public record CommandConfinement(Path container, List<Path> writable, List<Path> hidden, Set<Refusal> refusals,
                                 boolean privateMemory, boolean ownKeyring, List<Path> socketDirs) {
    public CommandConfinement {
        writable = List.copyOf(writable);
        hidden = List.copyOf(hidden);
        refusals = Set.copyOf(refusals);
        socketDirs = List.copyOf(socketDirs);
    }

    /** What a command may not do, each refused by the OS for the command and everything it starts. */
    public enum Refusal {
        /** Pushing input into a terminal ({@code TIOCSTI}, {@code TIOCLINUX}). */
        TERMINAL_INJECTION,
        /** Reaching a credential store through the kernel keyrings. */
        KEYRINGS,
        /** Creating namespaces (new mount, user, network... views to escape into). */
        NAMESPACES
    }
}
