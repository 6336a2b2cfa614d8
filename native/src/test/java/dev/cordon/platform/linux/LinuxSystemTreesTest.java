package dev.cordon.platform.linux;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Linux's system trees no one may lend ({@link WorkspaceGrants#SYSTEM_TREES}), at any depth, and what stays allowed next to them. */
class LinuxSystemTreesTest {
    @ParameterizedTest
    @ValueSource(strings = {"/etc", "/etc/cron.d", "/etc/systemd/system", "/usr", "/usr/local/bin", "/usr/lib/x", "/bin/x",
            "/sbin/x", "/lib/x", "/lib32/x", "/lib64/x", "/libx32/x", "/boot/grub", "/root", "/root/.ssh", "/proc/1",
            "/sys/fs/cgroup", "/dev/shm/x", "/run/user/1000/x", "/run/cordon", "/opt/app", "/snap/x", "/var", "/var/lib/x",
            "/var/spool/cron/crontabs", "/var/log/x", "/var/www/site", "/var/cache/x", "/tmp", "/var/tmp", "/var/home", "/srv",
            "/mnt", "/media"})
    void refused(String path) {
        assertThat(WorkspaceGrants.SYSTEM_TREES.why(Path.of(path))).as(path).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/home/alice/project", "/home/alice", "/tmp/project", "/tmp/a/b", "/var/tmp/project",
            "/var/home/alice/project", "/srv/team/project", "/mnt/data/project", "/media/usb/project", "/data/project",
            "/etcetera/project", "/usrx", "/variable/x", "/opt2/x"})
    void allowed(String path) {
        assertThat(WorkspaceGrants.SYSTEM_TREES.why(Path.of(path))).as(path).isEmpty();
    }
}
