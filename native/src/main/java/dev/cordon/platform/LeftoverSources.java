package dev.cordon.platform;

import dev.cordon.core.Principal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the sandbox accounts leave things behind outside their sessions, read and removed the OS's way. The janitor
 * ({@code dev.cordon.leftovers}) decides what is a leftover and what to do with it; this says what is there.
 * Processes are the {@link ProcessTable}'s.
 *
 * <p>Linux: files under {@code /tmp}, {@code /var/tmp}, {@code /dev/shm} by their {@code lstat} owner; what processes
 * hold from {@code /proc/[pid]/{fd,maps,cwd,root,exe}} and {@code /proc/net/unix}; SysV IPC objects from
 * {@code /proc/sysvipc}, removed with {@code ipcrm}. Windows: {@code C:\Users\TEMP.*} and the accounts' temporary
 * folders by owner SID; what processes hold from the Restart Manager ({@code RmGetList}); the profile-list keys
 * ({@code HKLM\...\ProfileList}, see {@code platform.windows.ProfileClassifier}), removed with {@code DeleteProfileW}.
 */
public interface LeftoverSources {
    /** The temporary places every account can write to outside a session, existing or not. */
    List<Path> temporaryRoots();

    /** The facts of one path, not following a link; empty when nothing is there (any more). */
    Optional<PathFacts> inspect(Path path) throws IOException;

    /** What processes hold open now; processes that exit while being read are left out. */
    HeldPaths heldPaths(Consumer<String> warnings);

    /** The objects outside the file system that outlive every process, of which {@code owners} own or made one. */
    List<SystemObject> systemObjects(Set<Principal> owners, Consumer<String> warnings);

    /** Removes {@code object} if it is still the scanned one (same id and key, same owner). */
    Removal remove(SystemObject object);

    /** How a {@link #remove} went; {@code detail} says what was done or why not. */
    record Removal(Result result, String detail) {
        public enum Result {
            REMOVED,
            /** It no longer exists. */
            GONE,
            /** It is no longer the scanned object (another owner): scan again. */
            CHANGED,
            /** The OS refused. */
            FAILED
        }
    }

    /**
     * One path as read: its owner, group and permission bits (the form {@code 0640}), where it lives (the device or
     * volume and the inode or file id: with them a later check sees whether the path still names the same object),
     * its apparent size and modification time.
     */
    record PathFacts(Kind kind, Principal owner, Principal group, String permissions, long device, long inode, long size,
                     Instant modified) {
        public enum Kind { FILE, DIRECTORY, SYMLINK, SOCKET, FIFO, OTHER }

        /** {@code device:inode}: what a path named when it was read. */
        public String fileKey() {
            return device + ":" + inode;
        }
    }

    /**
     * @param holders    every path some process has open, runs in, runs or maps, and every bound socket path, each with
     *                   its ancestors, to the pids holding it (empty for a socket bound by an unknown process): a
     *                   directory is in use exactly when it is a key
     * @param unreadable pids whose holdings even an administrator may not read, so they were not considered
     */
    record HeldPaths(Map<String, Set<Integer>> holders, Set<Integer> unreadable) {
    }

    /**
     * An object outside the file system (Linux: a SysV shared memory segment, message queue or semaphore set).
     *
     * @param key         what names it: {@code id:key} for SysV IPC
     * @param owner       the owner, or its creator when the owner is not one of the accounts asked about
     * @param inUse       processes are attached to it
     * @param description what a person reads, e.g. {@code sysv shm 32774 (key 0x43001234)}
     */
    record SystemObject(Kind kind, String key, Principal owner, long bytes, boolean inUse, Instant changed,
                        String description) {
        public enum Kind { IPC_SHM, IPC_MSG, IPC_SEM }
    }
}
