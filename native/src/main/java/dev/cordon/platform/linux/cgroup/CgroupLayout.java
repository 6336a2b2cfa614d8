package dev.cordon.platform.linux.cgroup;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.sys.MountInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How cgroups are mounted on this host, read from {@code /proc/self/mountinfo}.
 * <ul>
 * <li>{@link Unified}: pure cgroup v2; one tree tracks the processes and holds the controllers.</li>
 * <li>{@link Hybrid}: a v2 tree tracks the processes (cgroup.procs, cgroup.kill, cgroup.freeze) while the pids and
 * memory controllers are bound to v1 hierarchies, each of which may be missing.</li>
 * <li>{@link None}: no cgroup v2 tree; a session's process tree cannot be tracked or killed as a whole.</li>
 * </ul>
 */
public sealed interface CgroupLayout {
    Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** Pure cgroup v2 mounted at {@code mount}; which controllers it offers is in its {@code cgroup.controllers}. */
    record Unified(Path mount) implements CgroupLayout {
    }

    /**
     * A v2 tree for tracking plus the v1 hierarchies that carry the limits.
     *
     * @param pids the v1 hierarchy with the pids controller, empty when none is mounted
     * @param memory the v1 hierarchy with the memory controller, empty when none is mounted
     */
    record Hybrid(Path unified, Optional<Path> pids, Optional<Path> memory) implements CgroupLayout {
        /** The limits this layout cannot enforce, as sentences. */
        public List<String> unenforceable() {
            List<String> missing = new ArrayList<>();
            if (pids.isEmpty()) {
                missing.add("no cgroup v1 hierarchy with the pids controller is mounted: the process-count limit "
                        + "cannot be enforced");
            }
            if (memory.isEmpty()) {
                missing.add("no cgroup v1 hierarchy with the memory controller is mounted: the memory limit "
                        + "cannot be enforced");
            }
            return missing;
        }
    }

    /** No usable cgroup v2 tree; {@code reason} says what was found instead. */
    record None(String reason) implements CgroupLayout {
        public CordonException refusal() {
            return new CordonException(ExitCode.UNAVAILABLE,
                    "Session cgroups are unavailable: " + reason + ".",
                    "Boot with the cgroup v2 hierarchy (systemd.unified_cgroup_hierarchy=1), or mount it: "
                            + "`mount -t cgroup2 none /sys/fs/cgroup/unified`.");
        }
    }

    /** The layout of the running system. */
    static CgroupLayout detect() {
        try {
            return detect(CgroupMount.of(MountInfo.read(MOUNTINFO)));
        } catch (IOException e) {
            return new None("cannot read " + MOUNTINFO + " (" + e.getMessage() + ")");
        }
    }

    /** The layout described by the text of a {@code /proc/<pid>/mountinfo} file. */
    static CgroupLayout detect(String mountinfoText) {
        return detect(CgroupMount.parseAll(mountinfoText));
    }

    private static CgroupLayout detect(List<CgroupMount> mounts) {
        Optional<CgroupMount> v2 = mounts.stream().filter(CgroupMount::v2)
                .min(Comparator.comparingInt(CgroupLayout::v2Preference));
        List<CgroupMount> v1WithControllers = mounts.stream()
                .filter(m -> !m.v2() && !m.controllers().isEmpty()).toList();
        if (v2.isEmpty()) {
            return new None(v1WithControllers.isEmpty()
                    ? "no cgroup filesystem is mounted"
                    : "only cgroup v1 hierarchies are mounted (legacy mode); Cordon needs the cgroup v2 tree to "
                            + "track and kill a session's process tree");
        }
        // A controller bound to a v1 hierarchy is unavailable in v2, so any v1 controller hierarchy means hybrid.
        if (v1WithControllers.isEmpty()) {
            return new Unified(v2.get().mountPoint());
        }
        return new Hybrid(v2.get().mountPoint(), v1Carrying("pids", v1WithControllers),
                v1Carrying("memory", v1WithControllers));
    }

    private static Optional<Path> v1Carrying(String controller, List<CgroupMount> v1) {
        return v1.stream().filter(m -> m.controllers().contains(controller)).map(CgroupMount::mountPoint).findFirst();
    }

    /** The usual mount points first; a v2 tree bind-mounted elsewhere (a container's view) is the same tree. */
    private static int v2Preference(CgroupMount m) {
        String p = m.mountPoint().toString();
        return p.equals("/sys/fs/cgroup") ? 0 : p.equals("/sys/fs/cgroup/unified") ? 1 : 2;
    }
}
