package dev.cordon.platform.linux.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the pieces of a session cgroup live for one layout: the tracking tree (v2) and the hierarchies carrying the
 * pids and memory limits (the v2 tree itself when pure v2 offers the controller, a v1 hierarchy when hybrid).
 *
 * @param unified true when everything is one v2 tree (controllers must then be enabled via cgroup.subtree_control)
 * @param unenforceable a sentence per limit that cannot be enforced here
 */
record CgroupRoots(Path tracking, Optional<Path> pids, Optional<Path> memory, MemoryFiles memoryFiles,
                   boolean unified, List<String> unenforceable) {

    /** Throws the layout's refusal for {@link CgroupLayout.None}. */
    static CgroupRoots of(CgroupLayout layout) {
        if (layout instanceof CgroupLayout.None none) {
            throw none.refusal();
        }
        if (layout instanceof CgroupLayout.Hybrid hybrid) {
            return new CgroupRoots(hybrid.unified(), hybrid.pids(), hybrid.memory(), MemoryFiles.V1, false,
                    hybrid.unenforceable());
        }
        Path mount = ((CgroupLayout.Unified) layout).mount();
        Set<String> offered = Set.of(CgroupFiles.readIfPresent(mount.resolve("cgroup.controllers"))
                .orElse("").split("\\s+"));
        List<String> unenforceable = new ArrayList<>();
        for (String controller : List.of("pids", "memory")) {
            if (!offered.contains(controller)) {
                unenforceable.add("the cgroup v2 tree at " + mount + " does not offer the " + controller
                        + " controller (not in its cgroup.controllers): the "
                        + (controller.equals("pids") ? "process-count" : "memory") + " limit cannot be enforced");
            }
        }
        return new CgroupRoots(mount, Optional.of(mount).filter(m -> offered.contains("pids")),
                Optional.of(mount).filter(m -> offered.contains("memory")), MemoryFiles.V2, true,
                List.copyOf(unenforceable));
    }

    /** The controllers this host lets us enable in the v2 tree. */
    List<String> v2Controllers() {
        if (!unified) {
            return List.of();
        }
        List<String> controllers = new ArrayList<>();
        pids.ifPresent(p -> controllers.add("pids"));
        memory.ifPresent(p -> controllers.add("memory"));
        return controllers;
    }

    /** The distinct hierarchy mounts a session cgroup has a directory in, tracking tree first. */
    List<Path> mounts() {
        List<Path> mounts = new ArrayList<>(List.of(tracking));
        pids.filter(p -> !mounts.contains(p)).ifPresent(mounts::add);
        memory.filter(p -> !mounts.contains(p)).ifPresent(mounts::add);
        return mounts;
    }
}
