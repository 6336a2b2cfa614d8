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
 * directory they show, and `cordon doctor` (text and {@code --json}) naming them in its {@code sandbox.mounts} row,
 * which never passes while they are there. Two such mounts, in a run-unique directory under {@code /srv} (outside the
 * trees the leftovers check walks), taken off whatever happens:
 * <ul>
 *   <li>a real bindfs whose source directory was moved after mounting: it still shows that directory, and the table
 *   still names the old path, which no longer exists (bindfs 1.14 ignores {@code -o fsname=}: it names its source by
 *   its real path itself);</li>
 *   <li>a FUSE mount whose source is {@code pub}, as {@code -o fsname=pub} or sshfs make it: {@code mount(2)} of
 *   {@code /dev/fuse} by a python3 helper, whose descriptor is closed at once (no server: every access fails with
 *   ENOTCONN, nothing hangs; nothing reads it here).</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "mounts FUSE file systems")
class OpaqueMountsSmokeTest {
    private static final String FUSE_TYPE = "fuse.cordonr70";
    /** mount(2) of a FUSE file system named {@code argv[2]} at {@code argv[1]}, readable by others; no server. */
    private static final String RAW_FUSE = String.join("\n",
            "import ctypes, os, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "fd = os.open('/dev/fuse', os.O_RDWR)",
            "opts = 'fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other' % fd",
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
            JsonNode row = null;
            for (JsonNode c : json.json().path("report").path("checks")) {
                if (c.path("id").asText().equals("sandbox.mounts")) {
                    row = c;
                }
            }
            assertThat(row).as("the sandbox.mounts row in " + json.out()).isNotNull();
            assertThat(row.path("status").asText()).isEqualTo("SKIP");
            assertThat(row.path("evidence").asText()).startsWith("not covered: ")
                    .contains(pub + " (" + FUSE_TYPE + ", source pub: a FUSE mount others may read (allow_other)")
                    .contains(bindfs + " (fuse, source " + dir.resolve("src") + ": ")
                    .contains("do not exist here (" + dir.resolve("src"));
            assertThat(row.path("fix").asText()).contains("`umount " + pub + "`", "`umount " + bindfs + "`",
                    "without allow_other");
            assertThat(json.json().path("healthy").asBoolean()).isFalse();

            CliRun text = CliRun.of("doctor", "--instance=" + t.name());
            assertThat(text.out()).containsPattern("SKIP sandbox\\.mounts +not covered: .*" + pub)
                    .contains("Fix: Unmount each one nothing needs");

            unmount(mounted);
            CliRun after = CliRun.of("doctor", "--instance=" + t.name(), "--json");
            assertThat(after.out()).contains("\"sandbox.mounts\"").doesNotContain(dir.toString());
        } finally {
            unmount(mounted);
            Exec.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
        }
        assertThat(Files.exists(dir)).as(dir + " removed").isFalse();
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
