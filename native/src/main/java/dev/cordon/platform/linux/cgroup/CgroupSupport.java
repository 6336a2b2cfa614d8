package dev.cordon.platform.linux.cgroup;

import dev.cordon.core.CordonException;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * What session cgroups can do on this host, for {@code cordon doctor}.
 *
 * @param supported a session's process tree can be tracked and killed as a whole
 * @param pidsLimit the process-count limit can be enforced
 * @param memoryLimit the memory limit can be enforced
 * @param missing one sentence per missing capability (empty when everything works)
 */
public record CgroupSupport(CgroupLayout layout, boolean supported, boolean pidsLimit, boolean memoryLimit,
                            List<String> missing) {

    static CgroupSupport of(CgroupLayout layout) {
        CgroupRoots roots;
        try {
            roots = CgroupRoots.of(layout);
        } catch (CordonException refused) {
            return new CgroupSupport(layout, false, false, false, List.of(refused.getMessage()));
        }
        List<String> missing = new ArrayList<>();
        boolean writable = Files.isWritable(roots.tracking());
        if (!writable) {
            missing.add("creating cgroups under " + roots.tracking() + " needs root");
        }
        missing.addAll(roots.unenforceable());
        return new CgroupSupport(layout, writable, writable && roots.pids().isPresent(),
                writable && roots.memory().isPresent(), List.copyOf(missing));
    }

    /** One line: the layout and what is missing. */
    public String summary() {
        String kind = layout instanceof CgroupLayout.Unified u ? "cgroup v2 at " + u.mount()
                : layout instanceof CgroupLayout.Hybrid h ? "hybrid cgroups (v2 tracking at " + h.unified() + ")"
                : "no cgroup v2";
        return missing.isEmpty() ? kind + ": session tracking, kill, pids and memory limits available"
                : kind + ": " + String.join("; ", missing);
    }
}
