package dev.cordon.platform.linux;

import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.FolderOpener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LinuxFolderOpenerTest {
    private static final Account ALICE = new Account("alice", Principal.uid(1000), Principal.gid(1000), "/home/alice",
            "/bin/bash", List.of());
    private static final Map<String, String> ROOT_ENV = Map.of("DISPLAY", ":0", "HOME", "/root",
            "DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/0/bus", "PKEXEC_UID", "1000", "LD_PRELOAD", "/x.so");

    @TempDir
    Path bin;

    /** A stand-in xdg-open that writes its argv, user and environment where the test reads them, exiting with code. */
    private Path fakeXdgOpen(Path out, int code) throws IOException {
        Path script = bin.resolve("xdg-open");
        Files.writeString(script, "#!/bin/sh\n{ echo \"$@\"; id -u; env | sort; } > " + out + "\nexit " + code + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void asRootItOpensOnlyAsTheInvokingUserWithThatUsersSessionAndNoneOfRootsEnvironment() throws IOException {
        fakeXdgOpen(bin.resolve("out"), 0);
        LinuxFolderOpener opener = new LinuxFolderOpener(ROOT_ENV, true, Optional.of(ALICE), List.of(bin));
        var command = opener.command(Path.of("/home/alice/Downloads"), new StringBuilder()).orElseThrow();
        assertThat(command.argv()).containsExactly("/usr/sbin/runuser", "-u", "alice", "--",
                bin.resolve("xdg-open").toString(), "/home/alice/Downloads");
        assertThat(command.environment()).containsEntry("DISPLAY", ":0").containsEntry("HOME", "/home/alice")
                .doesNotContainKey("LD_PRELOAD").doesNotContainValue("unix:path=/run/user/0/bus")
                .doesNotContainValue("/root");
    }

    @Test
    void asRootWithNoInvokingUserItOpensNothingAndSaysWhy() throws IOException {
        fakeXdgOpen(bin.resolve("out"), 0);
        FolderOpener.Result r = new LinuxFolderOpener(ROOT_ENV, true, Optional.empty(), List.of(bin)).open(bin);
        assertThat(r.opened()).isFalse();
        assertThat(r.detail()).contains("runs as root").contains("does not open a file manager as root");
        assertThat(bin.resolve("out")).doesNotExist();
    }

    @Test
    void withoutXdgOpenOrADisplayItSaysSo() {
        FolderOpener.Result none = new LinuxFolderOpener(Map.of("DISPLAY", ":0"), false, Optional.empty(), List.of(bin))
                .open(bin);
        assertThat(none.opened()).isFalse();
        assertThat(none.detail()).contains("xdg-open is not installed");
    }

    @Test
    void asItsOwnUserItRunsXdgOpenAndReportsItsExit() throws Exception {
        Path out = bin.resolve("out");
        fakeXdgOpen(out, 0);
        Map<String, String> env = Map.of("DISPLAY", ":5", "HOME", "/home/me", "SECRET_TOKEN", "x");
        FolderOpener.Result r = new LinuxFolderOpener(env, false, Optional.empty(), List.of(bin)).open(Path.of("/srv/b"));
        assertThat(r.opened()).isTrue();
        String seen = Files.readString(out);
        assertThat(seen).startsWith("/srv/b\n").contains("DISPLAY=:5").doesNotContain("SECRET_TOKEN");

        fakeXdgOpen(out, 3);
        FolderOpener.Result failed = new LinuxFolderOpener(env, false, Optional.empty(), List.of(bin)).open(Path.of("/srv/b"));
        assertThat(failed.opened()).isFalse();
        assertThat(failed.detail()).isEqualTo("xdg-open exited with 3 (no program on this desktop opens folders)");

        FolderOpener.Result noDisplay = new LinuxFolderOpener(Map.of(), false, Optional.empty(), List.of(bin)).open(bin);
        assertThat(noDisplay.detail()).contains("no desktop display");
    }
}
