package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import dev.cordon.platform.HostIdentity;
import dev.cordon.platform.ProcessStarts;
import dev.cordon.core.Caller;
import dev.cordon.core.Exec;
import dev.cordon.core.Principal;
import dev.cordon.core.CordonException;
import dev.cordon.platform.linux.sys.MountInfo;
import dev.cordon.core.ExitCode;
import dev.cordon.core.AgentConfigs;
import dev.cordon.core.GitDirectory;
import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.platform.SystemTrees;
import dev.cordon.platform.linux.AsUser;
import dev.cordon.platform.linux.FileStat;
import dev.cordon.platform.linux.Passwd;
import dev.cordon.platform.linux.FileStat.InodeKey;
import dev.cordon.platform.linux.PathFd;
import dev.cordon.platform.linux.PosixAcl;
import dev.cordon.platform.linux.PosixAcl.Entry;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.platform.linux.sys.SealedProgram;
import dev.cordon.platform.WorkspaceAccess;
import dev.cordon.platform.linux.GrantRegistry.LentRoot;
import dev.cordon.platform.linux.GrantRegistry.TraverseGrant;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lets a session's sandbox accounts write a developer's workspace for the session's lifetime, and gives it back.
 *
 * <p>A root the sandbox cannot already write gets a POSIX ACL entry for the session's own group ({@link SessionGroupIds},
 * held by that session's runner alone, never the sandbox accounts' group: every session runs as those accounts) on every
 * inode it lends ({@code rw}, {@code x} for directories and executables; directories also a default ACL with that group
 * and the hand-back owner, so new files stay editable by both), and each ancestor that others cannot traverse gets a
 * traverse-only entry for it. A non-root lender lends only a tree it could read and write itself ({@link LendCheck}, every
 * inode checked with its credentials); root lending a user's tree lends only that user's inodes in it (a root-owned
 * build output, or a hard link to another owner's file, is not opened up: the sandbox gets no more than the owner could
 * do). Existing group-class entries are first reduced to what the old mask let through, so the wider mask changes no one
 * else's effective permissions.
 *
 * <p>Every step is done as root on inodes reached through directory descriptors ({@link TreeWalk}, {@link PathFd}):
 * never by path, never through a symlink. Before anything changes, every inode of the tree is saved by (device, inode)
 * with its mode and exact ACL attributes, in a {@link GrantRegistry} record that outlives the session and the host. The
 * hand-back walks the tree the same way and acts only on:
 * <ul>
 *   <li>inodes saved at grant time: their ACL attributes written back byte for byte and their group permission bits
 *       (which an ACL mask overrides) put back; owner and group are never touched;</li>
 *   <li>inodes owned by a sandbox account: given to the hand-back owner ({@code fchownat}), with the ACL they would have
 *       inherited from their directory's original default ACL, or none and the mode the owner's umask would have made
 *       (the lender's umask, recorded at lend time: the sandbox's own bits, never wider, setuid/setgid/sticky dropped);</li>
 *   <li>other inodes (the developer's, created or moved in during the session): rebuilt the same way, keeping their
 *       owner — a default ACL or a setgid group the sandbox put on a directory of its own shaped them (R5, R6), and the
 *       sandbox may have moved them anywhere in the tree; their group is the one their directory gives (the owner's
 *       primary group, or a trusted setgid directory's), never one they carried in (a sandbox's, R6, or a third user's,
 *       R25); setuid dropped, setgid kept only below such a setgid directory, a directory's sticky bit kept. A file of
 *       the developer's with a link outside the lent trees (another user hard-linked it into a directory the sandbox
 *       made, R15) was not made here: only the session's entries and a sandbox group go — the walk counts each such
 *       inode's links first and decides in a second walk;</li>
 *   <li>other users' inodes: the session's entries and the developer's go, a sandbox group goes to their primary group.
 *       </li>
 * </ul>
 * Except a {@code .git} the sandbox created (directory, file or symlink), and a directory it created that holds
 * {@code HEAD} and {@code objects} or {@code commondir} (a git directory by any other name: a bare repository, a gitdir
 * a {@code .git} file names, R40), and
 * everything in them: they stay the sandbox's, so that git's ownership check refuses them to the developer instead of
 * running their config (docs/architecture.md, "What a session protects of git"); only the session group's entries are
 * removed there, the owner's entry stays so the developer can remove them. The stop names the second kind.
 * A directory that is not the sandbox's but that git takes for a git directory, holding a {@code HEAD},
 * {@code commondir}, {@code objects}, {@code refs} or {@code config} the sandbox owns, or that was no git directory
 * when the tree was lent (the lend records which were, in the root's inode file) and lies in none that was, has its
 * {@code HEAD} renamed before anything in it is given back (R48: git's ownership check looks at the directory, its
 * owner's), as the walk at session end does where it reaches; the stop names it.
 * Every saved inode is accounted for (R26): one the walks did not meet is looked for by the file handle saved with it;
 * gone for sure, it needs nothing; found elsewhere (someone who can write a directory in the tree moved it out), it is
 * restored there, and a directory holding anything of the session's keeps the root's record (narrowed to it, a
 * {@code remnant}: the tree itself is given back and may be lent again) until it is moved back or its records removed,
 * with a warning at session end and a line in {@link #stuck()}.
 * A second lend of a root that is, contains or lies inside a root already lent is refused (CONFLICT), naming the holder:
 * two hand-backs of one tree cannot both be right. Ancestors are shared and reference-counted.
 */
public final class WorkspaceGrants implements WorkspaceAccess {
    /** The umask of records and tests that name none: the default of Debian's login.defs and of most shells. */
    static final int DEFAULT_UMASK = 022;
    private final GrantRegistry registry;
    /** The platform's process start times: they name the host of each grant in its record. */
    private final ProcessStarts starts;
    /**
     * An {@code O_PATH} descriptor of each root this process lent or holds, by session and root index, kept for the
     * session's life (R18): the hand-back walks the directory that was lent wherever it has been moved or renamed
     * meanwhile, never whatever a path names then. Static: every {@code WorkspaceGrants} of the process shares them.
     */
    private static final Map<String, Map<Integer, PathFd>> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    public WorkspaceGrants(Instance instance, ProcessStarts starts) {
        this.registry = new GrantRegistry(instance);
        this.starts = starts;
    }

    /** Who gets the files the sandbox created: the caller's uid and group, or the root directory's owner. */
    public record HandBack(int uid, int gid) {
    }

    // ------------------------------------------------------------------ lend

    /**
     * Lends {@code roots} (canonical, symlink-free paths) to {@code session}, for a group of its own: picks the session's
     * grant group ({@link SessionGroupIds}), records it, and makes every entry for it. Its runner must hold that group
     * (a supplementary group) to use the grants; no other session does. Roots the sandbox can already write
     * (world-writable) are recorded as the session's, so no other session's root may lie inside or around them, but are
     * not touched. {@code lender} root: files the sandbox creates go to each root directory's owner at grant time;
     * anyone else may lend only trees it could read and write itself ({@link LendCheck}, checked with its own
     * credentials on the inodes that are then lent), and gets those files. Returns the session's grant group.
     */
    @Override
    public Principal lend(String session, List<Path> roots, Set<Principal> sandboxAccounts, Caller lender, int lenderUmask) {
        Set<Integer> sandboxUids = new java.util.HashSet<>();
        sandboxAccounts.forEach(id -> sandboxUids.add(PosixIds.number(id)));
        return Principal.gid(lend(session, roots, 0, sandboxUids, lender, lenderUmask, HostIdentity.current(starts)));
    }

    /** As {@link #lend(String, List, Set, Caller, int)}, umask 022; the session's gid. */
    int lend(String session, List<Path> roots, Set<Principal> sandboxAccounts, Caller lender) {
        return PosixIds.number(lend(session, roots, sandboxAccounts, lender, DEFAULT_UMASK));
    }

    /**
     * Where the system, its services and root keep programs, configuration and state ({@code /etc/cron.d},
     * {@code /usr/local/bin}, {@code /root/.ssh}, {@code /var/lib/…}, {@code /var/spool/cron}): all of {@code /var} except
     * what lies below {@code /var/tmp} and {@code /var/home} (the homes of image-based systems); {@code /tmp},
     * {@code /var/tmp} and the mount parents themselves, which hold everybody's files, are refused as a whole.
     * Directories below them stay allowed: a user's project in {@code /tmp/proj} or {@code /home/alice/proj}.
     */
    public static final SystemTrees SYSTEM_TREES = new SystemTrees(
            paths("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/proc", "/sys", "/dev", "/var", "/run", "/opt"),
            Path.of("/home"),
            paths("/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/root", "/proc", "/sys",
                    "/dev", "/run", "/opt", "/snap", "/var"),
            paths("/var/tmp", "/var/home"),
            paths("/tmp", "/var/tmp", "/var/home", "/srv", "/mnt", "/media"),
            "/home, /tmp, /var/tmp, /srv or /mnt");

    private static List<Path> paths(String... paths) {
        return java.util.Arrays.stream(paths).map(Path::of).toList();
    }

    @Override
    public SystemTrees systemTrees() {
        return SYSTEM_TREES;
    }

    /**
     * All in one {@code cordon-rename} ({@link SealedProgram}; V2: one {@code setpriv} + {@code mv} per planted entry
     * made a stop take 365 s for 60,000), which becomes the account with its primary group and the session's group
     * alone before it reads the pairs from its input. Without it (a build without gcc), {@code setpriv} + {@code mv -T
     * --no-clobber} for each ({@link AsAccount}).
     */
    @Override
    public List<String> renameAsSession(Account account, Principal sessionPrincipal, List<Rename> renames) {
        if (renames.isEmpty()) {
            return List.of();
        }
        java.util.Optional<String> program = SealedProgram.path("cordon-rename");
        if (program.isEmpty()) {
            return renames.stream().map(r -> Exec.run(renameCommand(account, sessionPrincipal, r.entry(), r.target()))
                    .stderr()).toList();
        }
        Exec.Result result = Exec.runWithInput(renameAllCommand(program.get(), account, sessionPrincipal),
                renamePairs(renames),
                java.util.Map.of(), 600);
        return renameResults(result, renames.size());
    }

    /**
     * {@code cordon-rename}'s input: each entry's absolute path and its new name, NUL after each, in the file system's
     * encoding ({@code sun.jnu.encoding}: a name Java could not decode stays unrenamed, and its line says so).
     */
    static byte[] renamePairs(List<Rename> renames) {
        java.nio.charset.Charset fs = java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        java.io.ByteArrayOutputStream pairs = new java.io.ByteArrayOutputStream();
        for (Rename r : renames) {
            if (!r.entry().isAbsolute() || r.entry().getParent() == null
                    || !r.entry().getParent().equals(r.target().getParent())) {
                throw new IllegalArgumentException("not a rename beside the entry: " + r);
            }
            pairs.writeBytes(r.entry().toString().getBytes(fs));
            pairs.write(0);
            pairs.writeBytes(r.target().getFileName().toString().getBytes(fs));
            pairs.write(0);
        }
        return pairs.toByteArray();
    }

    static List<String> renameAllCommand(String program, Account account, Principal sessionPrincipal) {
        return List.of(program, String.valueOf(PosixIds.uid(account)), String.valueOf(PosixIds.gid(account)),
                String.valueOf(PosixIds.number(sessionPrincipal)));
    }

    /**
     * What {@code cordon-rename} said of each of {@code count} renames: {@code ""} for "ok", the system's message for
     * "error …"; where it answered fewer (it could not become the account, or stopped), why, for each unanswered one.
     */
    static List<String> renameResults(Exec.Result result, int count) {
        List<String> lines = result.stdout().lines().toList();
        String why = result.stderr().isBlank() ? "cordon-rename exited with status " + result.exitCode()
                : result.stderr().strip();
        List<String> said = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = i < lines.size() ? lines.get(i) : null;
            said.add(line == null ? why : line.equals("ok") ? "" : line.startsWith("error ") ? line.substring(6) : line);
        }
        return said;
    }

    static List<String> renameCommand(Account account, Principal sessionPrincipal, Path entry, Path target) {
        return AsAccount.command(account, "--groups=" + PosixIds.number(sessionPrincipal),
                List.of("mv", "-T", "--no-clobber", "--", entry.toString(), target.toString()));
    }

    /** As {@link #lend(String, List, Set, Caller, int)}, umask 022, for {@code gid} (0: pick one; tests name one). */
    int lend(String session, List<Path> roots, int gid, Set<Integer> sandboxUids, Caller lender) {
        return lend(session, roots, gid, sandboxUids, lender, DEFAULT_UMASK, HostIdentity.current(starts));
    }

    /** As above, umask 022, recording {@code host} as the holder. */
    int lend(String session, List<Path> roots, int gid, Set<Integer> sandboxUids, Caller lender, HostIdentity host) {
        return lend(session, roots, gid, sandboxUids, lender, DEFAULT_UMASK, host);
    }

    @Override
    public Principal owner(Path path) {
        return PosixIds.owner(path);
    }

    @Override
    public int ownUmask() {
        return ProcStatus.umask(ProcStatus.SELF);
    }

    /**
     * As {@link #lend(String, List, Set, Caller)}, recording {@code host} as the holder, for {@code gid} (0: pick one;
     * tests give one so that they can name it).
     */
    int lend(String session, List<Path> roots, int gid, Set<Integer> sandboxUids, Caller lender, int umask,
             HostIdentity host) {
        if ((umask & ~0777) != 0) {
            throw CordonException.usage("umask " + Integer.toOctalString(umask) + " is not a file-creation mask.",
                    "Give three octal digits, e.g. 022 or 077.");
        }
        if (!lender.isRoot()) {
            // before anything else, so a refusal says nothing about other sessions' roots
            roots.forEach(r -> LendCheck.requireRoot(lender, r));
        }
        HandBack handBack = lender.isRoot() ? null : new HandBack(PosixIds.uid(lender), primaryGroup(lender));
        return registry.locked(() -> {
            registry.forgetUnfinished();
            Set<Path> open = new HashSet<>();
            for (Path r : roots) {
                if (writableByAnyone(r)) {
                    open.add(r);
                }
            }
            refuseOverlaps(roots, open);
            int group = registry.sessionGroup(session).map(GrantRegistry.SessionGroup::gid)
                    .orElse(gid);
            if (group == 0) {
                group = SessionGroupIds.pick(registry.gidsInUse());
            }
            registry.recordSessionGroup(new GrantRegistry.SessionGroup(session, host, group));
            List<Path> needing = roots.stream().filter(r -> !open.contains(r)).toList();
            // a root inside another lent root of the same session is covered by the outer walk
            List<Path> outer = needing.stream().filter(r -> needing.stream().noneMatch(o -> !o.equals(r) && r.startsWith(o)))
                    .distinct().toList();
            int index = 0;
            for (Path r : outer) {
                lendRoot(session, index++, r, group, sandboxUids, handBack, lender, umask, host);
            }
            for (Path r : open.stream().sorted().toList()) {
                holdOpenRoot(session, index++, r, group, sandboxUids, umask, host);
            }
            return group;
        });
    }

    /** A world-writable root: nothing to lend, but the session holds it (see {@link #refuseOverlaps}). */
    private void holdOpenRoot(String session, int index, Path root, int gid, Set<Integer> uids, int umask,
                              HostIdentity host) throws IOException {
        try (PathFd fd = openRoot(root)) {
            FileStat st = fd.stat();
            registry.recordLentRoot(new LentRoot(session, index, host, root, st.key(), gid, Set.copyOf(uids), st.uid(),
                    st.gid(), umask, false, null, epochNanos(), FileHandle.of(fd).orElse(null)), List.of(), List.of());
            hold(session, index, fd);
        }
    }

    /**
     * The group files go back with: the account's primary group, not the gid the lender happened to connect with (a
     * client run with the host's group as its gid would otherwise hand every member read access to them).
     */
    private static int primaryGroup(Caller lender) {
        return Passwd.load().user(PosixIds.uid(lender)).map(PosixIds::gid).orElse(PosixIds.gid(lender));
    }

    /**
     * Refuses a root that is, contains or lies inside another session's root, unless neither is lent (two sessions may
     * share a world-writable directory: neither hands anything back). A world-writable root around a lent one would let
     * its session rename, replace or enter the lent tree's entry, and the lent one's hand-back would act inside it.
     */
    private void refuseOverlaps(List<Path> roots, Set<Path> open) throws IOException {
        boolean again = true;
        while (again) {
            again = false;
            for (LentRoot held : registry.lentRoots()) {
                if (held.remnant() || (!held.granted() && held.lastFailure() != null)) {
                    // a world-writable root of a session that ended, kept for another walk (R22), or what is left of a
                    // tree given back, its saved directories moved out of it (R26): no holder
                    continue;
                }
                Optional<Path> now = null; // where the held root is now, when it was moved (R18): looked up once
                for (Path root : roots) {
                    Path place = held.root();
                    if (!overlap(root, place)) {
                        if (now == null) {
                            now = whereNow(held);
                        }
                        if (now.isEmpty() || !overlap(root, now.get())) {
                            continue;
                        }
                        place = now.get(); // a session's root moved elsewhere is still its own
                    }
                    if (!held.granted() && open.contains(root)) {
                        continue; // both world-writable: nothing is lent, nothing is handed back
                    }
                    if (!held.host().alive(starts)) { // a crashed host's grant: give it back, it is no longer a holder
                        giveBackLocked(held.session());
                        again = true;
                        break;
                    }
                    String how = root.equals(place) ? " is" : root.startsWith(place) ? " is inside " + place
                            + ", which is" : " contains " + place + ", which is";
                    throw new CordonException(ExitCode.CONFLICT, root + how + (held.granted() ? " already lent to session "
                            : " the world-writable root of session ") + held.session() + " (host pid " + held.host().pid()
                            + (place.equals(held.root()) ? "" : ", lent as " + held.root())
                            + "): two sessions cannot share a lent workspace, because each gives it back when it ends, and"
                            + " a session may rename or replace what lies in its own root.", "Stop session " + held.session() + " first (`cordon session stop "
                            + held.session() + "`), or run this command in that session (`cordon session exec "
                            + held.session() + " -- …`).");
                }
                if (again) {
                    break;
                }
            }
        }
    }

    private static boolean overlap(Path a, Path b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    /** Where a recorded root is now when it has been moved since (found by identity, R18); empty when not elsewhere. */
    private Optional<Path> whereNow(LentRoot r) {
        Located where = locate(r);
        if (where.top() == null) {
            return Optional.empty();
        }
        try (PathFd fd = where.top()) {
            Path now = Path.of(fd.path());
            return named(now) && !now.equals(r.root()) ? Optional.of(now) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void lendRoot(String session, int index, Path root, int gid, Set<Integer> uids, HandBack handBack,
                          Caller lender, int umask, HostIdentity host) throws IOException {
        long lentAt = epochNanos(); // before the first inode is saved: every inode there then is born before it
        try (PathFd top = lender.isRoot() ? openRoot(root) : LendCheck.openAs(lender, root)) {
            FileStat topStat = top.stat();
            if (!topStat.isDirectory()) {
                throw CordonException.usage(root + " is not a directory.", "Give a directory.");
            }
            HandBack owner = handBack != null ? handBack : new HandBack(topStat.uid(), topStat.gid());
            List<String> failures = new ArrayList<>();
            List<SavedInode> saved = new ArrayList<>();
            List<InodeKey> untouched = new ArrayList<>();
            Set<InodeKey> seen = new HashSet<>();
            List<FileStat> noBirth = new ArrayList<>();
            List<String> noBirthPaths = new ArrayList<>();
            TreeWalk.Visitor<Boolean> save = (fd, st, ctx) -> {
                if (!seen.add(st.key())) {
                    return null;
                }
                if ((st.birth() == 0 || !st.key().beyondNumber()) && noBirth.size() < 3) {
                    // R24: without a birth time a file made in the session cannot be told apart (R20); with neither a
                    // lasting birth time nor a file handle (overlayfs on a kernel before 6.5), nor a number taken again
                    noBirth.add(st);
                    noBirthPaths.add(fd.path());
                }
                if (st.isSymlink()) {
                    untouched.add(st.key()); // symlinks carry no ACL and are never followed
                    return null;
                }
                if (!lender.isRoot()) {
                    LendCheck.requireInode(lender, root, fd, st); // on the lender's thread: what is saved is what it may change
                } else if (owner.uid() != 0 && st.uid() != owner.uid()) {
                    untouched.add(st.key());
                    return ctx; // root lends a user's tree: not that user's inode, not lent (no more than the owner could)
                }
                saved.add(new SavedInode(st.key(), st.mode(), fd.xattr(PosixAcl.ACCESS),
                        st.isDirectory() ? fd.xattr(PosixAcl.DEFAULT) : Optional.empty(), handleOf(fd)));
                return ctx;
            };
            if (lender.isRoot()) {
                TreeWalk.walk(top, topStat, true, save, failures);
            } else {
                AsUser.call(lender, () -> {
                    TreeWalk.walk(top, topStat, true, save, failures);
                    return null;
                });
            }
            if (!failures.isEmpty()) { // nothing has changed yet
                throw lender.isRoot() ? notLent(root, failures) : LendCheck.unreadable(lender, root, failures);
            }
            if (!noBirth.isEmpty()) {
                throw noBirthTimes(root, noBirth, noBirthPaths);
            }
            LentRoot record = new LentRoot(session, index, host, root, topStat.key(), gid, Set.copyOf(uids),
                    owner.uid(), owner.gid(), umask, true, null, lentAt, FileHandle.of(top).orElse(null));
            registry.recordLentRoot(record, saved, untouched);
            hold(session, index, top);
            lendAncestors(session, root, gid);
            Map<InodeKey, SavedInode> byKey = new HashMap<>();
            saved.forEach(s -> byKey.put(s.key(), s));
            List<InodeKey> gitDirectories = new ArrayList<>();
            TreeWalk.<Boolean>walk(top, topStat, true, (fd, st, ctx) -> {
                SavedInode s = byKey.get(st.key());
                if (st.isSymlink()) {
                    return null;
                }
                if (st.isDirectory() && gitDirectoryAtLend(fd, lender)) {
                    gitDirectories.add(st.key()); // the hand-back tells the ones made during the session (R48)
                }
                if (s != null) { // an inode that appeared after saving is not lent (the sandbox gets no access to it)
                    grant(fd, st, s, gid, owner.uid(), umask);
                    requireSameIdentity(fd, s.key(), "its ACL was set");
                }
                return ctx;
            }, failures);
            if (!failures.isEmpty()) {
                throw notLent(root, failures); // the caller's teardown gives back what was changed
            }
            registry.recordGitDirectories(record, gitDirectories);
        }
    }

    /**
     * Whether the lend records {@code dir} as a git directory of the tree (the hand-back leaves those alone). Judged as
     * root by its own entries; one that cannot be told (UNKNOWN) is not recorded, so the hand-back renames its
     * {@code HEAD} if it still may be one then (R55). A {@code HEAD} beside a {@code commondir} or an {@code objects} or
     * {@code refs} symlink ({@link GitDirectory#headBeside}) is judged as the lender, as the search at runner start judges
     * it as the session's owner (R57), and recorded unless that says no: whether the hand-back later renames its
     * {@code HEAD} must not tell a member what lies where only root can look (R56).
     */
    private static boolean gitDirectoryAtLend(PathFd dir, Caller lender) throws IOException {
        Path here = Path.of(dir.processPath());
        if (!lender.isRoot() && GitDirectory.headBeside(here, RegularFileRead::read) != null) {
            Path where = Path.of(dir.path()); // the lender's thread cannot use root's /proc/<pid>/fd
            return !AsUser.call(lender, () -> GitDirectory.gitDirectory(where, RegularFileRead::read)).no();
        }
        return GitDirectory.gitDirectory(here, RegularFileRead::read).yes();
    }

    /**
     * The sandbox group's entry on one saved inode, computed from what was saved (so a repeat changes nothing). A
     * directory without a default ACL of its own gets one whose owner, group and other entries are the directory's
     * bits less the lender's umask: a default ACL overrides the umask, so without that the owner's new files would get
     * the directory's group and other bits (R2). The sandbox works through its named group entry and the mask.
     */
    private static void grant(PathFd fd, FileStat st, SavedInode s, int gid, int ownerUid, int umask) throws IOException {
        int perm = 6 | (st.isDirectory() || (s.mode() & 0111) != 0 ? 1 : 0);
        PosixAcl access = s.access().map(PosixAcl::parse).orElse(PosixAcl.fromMode(s.mode())).clampedToMask()
                .with(new Entry(PosixAcl.GROUP, gid, perm)).withMaskRecomputed();
        setVerified(fd, PosixAcl.ACCESS, access);
        if (st.isDirectory()) {
            PosixAcl def = s.defaults().map(PosixAcl::parse).orElse(PosixAcl.fromMode(s.mode() & ~umask & 0777)).clampedToMask()
                    .with(new Entry(PosixAcl.GROUP, gid, PosixAcl.RWX));
            if (def.find(PosixAcl.USER, ownerUid).isEmpty()) {
                def = def.with(new Entry(PosixAcl.USER, ownerUid, PosixAcl.RWX));
            }
            setVerified(fd, PosixAcl.DEFAULT, def.withMaskRecomputed());
        }
    }

    private void lendAncestors(String session, Path root, int gid) throws IOException {
        for (Path a = root.getParent(); a != null; a = a.getParent()) {
            try (PathFd fd = PathFd.open(a)) {
                FileStat st = fd.stat();
                if ((st.mode() & 01) != 0) {
                    continue; // others may traverse it already
                }
                TraverseGrant t = registry.traverse(st.key()).orElse(null);
                if (t == null) {
                    t = new TraverseGrant(a, new SavedInode(st.key(), st.mode(), fd.xattr(PosixAcl.ACCESS), Optional.empty()),
                            new LinkedHashMap<>());
                }
                Map<String, Integer> holders = new LinkedHashMap<>(t.holders());
                holders.put(session, gid);
                TraverseGrant held = new TraverseGrant(t.path(), t.saved(), holders,
                        t.handle() != null ? t.handle() : FileHandle.of(fd).orElse(null));
                registry.recordTraverse(held);
                setVerified(fd, PosixAcl.ACCESS, traverseAcl(held));
                requireSameIdentity(fd, held.saved().key(), "its traverse entry was set");
            }
        }
    }

    /**
     * Plan, apply, verify (R23): the inode reads back with the identity recorded for it before the change, or the
     * hand-back could not find it again; the lend fails (its teardown gives back what changed, or keeps the records).
     */
    private static void requireSameIdentity(PathFd fd, InodeKey recorded, String after) throws IOException {
        FileStat now = fd.stat();
        if (!now.key().sameInode(recorded)) {
            throw new IOException(fd.path() + " changed its identity when " + after + " (recorded " + recorded + ", now "
                    + now.key() + ", on " + fileSystem(now.device()) + "): the hand-back could not know it again");
        }
    }

    /**
     * A tree with inodes the file system keeps no birth time for (R24: ext4 made with 128-byte inodes, XFS v4, NFSv3):
     * the hand-back could not tell a file made in the session from one that was there, or linked in, before the lend
     * (R20). Refused before anything changed.
     */
    private static CordonException noBirthTimes(Path root, List<FileStat> inodes, List<String> paths) {
        String fs = fileSystem(inodes.get(0).device());
        boolean noBirth = inodes.stream().anyMatch(st -> st.birth() == 0);
        return new CordonException(ExitCode.USAGE, "Cannot lend " + root + ": it lies on " + fs + ", which keeps no "
                + (noBirth ? "birth time" : "lasting birth time and gives no file handle") + " for its files (" + String.join(", ", paths) + (inodes.size() > paths.size() ? ", …" : "") + "), so"
                + " the hand-back could not tell a file made in the session from one that was there or was linked in"
                + " before it, nor, where it gives no file handle either, an inode number the sandbox freed from the file"
                + " that takes it next. Nothing was changed.",
                "Give a workspace on a filesystem that keeps birth times: ext4 with 256-byte inodes (mkfs.ext4's default;"
                        + " an ext4 made with -I 128 has none), xfs v5, btrfs or tmpfs — and copy the project there.");
    }

    /** {@code <fstype> <source> (mounted at <point>)} of device {@code major << 32 | minor}, from mountinfo. */
    static String fileSystem(long device) {
        String majorMinor = (device >>> 32) + ":" + (device & 0xffffffffL);
        try {
            for (MountInfo m : MountInfo.current()) { // bytes, R62: a name that is not valid text cannot stop it
                if (m.device().equals(majorMinor)) {
                    return m.fstype() + " " + m.source() + " (mounted at " + m.mountPoint() + ")";
                }
            }
        } catch (CordonException e) {
            // only for the message
        }
        return "device " + majorMinor;
    }

    /** The saved ACL with a traverse-only entry for each holder's group. */
    private static PosixAcl traverseAcl(TraverseGrant t) {
        PosixAcl acl = t.saved().access().map(PosixAcl::parse).orElse(PosixAcl.fromMode(t.saved().mode())).clampedToMask();
        for (int gid : new java.util.TreeSet<>(t.holders().values())) {
            int had = acl.find(PosixAcl.GROUP, gid).map(Entry::perm).orElse(0);
            acl = acl.with(new Entry(PosixAcl.GROUP, gid, had | 1));
        }
        return acl.withMaskRecomputed();
    }

    // ------------------------------------------------------------------ give back

    /** At session end: gives back every root the session was lent, and its share of the ancestors. */
    @Override
    public List<String> giveBack(String session) {
        if (!registry.exists()) {
            return List.of(); // nothing was ever lent (or uninstall gave everything back and removed the state directory)
        }
        return registry.locked(() -> giveBackLocked(session));
    }

    /**
     * What is lent now to sessions whose files go to someone other than {@code uid}: their roots, and the ancestors
     * that got traverse for them. A member's session must not read these (see {@code session.ForeignPaths}). Each is
     * named where it is now, found by identity as the hand-back finds it (R18): a lent tree, or a directory above it,
     * that its lender renamed during the session stays hidden from every session started afterwards (R41); what is not
     * found elsewhere for sure keeps its recorded path.
     */
    @Override
    public List<Path> lentToOthersThan(Principal owner) {
        int uid = PosixIds.number(owner);
        return registry.locked(() -> {
            List<Path> out = new ArrayList<>();
            Set<String> others = new HashSet<>();
            for (LentRoot r : registry.lentRoots()) {
                if (r.lentNow() && r.ownerUid() != uid) {
                    out.add(whereNow(r).orElse(r.root()));
                    others.add(r.session());
                }
            }
            for (TraverseGrant t : registry.traverses()) {
                if (t.holders().keySet().stream().anyMatch(others::contains)) {
                    out.add(whereNow(t));
                }
            }
            return out;
        });
    }

    /** Whether a descriptor's path names a place: absolute, not the {@code /proc/self/fd/N} left when it could not be read. */
    private static boolean named(Path now) {
        return now.isAbsolute() && !now.startsWith("/proc");
    }

    /** Where an ancestor given traverse is now (found by identity, R18, R41); its recorded path when not found for sure. */
    private Path whereNow(TraverseGrant t) {
        try (PathFd fd = ancestor(t)) {
            Path now = fd == null ? t.path() : Path.of(fd.path());
            return named(now) ? now : t.path();
        } catch (IOException | RuntimeException e) {
            return t.path(); // not found for sure (the hand-back says so and keeps its record): hide what it was
        }
    }

    /** At host start: gives back what hosts that are gone (crashed, killed) still held. What was given back. */
    @Override
    public List<String> giveBackDeadHosts() {
        if (!registry.exists()) {
            return List.of();
        }
        return registry.locked(() -> {
            registry.forgetUnfinished();
            List<String> done = new ArrayList<>();
            Set<String> dead = new LinkedHashSet<>();
            for (LentRoot r : registry.lentRoots()) {
                if (!r.host().alive(starts)) {
                    dead.add(r.session());
                    if (r.lentNow()) {
                        done.add(r.describe(starts));
                    }
                }
            }
            registry.sessionGroups().stream().filter(g -> !g.host().alive(starts)).forEach(g -> dead.add(g.session()));
            // ended sessions whose world-writable roots were not fully cleaned up (R22), or whose saved directories were
            // moved out of the tree (R26): tried again at every start
            Map<String, List<LentRoot>> bySession = new LinkedHashMap<>();
            registry.lentRoots().forEach(r -> bySession.computeIfAbsent(r.session(), k -> new ArrayList<>()).add(r));
            bySession.forEach((session, roots) -> {
                if (roots.stream().allMatch(r -> r.remnant() || (!r.granted() && r.lastFailure() != null))) {
                    dead.add(session);
                }
            });
            List<String> failures = new ArrayList<>();
            for (String session : dead) {
                try {
                    done.addAll(giveBackLocked(session)); // what it did beyond giving back (a HEAD renamed, R48) is audited
                } catch (CordonException e) {
                    failures.add(e.getMessage());
                }
            }
            dropOrphanTraverseHolders();
            if (!failures.isEmpty()) {
                throw new CordonException(ExitCode.INTERNAL, String.join("; ", failures), "The records stay in "
                        + registry.dir() + "; the next host start or `cordon uninstall` tries again.");
            }
            return done;
        });
    }

    @Override
    public List<String> describe() {
        if (!registry.exists()) {
            return List.of();
        }
        return registry.locked(() -> registry.lentRoots().stream().filter(LentRoot::lentNow).map(r -> r.describe(starts))
                .toList());
    }

    @Override
    public <T> T asCaller(Caller caller, java.util.function.Supplier<T> work) {
        return AsUser.call(caller, work::get);
    }

    @Override
    public byte[] readRegularFile(Path file, int maxBytes) throws IOException {
        return RegularFileRead.read(file, maxBytes);
    }

    @Override
    public void requireConnectable(Caller caller, Path socket) {
        LendCheck.requireSocket(caller, socket);
    }

    /** The roots lent right now (by any host, live or not); world-writable roots, held but not lent, are not among them. */
    @Override
    public List<Path> lentRoots() {
        if (!registry.exists()) {
            return List.of();
        }
        return registry.locked(() -> registry.lentRoots().stream().filter(LentRoot::lentNow).map(LentRoot::root).toList());
    }

    /**
     * The grants that no live host holds: each a lent root whose host is gone and that was not (or could not be) given
     * back, with why its last hand-back failed. Every session start, host start and uninstall tries again; a grant
     * listed here keeps its session's group entries on the developer's files until then.
     */
    @Override
    public List<String> stuck() {
        if (!registry.exists()) {
            return List.of();
        }
        // a live host's grant with a failed hand-back: its session ended (a live session's grant is never given back);
        // a world-writable root whose walk after its session failed (R22): nothing lent, but not cleaned up; a tree given
        // back whose saved directories were moved out of it (R26)
        return registry.locked(() -> registry.lentRoots().stream()
                .filter(r -> r.granted() ? !r.host().alive(starts) || r.lastFailure() != null : r.lastFailure() != null)
                .map(r -> r.remnant() ? r.describe(starts) + ": given back, except " + r.lastFailure() // its paths whole
                        : r.granted() ? r.describe(starts) + (r.lastFailure() == null ? ": not given back yet"
                        : ": the last hand-back failed: " + shortened(r.lastFailure()))
                        : "the world-writable root " + r.describe(starts) + " (nothing lent; start any session to walk it"
                        + " again): the last walk after its session failed: " + shortened(r.lastFailure())).toList());
    }

    @Override
    public List<String> knownByNumberOnly() {
        if (!registry.exists()) {
            return List.of();
        }
        return registry.locked(() -> registry.lentRoots().stream().filter(r -> r.granted() && !r.rootInode().beyondNumber())
                .map(r -> r.describe(starts) + ", on " + fileSystem(r.rootInode().device())).toList());
    }

    /** A failure for one line: a path 4,096 directories deep is 8 KiB long; its start and end say what it is. */
    private static String shortened(String text) {
        return text.length() <= 600 ? text : text.substring(0, 300) + " … " + text.substring(text.length() - 280);
    }

    @Override
    public void giveBackAll() {
        if (!registry.exists()) {
            return;
        }
        registry.locked(() -> {
            registry.forgetUnfinished();
            Set<String> sessions = new LinkedHashSet<>();
            registry.lentRoots().forEach(r -> sessions.add(r.session()));
            registry.sessionGroups().forEach(g -> sessions.add(g.session()));
            for (String s : sessions) {
                giveBackLocked(s);
            }
            dropOrphanTraverseHolders();
            return null;
        });
    }

    /** Traverse holders with no lent root left (a host that died between the two records). */
    private void dropOrphanTraverseHolders() throws IOException {
        Set<String> live = new HashSet<>();
        registry.lentRoots().forEach(r -> live.add(r.session()));
        for (TraverseGrant t : registry.traverses()) {
            for (String holder : List.copyOf(t.holders().keySet())) {
                if (!live.contains(holder)) {
                    // read again: the previous release changed the record
                    TraverseGrant now = registry.traverse(t.saved().key()).orElse(null);
                    if (now != null) {
                        releaseTraverse(holder, now, new ArrayList<>());
                    }
                }
            }
        }
    }

    /** Gives back {@code session}'s roots; the warnings of {@link #giveBack}; throws when a lent root was not given back. */
    private List<String> giveBackLocked(String session) throws IOException {
        List<LentRoot> mine = registry.lentRoots().stream().filter(r -> r.session().equals(session)).toList();
        Map<InodeKey, SavedInode> saved = new HashMap<>();
        Set<InodeKey> untouched = new HashSet<>();
        for (LentRoot r : mine) {
            saved.putAll(registry.savedInodes(r));
            untouched.addAll(registry.untouchedInodes(r));
        }
        List<String> failures = new ArrayList<>();
        Passwd passwd = Passwd.load();
        LinkCensus links = new LinkCensus();
        // a held root's walk only clears setgid bits (nothing was lent there): its failure is the session's warning and
        // the doctor's, never a failed hand-back (R22)
        Map<LentRoot, String> heldFailed = new LinkedHashMap<>();
        for (LentRoot r : mine) {
            if (!r.granted()) {
                List<String> own = new ArrayList<>();
                walkHeldRoot(r, sandboxGroups(r, passwd), passwd, own);
                if (!own.isEmpty()) {
                    heldFailed.put(r, summary(own));
                }
            }
        }
        // every inode the walks meet: a saved one not met was moved out of the trees, or is gone (R26)
        Set<InodeKey> met = new HashSet<>();
        GitFound git = new GitFound();
        Map<LentRoot, Set<InodeKey>> gitAtLend = new HashMap<>();
        for (LentRoot r : mine) {
            registry.gitDirectoriesAtLend(r).ifPresent(dirs -> gitAtLend.put(r, dirs));
        }
        walkLentRoots(mine, r -> new HandBackVisitor(r, saved, untouched, met, sandboxGroups(r, passwd), passwd,
                links, null, git, gitAtLend.get(r)), failures);
        if (!links.deferred().isEmpty()) {
            // the developer's new inodes with more than one link: rebuilt only when every link was met in the lent trees
            Set<InodeKey> only = Set.copyOf(links.deferred());
            Set<InodeKey> visited = new HashSet<>();
            walkLentRoots(mine, r -> new HandBackVisitor(r, saved, untouched, visited, sandboxGroups(r, passwd), passwd,
                    links, only, git, gitAtLend.get(r)), failures);
        }
        for (TraverseGrant t : registry.traverses()) {
            if (t.holders().containsKey(session)) {
                releaseTraverse(session, t, failures);
            }
        }
        Map<LentRoot, List<SavedInode>> movedOut = new LinkedHashMap<>();
        Map<LentRoot, String> movedOutWhy = new LinkedHashMap<>();
        if (failures.isEmpty()) {
            for (LentRoot r : mine) {
                if (r.granted()) {
                    accountForUnmet(r, saved, untouched, met, passwd, movedOut, movedOutWhy, git, failures);
                }
            }
        }
        if (!failures.isEmpty()) {
            String summary = summary(failures);
            for (LentRoot r : mine) {
                registry.recordFailure(r, heldFailed.getOrDefault(r, summary));
            }
            throw new CordonException(ExitCode.INTERNAL, "Could not fully give back the workspace of session " + session + ": "
                    + summary, "The record stays in " + registry.dir() + "; the next host start or `cordon uninstall` tries again.");
        }
        List<String> warnings = new ArrayList<>();
        warnings.addAll(git.lines(session));
        if (git.keptCount > 0) {
            warnings.add(keptGitDirsNote(git.keptDirs, git.keptCount));
        }
        for (LentRoot r : mine) {
            String failure = heldFailed.get(r);
            if (movedOut.containsKey(r)) {
                // the tree is given back; what was moved out of it is not: its record stays, narrowed to that, with why
                // (the doctor lists it, every session start looks again; its group id stays taken)
                registry.recordRemnant(r, movedOut.get(r), movedOutWhy.get(r));
                warnings.add(movedOutWhy.get(r));
            } else if (failure == null) {
                registry.forget(r);
            } else {
                // kept, with its failure: the doctor lists it, every session start walks it again; its group id stays taken
                registry.recordFailure(r, failure);
                warnings.add("the world-writable root " + r.root() + " was not fully cleaned up after the session (nothing"
                        + " was lent there; setgid directories the sandbox made may keep their bit): " + shortened(failure)
                        + ". Remove what the failure names (e.g. `rm -rf` what is nested too deep); the next session start"
                        + " tries again, and `cordon doctor` lists it until then.");
            }
        }
        // no entry for it is left in what its records no longer name: the id may be picked again once they are gone
        registry.forgetSessionGroup(session);
        if (heldFailed.isEmpty() && movedOut.isEmpty()) {
            release(session);
        }
        return warnings;
    }

    /**
     * Accounts for every saved inode of {@code r} the walks did not meet (R26): someone who can write a directory in the
     * tree (a third user, in a group-writable or world-writable directory) may have moved it out during the session.
     * Each is looked for by the file handle saved with it: gone for sure ({@code ESTALE}, no link left, another inode):
     * nothing to give back — the sandbox or the developer deleted it. Found: a file gets its saved ACL and group bits back
     * where it is now; a directory too, and when it is back inside the lent root (moved back: the admin's fix) and no other
     * session holds that tree, what is in it is given back there like the rest of the tree; else, when it holds anything
     * the hand-back would change (the sandbox's files, files made in the session), it is {@code movedOut}: the record
     * stays for it. Inodes saved without a handle (an older Cordon, a filesystem without handles) cannot be looked for.
     */
    private void accountForUnmet(LentRoot r, Map<InodeKey, SavedInode> saved, Set<InodeKey> untouched, Set<InodeKey> met,
                                 Passwd passwd, Map<LentRoot, List<SavedInode>> movedOut, Map<LentRoot, String> movedOutWhy,
                                 GitFound git, List<String> failures) throws IOException {
        List<SavedInode> left = new ArrayList<>();
        List<String> where = new ArrayList<>();
        try (FileHandle.Opener opener = new FileHandle.Opener()) {
            for (SavedInode s : registry.savedInodes(r).values()) {
                if (s.handle() == null || met.contains(s.key())) {
                    continue;
                }
                Optional<PathFd> found;
                try {
                    found = opener.open(s.handle(), s.key().device());
                } catch (IOException e) {
                    failures.add("a saved inode " + s.key() + " of " + r.root() + " was not met in the tree nor found"
                            + " for sure elsewhere: " + e.getMessage());
                    continue;
                }
                if (found.isEmpty()) {
                    continue; // ESTALE: deleted
                }
                try (PathFd fd = found.get()) {
                    FileStat st = fd.stat();
                    if (!st.key().sameInode(s.key()) || st.links() == 0
                            || (st.mode() & FileStat.S_IFMT) != (s.mode() & FileStat.S_IFMT)) {
                        continue; // deleted (a descriptor elsewhere keeps it), or not the saved inode
                    }
                    if (met.contains(st.key())) {
                        continue; // met by the walk of a directory found before it
                    }
                    if (!st.isDirectory()) {
                        restore(fd, s, false);
                        met.add(st.key());
                        continue;
                    }
                    Set<Integer> groups = sandboxGroups(r, passwd);
                    if (insideRootNow(r, fd) && heldByNoOtherSession(r)) {
                        walkInPlace(r, fd, st, saved, untouched, met, groups, passwd, git, failures);
                        continue;
                    }
                    restore(fd, s, true);
                    if (holdsWhatTheHandBackChanges(r, fd, st, saved, untouched)) {
                        left.add(s);
                        where.add(fd.path());
                    }
                } catch (IOException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        if (!left.isEmpty()) {
            // name the top ones: a directory inside another one moved out is moved with it
            List<String> tops = where.stream().filter(p -> where.stream().noneMatch(o -> !o.equals(p)
                    && Path.of(p).startsWith(Path.of(o)))).toList();
            movedOut.put(r, left);
            movedOutWhy.put(r, (tops.size() == 1 ? "a saved directory" : tops.size() + " saved directories") + " of "
                    + r.root() + " (session " + r.session() + ") moved out of it during the session, by someone who can"
                    + " write a directory there, " + (tops.size() == 1 ? "holds" : "hold") + " files of the session that"
                    + " were not given back (the sandbox's, or with the session's entries): "
                    + String.join(", ", tops.subList(0, Math.min(5, tops.size())))
                    + (tops.size() > 5 ? " (and " + (tops.size() - 5) + " more)" : "") + ". Move "
                    + (tops.size() == 1 ? "it" : "each") + " back into " + r.root() + " (anywhere in it), then start any"
                    + " session or `cordon serve`: what is in it is given back then. To leave it where it is as it is,"
                    + " remove the records " + registry.dir().resolve(r.session() + "-" + r.index()) + ".json and .inodes;"
                    + " `cordon doctor` lists it until then");
        }
    }

    /**
     * What the developer is told of the git directories by other names than {@code .git} the session made (R40): they
     * stay the sandbox's, so their git refuses them instead of running their config.
     */
    private static String keptGitDirsNote(List<String> dirs, int count) {
        boolean one = count == 1;
        return (one ? "a directory" : count + " directories") + " the session made that git can take for a repository"
                + " (holding HEAD and objects or commondir) " + (one ? "stays" : "stay") + " the sandbox account's, as a .git it made does, so your"
                + " git refuses " + (one ? "it" : "them") + " (\"dubious ownership\") instead of running " + (one ? "its" : "their")
                + " config: " + String.join(", ", dirs.subList(0, Math.min(5, dirs.size())))
                + (count > 5 ? " (and " + (count - 5) + " more)" : "") + ". Read " + (one ? "its" : "their")
                + " config and hooks before you mark " + (one ? "it" : "one") + " safe.directory (git would run them as you),"
                + " or remove " + (one ? "it" : "them") + " (rm -rf)";
    }

    /** Whether {@code fd} lies inside {@code r}'s root now (found by identity, R18). */
    private boolean insideRootNow(LentRoot r, PathFd fd) {
        Located root = locate(r);
        if (root.top() == null) {
            return false;
        }
        try (PathFd top = root.top()) {
            Path rootNow = Path.of(top.path());
            return rootNow.isAbsolute() && Path.of(fd.path()).startsWith(rootNow);
        }
    }

    /** True when no other session's record holds a root that is, contains or lies inside {@code r}'s root. */
    private boolean heldByNoOtherSession(LentRoot r) throws IOException {
        return registry.lentRoots().stream().filter(o -> !o.session().equals(r.session()) && !o.remnant())
                .noneMatch(o -> overlap(o.root(), r.root()) || whereNow(o).map(p -> overlap(p, r.root())).orElse(false));
    }

    /** Gives back the tree of {@code top}, a saved directory of {@code r} found where it is now: both walks. */
    private void walkInPlace(LentRoot r, PathFd top, FileStat st, Map<InodeKey, SavedInode> saved, Set<InodeKey> untouched,
                             Set<InodeKey> met, Set<Integer> groups, Passwd passwd, GitFound git,
                             List<String> failures) {
        LinkCensus links = new LinkCensus();
        TreeWalk.walk(top, st, Inherited.NEUTRAL, new HandBackVisitor(r, saved, untouched, met, groups, passwd, links, null,
                git, null), failures);
        if (!links.deferred().isEmpty()) {
            TreeWalk.walk(top, st, Inherited.NEUTRAL, new HandBackVisitor(r, saved, untouched, new HashSet<>(), groups, passwd,
                    links, Set.copyOf(links.deferred()), git, null), failures);
        }
    }

    /**
     * Whether the tree of {@code top} holds an inode the hand-back would change: the sandbox's, or one neither saved nor
     * untouched (made or moved in during the session). Read only; a tree it cannot read whole counts as holding one.
     */
    private static boolean holdsWhatTheHandBackChanges(LentRoot r, PathFd top, FileStat st, Map<InodeKey, SavedInode> saved,
                                                       Set<InodeKey> untouched) {
        boolean[] holds = {false};
        List<String> failures = new ArrayList<>();
        TreeWalk.<Boolean>walk(top, st, true, (fd, inode, ctx) -> {
            if (inode.isSymlink() && !r.sandboxUids().contains(inode.uid())) {
                return null;
            }
            if (r.sandboxUids().contains(inode.uid()) || (HandBackVisitor.lookup(saved, inode.key()) == null
                    && !HandBackVisitor.recorded(untouched, inode.key()))) {
                holds[0] = true;
            }
            return holds[0] ? null : ctx;
        }, failures);
        return holds[0] || !failures.isEmpty();
    }

    /** The first five failures, and how many more. */
    private static String summary(List<String> failures) {
        return String.join("; ", failures.subList(0, Math.min(5, failures.size())))
                + (failures.size() > 5 ? " (and " + (failures.size() - 5) + " more)" : "");
    }

    /** Keeps a descriptor of {@code fd}'s directory, root {@code index} of {@code session}, until its records go. */
    private static void hold(String session, int index, PathFd fd) throws IOException {
        PathFd copy = FileHandle.duplicate(fd);
        PathFd before = HELD.computeIfAbsent(session, s -> new java.util.concurrent.ConcurrentHashMap<>()).put(index, copy);
        if (before != null) {
            before.close();
        }
    }

    /** Closes the descriptors held for {@code session}, as a host that died would have: tests of the file handles. */
    static void dropDescriptors(String session) {
        release(session);
    }

    /** Closes the descriptors held for {@code session}: its records are gone. */
    private static void release(String session) {
        Map<Integer, PathFd> held = HELD.remove(session);
        if (held != null) {
            held.values().forEach(PathFd::close);
        }
    }

    /**
     * Where a root of a session is now (R18), found by identity, never by what its path names now: the descriptor this
     * process held since the lend; else (the host that lent it is gone) its recorded file handle, wherever it has been
     * moved; else (an older record, or a filesystem without handles) its path, when that still names the recorded inode.
     * {@code top} null and {@code problem} null: the directory no longer exists for sure (deleted: nothing of it to give
     * back). {@code problem}: it was not found for sure — its records must stay, and the message says what to do.
     */
    private record Located(PathFd top, String problem) {
        static final Located GONE = new Located(null, null);
    }

    private Located locate(LentRoot r) {
        Map<Integer, PathFd> mine = HELD.get(r.session());
        PathFd held = mine == null ? null : mine.get(r.index());
        try {
            if (held != null) {
                if (held.stat().links() == 0) {
                    return Located.GONE; // removed while the session ran (a descriptor keeps an empty husk)
                }
                return new Located(FileHandle.duplicate(held), null);
            }
            if (r.handle() != null) {
                Optional<PathFd> found = r.handle().open(r.rootInode().device());
                if (found.isEmpty()) {
                    return Located.GONE; // ESTALE: the inode no longer exists
                }
                PathFd fd = found.get();
                FileStat st = fd.stat();
                if (!st.key().sameInode(r.rootInode()) || !st.isDirectory()) {
                    fd.close();
                    return notFound(r, "its recorded file handle opens inode " + st.key() + ", not " + r.rootInode());
                }
                if (st.links() == 0) {
                    fd.close();
                    return Located.GONE;
                }
                return new Located(fd, null);
            }
            PathFd fd = openRoot(r.root());
            if (fd.stat().key().sameInode(r.rootInode())) {
                return new Located(fd, null);
            }
            fd.close();
            return notFound(r, r.root() + " names another inode now and no file handle was recorded for it");
        } catch (NoSuchFileException gone) {
            return notFound(r, "nothing is at " + r.root() + " now and no file handle was recorded for it");
        } catch (IOException | RuntimeException e) {
            return notFound(r, String.valueOf(e.getMessage()));
        }
    }

    private Located notFound(LentRoot r, String why) {
        return new Located(null, r.root() + " (session " + r.session() + ") was not found where it was " + (r.granted()
                ? "lent" : "held") + ", nor for sure anywhere else (" + why + "): nothing of it was given back, and its"
                + " records stay. Move that directory back to " + r.root() + " (if it was deleted, remove its records "
                + registry.dir().resolve(r.session() + "-" + r.index()) + ".json and .inodes), then run `cordon session stop "
                + r.session() + "` (once its host has ended: start any session, or `cordon serve`)");
    }

    /**
     * A root found (by the descriptor held since the lend, its file handle or its path) whose identity now is not the one
     * recorded: nothing of it is given back and its records stay, for the doctor and the next try (R23).
     */
    private String unconfirmed(LentRoot r, FileStat now) {
        return r.root() + " (session " + r.session() + ") cannot be confirmed as the directory that was lent: it was"
                + " recorded as inode " + r.rootInode() + " and reads as " + now.key() + " now (on " + fileSystem(now.device())
                + "): nothing of it was given back, and its records stay in " + registry.dir() + ". Tell the maintainers"
                + " which filesystem this is; to give it back by hand, remove the ACL entries of group " + r.sandboxGid()
                + " (setfacl -R -x g:" + r.sandboxGid() + ",d:g:" + r.sandboxGid() + " " + r.root() + ") and then the"
                + " records " + r.session() + "-" + r.index() + ".json and .inodes";
    }

    /** Walks each lent (not held) root of {@code roots}, the directory lent wherever it is now, with a visitor for it. */
    private void walkLentRoots(List<LentRoot> roots, java.util.function.Function<LentRoot, HandBackVisitor> visitorFor,
                               List<String> failures) {
        for (LentRoot r : roots) {
            if (!r.lentNow()) {
                continue; // held, not lent: nothing in it was changed; a remnant: its tree was given back (R26)
            }
            Located where = locate(r);
            if (where.problem() != null) {
                failures.add(where.problem()); // never forgotten unless found, or gone for sure (R18)
                continue;
            }
            if (where.top() == null) {
                continue; // deleted: nothing of it left to give back
            }
            try (PathFd top = where.top()) {
                FileStat st = top.stat();
                if (!st.key().sameInode(r.rootInode())) {
                    // never walked as something else, never forgotten unconfirmed (R23): the records stay, stuck
                    failures.add(unconfirmed(r, st));
                    continue;
                }
                TreeWalk.walk(top, st, Inherited.NEUTRAL, visitorFor.apply(r), failures);
            } catch (IOException | CordonException e) {
                failures.add(e.getMessage());
            }
        }
    }

    /**
     * A root the sandbox could write already (world-writable): held, not lent, so nothing in it is handed back — but a
     * directory the sandbox made there inherits a setgid bit from the kernel (not from a mode, which the seccomp filter
     * refuses) when the root or a directory in it is setgid, and the sandbox may give it one of its own groups; every
     * file another user makes in it later would be the sandbox's group, readable by every later session (R16). So the
     * sandbox's directories there lose the setgid bit, and other users' inodes that got a sandbox group from such a
     * directory go to their owner's primary group (the hand-back of a lent tree does the same for its third users, R10).
     */
    private void walkHeldRoot(LentRoot r, Set<Integer> sandboxGroups, Passwd passwd, List<String> failures) {
        Located where = locate(r);
        if (where.problem() != null) {
            failures.add(where.problem());
            return;
        }
        if (where.top() == null) {
            return; // deleted: nothing left in it
        }
        try (PathFd top = where.top()) {
            FileStat st = top.stat();
            TreeWalk.<Boolean>walk(top, st, false, (fd, inode, sandboxSetgidParent) -> {
                if (inode.isSymlink()) {
                    return null;
                }
                boolean sandboxOwned = r.sandboxUids().contains(inode.uid());
                boolean sandboxGroup = sandboxGroups.contains(inode.gid());
                boolean setgid = (inode.mode() & 02000) != 0;
                if (sandboxOwned && inode.isDirectory() && setgid) {
                    int mode = inode.permissions() & ~02000;
                    fd.chmod(mode);
                    if (fd.stat().permissions() != mode) {
                        throw new IOException(fd.path() + " reads back as mode " + Integer.toOctalString(fd.stat().permissions())
                                + " after the session, not " + Integer.toOctalString(mode));
                    }
                } else if (!sandboxOwned && sandboxGroup && sandboxSetgidParent) {
                    Optional<Integer> gid = passwd.user(inode.uid()).map(PosixIds::gid);
                    if (gid.isPresent()) {
                        HandBackVisitor.changeGroup(fd, gid.get());
                    }
                }
                return inode.isDirectory() ? setgid && sandboxGroup : null;
            }, failures);
        } catch (IOException | CordonException e) {
            failures.add(e.getMessage());
        }
    }

    /**
     * What the first hand-back walk counts of inodes with more than one link: how many of their links it met in the lent
     * trees, and which of them are the developer's new inodes, whose treatment waits for the count (R15).
     */
    private record LinkCensus(Map<InodeKey, Integer> met, Set<InodeKey> deferred) {
        LinkCensus() {
            this(new HashMap<>(), new HashSet<>());
        }

        /** True when every link {@code st} has was met in the lent trees: no name for it lies outside them. */
        boolean allLinksInTrees(FileStat st) {
            return met.getOrDefault(st.key(), 0) >= st.links();
        }
    }

    /**
     * The groups a sandbox could give the developer's new files through a setgid directory: the session's grant group
     * and every group of the sandbox accounts (the one they all share among them).
     */
    private static Set<Integer> sandboxGroups(LentRoot r, Passwd passwd) {
        Set<Integer> gids = new HashSet<>();
        gids.add(r.sandboxGid());
        for (int uid : r.sandboxUids()) {
            passwd.user(uid).ifPresent(a -> gids.addAll(passwd.gidsOf(a)));
        }
        return gids;
    }

    /**
     * Takes {@code session}'s traverse entry off an ancestor: back to exactly what it was once no holder is left, else to
     * the remaining holders' entries; if someone else changed the ACL meanwhile, only the entry of the leaving session's
     * group is taken out (unless a remaining holder has the same group: records of an older Cordon).
     */
    private void releaseTraverse(String session, TraverseGrant t, List<String> failures) throws IOException {
        Map<String, Integer> holders = new LinkedHashMap<>(t.holders());
        Integer gid = holders.remove(session);
        TraverseGrant remaining = new TraverseGrant(t.path(), t.saved(), holders, t.handle());
        PathFd found;
        try {
            found = ancestor(t);
        } catch (IOException e) {
            failures.add(e.getMessage()); // not found for sure: the record stays (R18)
            return;
        }
        try (PathFd fd = found) {
            FileStat st = fd == null ? null : fd.stat();
            if (st != null && st.key().sameInode(t.saved().key())) {
                Optional<byte[]> now = fd.xattr(PosixAcl.ACCESS);
                if (SavedInode.same(Optional.of(traverseAcl(t).toXattr()), now)) {
                    if (holders.isEmpty()) {
                        restore(fd, t.saved(), false); // exactly as we left it: back to exactly what it was
                    } else {
                        setVerified(fd, PosixAcl.ACCESS, traverseAcl(remaining));
                    }
                } else if (now.isPresent() && gid != null && !holders.containsValue(gid)) {
                    PosixAcl acl = PosixAcl.parse(now.get());
                    PosixAcl without = acl.without(PosixAcl.GROUP, gid);
                    if (!without.equals(acl)) {
                        putAccess(fd, without.minimizedIfPossible());
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            // the directory is gone: nothing to restore
        } catch (IOException e) {
            failures.add(e.getMessage());
            return;
        }
        if (holders.isEmpty()) {
            registry.forgetTraverse(t.saved().key());
        } else {
            registry.recordTraverse(remaining);
        }
    }

    /**
     * The ancestor a traverse record names, found by identity (R18): its path while that names the recorded inode, else
     * its recorded file handle wherever it has been moved; null when it no longer exists for sure (ESTALE, or gone from
     * its path with no handle recorded: an older record). An IOException when it was not found for sure.
     */
    private PathFd ancestor(TraverseGrant t) throws IOException {
        try {
            PathFd fd = PathFd.open(t.path());
            if (fd.stat().key().sameInode(t.saved().key())) {
                return fd;
            }
            fd.close();
        } catch (NoSuchFileException gone) {
            // moved or deleted: the handle says which
        } catch (IOException e) {
            if (t.handle() == null) {
                throw e;
            }
        }
        if (t.handle() == null) {
            throw new IOException(t.path() + " (given traverse for sessions " + t.holders().keySet() + ") names another"
                    + " directory now or none, and no file handle was recorded for it: its entries for the sessions' groups"
                    + " stay. Move that directory back to " + t.path() + " (if it was deleted, remove the record "
                    + registry.dir().resolve("traverse-" + t.saved().key().toString().replace(':', '-') + ".json")
                    + "), then run `cordon session stop` on the session again (once its host has ended: start any session)");
        }
        Optional<PathFd> moved = t.handle().open(t.saved().key().device());
        if (moved.isEmpty()) {
            return null; // ESTALE: deleted, nothing to restore
        }
        if (!moved.get().stat().key().sameInode(t.saved().key())) {
            moved.get().close();
            throw new IOException(t.path() + ": its recorded file handle opens another inode; its traverse entries stay");
        }
        return moved.get();
    }

    /**
     * The context a directory hands its entries: its own stat, the default ACL a new entry would inherit, whether it is
     * (in) a {@code .git} the sandbox created, and whether it may shape the developer's inodes rebuilt in it: a directory
     * the lender had at lend time or one given back to them now may; one of a third user's, or one that was not lent,
     * keeps a default ACL and a setgid group that are not the developer's, and a link there must not give them (R19).
     */
    private record Inherited(FileStat directory, Optional<PosixAcl> defaults, boolean sandboxGit, boolean trusted,
                             boolean inGitAtLend) {
        /** No directory's context: the owner's primary group, no ACL, the mode less the owner's umask. */
        static final Inherited NEUTRAL = new Inherited(null, Optional.empty(), false, true, false);

        /** What the developer's inodes are rebuilt from in this directory. */
        Inherited forDeveloper() {
            return sandboxGit || !trusted ? NEUTRAL : this;
        }
    }

    /**
     * What the first hand-back walk did about git directories, for the stop's report: those the sandbox made under
     * another name than {@code .git}, kept the sandbox's (R40), and one line per {@code HEAD} it renamed (R48).
     */
    private static final class GitFound {
        /**
         * The most lines of each kind kept for the stop's report, the rest counted (rev50 W3: 700,000 planted agent
         * names past the stop's own bound made as many lines here, 1.5 GiB of the host's heap with the rest).
         */
        static final int MAX_LINES = 1_000;
        /** The first five directories kept the sandbox's, and how many there were. */
        final List<String> keptDirs = new ArrayList<>();
        int keptCount;
        private final List<String> couldNot = new ArrayList<>();
        private final List<String> renamed = new ArrayList<>();
        private int couldNotLeftOff;
        private int renamedLeftOff;

        void kept(String dir) {
            if (keptCount++ < 5) {
                keptDirs.add(dir);
            }
        }

        void renamed(String line) {
            if (renamed.size() < MAX_LINES) {
                renamed.add(line);
            } else {
                renamedLeftOff++;
            }
        }

        void couldNot(String line) {
            if (couldNot.size() < MAX_LINES) {
                couldNot.add(line);
            } else {
                couldNotLeftOff++;
            }
        }

        /** The lines, what could not be renamed first, each kind's left-off ones counted in one line. */
        List<String> lines(String session) {
            List<String> lines = new ArrayList<>(couldNot);
            if (couldNotLeftOff > 0) {
                lines.add("the hand-back COULD NOT rename " + couldNotLeftOff + " more entries the session made under an"
                        + " agent's or git's name: look for them before running git or an agent in the workspace");
            }
            lines.addAll(renamed);
            if (renamedLeftOff > 0) {
                lines.add("the hand-back renamed " + renamedLeftOff + " more entries to NAME"
                        + GitDirectory.plantedName("", session) + " (find them by that name)");
            }
            return lines;
        }
    }

    private static final class HandBackVisitor implements TreeWalk.Visitor<Inherited> {
        private static final byte[] HEAD = "HEAD".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private static final byte[] OBJECTS = "objects".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        private static final byte[] COMMONDIR = "commondir".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        /** The entries of a directory git reads to take it for a git directory and to configure itself from it. */
        private static final List<byte[]> GIT_ENTRIES = List.of(HEAD, COMMONDIR, OBJECTS,
                "refs".getBytes(java.nio.charset.StandardCharsets.UTF_8), "config".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        private final LentRoot lent;
        private final Map<InodeKey, SavedInode> saved;
        /** What the tree held at lend time and was not lent (someone else's, a symlink): never changed. */
        private final Set<InodeKey> untouched;
        private final Set<InodeKey> visited;
        private final Set<Integer> sandboxGroups;
        private final Passwd passwd;
        private final LinkCensus links;
        /** Null on the first walk; on the second, the deferred inodes, the only ones it acts on. */
        private final Set<InodeKey> only;
        /** Where the first walk adds what it did about git directories (R40, R48). */
        private final GitFound git;
        /** The git directories of the tree when it was lent (R48), or null when its records do not say. */
        private final Set<InodeKey> gitAtLend;
        /** The longest agent name ({@link AgentConfigs#NAMES}): a longer entry name is not decoded to be looked up. */
        private static final int AGENT_NAME_MAX = AgentConfigs.NAMES.stream()
                .mapToInt(n -> n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).max().orElse(0);

        HandBackVisitor(LentRoot lent, Map<InodeKey, SavedInode> saved, Set<InodeKey> untouched, Set<InodeKey> visited,
                        Set<Integer> sandboxGroups, Passwd passwd, LinkCensus links, Set<InodeKey> only,
                        GitFound git, Set<InodeKey> gitAtLend) {
            this.git = git;
            this.gitAtLend = gitAtLend;
            this.passwd = passwd;
            this.links = links;
            this.only = only;
            this.lent = lent;
            this.saved = saved;
            this.untouched = untouched;
            this.visited = visited;
            this.sandboxGroups = sandboxGroups;
        }

        @Override
        public Inherited visit(PathFd fd, FileStat st, Inherited parent) throws IOException {
            if (only == null && !st.isDirectory() && st.links() > 1) {
                links.met().merge(st.key(), 1, Integer::sum);
            }
            if (!visited.add(st.key())) {
                return null; // a second hard link of an inode already given back
            }
            // Decided by the inode, owner first: an inode number freed by the sandbox (a saved file deleted) may be taken
            // again by a file of the sandbox's, whose setuid bit a restore would keep (R7, R11); a developer's file the
            // sandbox hard-linked into its .git is still the developer's (R9).
            boolean sandboxOwned = lent.sandboxUids().contains(st.uid());
            if (only == null && st.isDirectory() && !sandboxOwned) {
                renamePlantedHead(fd, st, parent); // before its entries are given back: they are still the sandbox's
            }
            SavedInode s = sandboxOwned ? null : lookup(saved, st.key());
            if (s != null && (s.mode() & FileStat.S_IFMT) != (st.mode() & FileStat.S_IFMT)) {
                s = null; // another kind of inode under a saved number: made during the session
            }
            boolean wasThere = !sandboxOwned && s == null
                    && recorded(untouched, st.key());
            // neither saved nor untouched, yet born before the lend: not made here but moved or hard-linked in from outside
            // the tree (by the developer, or a third user's link, R15/R20) — its owner's, only stripped, whatever the
            // links counted (a count can be raced between the walks)
            boolean fromOutside = !sandboxOwned && s == null && !wasThere && st.bornBefore(lent.lentAt());
            // a .git the sandbox made, or a directory it made that git may take for a repository by another name (R40)
            boolean sandboxGit = parent.sandboxGit() || (sandboxOwned && (isGitName(fd) || mayBeGitDirectory(fd, st)));
            if (sandboxGit && !parent.sandboxGit() && !isGitName(fd) && only == null) {
                git.kept(fd.path());
            }
            if (only != null && !only.contains(st.key())) {
                // the second walk: only the deferred inodes; directories give their context as before
            } else if (sandboxOwned) {
                if (sandboxGit) {
                    makeInert(fd, st, parent);
                } else {
                    giveToOwner(fd, st, parent);
                }
            } else if (s != null) {
                restore(fd, s, st.isDirectory());
            } else if (wasThere) {
                // there before the session and not lent: not ours to change (a new entry inside it is handled on its own)
            } else if (fromOutside) {
                stripNewLink(fd, st, parent);
            } else if (only == null && !st.isDirectory() && st.links() > 1) {
                links.deferred().add(st.key()); // decided once all its links in the trees are counted
            } else if (only != null && !links.allLinksInTrees(st)) {
                // a name of it lies outside the lent trees (someone hard-linked a file from elsewhere in, R15): not a
                // file made here, so not rebuilt; only the session's entries and a sandbox group go
                stripNewLink(fd, st, parent);
            } else if (st.uid() == lent.ownerUid()) {
                // reached through the sandbox's .git (a hard link, R9) or a third user's directory (R19): nothing of that
                // directory shapes it
                rebuildNewInode(fd, st, parent.forDeveloper());
            } else {
                giveBackOthers(fd, st, parent);
            }
            if (!st.isDirectory()) {
                return null;
            }
            boolean trusted = sandboxOwned || s != null || (!wasThere && st.uid() == lent.ownerUid());
            boolean inGitAtLend = parent.inGitAtLend() || (gitAtLend != null && recorded(gitAtLend, st.key()));
            return new Inherited(fd.stat(), fd.xattr(PosixAcl.DEFAULT).map(PosixAcl::parse), sandboxGit, trusted, inGitAtLend);
        }

        /**
         * The record for {@code key}: the same inode, born when it was (R17: a number freed by the sandbox and taken by a
         * new file, the developer's too, is not the saved inode); a record of an older Cordon names the number alone, or
         * the number and birth time without the file handle (R24).
         */
        private static <T> T lookup(Map<InodeKey, T> records, InodeKey key) {
            for (InodeKey form : key.recordForms()) {
                T found = records.get(form);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        /** Whether {@code key} is among the untouched inodes, in any form a record may name it in. */
        private static boolean recorded(Set<InodeKey> records, InodeKey key) {
            return key.recordForms().stream().anyMatch(records::contains);
        }

        /**
         * A new inode of the developer's (made during the session), or one moved into the tree meanwhile
         * (neither saved nor recorded as untouched at lend time, so not there then; a hard link from outside the root
         * cannot be made from inside the session — each root is a mount of its own there, {@code EXDEV} — and one made
         * by someone else outside the session is only stripped, see {@link #stripNewLink}).
         * Whatever shaped it while lent is the sandbox's to choose: the grant's default ACL, or one the sandbox put on a
         * directory of its own ({@code other::rw} inherited by the developer's {@code .env}, R5), a setgid directory of a
         * group of the sandbox's (R6) or of a third user's that the sandbox made its directory in, or moved the inode out
         * of (R25) — and the sandbox may have moved it anywhere in the tree. So it is rebuilt as the developer would have
         * made it here: the group its directory gives (the owner's primary group, or a trusted setgid directory's), never
         * one it carried in; the ACL its directory's own default ACL gives, or none and the mode less the owner's umask;
         * setuid dropped, and setgid too unless its directory is a trusted setgid one (the sandbox could write it). A
         * group, an ACL or a wider mode the developer set on it during the session is not kept: the tree cannot tell it
         * from the sandbox's.
         */
        private void rebuildNewInode(PathFd fd, FileStat st, Inherited parent) throws IOException {
            int group = groupFromDirectory(parent);
            if (st.gid() != group) {
                changeGroup(fd, group);
            }
            if (!st.isSymlink()) {
                rebuildMode(fd, st, parent, st.uid(), st.isDirectory() ? st.permissions() & 01000 : 0);
            }
        }

        /**
         * An inode linked in from outside the lent trees (the developer's or someone else's): the session group's entries
         * go, and a group of the sandbox's goes to the one the developer's directory gives, or to another owner's primary
         * group (setuid/setgid go with it, the kernel's rule); its mode, its other ACL entries and the rest are its
         * owner's, not ours to change.
         */
        private void stripNewLink(PathFd fd, FileStat st, Inherited parent) throws IOException {
            Inherited context = parent.forDeveloper();
            if (st.uid() == lent.ownerUid()) {
                leaveSandboxGroup(fd, st, context);
            } else {
                giveOthersTheirGroup(fd, st);
            }
            if (!st.isSymlink()) {
                stripGrant(fd, st, context, true);
            }
        }

        /** A group of the sandbox's on the developer's inode goes to the one its directory gives. Read back. */
        private void leaveSandboxGroup(PathFd fd, FileStat st, Inherited parent) throws IOException {
            if (sandboxGroups.contains(st.gid())) {
                changeGroup(fd, groupFromDirectory(parent));
            }
        }

        /** Gives {@code fd} group {@code gid} (a file's setgid bit goes with it, the kernel's rule). Read back. */
        private static void changeGroup(PathFd fd, int gid) throws IOException {
            fd.chown(-1, gid);
            if (fd.stat().gid() != gid) {
                throw new IOException(fd.path() + " reads back as group " + fd.stat().gid() + " after the hand-back, not " + gid);
            }
        }

        private static boolean isGitName(PathFd fd) {
            return fd.path().endsWith("/.git");
        }

        /**
         * Whether a directory holds entries named {@code HEAD} and {@code objects} or {@code commondir}, of any type:
         * git takes no directory without them for a repository (a gitdir, bare or named by a {@code .git} file,
         * whatever its own name: its {@code HEAD} a file or a symlink, its {@code objects/} and {@code refs/} in it or in
         * the directory its {@code commondir} names; git's {@code is_git_directory}), so a directory of the sandbox's
         * holding them stays the sandbox's, as its {@code .git} does (R40). Wider than git's own test on purpose (no
         * entry's type or content is looked at): a directory it keeps too many is only left the sandbox's. Not a
         * reflog's {@code logs/} ({@code HEAD}, {@code refs/}).
         */
        private static boolean mayBeGitDirectory(PathFd fd, FileStat st) throws IOException {
            return st.isDirectory() && holds(fd, HEAD) && (holds(fd, OBJECTS) || holds(fd, COMMONDIR));
        }

        /**
         * R48: a directory that is not the sandbox's, that git takes for a git directory ({@link
         * GitDirectory#isGitDirectory}, git's own predicate) and that holds a {@code HEAD}, {@code commondir},
         * {@code objects}, {@code refs} or {@code config} the sandbox owns, or was made one during the session
         * ({@link #madeDuringTheSession}: of the developer's own entries). Git's ownership check looks at the directory
         * (and at the worktree, for {@code core.worktree = .} the directory again), which stays its owner's, so keeping
         * the sandbox's entries the sandbox's would not make git refuse it; the walk at session end renames its
         * {@code HEAD} where it reaches, but the sandbox can grow the tree past the walk's bound, and a dead host's
         * records are given back with no walk at all. So the hand-back, which visits every directory it gives back,
         * renames the {@code HEAD} as the walk does ({@code HEAD.cordon-planted-<session>}, the same line in the stop's
         * report) before it gives anything in the directory back: by descriptor, in the directory itself, never
         * replacing anything. A name the sandbox took beforehand (it may know the session's id) gets a random suffix.
         * A developer's own git directory is never one: every one in a lent tree is read-only for the session.
         */
        private void renamePlantedHead(PathFd dir, FileStat st, Inherited parent) throws IOException {
            if (!holds(dir, HEAD) || !(madeDuringTheSession(st, parent) || sandboxOwnsAGitEntry(dir))) {
                return;
            }
            String what = plantedHead(dir);
            if (what == null) {
                return;
            }
            String name = GitDirectory.plantedName("HEAD", lent.session());
            try {
                dir.rename(HEAD, dir, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                name = GitDirectory.randomPlantedName("HEAD", lent.session());
                dir.rename(HEAD, dir, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            git.renamed(GitDirectory.renamed(what, Path.of(dir.path()).resolve("HEAD"), name));
        }

        /**
         * Z3: an agent directory ({@link AgentConfigs}: {@code .codex}, {@code .claude}, …) in {@code dir} that the
         * sandbox owns (any type: a link too). The walk at session end renames one the session made, but the sandbox can
         * grow the tree past the walk's bound, and a dead host's records are given back with no walk at all; an agent
         * running as the developer would read it once it is the developer's. So the hand-back, as it lists each
         * directory it gives back, renames it among the entries listed as the walk does ({@code NAME.cordon-planted-<session>},
         * a random suffix when that name is taken) before it gives it back, by descriptor, never replacing anything. One of the
         * developer's own entries the sandbox moved into place under such a name is not told apart here (only within the
         * walk's bound, by what the runner start saw).
         */
        @Override
        public List<byte[]> listed(PathFd dir, Inherited children, List<byte[]> names) throws IOException {
            // before its entries are given back: they are still the sandbox's. In a directory kept the sandbox's as a git
            // directory too (C10): the developer may still read it, and start an agent there
            return only == null ? renamePlantedAgentConfigs(dir, names) : names;
        }

        /** {@code names} (the walk's listing of {@code dir}) with each agent entry renamed here under its new name. */
        private List<byte[]> renamePlantedAgentConfigs(PathFd dir, List<byte[]> names) throws IOException {
            List<byte[]> out = null;
            for (int i = 0; i < names.size(); i++) {
                byte[] renamed = renamePlantedAgentConfig(dir, names.get(i));
                if (renamed != null) {
                    if (out == null) {
                        out = new ArrayList<>(names);
                    }
                    out.set(i, renamed);
                }
            }
            return out == null ? names : out;
        }

        /** One entry of {@code dir}: an agent's the sandbox made, renamed; its new name, or null when left as it is. */
        private byte[] renamePlantedAgentConfig(PathFd dir, byte[] name) throws IOException {
            // as listed: on a case-insensitive directory an agent opening .claude finds .CLAUDE
            String agent = name.length > 4 * AGENT_NAME_MAX ? null : new String(name, java.nio.charset.StandardCharsets.UTF_8);
            if (agent == null || !AgentConfigs.isNamed(agent)) {
                return null;
            }
            try (PathFd entry = dir.child(name)) {
                if (!lent.sandboxUids().contains(entry.stat().uid())) {
                    return null;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return null; // gone meanwhile
            }
            Path where = Path.of(dir.path());
            String what = "a " + agent + " in " + where + " that the session made (an agent reads its configuration,"
                    + " hooks and skills from it; what it holds is not looked at)";
            String to = GitDirectory.plantedName(agent, lent.session());
            try {
                try {
                    dir.rename(name, dir, to.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    to = GitDirectory.randomPlantedName(agent, lent.session());
                    dir.rename(name, dir, to.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the hand-back goes on (it gives the rest back); the stop says what to do
                git.couldNot(what + ": COULD NOT rename " + where.resolve(agent) + " (" + e.getMessage()
                        + "); do not run an agent there before removing it");
                return null;
            }
            git.renamed(AgentConfigs.renamed(what, where.resolve(agent), to));
            return to.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        /**
         * What the stop says of {@code dir} when git may take it for a git directory, or null when it does not: beside a
         * {@code commondir}, or an {@code objects} or {@code refs} symlink, git's answer depends on what that leads to,
         * anywhere, read here as root: renamed, and worded, alike whatever that is (R54, R56); when it cannot be told
         * (a look failed), renamed on the safe side, and the hand-back goes on (R55).
         */
        private static String plantedHead(PathFd dir) throws IOException {
            Path here = Path.of(dir.processPath());
            Path where = Path.of(dir.path());
            try {
                String beside = GitDirectory.headBeside(here, RegularFileRead::read);
                if (beside != null) {
                    return GitDirectory.besideEntry(where, beside);
                }
                GitDirectory.Answer answer = GitDirectory.gitDirectory(here, RegularFileRead::read);
                return answer.no() ? null : answer.yes() ? GitDirectory.madeDuringSession(where)
                        : GitDirectory.unjudged(where, answer.why().replace(here.toString(), where.toString()));
            } catch (CordonException e) {
                return GitDirectory.unjudged(where, String.valueOf(e.getMessage()).replace(here.toString(), where.toString()));
            }
        }

        /**
         * Whether a git directory here would be one made during the session: not one when the tree was lent, nor inside
         * one (the developer's, read-only for the session: what is new there, a worktree's gitdir, is the developer's).
         * The sandbox can make one of the developer's own entries alone — it may rewrite the lent files and move them and
         * the lent directories into place as {@code HEAD}, {@code objects/}, {@code refs/}, {@code config} — which no
         * owner tells apart. Records that do not say what was a git directory at lend time: false.
         */
        private boolean madeDuringTheSession(FileStat st, Inherited parent) {
            return gitAtLend != null && !parent.inGitAtLend() && !recorded(gitAtLend, st.key());
        }

        private boolean sandboxOwnsAGitEntry(PathFd dir) throws IOException {
            for (byte[] name : GIT_ENTRIES) {
                try (PathFd entry = dir.child(name)) {
                    if (lent.sandboxUids().contains(entry.stat().uid())) {
                        return true;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // not there: not the sandbox's
                }
            }
            return false;
        }

        private static boolean holds(PathFd dir, byte[] name) throws IOException {
            try (PathFd entry = dir.child(name)) {
                return true;
            } catch (java.nio.file.NoSuchFileException e) {
                return false;
            }
        }

        private void giveToOwner(PathFd fd, FileStat st, Inherited parent) throws IOException {
            Inherited context = parent.forDeveloper();
            fd.chown(lent.ownerUid(), groupFromDirectory(context));
            if (!st.isSymlink()) {
                rebuildMode(fd, st, context, lent.ownerUid(), 0);
            }
        }

        /**
         * The group a new inode gets in its directory: the directory's when it is setgid (and not a group of the
         * sandbox's: a directory the hand-back leaves the sandbox's, in its {@code .git}), else the owner's primary group.
         */
        private int groupFromDirectory(Inherited parent) {
            return isSetgid(parent) ? parent.directory().gid() : lent.ownerGid();
        }

        private boolean isSetgid(Inherited parent) {
            return parent.directory() != null && (parent.directory().mode() & 02000) != 0
                    && !sandboxGroups.contains(parent.directory().gid());
        }

        /**
         * An inode of the sandbox's in a {@code .git} it made (or a git directory by another name, R40): it stays the sandbox's (git then refuses it to the
         * developer), but inert — the session group's entries go, and setuid, setgid and other-write: run by anyone it
         * would otherwise act as the sandbox account (R8). Read back.
         */
        private void makeInert(PathFd fd, FileStat st, Inherited parent) throws IOException {
            if (st.isSymlink()) {
                return;
            }
            stripGrant(fd, st, parent, true);
            int mode = fd.stat().permissions() & ~(06000 | 0002);
            if (fd.stat().permissions() != mode) {
                fd.chmod(mode);
            }
            if (fd.stat().permissions() != mode) {
                throw new IOException(fd.path() + " reads back as mode " + Integer.toOctalString(fd.stat().permissions())
                        + " after the hand-back, not " + Integer.toOctalString(mode));
            }
        }

        /**
         * A new inode of a third user's (a world-writable directory in the tree): not rebuilt with the developer's umask
         * (R10); the session group's entries go, and a developer's entry its directory's own default ACL did not give
         * it; a group of the sandbox's goes to that user's primary group.
         */
        private void giveBackOthers(PathFd fd, FileStat st, Inherited parent) throws IOException {
            giveOthersTheirGroup(fd, st);
            if (!st.isSymlink()) {
                stripGrant(fd, st, parent, false);
            }
        }

        /** A group of the sandbox's on another user's inode goes to that user's primary group. Read back. */
        private void giveOthersTheirGroup(PathFd fd, FileStat st) throws IOException {
            if (sandboxGroups.contains(st.gid())) {
                Optional<Integer> gid = passwd.user(st.uid()).map(PosixIds::gid);
                if (gid.isPresent()) {
                    changeGroup(fd, gid.get());
                }
            }
        }

        /**
         * The permissions of an inode made now in its (given back) directory from its current permission bits as the
         * create mode: the directory's default ACL, or no ACL and the owner's umask; a directory's setgid bit as its
         * directory's; {@code keep} (e.g. a directory's sticky bit) added. Read back.
         */
        private void rebuildMode(PathFd fd, FileStat st, Inherited parent, int uid, int keep) throws IOException {
            int created = st.permissions() & 0777;
            int special = (st.isDirectory() && isSetgid(parent) ? 02000 : 0) | keep;
            int mode;
            if (parent.defaults().isPresent()) {
                PosixAcl access = parent.defaults().get().inheritedFor(created);
                putAccess(fd, access);
                if (st.isDirectory()) {
                    fd.setXattr(PosixAcl.DEFAULT, parent.defaults().get().toXattr());
                }
                mode = access.modeBits() | special;
            } else {
                fd.removeXattr(PosixAcl.ACCESS);
                if (st.isDirectory()) {
                    fd.removeXattr(PosixAcl.DEFAULT);
                }
                mode = (created & ~lent.ownerUmask()) | special;
            }
            fd.chmod(mode);
            FileStat now = fd.stat();
            if (now.uid() != uid || now.permissions() != mode) {
                throw new IOException(fd.path() + " reads back as uid " + now.uid() + " mode "
                        + Integer.toOctalString(now.permissions()) + " after the hand-back, not uid " + uid
                        + " mode " + Integer.toOctalString(mode));
            }
        }

        /**
         * The session group's entries go (access and default), and unless {@code keepOwnerEntry} (a {@code .git} the
         * sandbox made: the developer's entry lets them remove it) a developer's entry the directory's own default ACL
         * did not give.
         */
        private void stripGrant(PathFd fd, FileStat st, Inherited parent, boolean keepOwnerEntry) throws IOException {
            boolean ownerEntryWasThere = keepOwnerEntry
                    || parent.defaults().flatMap(d -> d.find(PosixAcl.USER, lent.ownerUid())).isPresent();
            for (String attr : st.isDirectory() ? List.of(PosixAcl.ACCESS, PosixAcl.DEFAULT) : List.of(PosixAcl.ACCESS)) {
                Optional<byte[]> now = fd.xattr(attr);
                if (now.isEmpty()) {
                    continue;
                }
                PosixAcl acl = PosixAcl.parse(now.get());
                PosixAcl without = acl.without(PosixAcl.GROUP, lent.sandboxGid());
                if (!ownerEntryWasThere) {
                    without = without.without(PosixAcl.USER, lent.ownerUid());
                }
                if (without.equals(acl)) {
                    continue;
                }
                without = without.minimizedIfPossible();
                if (attr.equals(PosixAcl.ACCESS)) {
                    putAccess(fd, without);
                } else if (without.isMinimal() && parent.defaults().isEmpty()) {
                    fd.removeXattr(PosixAcl.DEFAULT); // it only had the default our grant gave it
                } else {
                    fd.setXattr(PosixAcl.DEFAULT, without.toXattr());
                }
            }
        }
    }

    /** Writes back a saved inode's ACL attributes byte for byte and its group permission bits; never owner or group. */
    private static void restore(PathFd fd, SavedInode s, boolean withDefault) throws IOException {
        fd.putXattr(PosixAcl.ACCESS, s.access());
        if (withDefault) {
            fd.putXattr(PosixAcl.DEFAULT, s.defaults());
        }
        FileStat now = fd.stat();
        int want = (now.permissions() & ~070) | (s.mode() & 070);
        if (!now.isSymlink() && now.permissions() != want) {
            fd.chmod(want);
        }
        boolean same = SavedInode.same(s.access(), fd.xattr(PosixAcl.ACCESS))
                && (!withDefault || SavedInode.same(s.defaults(), fd.xattr(PosixAcl.DEFAULT)))
                && (fd.stat().permissions() & 070) == (s.mode() & 070);
        if (!same) {
            throw new IOException(fd.path() + " does not read back as saved at grant time after the restore");
        }
    }

    /** An access ACL; a minimal one is stored as the mode alone (the attribute removed, the group bits set). */
    private static void putAccess(PathFd fd, PosixAcl access) throws IOException {
        if (access.isMinimal()) {
            fd.removeXattr(PosixAcl.ACCESS);
            FileStat now = fd.stat();
            fd.chmod((now.permissions() & ~0777) | access.modeBits());
        } else {
            fd.setXattr(PosixAcl.ACCESS, access.toXattr());
        }
    }

    private static void setVerified(PathFd fd, String attr, PosixAcl acl) throws IOException {
        byte[] value = acl.toXattr();
        fd.setXattr(attr, value);
        if (!SavedInode.same(Optional.of(value), fd.xattr(attr))) {
            throw new IOException(fd.path() + ": " + attr + " does not read back as set (" + acl + ")");
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Now, on the clock new inodes' birth times come from: the coarse one, which a birth time stamped after this call is
     * never before (the fine clock can be a tick ahead of the stamps, and a file made just after the lend would then
     * look older than it). A file made just before it may look younger: it is then judged as made in the session.
     */
    private static long epochNanos() throws IOException {
        try (Memory ts = new Memory(16)) {
            LinuxFileSyscalls.libc().clock_gettime(LinuxFileSyscalls.CLOCK_REALTIME_COARSE, ts);
            return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
        } catch (LastErrorException e) {
            throw new IOException("clock_gettime(CLOCK_REALTIME_COARSE) failed: errno " + e.getErrorCode(), e);
        }
    }

    /** The file handle of a saved inode, or null: its filesystem gives none, or it could not be taken (R26). */
    private static FileHandle handleOf(PathFd fd) {
        try {
            return FileHandle.of(fd).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static PathFd openRoot(Path root) throws IOException {
        return PathFd.open(root);
    }

    private static boolean writableByAnyone(Path root) throws IOException {
        try (PathFd fd = PathFd.open(root)) {
            int mode = fd.stat().mode();
            return (mode & 03) == 03; // others may write and enter it
        }
    }

    private static CordonException notLent(Path root, List<String> failures) {
        return new CordonException(ExitCode.INTERNAL, "Could not lend " + root + " to the session: "
                + String.join("; ", failures.subList(0, Math.min(5, failures.size())))
                + (failures.size() > 5 ? " (and " + (failures.size() - 5) + " more)" : ""),
                failures.stream().anyMatch(f -> f.contains("not supported")) ? "Its filesystem has no POSIX ACLs: give a"
                        + " workspace on one that has (ext4, xfs, btrfs, tmpfs), or make it writable by the sandbox group."
                        : "Check the files named; nothing stays lent (the session did not start).");
    }
}
