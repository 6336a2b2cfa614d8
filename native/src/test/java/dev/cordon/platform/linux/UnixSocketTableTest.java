package dev.cordon.platform.linux;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class UnixSocketTableTest {
    @Test
    void keepsAbsolutePathsIncludingSpacesAndSkipsAbstractAndRelativeOnes() {
        String table = String.join("\n",
                "Num       RefCount Protocol Flags    Type St Inode Path",
                "00000000bf034249: 00000003 00000000 00000000 0001 03  1058",
                "0000000012345678: 00000002 00000000 00010000 0001 01 20001 /run/dbus/system_bus_socket",
                "0000000012345679: 00000002 00000000 00010000 0001 01 20002 @/tmp/.X11-unix/X0",
                "000000001234567a: 00000002 00000000 00010000 0001 01 20003 relative.sock",
                "000000001234567b: 00000002 00000000 00010000 0001 01 20004 /tmp/with space/s.sock",
                "000000001234567c: 00000002 00000000 00000000 0002 01 20005 /run/systemd/journal/dev-log", "");
        assertThat(UnixSocketTable.parse(table)).containsExactly(Path.of("/run/dbus/system_bus_socket"),
                Path.of("/tmp/with space/s.sock"), Path.of("/run/systemd/journal/dev-log"));
    }

    @Test
    void findsASocketThisProcessJustBound() throws Exception {
        Path dir = Files.createTempDirectory("cordon-table-");
        try (UnixSocketListener l = UnixSocketListener.open(dir.resolve("mine.sock"))) {
            assertThat(UnixSocketTable.boundPaths()).contains(l.path());
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /** R63: a path that is not valid UTF-8 is kept as its bytes (one char each), not decoded into another name. */
    @Test
    void keepsAPathThatIsNotUtf8AsItsBytes() {
        String table = String.join("\n",
                "Num       RefCount Protocol Flags    Type St Inode Path",
                "0000000012345678: 00000002 00000000 00010000 0001 01 20001 /srv/\u00ff.sock",
                "0000000012345679: 00000002 00000000 00010000 0001 01 20002 /srv/\u00c3\u00a9.sock", "");
        assertThat(UnixSocketTable.parse(table)).containsExactly(Path.of("/srv/\u00e9.sock"));
        assertThat(UnixSocketTable.undecodable(table)).containsExactly("/srv/\u00ff.sock");
    }
}
