package dev.cordon.platform;

import dev.cordon.core.Caller;
import dev.cordon.core.Principal;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Lending a developer's directory trees to a session for its lifetime, and giving them back exactly: the workspace
 * access seam. A session gets a principal of its own for its grants, which its runner holds and no other session does
 * (Linux: a group id from a reserved range, the runner's supplementary group, POSIX ACL entries for it; Windows: a
 * per-session capability SID in the runner's restricted token, ACEs for it set with {@code SetNamedSecurityInfoW}).
 * Every grant is recorded before it is made and outlives the host ({@link HostIdentity}), so a crashed host's grants
 * go back at the next session start, host start or uninstall ({@link LentWorkspaces}). A non-root lender lends only
 * what it could read and write itself (checked with its own credentials on what is then lent); what the sandbox
 * created goes back to the lender (root: to each root's owner); what was there before comes back byte for byte.
 */
public interface WorkspaceAccess extends LentWorkspaces {
    /**
     * Lends {@code roots} (canonical, symlink-free directories) to {@code session} for a principal of its own and
     * returns it (Linux: the group id its runner must hold; Windows: the capability SID of its restricted token). World-writable roots are held (no other session's root may
     * lie in or around them) but not changed. {@code CONFLICT} for a root that is, contains or lies inside another live
     * session's root; {@code FORBIDDEN} for what a non-root {@code lender} could not read and write itself.
     * {@code sandboxAccounts}: the sandbox accounts' ids, whose files the hand-back gives to the lender.
     * {@code lenderUmask}: the lender's umask ({@link #ownUmask()} when the lender is this process); the owner's files
     * made during the session, and the sandbox's after the hand-back, get no wider modes than it gives (Linux: the
     * default ACL's {@code group::} and {@code other::} entries; Windows: no umask, the inherited DACL decides).
     */
    Principal lend(String session, List<Path> roots, Set<Principal> sandboxAccounts, Caller lender, int lenderUmask);

    /** One rename of {@link #renameAsSession}: {@code entry} to {@code target}, beside it. */
    record Rename(Path entry, Path target) {
    }

    /**
     * Renames each entry to its target, never replacing anything, as the session would: as {@code account} holding the
     * session's principal {@code sessionPrincipal} as its runner does (Linux: the {@code cordon-rename} program, which
     * becomes the account and calls {@code renameat2(RENAME_NOREPLACE)} for each, all in one process; Windows:
     * {@code MoveFileExW} without {@code MOVEFILE_REPLACE_EXISTING} while impersonating the account's restricted token),
     * so it only undoes what the session could do and follows no path as the superuser. Returns, for each rename in
     * order, what the OS said when it failed, {@code ""} when it succeeded or said nothing; the caller looks at the
     * result on disk.
     */
    List<String> renameAsSession(Account account, Principal sessionPrincipal, List<Rename> renames);

    /** Where no session may be lent a root ({@code session.WorkspaceGuard} refuses them for everyone). */
    SystemTrees systemTrees();

    /**
     * Who owns what is at {@code path} itself (a link is not followed): what git's ownership check looks at, so the
     * session's repository searches tell the sandbox's {@code .git} from the developer's (Linux: the {@code lstat}
     * uid; Windows: the owner SID of the object opened with {@code FILE_FLAG_OPEN_REPARSE_POINT}).
     */
    Principal owner(Path path);

    /** The file-creation mask of this process (Linux: {@code Umask:} in {@code /proc/self/status}; Windows: none, 022). */
    int ownUmask();

    /**
     * At session end (every process of it gone): gives back what {@code session} was lent, and frees its principal.
     * Returns warnings for the session's end report: what could not be cleaned up where nothing was lent (a world-writable
     * root, R22) — the session ends anyway, the doctor lists it, and the next session start tries again. A failure to give
     * back what was lent throws (the session stays stuck).
     */
    List<String> giveBack(String session);

    /**
     * Gives back what hosts that are gone (crashed, killed) still held; one line per root given back, and the warnings of
     * {@link #giveBack} for them (a planted git directory's {@code HEAD} renamed, R48).
     */
    List<String> giveBackDeadHosts();

    /** What is lent now to sessions whose files go to someone other than {@code owner}: a session of {@code owner}'s hides it. */
    List<Path> lentToOthersThan(Principal owner);

    /** The roots lent right now (by any host, live or not); world-writable roots, held but not lent, are not among them. */
    List<Path> lentRoots();

    /**
     * Runs {@code work} with a non-root {@code caller}'s own view of the file system (Linux: {@code AsUser}, a thread
     * with the caller's filesystem uid, gid and groups), so that what it resolves, and the errors it reports, are only
     * what the caller could see itself (R21: the workspace guard and {@code --allow-socket}).
     */
    <T> T asCaller(Caller caller, java.util.function.Supplier<T> work);

    /**
     * The bytes of the regular file at {@code file} (symlinks followed), at most {@code maxBytes}, read with the
     * calling thread's identity (inside {@link #asCaller}: the caller's) and never opening what is not a regular file
     * (a FIFO, a device: refused with an {@code IOException} naming it, nothing waits). {@code NoSuchFileException} when
     * nothing is there. For files a member or the sandbox wrote (a repository's git config, R37).
     */
    byte[] readRegularFile(Path file, int maxBytes) throws java.io.IOException;

    /** {@code caller} could connect to the Unix socket {@code socket} itself, or {@code FORBIDDEN} ({@code --allow-socket}). */
    void requireConnectable(Caller caller, Path socket);
}
