package dev.cordon.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.Exec;
import dev.cordon.testing.CliRun;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R70 on the real system: FUSE mounts others may read ({@code allow_other}) whose mount-table source is not the
 * directory they show, and `cordon doctor` (text and {@code --json}) naming those it cannot judge in its {@code
 * sandbox.mounts} row, which never passes while they are there. Two such mounts, in a run-unique directory under {@code
 * /srv} (outside the trees the leftovers check walks), taken off whatever happens:
 * <ul>
 *   <li>root's real bindfs whose source directory was moved after mounting: it still shows that directory, and the
 *   table still names the old path, which no longer exists. Not named since R124: every FUSE mount of root's others may
 *   use is covered whole in every session;</li>
 *   <li>a FUSE mount of a member's ({@code user_id} not root's) whose source is {@code pub}, as {@code -o fsname=pub} or
 *   sshfs make it: {@code mount(2)} of {@code /dev/fuse} by a python3 helper, whose descriptor is closed at once (no
 *   server: every access fails with ENOTCONN, nothing hangs; nothing reads it here). Named.</li>
 * </ul>
 * And overlays whose layers the table does not name as the kernel uses them (R77, R79): one given through a symlink
 * removed since, one given by descriptor (named {@code /}).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "mounts FUSE file systems")
class OpaqueMountsSmokeTest {
    private static final String FUSE_TYPE = "fuse.cordonr70";
    /** mount(2) of a FUSE file system named {@code argv[2]} at {@code argv[1]}, readable by others; no server. */
    private static final String RAW_FUSE = String.join("\n",
            "import ctypes, os, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "fd = os.open('/dev/fuse', os.O_RDWR)",
            "opts = 'fd=%d,rootmode=40000,user_id=65534,group_id=65534,allow_other' % fd",
            "if libc.mount(sys.argv[2].encode(), sys.argv[1].encode(), b'" + FUSE_TYPE + "', 0, opts.encode()) != 0:",
            "    sys.exit('mount ' + sys.argv[1] + ': ' + os.strerror(ctypes.get_errno()))",
            "os.close(fd)");

    @Test
    void theDoctorNamesFuseMountsOthersMayReadWhoseSourceIsNotThePathTheyShow() throws Exception {
        Path dir = Path.of("/srv/cordon-r70-" + UUID.randomUUID().toString().substring(0, 8));
        List<Path> mounted = new ArrayList<>();
        try (TestInstance t = new TestInstance()) {
            Files.createDirectories(dir.resolve("src"));
            Files.writeString(dir.resolve("src/f"), "shown", StandardCharsets.UTF_8);
            Path bindfs = Files.createDirectories(dir.resolve("bindfs"));
            Path pub = Files.createDirectories(dir.resolve("pub"));

            Exec.run(List.of("bindfs", "-o", "allow_other", dir.resolve("src").toString(), bindfs.toString()))
                    .orThrow("bindfs " + dir.resolve("src") + " " + bindfs);
            mounted.add(bindfs);
            Files.move(dir.resolve("src"), dir.resolve("moved"));
            assertThat(Files.readString(bindfs.resolve("f"))).as("bindfs still shows the moved directory")
                    .isEqualTo("shown");

            Exec.run(List.of("python3", "-c", RAW_FUSE, pub.toString(), "pub")).orThrow("mount of " + pub);
            mounted.add(pub);
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + pub + " ")
                    .contains(" - " + FUSE_TYPE + " pub ").contains(" - fuse " + dir.resolve("src") + " ");

            CliRun json = CliRun.of("doctor", "--instance=" + t.name(), "--json");
            JsonNode row = skippedMountsRow(json);
            assertThat(row.path("evidence").asText()).startsWith("not covered: ")
                    .contains(pub + " (" + FUSE_TYPE + ", source pub: a FUSE mount a member made (user_id=65534)")
                    .doesNotContain(bindfs.toString()); // root's: covered whole in every session (R124)
            assertThat(row.path("fix").asText()).contains("`umount " + pub + "`", "without allow_other")
                    .doesNotContain(bindfs.toString());
            assertThat(json.json().path("healthy").asBoolean()).isFalse();

            CliRun text = CliRun.of("doctor", "--instance=" + t.name());
            assertThat(text.out()).containsPattern("SKIP sandbox\\.mounts +not covered: .*" + pub)
                    .contains("Fix: Unmount each one nothing needs");

            unmount(mounted);
            CliRun after = CliRun.of("doctor", "--instance=" + t.name(), "--json");
            assertThat(after.out()).contains("\"sandbox.mounts\"").doesNotContain(dir.toString());
        } finally {
            removeAll(mounted, dir);
        }
        assertThat(Files.exists(dir)).as(dir + " removed").isFalse();
    }

    /**
     * R77, R79 on the real system: an overlay whose lower layer was given through a symlink, removed after mounting.
     * The kernel resolved the link when mounting and still shows that directory; the table still names the link, which
     * is not there now, so the doctor's {@code sandbox.mounts} names the overlay and its missing layer. And
     * an overlay whose layer was given by descriptor ({@link #FD_OVERLAY}), which the table names {@code /}. In a
     * run-unique directory under {@code /srv}, unmounted and removed whatever happens.
     */
    @Test
    void theDoctorNamesAnOverlayWhoseLayerWasGivenThroughASymlinkRemovedSince() throws Exception {
        Path dir = Path.of("/srv/cordon-rv19d-" + UUID.randomUUID().toString().substring(0, 8));
        List<Path> mounted = new ArrayList<>();
        try (TestInstance t = new TestInstance()) {
            Path first = Files.createDirectories(dir.resolve("first"));
            Files.writeString(first.resolve("f"), "first", StandardCharsets.UTF_8);
            Path link = Files.createSymbolicLink(dir.resolve("link"), first);
            Files.createDirectories(dir.resolve("upper"));
            Files.createDirectories(dir.resolve("work"));
            Path merged = Files.createDirectories(dir.resolve("merged"));

            Exec.run(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + link + ",upperdir="
                    + dir.resolve("upper") + ",workdir=" + dir.resolve("work"), merged.toString()))
                    .orThrow("mount overlay at " + merged);
            mounted.add(merged);
            Files.delete(link);
            assertThat(Files.readString(merged.resolve("f"))).as("the overlay still shows the first directory")
                    .isEqualTo("first");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + merged + " ")
                    .contains("lowerdir=" + link + ",");
            Path byFd = Files.createDirectories(dir.resolve("by-fd"));
            Files.createDirectories(dir.resolve("upper2"));
            Files.createDirectories(dir.resolve("work2"));
            Exec.run(List.of("python3", "-c", FD_OVERLAY, first.toString(), byFd.toString(),
                    dir.resolve("upper2").toString(), dir.resolve("work2").toString())).orThrow("overlay at " + byFd);
            mounted.add(byFd);
            assertThat(Files.readString(byFd.resolve("f"))).isEqualTo("first");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + byFd + " ")
                    .contains("lowerdir+=/,upperdir=" + dir.resolve("upper2"));

            CliRun json = CliRun.of("doctor", "--instance=" + t.name(), "--json");
            JsonNode row = skippedMountsRow(json);
            assertThat(row.path("evidence").asText()).startsWith("not covered: ")
                    .contains(merged + " (overlay, source overlay: ")
                    .contains("layer " + link + " does not exist now")
                    .contains(byFd + " (overlay, source none: ").contains("layer / (");
            assertThat(row.path("fix").asText()).contains("`umount " + merged + "`", "`umount " + byFd + "`",
                    "real path");
            assertThat(json.json().path("healthy").asBoolean()).isFalse();

            unmount(mounted);
            CliRun after = CliRun.of("doctor", "--instance=" + t.name(), "--json");
            assertThat(after.out()).contains("\"sandbox.mounts\"").doesNotContain(dir.toString());
        } finally {
            removeAll(mounted, dir);
        }
        assertThat(Files.exists(dir)).as(dir + " removed").isFalse();
    }

    /**
     * An overlay at {@code argv[2]} whose one lower layer is {@code argv[1]} given by descriptor ({@code lowerdir+} of an
     * {@code open_tree(OPEN_TREE_CLONE)}, new mount API: fsopen, fsconfig, fsmount, move_mount; x86_64 numbers), upper
     * and work {@code argv[3]}, {@code argv[4]}. The table names that layer {@code /} (measured on 6.18).
     */
    private static final String FD_OVERLAY = String.join("\n",
            "import ctypes, os, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "def call(n, *a):",
            "    r = libc.syscall(n, *a)",
            "    if r < 0:",
            "        sys.exit('syscall %d: %s' % (n, os.strerror(ctypes.get_errno())))",
            "    return r",
            "tree = call(428, -100, sys.argv[1].encode(), 1 | os.O_CLOEXEC)",
            "fs = call(430, b'overlay', 1)",
            "call(431, fs, 5, b'lowerdir+', None, tree)",
            "call(431, fs, 1, b'upperdir', sys.argv[3].encode(), 0)",
            "call(431, fs, 1, b'workdir', sys.argv[4].encode(), 0)",
            "call(431, fs, 6, None, None, 0)",
            "mnt = call(432, fs, 1, 0)",
            "call(429, mnt, b'', -100, sys.argv[2].encode(), 4)");

    /** The doctor's {@code sandbox.mounts} row in {@code json}, which must be a SKIP (a mount listed). */
    private static JsonNode skippedMountsRow(CliRun json) {
        JsonNode row = null;
        for (JsonNode c : json.json().path("report").path("checks")) {
            if (c.path("id").asText().equals("sandbox.mounts")) {
                row = c;
            }
        }
        assertThat(row).as("the sandbox.mounts row in " + json.out()).isNotNull();
        assertThat(row.path("status").asText()).isEqualTo("SKIP");
        return row;
    }

    /** Takes off what is still mounted and removes {@code dir} (never crossing into a mount). */
    private static void removeAll(List<Path> mounted, Path dir) {
        try {
            unmount(mounted);
        } finally {
            Exec.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
        }
    }

    private static void unmount(List<Path> mounted) {
        for (Path p : List.copyOf(mounted)) {
            if (!Exec.run(List.of("umount", p.toString())).ok()) {
                Exec.run(List.of("umount", "-l", p.toString())).orThrow("umount -l " + p);
            }
            mounted.remove(p);
        }
    }
}
