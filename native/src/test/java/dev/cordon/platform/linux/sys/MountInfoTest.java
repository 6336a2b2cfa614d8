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
        assertThat(mounts.get(2).pointFaithful()).isFalse();
        assertThat(mounts.get(3).pointFaithful()).as("only its root is not a valid name").isTrue();
        // a real U+FFFD (valid UTF-8) in a point is a faithful name: told apart when the line is read, not by its chars
        assertThat(MountInfo.parseAll(bytes("6 1 0:52 / /srv/\\357\\277\\275 rw - tmpfs t rw\n")).get(0).pointFaithful())
                .isEqualTo(MountInfo.FILE_NAMES.equals(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(mounts.get(1)).isEqualTo(new MountInfo(Path.of("/srv/a"), "rw", "tmpfs", "rev15\u00ffx", "rw", "0:50",
                Path.of("/")));
        assertThat(mounts.get(1).source()).isEqualTo("rev15\uFFFDx"); // the raw byte kept, replaced when read as text
        assertThat(mounts.get(2)).isEqualTo(new MountInfo(Path.of("/srv/b\uFFFDy"), "rw", "tmpfs", "t", "rw", "0:51",
                Path.of("/"), false, true));
        assertThat(mounts.get(3)).isEqualTo(new MountInfo(Path.of("/srv/c"), "rw", "ext4", "/dev/sda1", "rw", "8:1",
                Path.of("/home/\uFFFD"), true, false));
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

    /**
     * R69: the lines Linux 6.18 wrote for overlays and bindfs mounts whose layer names hold a comma, colon, space, tab,
     * {@code =}, backslash, newline or the byte 0xff ({@code mountinfo-r69-linux-6.18.bin}, made by {@code
     * mountinfo-r69-capture.sh} beside it): the super options are kept as written, so a comma in a value ({@code \054})
     * stays apart from the commas between options; {@link MountInfo#superOptions()} still reads them unescaped.
     */
    @Test
    void theRealLinesKeepTheRawSuperOptionsAndSource() throws Exception {
        var mounts = MountInfo.parseAll(real());
        assertThat(mounts).hasSize(43).allMatch(MountInfo::faithful);
        MountInfo comma = mounts.stream().filter(m -> m.mountPoint().equals(Path.of(BASE + "comma/new"))).findFirst()
                .orElseThrow();
        assertThat(comma.rawSource()).isEqualTo("ov,src");
        assertThat(comma.rawSuperOptions()).startsWith("rw,lowerdir=" + BASE + "comma/lo\\134\\0541:" + BASE
                + "comma/lo\\134\\0542,upperdir=");
        assertThat(comma.superOptions()).startsWith("rw,lowerdir=" + BASE + "comma/lo\\,1:" + BASE + "comma/lo\\,2,upperdir=");
        MountInfo nl = mounts.stream().filter(m -> m.mountPoint().equals(Path.of(BASE + "nl/new"))).findFirst().orElseThrow();
        assertThat(nl.source()).isEqualTo("ov\nsrc");
        assertThat(nl.rawSource()).isEqualTo("ov\\012src");
        MountInfo ff = mounts.stream().filter(m -> m.mountPoint().equals(Path.of(BASE + "ff/new"))).findFirst().orElseThrow();
        assertThat(ff.rawSource()).isEqualTo("ov\u00ffsrc"); // the byte as written, one char a byte
        assertThat(ff.source()).isEqualTo("ov\uFFFDsrc");
    }

    /** Where the captured mounts were made. */
    public static final String BASE = "/tmp/r69cap.JpmRMO/";

    /** The bytes of the captured mountinfo lines (R69). */
    public static byte[] real() throws java.io.IOException {
        try (var in = MountInfoTest.class.getResourceAsStream("mountinfo-r69-linux-6.18.bin")) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
