package dev.cordon.leftovers;

import dev.cordon.core.Principal;

import java.time.Instant;
import java.util.List;

/**
 * One thing a sandbox account left behind: a top-most sandbox-owned path under a scanned root, a process that
 * belongs to no live session, a SysV IPC object in the host's namespace, a key the doctor left in a sandbox
 * account's kernel keyring, or a session whose host is gone and that
 * no host reaped (its directory, scratch mounts, cgroup and grants).
 *
 * @param id          stable for the scan (hash of kind, path and inode; or of pid and start time)
 * @param kind        what it is
 * @param principal   the owner (a sandbox account's uid or SID); null for a session
 * @param owner       the account name, or the id as text when the account no longer exists; for a session, its host
 * @param path        the path (files), null for processes
 * @param fileKey     {@code device:inode} of the path when scanned (files), null for processes; guards against
 *                    acting on a different object that later took the same path
 * @param pid         the process id (processes), null for files
 * @param startTicks  the process start time in clock ticks since boot (processes): guards against pid reuse
 * @param command     the command line (processes), what is left of it (sessions), what the OS calls it (system
 *                    objects, e.g. {@code sysv shm 32774 (key 0x43001234)}), null for files
 * @param sizeBytes   files: apparent size (a directory: the sum over everything under it); processes: resident memory
 * @param since       files: newest modification time (for a directory, of anything under it); processes: start time
 * @param inUse       files: some process has it, or something under it, open or as its working directory;
 *                    processes: always true
 * @param usedBy      pids holding the file (empty for processes, and for sockets bound by an unknown process)
 * @param otherOwners a directory: the owners other than the sandbox's of something under it (the sandbox moved
 *                    someone else's files in). Such a directory is never moved or deleted as a whole, only reported.
 *                    Empty for everything else.
 */
public record Leftover(String id, Kind kind, Principal principal, String owner, String path, String fileKey, Integer pid,
                       Long startTicks, String command, long sizeBytes, Instant since, boolean inUse,
                       List<Integer> usedBy, List<Principal> otherOwners) {

    public Leftover {
        usedBy = List.copyOf(usedBy);
        otherOwners = List.copyOf(otherOwners);
    }

    /** Ids in the order people read them: an unknown owner first, uids by number, SIDs by text. */
    public static final java.util.Comparator<Principal> ID_ORDER = java.util.Comparator
            .comparing((Principal id) -> id instanceof Principal.Unknown ? Integer.MIN_VALUE
                    : id instanceof Principal.PosixId p ? p.number() : Integer.MAX_VALUE)
            .thenComparing(Principal::value);

    /** In {@link #otherOwners}: an entry whose owner could not be read, counted as someone else's (fail closed). */
    public static final Principal UNREADABLE_OWNER = Principal.unknown(Principal.Kind.USER);

    /** Holds inodes of owners other than the sandbox's: never quarantined, purged or deleted whole. */
    public boolean holdsOthersFiles() {
        return !otherOwners.isEmpty();
    }

    public enum Kind {
        FILE, DIRECTORY, SYMLINK, SOCKET, FIFO, OTHER, PROCESS,
        /** SysV IPC objects in the host's namespace: {@code fileKey} is {@code id:key}, {@code path} is null. */
        IPC_SHM, IPC_MSG, IPC_SEM,
        /** A key the doctor left in a sandbox account's kernel keyring: {@code fileKey} is {@code id:description}. */
        KEY,
        /** A session whose host is gone: {@code path} is its directory, {@code command} what is left of it. */
        SESSION;

        /** Lowercase, as printed and as written to JSON. */
        public String label() {
            return name().toLowerCase();
        }
    }

    public boolean isProcess() {
        return kind == Kind.PROCESS;
    }

    public boolean isIpc() {
        return kind == Kind.IPC_SHM || kind == Kind.IPC_MSG || kind == Kind.IPC_SEM;
    }

    /** Outside the file system and not a process: SysV IPC objects and kernel keys, removed rather than quarantined. */
    public boolean isSystemObject() {
        return isIpc() || kind == Kind.KEY;
    }

    public boolean isSession() {
        return kind == Kind.SESSION;
    }

    /**
     * The path, {@code pid N (command)} for a process, {@code sysv shm ID (key K)}, {@code session DIR (what)}: what a
     * person reads in a list.
     */
    public String describe() {
        return isProcess() ? "pid " + pid + " (" + command + ")" : isSystemObject() ? command
                : isSession() ? "session " + path + " (" + command + ")" : path;
    }

    /**
     * Whether every whitespace-separated term of {@code filter} occurs (ignoring case) in the kind, owner, what it is
     * ({@link #describe}: path, pid and command) or "in use": the panel's filter box and {@code cordon leftovers
     * --match} alike. A blank filter matches everything.
     */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String haystack = (kind.label() + " " + owner + " " + describe() + " " + (inUse ? "in use" : ""))
                .toLowerCase(java.util.Locale.ROOT);
        return java.util.Arrays.stream(filter.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+"))
                .allMatch(haystack::contains);
    }
}
