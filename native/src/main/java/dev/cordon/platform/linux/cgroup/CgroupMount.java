package dev.cordon.platform.linux.cgroup;

import dev.cordon.platform.linux.sys.MountInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One cgroup or cgroup2 line of a mountinfo file.
 *
 * @param controllers for a v1 hierarchy, the controllers bound to it (from the super options, e.g.
 *                    {@code rw,cpu,cpuacct}); named hierarchies such as {@code name=systemd} carry none; empty for v2
 */
record CgroupMount(Path mountPoint, boolean v2, Set<String> controllers) {
    private static final Set<String> NOT_CONTROLLERS = Set.of("rw", "ro", "noprefix", "clone_children", "xattr",
            "cpuset_v2_mode", "favordynmods", "nofavordynmods");

    /** The cgroup and cgroup2 mounts of a mountinfo text; other lines are skipped. */
    static List<CgroupMount> parseAll(String mountinfoText) {
        return of(MountInfo.parseAll(mountinfoText));
    }

    /**
     * The cgroup and cgroup2 mounts among {@code mountinfo}; other lines are skipped, and so are those whose mount point
     * is not a valid file name (R62): no path reaches them.
     */
    static List<CgroupMount> of(List<MountInfo> mountinfo) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (MountInfo m : mountinfo) {
            if (!m.faithful()) {
                continue;
            }
            if (m.fstype().equals("cgroup2")) {
                mounts.add(new CgroupMount(m.mountPoint(), true, Set.of()));
            } else if (m.fstype().equals("cgroup")) {
                Set<String> controllers = Arrays.stream(m.superOptions().split(","))
                        .filter(o -> !o.contains("=") && !NOT_CONTROLLERS.contains(o))
                        .collect(Collectors.toUnmodifiableSet());
                mounts.add(new CgroupMount(m.mountPoint(), false, controllers));
            }
        }
        return mounts;
    }
}
