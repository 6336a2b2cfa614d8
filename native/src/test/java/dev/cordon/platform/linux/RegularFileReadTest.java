package dev.cordon.platform.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Reading a file someone else wrote without waiting on it or opening a device (R37). */
class RegularFileReadTest {
    @TempDir
    Path tmp;

    @Test
    void readsARegularFileThroughSymlinks() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.gitconfig"), "[core]\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), f);
        assertThat(new String(RegularFileRead.read(link, 100))).isEqualTo("[core]\n");
    }

    @Test
    void nothingThereIsNoSuchFile() {
        assertThatThrownBy(() -> RegularFileRead.read(tmp.resolve("missing"), 100)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> RegularFileRead.read(tmp.resolve("missing/below"), 100)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFifoADeviceADirectoryAndATooLargeFileAreRefusedWithoutWaiting() throws Exception {
        Path fifo = tmp.resolve("fifo");
        new ProcessBuilder(List.of("mkfifo", fifo.toString())).start().waitFor();
        Path big = Files.write(tmp.resolve("big"), new byte[101]);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThatThrownBy(() -> RegularFileRead.read(fifo, 100)).isInstanceOf(IOException.class)
                    .hasMessageContaining("not a regular file but a FIFO");
            assertThatThrownBy(() -> RegularFileRead.read(Path.of("/dev/zero"), 100)).hasMessageContaining("but a device");
            assertThatThrownBy(() -> RegularFileRead.read(tmp, 100)).hasMessageContaining("but a directory");
            assertThatThrownBy(() -> RegularFileRead.read(big, 100)).hasMessageContaining("larger than 100 bytes");
        });
        assertThat(RegularFileRead.read(big, 101)).hasSize(101);
    }
}
