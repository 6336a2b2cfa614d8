package dev.cordon.platform.linux.sys;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

    /** R62: the file is bytes; a name that is not valid in the JVM's file name encoding never stops the parse. */
    @Test
    void bytesThatAreNotValidFileNameTextAreKeptReplacedAndMarkedNotFaithful() {
        byte[] bytes = bytes("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n",
                "2 1 0:50 / /srv/a rw - tmpfs rev15", new byte[]{(byte) 0xff}, "x rw\n",
                "3 1 0:51 / /srv/b", new byte[]{(byte) 0xff}, "y rw - tmpfs t rw\n",
                "4 1 8:1 /home/", new byte[]{(byte) 0xfe}, " /srv/c rw - ext4 /dev/sda1 rw\n",
                "5 1 8:1 /x\\040y\\011\\012\\134z /srv/\\303\\251 rw - ext4 /dev/sda1 rw\n");
        var mounts = MountInfo.parseAll(bytes);
        assertThat(mounts).hasSize(5);
        assertThat(mounts.get(0).faithful()).isTrue();
        assertThat(mounts.get(1)).isEqualTo(new MountInfo(Path.of("/srv/a"), "rw", "tmpfs", "rev15\uFFFDx", "rw", "0:50",
                Path.of("/")));
        assertThat(mounts.get(2)).isEqualTo(new MountInfo(Path.of("/srv/b\uFFFDy"), "rw", "tmpfs", "t", "rw", "0:51",
                Path.of("/"), false));
        assertThat(mounts.get(3)).isEqualTo(new MountInfo(Path.of("/srv/c"), "rw", "ext4", "/dev/sda1", "rw", "8:1",
                Path.of("/home/\uFFFD"), false));
        // space, tab, newline, backslash unescaped; an escaped UTF-8 sequence decoded as one character
        assertThat(mounts.get(4)).isEqualTo(new MountInfo(Path.of("/srv/\u00e9"), "rw", "ext4", "/dev/sda1", "rw", "8:1",
                Path.of("/x y\t\n\\z")));
    }

    @Test
    void aFieldIsAPathOnlyWhenItsBytesAreValid() {
        assertThat(MountInfo.path("/a\\040b")).contains(Path.of("/a b"));
        assertThat(MountInfo.path("/a\\377b")).isEmpty();
        assertThat(MountInfo.path("/a\u00ffb")).isEmpty(); // the raw byte 0xff, as read one char a byte
        assertThat(MountInfo.text("/a\\377b")).isEqualTo("/a\uFFFDb");
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
