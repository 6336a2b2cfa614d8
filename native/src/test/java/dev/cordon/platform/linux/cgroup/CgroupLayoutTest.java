package dev.cordon.platform.linux.cgroup;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupLayoutTest {
    /** This machine's mountinfo, cut to the cgroup lines plus one unrelated mount. */
    private static final String HYBRID = """
            22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    /** A systemd distribution in unified mode (Debian 12, Fedora, Ubuntu 22.04+). */
    private static final String PURE_V2 = """
            24 1 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            33 24 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate
            34 24 0:29 / /run/user/1000 rw,nosuid,nodev,relatime shared:10 - tmpfs tmpfs rw,size=1G,mode=700
            """;

    @Test
    void thisMachineIsHybridWithPidsAndMemoryInV1() {
        assertThat(CgroupLayout.detect()).isEqualTo(new CgroupLayout.Hybrid(Path.of("/sys/fs/cgroup/unified"),
                Optional.of(Path.of("/sys/fs/cgroup/pids")), Optional.of(Path.of("/sys/fs/cgroup/memory"))));
    }

    @Test
    void hybridMountinfoFindsTheV2TreeAndTheV1LimitHierarchies() {
        CgroupLayout layout = CgroupLayout.detect(HYBRID);

        assertThat(layout).isEqualTo(new CgroupLayout.Hybrid(Path.of("/sys/fs/cgroup/unified"),
                Optional.of(Path.of("/sys/fs/cgroup/pids")), Optional.of(Path.of("/sys/fs/cgroup/memory"))));
        assertThat(((CgroupLayout.Hybrid) layout).unenforceable()).isEmpty();
    }

    @Test
    void hybridWithoutAPidsHierarchySaysTheProcessLimitCannotBeEnforced() {
        String noPids = HYBRID.lines().filter(l -> !l.endsWith("rw,pids")).reduce("", (a, l) -> a + l + "\n");

        CgroupLayout.Hybrid layout = (CgroupLayout.Hybrid) CgroupLayout.detect(noPids);

        assertThat(layout.pids()).isEmpty();
        assertThat(layout.memory()).contains(Path.of("/sys/fs/cgroup/memory"));
        assertThat(layout.unenforceable()).singleElement().asString()
                .contains("pids controller").contains("process-count limit cannot be enforced");
    }

    @Test
    void pureV2MountinfoIsUnifiedAtItsMountPoint() {
        assertThat(CgroupLayout.detect(PURE_V2)).isEqualTo(new CgroupLayout.Unified(Path.of("/sys/fs/cgroup")));
    }

    @Test
    void controllersSharingOneV1HierarchyAreFound() {
        String text = """
                40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                41 30 0:38 / /sys/fs/cgroup/pids,memory rw,relatime - cgroup cgroup rw,pids,memory
                """;

        assertThat(CgroupLayout.detect(text)).isEqualTo(new CgroupLayout.Hybrid(Path.of("/sys/fs/cgroup/unified"),
                Optional.of(Path.of("/sys/fs/cgroup/pids,memory")),
                Optional.of(Path.of("/sys/fs/cgroup/pids,memory"))));
    }

    @Test
    void aMountPointWithASpaceIsUnescaped() {
        String text = "33 24 0:28 / /mnt/cgroup\\040two rw - cgroup2 cgroup2 rw\n";

        assertThat(CgroupLayout.detect(text)).isEqualTo(new CgroupLayout.Unified(Path.of("/mnt/cgroup two")));
    }

    @Test
    void onlyV1HierarchiesIsNoneWithAReasonAndAFix() {
        String legacy = HYBRID.lines().filter(l -> !l.contains("cgroup2")).reduce("", (a, l) -> a + l + "\n");

        CgroupLayout layout = CgroupLayout.detect(legacy);

        assertThat(layout).isInstanceOf(CgroupLayout.None.class);
        CordonException refusal = ((CgroupLayout.None) layout).refusal();
        assertThat(refusal.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(refusal.getMessage()).contains("only cgroup v1 hierarchies are mounted");
        assertThat(refusal.fix()).contains("systemd.unified_cgroup_hierarchy=1");
    }

    @Test
    void noCgroupMountAtAllIsNone() {
        assertThat(CgroupLayout.detect("22 1 0:21 / /sys rw - sysfs sysfs rw\n"))
                .isEqualTo(new CgroupLayout.None("no cgroup filesystem is mounted"));
    }

    @Test
    void sessionCgroupsRefuseNoneWithTheLayoutsReason() {
        CgroupLayout none = new CgroupLayout.None("no cgroup filesystem is mounted");

        assertThatThrownBy(() -> new SessionCgroups(none, "cordon"))
                .isInstanceOf(CordonException.class)
                .hasMessage("Session cgroups are unavailable: no cgroup filesystem is mounted.");
    }
}
