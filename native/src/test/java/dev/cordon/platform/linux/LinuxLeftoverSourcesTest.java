package dev.cordon.platform.linux;

import dev.cordon.platform.LeftoverSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The janitor's moves and deletes by descriptors (R27) on a temporary tree: never through a symlink on the way, only
 * the inode and directory they were told, nothing changed when refused.
 */
class LinuxLeftoverSourcesTest {
    private static final java.util.Set<dev.cordon.core.Principal> ROOT = java.util.Set.of(dev.cordon.core.Principal.uid(0));
    private final LinuxLeftoverSources sources = new LinuxLeftoverSources();

    @TempDir
    Path tmp;

    private String identity(Path p) throws Exception {
        return sources.inspect(p).orElseThrow().identity();
    }

    @Test
    void inspectRefusesASymlinkOnTheWayAndGivesTheFullIdentity() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(d.resolve("f"), "x");
        Files.createSymbolicLink(tmp.resolve("link"), d);

        assertThat(identity(d.resolve("f"))).matches("[0-9]+:[0-9]+:[0-9]+:[0-9]+(:[0-9]+x[0-9a-f]+)?");
        assertThatThrownBy(() -> sources.inspect(tmp.resolve("link/f"))).isInstanceOf(LeftoverSources.Refused.class)
                .hasMessageContaining("symlink");
        // a symlink as the last component is the symlink itself
        assertThat(sources.inspect(tmp.resolve("link")).orElseThrow().kind())
                .isEqualTo(LeftoverSources.PathFacts.Kind.SYMLINK);
    }

    @Test
    void moveOutTakesOnlyTheCheckedInodeFromTheCheckedDirectory() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Path into = Files.createDirectory(tmp.resolve("q"));
        Path f = Files.writeString(d.resolve("f"), "leftover");
        String id = identity(f);
        String parent = identity(d);

        // replaced by another file of the same name: refused, the other file stays
        Files.move(f, d.resolve("f.old"));
        Files.writeString(f, "someone else's");
        assertThatThrownBy(() -> sources.moveOut(f, id, parent, into, "item", ROOT))
                .isInstanceOf(LeftoverSources.Refused.class).hasMessageContaining(f.toString());
        assertThat(Files.readString(f)).isEqualTo("someone else's");
        assertThat(into.resolve("item")).doesNotExist();

        // its directory swapped for a symlink to another one holding a file of that name: refused
        Files.delete(f);
        Files.move(d.resolve("f.old"), f);
        Path other = Files.createDirectory(tmp.resolve("other"));
        Files.writeString(other.resolve("f"), "root's");
        Files.move(d, tmp.resolve("d.old"));
        Files.createSymbolicLink(d, other);
        assertThatThrownBy(() -> sources.moveOut(f, id, parent, into, "item", ROOT))
                .isInstanceOf(LeftoverSources.Refused.class).hasMessageContaining("symlink");
        assertThat(Files.readString(other.resolve("f"))).isEqualTo("root's");

        // another real directory in its place: refused by the directory's identity
        Files.delete(d);
        Files.createDirectory(d);
        Files.writeString(d.resolve("f"), "a new one");
        assertThatThrownBy(() -> sources.moveOut(f, identity(f), parent, into, "item", ROOT))
                .isInstanceOf(LeftoverSources.Refused.class).hasMessageContaining("not the directory");
        assertThat(Files.readString(f)).isEqualTo("a new one");

        // the real one back: moved, the same inode
        Files.delete(f);
        Files.delete(d);
        Files.move(tmp.resolve("d.old"), d);
        sources.moveOut(f, id, parent, into, "item", ROOT);
        assertThat(f).doesNotExist();
        assertThat(identity(into.resolve("item"))).isEqualTo(id);
    }

    @Test
    void moveBackGoesOnlyIntoTheRecordedDirectoryAndNeverReplaces() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Path entry = Files.createDirectory(tmp.resolve("q"));
        Path item = Files.writeString(entry.resolve("item"), "leftover");
        String parent = identity(d);
        Path to = d.resolve("zz.sh");
        Path etc = Files.createDirectory(tmp.resolve("etc"));

        Files.move(d, tmp.resolve("d.old"));
        Files.createSymbolicLink(d, etc);
        assertThatThrownBy(() -> sources.moveBack(item, to, parent)).isInstanceOf(LeftoverSources.Refused.class)
                .hasMessageContaining("symlink");
        assertThatThrownBy(() -> sources.moveBack(item, to, null)).isInstanceOf(LeftoverSources.Refused.class);
        assertThat(etc.resolve("zz.sh")).doesNotExist();

        Files.delete(d);
        Files.createDirectory(d);
        assertThatThrownBy(() -> sources.moveBack(item, to, parent)).isInstanceOf(LeftoverSources.Refused.class)
                .hasMessageContaining("not the directory");
        assertThat(to).doesNotExist();

        Files.delete(d);
        Files.move(tmp.resolve("d.old"), d);
        Files.writeString(to, "someone's");
        assertThatThrownBy(() -> sources.moveBack(item, to, parent)).isInstanceOf(LeftoverSources.Refused.class)
                .hasMessageContaining("exists now");
        assertThat(Files.readString(to)).isEqualTo("someone's");

        Files.delete(to);
        sources.moveBack(item, to, parent);
        assertThat(Files.readString(to)).isEqualTo("leftover");
        assertThat(item).doesNotExist();
    }

    @Test
    void deleteRemovesTheCheckedTreeOnlyAndNeverFollowsALink() throws Exception {
        Path v = Files.createDirectory(tmp.resolve("v"));
        Path dd = Files.createDirectories(v.resolve("dd/sub"));
        Files.writeString(dd.resolve("f"), "x");
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "keep");
        Files.createSymbolicLink(v.resolve("dd/link"), outside);
        String id = identity(v.resolve("dd"));

        Files.move(v, tmp.resolve("v.old"));
        Path opt = Files.createDirectory(tmp.resolve("opt"));
        Files.createDirectory(opt.resolve("dd"));
        Files.writeString(opt.resolve("dd/keep"), "root's");
        Files.createSymbolicLink(v, opt);
        assertThatThrownBy(() -> sources.delete(v.resolve("dd"), id)).isInstanceOf(LeftoverSources.Refused.class);
        assertThat(opt.resolve("dd/keep")).exists();

        Files.delete(v);
        Files.move(tmp.resolve("v.old"), v);
        sources.delete(v.resolve("dd"), id);
        assertThat(v.resolve("dd")).doesNotExist();
        assertThat(outside.resolve("keep")).exists();
        assertThat(Files.exists(v, LinkOption.NOFOLLOW_LINKS)).isTrue();
        sources.delete(v.resolve("dd"), id); // gone: nothing to do
    }

    @Test
    void acrossFilesystemsTheCheckedInodeIsCopiedOutAndBackIntoASetgidDirectory() throws Exception {
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "cordon-leftover-test-");
        try {
            dev.cordon.core.Exec.run(java.util.List.of("chmod", "2775", shm.toString())).orThrow("chmod");
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.getAttribute(shm, "unix:dev")
                    .equals(Files.getAttribute(tmp, "unix:dev")), "/dev/shm and the temporary directory on one filesystem");
            Path d = Files.createDirectories(shm.resolve("d/sub"));
            Files.writeString(d.resolve("f"), "inner");
            Files.createSymbolicLink(shm.resolve("d/link"), Path.of("sub/f"));
            Path into = Files.createDirectory(tmp.resolve("q"));
            String parent = identity(shm);

            // a copy holding an inode of another owner than the sandbox's (what a directory swapped during the copy
            // gives: R32) is deleted and refused, the original left as it was
            assertThatThrownBy(() -> sources.moveOut(shm.resolve("d"), identity(shm.resolve("d")), parent, into,
                    "item", java.util.Set.of(dev.cordon.core.Principal.uid(4_000_000))))
                    .isInstanceOf(LeftoverSources.Refused.class).hasMessageContaining("other owners");
            assertThat(into.resolve("item")).doesNotExist();
            assertThat(Files.readString(shm.resolve("d/sub/f"))).isEqualTo("inner");

            sources.moveOut(shm.resolve("d"), identity(shm.resolve("d")), parent, into, "item", ROOT);
            assertThat(shm.resolve("d")).doesNotExist();
            assertThat(Files.readString(into.resolve("item/sub/f"))).isEqualTo("inner");
            assertThat(Files.readSymbolicLink(into.resolve("item/link"))).isEqualTo(Path.of("sub/f"));

            sources.moveBack(into.resolve("item"), shm.resolve("d"), parent);
            assertThat(Files.readString(shm.resolve("d/sub/f"))).isEqualTo("inner");
            assertThat(Files.readSymbolicLink(shm.resolve("d/link"))).isEqualTo(Path.of("sub/f"));
            assertThat(into.resolve("item")).doesNotExist();
            try (var left = Files.list(shm)) { // no staging directory left behind
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("d");
            }
        } finally {
            sources.delete(shm, null);
        }
    }

    /**
     * The copy across filesystems by descriptors (R34/R35) gives back what {@code cp -a} gave: owner, group, modes with
     * setuid, times, a hard-link pair, a FIFO, a symlink as itself (to {@code /proc}: never read through), extended
     * attributes, holes; and refuses what is no leftover's own: a device node, a file system mounted inside the tree.
     */
    @Test
    void acrossFilesystemsTheCopyKeepsWhatItWasAndRefusesDevicesAndMounts() throws Exception {
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "cordon-leftover-test-");
        Path mount = shm.resolve("m/mnt");
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.getAttribute(shm, "unix:dev")
                    .equals(Files.getAttribute(tmp, "unix:dev")), "/dev/shm and the temporary directory on one filesystem");
            int owner = 4_000_001;
            sh("cd " + shm + " && mkdir -p d/sub && printf inner > d/sub/f && ln d/sub/f d/sub/hard && mkfifo d/fifo"
                    + " && ln -s /proc/self d/link && truncate -s 8M d/sparse && printf end >> d/sparse"
                    + " && chown -R -h " + owner + ":" + owner + " d && chmod 4755 d/sub/f && chmod 0750 d/sub"
                    + " && chmod 0640 d/fifo && touch -h -d 2020-01-02T03:04:05.5Z d/sub/f d/sub d/link d/fifo d");
            java.nio.file.attribute.UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(
                    shm.resolve("d/sub/f"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
            xattrs.write("note", java.nio.ByteBuffer.wrap("kept".getBytes()));
            sh("touch -d 2020-01-02T03:04:05.5Z " + shm + "/d/sub/f");
            java.util.Set<dev.cordon.core.Principal> owners = java.util.Set.of(dev.cordon.core.Principal.uid(owner));
            Path into = Files.createDirectory(tmp.resolve("q"));
            String parent = identity(shm);

            sources.moveOut(shm.resolve("d"), identity(shm.resolve("d")), parent, into, "item", owners);
            assertThat(shm.resolve("d")).doesNotExist();
            assertKept(into.resolve("item"), owner);
            sources.moveBack(into.resolve("item"), shm.resolve("d"), parent);
            assertThat(into.resolve("item")).doesNotExist();
            assertKept(shm.resolve("d"), owner);

            // a device node in the tree: refused, nothing copied, the original as it was
            sh("mknod " + shm + "/d/sub/null c 1 3 && chown -h " + owner + " " + shm + "/d/sub/null");
            assertThatThrownBy(() -> sources.moveOut(shm.resolve("d"), identity(shm.resolve("d")), parent, into,
                    "item", owners)).isInstanceOf(LeftoverSources.Refused.class).hasMessageContaining("device node");
            assertThat(into.resolve("item")).doesNotExist();
            assertThat(shm.resolve("d/sub/null")).exists();
            assertThat(Files.readString(shm.resolve("d/sub/f"))).isEqualTo("inner");

            // another file system inside the tree (what a swap to /proc gives, were it read through): refused
            sh("mkdir -p " + mount + " && mount -t tmpfs cordon-test " + mount + " && echo other > " + mount
                    + "/f && chown -R " + owner + " " + shm + "/m");
            assertThatThrownBy(() -> sources.moveOut(shm.resolve("m"), identity(shm.resolve("m")), parent, into,
                    "item", owners)).isInstanceOf(LeftoverSources.Refused.class).hasMessageContaining("another file system");
            assertThat(into.resolve("item")).doesNotExist();
            assertThat(Files.readString(mount.resolve("f"))).isEqualTo("other\n");
        } finally {
            dev.cordon.core.Exec.run(java.util.List.of("umount", mount.toString()));
            sources.delete(shm, null);
        }
    }

    private static void assertKept(Path d, int owner) throws Exception {
        Path f = d.resolve("sub/f");
        assertThat(Files.readString(f)).isEqualTo("inner");
        assertThat(Files.getAttribute(f, "unix:mode")).isEqualTo(0104755);
        assertThat(Files.getAttribute(f, "unix:uid")).isEqualTo(owner);
        assertThat(Files.getAttribute(f, "unix:gid")).isEqualTo(owner);
        assertThat(Files.getAttribute(f, "unix:nlink")).isEqualTo(2);
        assertThat(Files.getAttribute(f, "unix:ino")).isEqualTo(Files.getAttribute(d.resolve("sub/hard"), "unix:ino"));
        assertThat(Files.getLastModifiedTime(f).toInstant()).isEqualTo(java.time.Instant.parse("2020-01-02T03:04:05.5Z"));
        assertThat(Files.getAttribute(d.resolve("sub"), "unix:mode")).isEqualTo(040750);
        assertThat(Files.getLastModifiedTime(d.resolve("sub")).toInstant())
                .isEqualTo(java.time.Instant.parse("2020-01-02T03:04:05.5Z"));
        assertThat(Files.getLastModifiedTime(d).toInstant()).isEqualTo(java.time.Instant.parse("2020-01-02T03:04:05.5Z"));
        assertThat(Files.getAttribute(d.resolve("fifo"), "unix:mode")).isEqualTo(010640);
        assertThat(Files.readSymbolicLink(d.resolve("link"))).isEqualTo(Path.of("/proc/self"));
        assertThat(Files.getAttribute(d.resolve("link"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(owner);
        assertThat(Files.getLastModifiedTime(d.resolve("link"), LinkOption.NOFOLLOW_LINKS).toInstant())
                .isEqualTo(java.time.Instant.parse("2020-01-02T03:04:05.5Z"));
        assertThat(Files.size(d.resolve("sparse"))).isEqualTo(8L * 1024 * 1024 + 3);
        assertThat(Long.parseLong(sh("stat -c %b " + d.resolve("sparse")).strip())).isLessThan(1024); // 512-byte blocks
        java.nio.ByteBuffer note = java.nio.ByteBuffer.allocate(16);
        Files.getFileAttributeView(f, java.nio.file.attribute.UserDefinedFileAttributeView.class).read("note", note);
        assertThat(new String(note.array(), 0, note.position())).isEqualTo("kept");
    }

    private static String sh(String script) {
        return dev.cordon.core.Exec.run(java.util.List.of("sh", "-c", script)).orThrow(script).stdout();
    }
}
