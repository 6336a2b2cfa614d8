package dev.cordon.platform.linux.cgroup;

import dev.cordon.platform.ProcessContainer;
import dev.cordon.platform.ProcessLimits;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.Pidfd;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cgroup of one session: a directory {@code <mount>/<prefix>/<sessionId>} in the tracking (v2) tree and in each
 * hierarchy carrying a limit. It is the session's process tree: children inherit it, so a daemon that double-forks
 * away from its parent stays inside and {@link #killAll()} still reaches it.
 */
public final class SessionCgroup implements ProcessContainer {
    static final Duration KILL_WAIT = Duration.ofSeconds(10);
    static final Duration RMDIR_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(10);

    private final String sessionId;
    private final Path tracking;
    /** The root of the tracking (v2) hierarchy: what {@code /proc/PID/cgroup}'s {@code 0::} paths are relative to. */
    private final Path trackingRoot;
    private final Optional<Path> pids;
    private final Optional<Path> memory;
    private final MemoryFiles memoryFiles;

    SessionCgroup(String sessionId, String prefix, CgroupRoots roots) {
        this.sessionId = sessionId;
        this.tracking = roots.tracking().resolve(prefix).resolve(sessionId);
        this.trackingRoot = roots.tracking();
        this.pids = roots.pids().map(m -> m.resolve(prefix).resolve(sessionId));
        this.memory = roots.memory().map(m -> m.resolve(prefix).resolve(sessionId));
        this.memoryFiles = roots.memoryFiles();
    }

    public String sessionId() {
        return sessionId;
    }

    @Override
    public String session() {
        return sessionId;
    }

    /** The tracking hierarchy's directory (cgroup v2): where the runner makes one child per command. */
    @Override
    public Optional<Path> delegatedDirectory() {
        return Optional.of(tracking);
    }

    /**
     * cgroup v2 delegation: the runner's account may create children (the directory) and move processes between them
     * ({@code cgroup.procs} of the common ancestor). The limit files stay root's, so it cannot raise its own bounds.
     */
    public void delegateTo(int uid, int gid) {
        try {
            java.nio.file.attribute.UserPrincipalLookupService lookup = tracking.getFileSystem()
                    .getUserPrincipalLookupService();
            for (Path p : List.of(tracking, tracking.resolve("cgroup.procs"))) {
                java.nio.file.attribute.PosixFileAttributeView v = Files.getFileAttributeView(p,
                        java.nio.file.attribute.PosixFileAttributeView.class);
                v.setOwner(lookup.lookupPrincipalByName(Integer.toString(uid)));
                v.setGroup(lookup.lookupPrincipalByGroupName(Integer.toString(gid)));
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot delegate cgroup " + tracking + " to uid " + uid + ": " + e.getMessage(), e);
        }
    }

    /** The session's directory in every hierarchy it uses, tracking tree first; one directory on pure v2. */
    public List<Path> directories() {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(tracking);
        pids.ifPresent(dirs::add);
        memory.ifPresent(dirs::add);
        return List.copyOf(dirs);
    }

    /** True while any of its directories exists (a crash may leave some hierarchies without one). */
    public boolean exists() {
        return directories().stream().anyMatch(Files::isDirectory);
    }

    /**
     * Moves a running process (and, from then on, every child it forks) into this cgroup, in every hierarchy.
     * Children it forked before this call stay where they are: to start a process inside from its first
     * instruction, launch it with {@link #commandEntering}.
     */
    public void add(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            throw CordonException.usage("Refusing to put the Cordon host process (pid " + pid + ") into session "
                    + sessionId + "'s cgroup: killing the session would kill the host.",
                    "Add the runner's pid instead.");
        }
        // Limit hierarchies first, so the process is never tracked in the session while still unbounded.
        List<Path> order = new ArrayList<>(directories());
        order.remove(tracking);
        order.add(tracking);
        for (Path dir : order) {
            CgroupFiles.write(dir.resolve("cgroup.procs"), Long.toString(pid));
        }
    }

    /**
     * {@code command} wrapped so the process writes itself into this cgroup (every hierarchy) before it execs
     * {@code command}: nothing it starts can run outside. Run it as root; to drop privileges, put the uid switch
     * ({@code setpriv ...}) inside {@code command}.
     */
    public List<String> commandEntering(List<String> command) {
        if (command.isEmpty()) {
            throw CordonException.usage("No command to run in session " + sessionId + "'s cgroup.", null);
        }
        String sh = Exec.require("sh", "dash").toString();
        List<String> wrapped = new ArrayList<>(List.of(sh, "-c",
                "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; n=$((n-1)); shift; done; "
                        + "exec \"$@\"",
                "cordon-cgroup-enter"));
        List<Path> dirs = directories();
        wrapped.add(Integer.toString(dirs.size()));
        dirs.forEach(d -> wrapped.add(d.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The processes in this cgroup, in any of its hierarchies (they agree unless a crash interrupted an add). */
    @Override
    public Set<Long> pids() {
        Set<Long> all = new LinkedHashSet<>();
        for (Path dir : directories()) {
            all.addAll(CgroupFiles.procs(dir));
        }
        return all;
    }

    /** The {@code cmd-N} child of this cgroup's v2 directory that {@code pid} is a member of now, if any. */
    @Override
    public Optional<Nested> nestedOf(long pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
        for (String line : text.split("\n")) {
            if (!line.startsWith("0::/")) {
                continue;
            }
            Path dir = trackingRoot.resolve(line.substring(4).strip()).normalize();
            if (dir.startsWith(trackingRoot) && tracking.equals(dir.getParent())
                    && dir.getFileName().toString().startsWith("cmd-")) {
                return Optional.of(new CommandCgroupKill(dir));
            }
        }
        return Optional.empty();
    }

    /** A command's cgroup, killed by the host: {@code cgroup.kill}, or SIGKILL to each member where there is none. */
    private record CommandCgroupKill(Path dir) implements Nested {
        @Override
        public String name() {
            return dir.getFileName().toString();
        }

        @Override
        public void kill() {
            Path kill = dir.resolve("cgroup.kill");
            try {
                Files.writeString(kill, "1");
                return;
            } catch (java.nio.file.NoSuchFileException gone) {
                if (!Files.isDirectory(dir)) {
                    return; // the command ended and the runner removed its cgroup
                }
            } catch (IOException e) {
                if (!Files.isDirectory(dir)) {
                    return;
                }
                throw CgroupFiles.failure("kill", kill, e);
            }
            for (long pid : CgroupFiles.procs(dir)) { // before 5.14: no cgroup.kill
                Pidfd.open(pid).ifPresent(fd -> {
                    try {
                        fd.signal(Pidfd.SIGKILL);
                    } finally {
                        fd.close();
                    }
                });
            }
        }
    }

    /**
     * Kills every process in the cgroup and waits until it is empty. Uses {@code cgroup.kill} when the kernel
     * offers it (5.14+: atomic, forks in flight included); whatever is still listed after that (a process only in a
     * v1 hierarchy after an interrupted add) gets the {@link #killBySignals} treatment.
     */
    @Override
    public void killAll() {
        Instant deadline = Instant.now().plus(KILL_WAIT);
        Path kill = tracking.resolve("cgroup.kill");
        if (CgroupFiles.writeIfThere(kill, "1")) { // not offered, or the cgroup removed meanwhile: nothing to wait for
            while (!pids().isEmpty() && Instant.now().isBefore(deadline)) {
                pause();
            }
        }
        killBySignals(deadline);
    }

    void killBySignals() {
        killBySignals(Instant.now().plus(KILL_WAIT));
    }

    /**
     * The path for kernels without {@code cgroup.kill}: freeze the v2 cgroup so nothing in it can fork, SIGKILL
     * every member (a frozen v2 task still dies of SIGKILL), repeat until empty, thaw.
     */
    private void killBySignals(Instant deadline) {
        Set<Long> members = pids();
        if (members.isEmpty()) {
            return;
        }
        Path freeze = tracking.resolve("cgroup.freeze");
        boolean frozen = CgroupFiles.writeIfThere(freeze, "1");
        try {
            while (!members.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw survivors(members);
                }
                signalMembers(members);
                pause();
                members = pids();
            }
        } finally {
            if (frozen) {
                CgroupFiles.writeIfThere(freeze, "0");
            }
        }
    }

    /**
     * A pid read from cgroup.procs may exit and be reused by an unrelated process before we signal it, so each one
     * is pinned with a pidfd first and signalled only if it is still a member after pinning.
     */
    private void signalMembers(Set<Long> listed) {
        Map<Long, Pidfd> pinned = new LinkedHashMap<>();
        try {
            for (long pid : listed) {
                Pidfd.open(pid).ifPresent(fd -> pinned.put(pid, fd)); // empty: it exited after the listing
            }
            Set<Long> stillMembers = pids();
            pinned.forEach((pid, fd) -> {
                if (stillMembers.contains(pid)) {
                    int errno = fd.signal(Pidfd.SIGKILL);
                    if (errno != 0 && errno != LinuxLibc.ESRCH) {
                        throw CordonException.internal("SIGKILL to " + pid + " was refused: errno " + errno, null);
                    }
                }
            });
        } finally {
            pinned.values().forEach(Pidfd::close);
        }
    }

    private CordonException survivors(Set<Long> members) {
        String who = members.stream().map(SessionCgroup::describeProcess).collect(Collectors.joining(", "));
        return new CordonException(ExitCode.INTERNAL,
                "Session " + sessionId + ": " + members.size() + " process(es) survived SIGKILL for "
                        + KILL_WAIT.toSeconds() + " s in " + tracking + ": " + who + ".",
                "A process in state D (uninterruptible I/O, often a hung NFS or FUSE mount) dies only when that I/O "
                        + "ends; fix the mount, then retry.");
    }

    private static String describeProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return pid + " (" + stat.substring(stat.indexOf('(') + 1, close) + ", state "
                    + stat.charAt(close + 2) + ")";
        } catch (IOException e) {
            return pid + " (" + e.getMessage() + ")";
        }
    }

    /**
     * Kills everything inside, then removes the cgroup's directory from every hierarchy, child cgroups first (the
     * runner makes one per command; a runner that died leaves them). Idempotent.
     */
    public void remove() {
        killAll();
        for (Path dir : directories()) {
            for (Path child : childCgroups(dir)) {
                rmdir(child);
            }
            rmdir(dir);
        }
    }

    /** Sub-directories of a cgroup directory, deepest first (cgroupfs lists control files as regular files). */
    private static List<Path> childCgroups(Path dir) {
        List<Path> found = new ArrayList<>();
        collectChildCgroups(dir, found);
        found.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /**
     * The cgroups below {@code dir}, into {@code found}. One removed meanwhile — by another removal of the same cgroup,
     * as a session's stop and an uninstall can race (a run's clean-up failed on a control file gone mid-walk) — is
     * skipped: what is gone needs no rmdir.
     */
    private static void collectChildCgroups(Path dir, List<Path> found) {
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                java.nio.file.attribute.BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    if (CgroupFiles.gone(e)) {
                        continue;
                    }
                    throw CgroupFiles.failure("list", p, e);
                }
                if (a.isDirectory()) {
                    found.add(p);
                    collectChildCgroups(p, found);
                }
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            if (!CgroupFiles.gone(e.getCause())) {
                throw CgroupFiles.failure("list", dir, e.getCause());
            }
        } catch (java.nio.file.NotDirectoryException e) {
            // not a directory: no cgroup below it
        } catch (IOException e) {
            if (!CgroupFiles.gone(e)) {
                throw CgroupFiles.failure("list", dir, e);
            }
        }
    }

    /** rmdir can briefly fail with EBUSY while the kernel finishes tearing down the last exited members. */
    private void rmdir(Path dir) {
        Instant deadline = Instant.now().plus(RMDIR_WAIT);
        while (true) {
            try {
                Files.delete(dir);
                return;
            } catch (NoSuchFileException e) {
                return; // never created in this hierarchy, or removed by an earlier, interrupted remove
            } catch (DirectoryNotEmptyException e) {
                throw new CordonException(ExitCode.CONFLICT, "Cannot remove " + dir + ": it has child cgroups.",
                        "Something other than Cordon created cgroups inside it; remove them (rmdir) first.", e);
            } catch (FileSystemException e) {
                if (!"Device or resource busy".equals(e.getReason()) || Instant.now().isAfter(deadline)) {
                    throw CgroupFiles.failure("remove", dir, e);
                }
                pause();
            } catch (IOException e) {
                throw CgroupFiles.failure("remove", dir, e);
            }
        }
    }

    /** The limits as the kernel holds them (read back, not remembered). */
    public ProcessLimits limits() {
        long maxPids = pids.map(d -> CgroupFiles.read(d.resolve("pids.max")))
                .map(v -> v.equals("max") ? ProcessLimits.NO_LIMIT : Long.parseLong(v)).orElse(ProcessLimits.NO_LIMIT);
        long maxMemory = memory.map(d -> CgroupFiles.read(d.resolve(memoryFiles.limit)))
                .map(memoryFiles::parseLimit).orElse(ProcessLimits.NO_LIMIT);
        return new ProcessLimits(maxPids, maxMemory);
    }

    void applyLimits(ProcessLimits limits) {
        if (limits.limitsPids()) {
            CgroupFiles.write(pids.orElseThrow().resolve("pids.max"), Long.toString(limits.maxPids()));
        }
        if (limits.limitsMemory()) {
            CgroupFiles.write(memory.orElseThrow().resolve(memoryFiles.limit), Long.toString(limits.maxMemoryBytes()));
        }
    }

    /**
     * What the kernel reports, under the same keys on v1 and v2: {@code procs}, {@code pids.current},
     * {@code pids.max}, {@code pids.peak}, {@code pids.refused} (forks refused by the limit), {@code memory.current},
     * {@code memory.max} ({@code max} when unlimited, as on v2), {@code memory.peak}; a key is absent when this
     * kernel or layout does not offer it.
     */
    @Override
    public Map<String, String> stats() {
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put("procs", Integer.toString(pids().size()));
        pids.ifPresent(d -> {
            for (String file : List.of("pids.current", "pids.max", "pids.peak")) {
                CgroupFiles.readIfPresent(d.resolve(file)).ifPresent(v -> stats.put(file, v));
            }
            CgroupFiles.readIfPresent(d.resolve("pids.events")).flatMap(SessionCgroup::refusedForks)
                    .ifPresent(v -> stats.put("pids.refused", v));
        });
        memory.ifPresent(d -> {
            CgroupFiles.readIfPresent(d.resolve(memoryFiles.current)).ifPresent(v -> stats.put("memory.current", v));
            CgroupFiles.readIfPresent(d.resolve(memoryFiles.limit))
                    .map(v -> memoryFiles.parseLimit(v) == ProcessLimits.NO_LIMIT ? "max" : v)
                    .ifPresent(v -> stats.put("memory.max", v));
            CgroupFiles.readIfPresent(d.resolve(memoryFiles.peak)).ifPresent(v -> stats.put("memory.peak", v));
        });
        return stats;
    }

    /** pids.events has a line {@code max N}: how many forks the limit refused. */
    private static Optional<String> refusedForks(String events) {
        return events.lines().filter(l -> l.startsWith("max ")).map(l -> l.substring(4).strip()).findFirst();
    }

    /** Kills everything inside and removes the cgroup. */
    @Override
    public void close() {
        remove();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CordonException(ExitCode.INTERNAL, "Interrupted while waiting for a session cgroup.", null, e);
        }
    }

    @Override
    public String toString() {
        return "SessionCgroup[" + sessionId + " " + directories() + "]";
    }
}
