package dev.cordon.platform.linux.cgroup;

import dev.cordon.platform.ProcessLimits;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The session cgroups of one Cordon instance: {@code <mount>/<prefix>/<sessionId>} in each hierarchy in use.
 * The {@code <prefix>} directory only groups sessions and never holds a process itself, which is what cgroup v2's
 * "no internal processes" rule requires of a cgroup that enables controllers for its children.
 */
public final class SessionCgroups {
    /** Safe as a directory name in every hierarchy; no '.', so it can never look like an interface file. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final String prefix;
    private final CgroupRoots roots;

    /** Session cgroups of {@code prefix} on this host; refuses when the host has no cgroup v2 tree. */
    public static SessionCgroups open(String prefix) {
        return new SessionCgroups(CgroupLayout.detect(), prefix);
    }

    public SessionCgroups(CgroupLayout layout, String prefix) {
        this.prefix = checkName("cgroup prefix", prefix);
        this.roots = CgroupRoots.of(layout);
    }

    /** Whether session cgroups work on this host (tracking and killing a process tree); see {@link #support()}. */
    public static boolean supported() {
        return support().supported();
    }

    /** Where the cgroup v2 hierarchy is mounted, if it is (hybrid hosts: the unified tree). */
    public static java.util.Optional<Path> unifiedMount() {
        try {
            return CgroupMount.of(dev.cordon.platform.linux.sys.MountInfo.read(CgroupLayout.MOUNTINFO)).stream()
                    .filter(CgroupMount::v2).map(CgroupMount::mountPoint).findFirst();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** What works and what is missing on this host, for {@code cordon doctor}. */
    public static CgroupSupport support() {
        return CgroupSupport.of(CgroupLayout.detect());
    }

    public String prefix() {
        return prefix;
    }

    /**
     * The session whose cgroup (of {@code prefix}) process {@code pid} is in, read from {@code /proc/<pid>/cgroup}
     * ({@code hierarchy:controllers:/<prefix>/<session>/…}, in any hierarchy); empty when it is in none, or gone.
     */
    public static java.util.Optional<String> sessionOf(long pid, String prefix) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (IOException gone) {
            return java.util.Optional.empty(); // exited: it belongs to no session any more
        }
        return sessionIn(text, prefix);
    }

    static java.util.Optional<String> sessionIn(String procCgroupText, String prefix) {
        for (String line : procCgroupText.split("\n")) {
            int colon = line.indexOf(':', line.indexOf(':') + 1);
            if (colon < 0) {
                continue;
            }
            String[] parts = line.substring(colon + 1).split("/");
            if (parts.length >= 3 && parts[0].isEmpty() && parts[1].equals(prefix) && NAME.matcher(parts[2]).matches()) {
                return java.util.Optional.of(parts[2]);
            }
        }
        return java.util.Optional.empty();
    }

    /** The limits this host cannot enforce, as sentences (empty when both can be). */
    public List<String> unenforceable() {
        return roots.unenforceable();
    }

    /**
     * Creates the cgroup of a new session and sets its limits. Refuses a limit this host cannot enforce rather than
     * run the session unbounded; refuses a session id whose cgroup already exists (reap stale ones first).
     */
    public SessionCgroup create(String sessionId, ProcessLimits limits) {
        checkName("session id", sessionId);
        if (limits.limitsPids() && roots.pids().isEmpty()) {
            throw cannotEnforce("process-count", "pids");
        }
        if (limits.limitsMemory() && roots.memory().isEmpty()) {
            throw cannotEnforce("memory", "memory");
        }
        for (Path mount : roots.mounts()) {
            mkdirIfAbsent(mount.resolve(prefix));
        }
        if (roots.unified()) {
            enableControllers(roots.tracking());
            enableControllers(roots.tracking().resolve(prefix));
        }
        SessionCgroup cgroup = new SessionCgroup(sessionId, prefix, roots);
        if (cgroup.exists()) {
            throw new CordonException(ExitCode.CONFLICT, "The cgroup of session " + sessionId + " already exists: "
                    + cgroup.directories().stream().filter(Files::isDirectory).toList() + ".",
                    "Use a new session id, or reap stale sessions first.");
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path dir : cgroup.directories()) {
                try {
                    Files.createDirectory(dir);
                } catch (IOException e) {
                    throw CgroupFiles.failure("create", dir, e);
                }
                created.add(dir);
            }
            cgroup.applyLimits(limits);
        } catch (CordonException e) {
            throw deleteCreated(created, e);
        }
        return cgroup;
    }

    /** Undoes a half-made session cgroup: its directories are empty, nothing was added yet. */
    private static CordonException deleteCreated(List<Path> created, CordonException cause) {
        for (Path dir : created) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                cause.addSuppressed(CgroupFiles.failure("remove", dir, e));
            }
        }
        return cause;
    }

    private CordonException cannotEnforce(String limit, String controller) {
        String why = roots.unenforceable().stream().filter(s -> s.contains(" " + controller + " ")).findFirst()
                .orElse("the " + controller + " controller is unavailable");
        return new CordonException(ExitCode.UNAVAILABLE, "Cannot create a session with a " + limit + " limit: "
                + why + ".", "Enable the " + controller + " cgroup controller on this host, or start the session "
                + "without a " + limit + " limit.");
    }

    private static void mkdirIfAbsent(Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // shared by every session of the instance; created by an earlier session
        } catch (IOException e) {
            throw CgroupFiles.failure("create", dir, e);
        }
    }

    /** Pure v2: a child can use a controller only when its parent lists it in cgroup.subtree_control. */
    private void enableControllers(Path parent) {
        Path control = parent.resolve("cgroup.subtree_control");
        Set<String> enabled = Set.of(CgroupFiles.read(control).split("\\s+"));
        List<String> missing = roots.v2Controllers().stream().filter(c -> !enabled.contains(c)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String request = String.join(" ", missing.stream().map(c -> "+" + c).toList());
        try {
            Files.write(control, request.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            if ("Device or resource busy".equals(e.getReason())) {
                throw new CordonException(ExitCode.UNAVAILABLE, "Cannot enable " + request + " in " + control
                        + ": " + parent + " holds processes itself, and cgroup v2 lets only a cgroup without "
                        + "processes pass controllers to its children.",
                        "Move the processes of " + parent + " into a child cgroup (as container init systems do), "
                                + "or run Cordon from a systemd unit with Delegate=yes.", e);
            }
            throw CgroupFiles.failure("write '" + request + "' to", control, e);
        } catch (IOException e) {
            throw CgroupFiles.failure("write '" + request + "' to", control, e);
        }
    }

    /**
     * The session cgroups of this prefix that exist now, in any hierarchy (a crash can leave a session in only some
     * of them): after a host crash these are the stale ones to reap.
     */
    public List<SessionCgroup> list() {
        Set<String> ids = new TreeSet<>();
        for (Path mount : roots.mounts()) {
            Path dir = mount.resolve(prefix);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(n -> NAME.matcher(n).matches()).forEach(ids::add);
            } catch (IOException e) {
                throw CgroupFiles.failure("list", dir, e);
            }
        }
        return ids.stream().map(id -> new SessionCgroup(id, prefix, roots)).toList();
    }

    /** The cgroup of a session that exists now, e.g. to kill it; the same object {@link #create} returned. */
    public SessionCgroup get(String sessionId) {
        return new SessionCgroup(checkName("session id", sessionId), prefix, roots);
    }

    /**
     * Kills and removes every session cgroup of this prefix whose session is not live; returns the reaped session
     * ids. Tries every stale session even when one fails, then throws the first failure.
     */
    public List<String> reapAll(Set<String> liveSessionIds) {
        return reapAll(liveSessionIds::contains);
    }

    /**
     * The same, asking {@code live} about each cgroup after the cgroups were listed: a session that is created
     * meanwhile (its record first, then its cgroup) is seen as live, not reaped.
     */
    public List<String> reapAll(java.util.function.Predicate<String> live) {
        List<String> reaped = new ArrayList<>();
        CordonException failure = null;
        for (SessionCgroup cgroup : list()) {
            if (live.test(cgroup.sessionId())) {
                continue;
            }
            try {
                cgroup.remove();
                reaped.add(cgroup.sessionId());
            } catch (CordonException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reaped;
    }

    /** The {@code <prefix>} directories that exist now, one per hierarchy in use. */
    public List<Path> prefixDirectories() {
        return roots.mounts().stream().map(m -> m.resolve(prefix)).filter(Files::isDirectory).toList();
    }

    /** Reaps every session, then removes the {@code <prefix>} directories themselves (uninstall, tests). */
    public void removeAll() {
        reapAll(Set.of());
        for (Path mount : roots.mounts()) {
            Path dir = mount.resolve(prefix);
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw CgroupFiles.failure("remove", dir, e);
            }
        }
    }

    private static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw CordonException.usage("Invalid " + what + " '" + name + "'.",
                    "Use 1-64 letters, digits, '-' or '_', starting with a letter or digit.");
        }
        return name;
    }
}
