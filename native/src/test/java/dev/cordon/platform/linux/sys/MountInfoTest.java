package dev.cordon.platform.linux.sys;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MountInfoTest {
    @Test
    void readsMountPointTypeSourceOptionsDeviceAndRootWithOptionalFieldsAndEscapes() {
        String text = """
                40 30 0:37 / /sys/fs/cgroup/unified rw,relatime shared:12 - cgroup2 cgroup2 rw
                812 77 0:99 /a\\040b/c /var/lib/x\\040y/sessions/s1/home rw,nosuid,nodev shared:400 master:2 - tmpfs cordon-scratch rw,size=1048576k,nr_inodes=262144,mode=770,gid=993
                garbage line
                """;
        assertThat(MountInfo.parseAll(text)).containsExactly(
                new MountInfo(Path.of("/sys/fs/cgroup/unified"), "rw,relatime", "cgroup2", "cgroup2", "rw", "0:37", Path.of("/")),
                new MountInfo(Path.of("/var/lib/x y/sessions/s1/home"), "rw,nosuid,nodev", "tmpfs", "cordon-scratch",
                        "rw,size=1048576k,nr_inodes=262144,mode=770,gid=993", "0:99", Path.of("/a b/c")));
    }
}
