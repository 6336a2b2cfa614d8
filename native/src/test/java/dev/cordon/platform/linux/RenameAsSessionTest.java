package dev.cordon.platform.linux;

import dev.cordon.core.Exec;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.WorkspaceAccess.Rename;
import dev.cordon.platform.linux.sys.SealedProgram;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cordon-rename} (V2): many renames as a sandbox account in one process, each never replacing anything, each
 * with the account's rights alone; one answer per rename, in order.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "becomes another account")
class RenameAsSessionTest {
    private static final Account NOBODY = new Account("nobody", Principal.uid(65534), Principal.gid(65534), "/nonexistent",
            "/usr/sbin/nologin", List.of());

    @TempDir
    Path tmp;

    @Test
    void everyRenameIsAnsweredInOrderWithTheAccountsRightsAlone() throws Exception {
        assertThat(SealedProgram.path("cordon-rename")).as("cordon-rename built into the classes and loaded").isPresent();
        Path open = Files.createDirectory(tmp.resolve("open"));
        Path closed = Files.createDirectory(tmp.resolve("closed"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path free = Files.writeString(open.resolve("HEAD"), "a\n");
        Path taken = Files.writeString(open.resolve(".git"), "b\n");
        Files.writeString(open.resolve(".git.x"), "kept\n");
        Path rootOnly = Files.writeString(closed.resolve("HEAD"), "c\n");
        List<Rename> renames = new ArrayList<>(List.of(new Rename(free, open.resolve("HEAD.x")),
                new Rename(taken, open.resolve(".git.x")), new Rename(rootOnly, closed.resolve("HEAD.x")),
                new Rename(open.resolve("gone"), open.resolve("gone.x"))));
        for (int i = 0; i < 2000; i++) { // many in one process: each answered
            renames.add(new Rename(Files.createFile(open.resolve("f" + i)), open.resolve("f" + i + ".x")));
        }

        List<String> said;
        try (TestInstance t = new TestInstance()) {
            said = new WorkspaceGrants(t.instance, new ProcStatStarts()).renameAsSession(NOBODY, Principal.gid(65534),
                    renames);
        }

        assertThat(said).hasSize(renames.size());
        assertThat(said.subList(0, 4)).containsExactly("", "File exists", "Permission denied", "No such file or directory");
        assertThat(said.subList(4, said.size())).containsOnly("");
        assertThat(open.resolve("HEAD.x")).hasContent("a");
        assertThat(open.resolve(".git.x")).hasContent("kept");
        assertThat(rootOnly).hasContent("c");
        assertThat(open.resolve("f1999.x")).exists();
    }

    /**
     * W1: a path longer than PATH_MAX is renamed (the directories are opened one at a time), a symlink on the way is not
     * followed, and a pair it cannot take is answered without stopping the rest.
     */
    @Test
    void longPathsAreRenamedNoLinkIsFollowedAndNoPairStopsTheRest() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = tmp;
        for (int i = 0; i < 20; i++) { // 20 x 241 bytes: past PATH_MAX (4096)
            deep = deep.resolve("d".repeat(240));
        }
        // made a directory at a time (no path past PATH_MAX is handed to the kernel), the sandbox account's
        Exec.run(List.of("/usr/bin/python3", "-c", "import os, sys\nos.chdir(sys.argv[1])\nfor i in range(20):\n"
                + "    os.mkdir(sys.argv[2]); os.chdir(sys.argv[2])\nopen('.claude', 'w').close()", tmp.toString(),
                "d".repeat(240))).orThrow("mkdir");
        Exec.run(List.of("chown", "-R", "65534:65534", tmp.resolve("d".repeat(240)).toString())).orThrow("chown");
        Path real = Files.createDirectory(tmp.resolve("real"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path behindLink = Files.createFile(real.resolve("HEAD"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Path free = Files.createFile(real.resolve("free"));
        List<Rename> renames = List.of(new Rename(deep.resolve(".claude"), deep.resolve(".claude.x")),
                new Rename(link.resolve("HEAD"), link.resolve("HEAD.x")),
                new Rename(real.resolve("x".repeat(300)), real.resolve("y")),
                new Rename(free, real.resolve("free.x")));

        List<String> said;
        try (TestInstance t = new TestInstance()) {
            said = new WorkspaceGrants(t.instance, new ProcStatStarts()).renameAsSession(NOBODY, Principal.gid(65534),
                    renames);
        } finally {
            Exec.run(List.of("rm", "-rf", tmp.resolve("d".repeat(240)).toString()));
        }

        assertThat(said).containsExactly("", "Not a directory", "File name too long", "");
        assertThat(behindLink).exists();
        assertThat(real.resolve("free.x")).exists();
    }

    @Test
    void unansweredRenamesSayWhy() {
        Exec.Result refused = new Exec.Result(List.of("cordon-rename"), 3, "",
                "cordon-rename: cannot become uid 7 gid 7: Operation not permitted\n");
        Exec.Result stopped = new Exec.Result(List.of("cordon-rename"), 2, "ok\nerror File exists\n", "");

        assertThat(WorkspaceGrants.renameResults(refused, 2)).containsExactly(
                "cordon-rename: cannot become uid 7 gid 7: Operation not permitted",
                "cordon-rename: cannot become uid 7 gid 7: Operation not permitted");
        assertThat(WorkspaceGrants.renameResults(stopped, 3)).containsExactly("", "File exists",
                "cordon-rename exited with status 2");
    }
}
