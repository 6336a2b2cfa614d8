package dev.cordon.platform.linux.mount;

import dev.cordon.platform.linux.sys.MountInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** R59: the other paths by which a place is reached, from a mount table. */
class MountAliasesTest {
    private static final Path BOB = Path.of("/home/bob");

    private static List<MountInfo> table(String... lines) {
        StringBuilder text = new StringBuilder("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n");
        for (int i = 0; i < lines.length; i++) {
            text.append(10 + i).append(" 1 ").append(lines[i]).append(" rw - ext4 /dev/x rw\n");
        }
        return MountInfo.parseAll(text.toString());
    }

    @Test
    void aBindMountOfTheHomeOfADirectoryInsideItOrAboveItAndTheFileSystemAgain() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "8:1 /home/bob /srv/x",
                "8:1 /home/bob/sub /srv/y",
                "8:1 /home /srv/h",
                "8:1 / /mnt/root",
                "8:1 /home/bobby /srv/not-bob",
                "8:1 /home/alice /srv/alice",
                "8:1 /home/bob/a\\040b /srv/a\\040b")))
                .isEqualTo(Map.of(Path.of("/srv/x"), BOB, Path.of("/srv/y"), BOB, Path.of("/srv/h/bob"), BOB,
                        Path.of("/mnt/root/home/bob"), BOB, Path.of("/srv/a b"), BOB));
    }

    @Test
    void aHomeOnItsOwnFileSystemIsFoundByThatFileSystemsDirectoryNotByThePathBeneathIt() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "8:2 / /home",
                "8:2 /bob /srv/z",
                "8:1 /home/bob /srv/covered")))
                .isEqualTo(Map.of(Path.of("/srv/z"), BOB));
    }

    @Test
    void aFileSystemMountedInsideThePlaceAndShownElsewhereIsAnAliasToo() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "0:50 / /home/bob/data",
                "0:50 /photos /srv/photos",
                "8:1 /home/bob/sub /home/bob/x")))
                .isEqualTo(Map.of(Path.of("/srv/photos"), BOB));
    }

    @Test
    void theTopmostOfMountsStackedAtOnePointHoldsThePlace() {
        assertThat(MountAliases.of(List.of(BOB), table(
                "8:2 / /home",
                "8:3 / /home",
                "8:2 /bob /srv/old",
                "8:3 /bob /srv/new")))
                .isEqualTo(Map.of(Path.of("/srv/new"), BOB));
    }

    @Test
    void noMountNoAlias() {
        assertThat(MountAliases.of(List.of(BOB, Path.of("/var/lib/cordon")), table("0:40 / /tmp"))).isEmpty();
    }
}
