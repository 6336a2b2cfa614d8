package dev.cordon.platform.linux.cgroup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading cgroup files of a cgroup that goes away, on this host's real cgroup v2 tree, as root. */
class CgroupFilesTest {
    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    @Test
    void aCgroupRemovedBetweenTheOpenAndTheReadIsGoneNotAnError() throws Exception {
        Path dir = UNIFIED.resolve("t" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) + "-cordon-enodev");
        Files.createDirectory(dir);
        try (FileChannel open = FileChannel.open(dir.resolve("cgroup.procs"), StandardOpenOption.READ)) {
            Files.delete(dir); // rmdir of an empty cgroup, as its stop does
            IOException read = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> open.read(ByteBuffer.allocate(64)));
            assertThat(read).hasMessageContaining("No such device"); // what a read of a removed cgroup's file gives
            assertThat(CgroupFiles.gone(read)).isTrue();
        } finally {
            Files.deleteIfExists(dir);
        }
        assertThat(CgroupFiles.procs(dir)).isEmpty(); // gone before the open
        assertThat(CgroupFiles.writeIfThere(dir.resolve("cgroup.kill"), "1")).isFalse();
        assertThat(CgroupFiles.gone(new IOException("Permission denied"))).isFalse();
        Path odd = Files.createDirectories(Files.createTempDirectory("cordon-cgfiles-").resolve("cgroup.procs"));
        try {
            assertThatThrownBy(() -> CgroupFiles.procs(odd.getParent())).hasMessageContaining("Cannot read " + odd);
        } finally {
            Files.delete(odd);
            Files.delete(odd.getParent());
        }
    }
}
