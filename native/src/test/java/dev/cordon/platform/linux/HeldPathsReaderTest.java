package dev.cordon.platform.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeldPathsReaderTest {
    /** R62's sibling: one bound socket whose path is not UTF-8 no longer hides every other socket of the table. */
    @Test
    void aSocketPathThatIsNotUtf8DoesNotHideTheOthers(@TempDir Path proc) throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        table.writeBytes("Num       RefCount Protocol Flags    Type St Inode Path\n".getBytes(StandardCharsets.US_ASCII));
        table.writeBytes("0000: 00000002 00000000 00010000 0001 01 100 /srv/a".getBytes(StandardCharsets.US_ASCII));
        table.write(0xff);
        table.writeBytes("/s.sock\n0001: 00000002 00000000 00010000 0001 01 101 /run/b/s.sock\n"
                .getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(proc.resolve("net"));
        Files.write(proc.resolve("net/unix"), table.toByteArray());
        List<String> warnings = new ArrayList<>();
        var held = new HeldPathsReader(proc, warnings::add).read();
        assertThat(warnings).isEmpty();
        assertThat(held.holders()).containsKeys("/run/b/s.sock", "/run/b", "/srv/a\uFFFD/s.sock", "/srv");
    }
}
