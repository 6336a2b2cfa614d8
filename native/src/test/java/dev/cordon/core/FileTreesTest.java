package dev.cordon.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The one tree copy and deletion (the backend's and the packager's): links are never followed. */
class FileTreesTest {
    @TempDir
    Path base;

    @Test
    void copyKeepsLinksAsLinksAndDeleteRemovesTheLinkNotItsTarget() throws IOException {
        Path outside = Files.writeString(base.resolve("outside"), "keep");
        Path from = Files.createDirectories(base.resolve("from/sub"));
        Files.writeString(from.resolve("file"), "x");
        Files.createSymbolicLink(from.resolve("link"), outside);

        Path to = base.resolve("to");
        FileTrees.copyTree(base.resolve("from"), to);

        assertThat(to.resolve("sub/file")).hasContent("x");
        assertThat(Files.isSymbolicLink(to.resolve("sub/link"))).isTrue();
        assertThat(Files.readSymbolicLink(to.resolve("sub/link"))).isEqualTo(outside);

        FileTrees.deleteTree(to);
        FileTrees.deleteTree(to); // a missing root is a no-op
        assertThat(Files.exists(to, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside).hasContent("keep");
    }
}
