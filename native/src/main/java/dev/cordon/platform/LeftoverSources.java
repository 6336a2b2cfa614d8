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

    /**
     * The facts of one path, found without following a symlink anywhere on the way (Linux: {@code openat2} with
     * {@code RESOLVE_NO_SYMLINKS}); empty when nothing is there (any more). A symlink on the way is {@link Refused}.
     */
    Optional<PathFacts> inspect(Path path) throws IOException;

    /**
     * Moves the leftover {@code path} into the root-only directory {@code into} as its new entry {@code name}, by
     * descriptors (R27): the leftover's directory is opened without following a symlink anywhere on the way and must
     * be {@code parentIdentity} ({@link PathFacts#identity}); the leftover is taken from that descriptor and must be
     * {@code identity}; a move within the filesystem is one {@code rename} from it, read back (another inode moved in a
     * race is put back), a move across filesystems a copy of exactly that inode, then its deletion by descriptors.
     * {@link Refused} when something is not the scanned one (nothing moved);
     * {@link java.nio.file.NoSuchFileException} when it is gone. On any other failure, whatever {@code into/name}
     * holds afterwards is kept by the caller: this deletes only its own partial copies. A copy holding an inode none
     * of {@code owners} owns (a directory below was swapped during the copy, R32) is deleted and {@link Refused}.
     */
    void moveOut(Path path, String identity, String parentIdentity, Path into, String name, Set<Principal> owners)
            throws IOException;

    /**
     * Moves {@code from} (in a root-only directory) back to {@code to}, by descriptors: {@code to}'s directory is
     * opened without following a symlink anywhere on the way and must be {@code parentIdentity} (null: an entry that
     * recorded none, of an older Cordon, where no symlink on the way is all that is checked); {@code to} must not
     * exist. {@link Refused} otherwise, nothing moved.
     */
    void moveBack(Path from, Path to, String parentIdentity) throws IOException;

    /**
     * Deletes {@code path} and everything below it by descriptors, never following a symlink (R27): its directory is
     * opened without a symlink on the way and the entry must be {@code identity} (null: not checked, for root-only
     * places such as the quarantine). {@link Refused} when it is not (nothing deleted); a missing path is a no-op.
     */
    void delete(Path path, String identity) throws IOException;

    /**
     * The object at a path is not the one the janitor was told to act on — replaced, moved, reached through a symlink
     * now: nothing was changed. The message says which path and why.
     */
    final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

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
     * its apparent size and modification time. {@code identity}: the platform's full identity of the object (Linux:
     * device, inode, birth time and file handle, {@code FileStat.InodeKey}'s text), what {@link #moveOut},
     * {@link #moveBack} and {@link #delete} check; null where the platform has none beyond device and inode.
     */
    record PathFacts(Kind kind, Principal owner, Principal group, String permissions, long device, long inode, long size,
                     Instant modified, String identity) {
        public enum Kind { FILE, DIRECTORY, SYMLINK, SOCKET, FIFO, OTHER }

        /** What a path named when it was read: {@link #identity}, else {@code device:inode}. */
        public String fileKey() {
            return identity != null ? identity : device + ":" + inode;
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
     * An object outside the file system (Linux: a SysV shared memory segment, message queue or semaphore set; a kernel
     * key the doctor's keyring probe left in a sandbox account's user keyring).
     *
     * @param key         what names it: {@code id:key} for SysV IPC, {@code id:description} for a key
     * @param owner       the owner, or its creator when the owner is not one of the accounts asked about
     * @param inUse       processes are attached to it
     * @param description what a person reads, e.g. {@code sysv shm 32774 (key 0x43001234)}
     */
    record SystemObject(Kind kind, String key, Principal owner, long bytes, boolean inUse, Instant changed,
                        String description) {
        public enum Kind { IPC_SHM, IPC_MSG, IPC_SEM, KEY }

        /** How the description of every key the doctor makes starts: the janitor looks for these. */
        public static final String DOCTOR_KEY_PREFIX = "cordon-doctor-";
    }
}
