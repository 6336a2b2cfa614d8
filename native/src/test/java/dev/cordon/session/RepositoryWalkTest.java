package dev.cordon.session;

import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.platform.linux.AsUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RepositoryWalk#outsideObjects} on real trees. */
class RepositoryWalkTest {
    @TempDir
    Path tmp;

    /**
     * R176, R187: only a git directory's object store (an {@code objects} beside a {@code HEAD} and {@code refs}) is
     * passed over.
     */
    @Test
    void onlyAGitDirectorysObjectStoreIsPassedOver() throws Exception {
        Path dir = tmp.toRealPath();
        for (String gitDir : List.of(".git", ".git/modules/m", "backup.git")) {
            Files.createDirectories(dir.resolve(gitDir).resolve("objects/ab"));
            Files.createDirectories(dir.resolve(gitDir).resolve("refs"));
            Files.writeString(dir.resolve(gitDir).resolve("objects/ab/cd"), "x");
        }
        Files.createSymbolicLink(dir.resolve(".git/HEAD"), Path.of("refs/heads/main")); // a HEAD of any type
        Files.writeString(dir.resolve(".git/modules/m/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(dir.resolve("backup.git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(dir.resolve(".agents/skills/objects"));
        Files.writeString(dir.resolve(".agents/skills/objects/SKILL.md"), "x");
        Files.createSymbolicLink(dir.resolve(".agents/skills/objects/link.md"), Path.of("SKILL.md"));
        Files.writeString(dir.resolve(".agents/skills/HEAD"), ""); // R187: a HEAD alone makes no git directory

        assertThat(walk(dir, RepositoryWalk.Unreadable.FAIL)).containsExactlyInAnyOrder(dir.resolve(".git/HEAD"),
                dir.resolve(".git/modules/m/HEAD"), dir.resolve("backup.git/HEAD"),
                dir.resolve(".agents/skills/objects/SKILL.md"), dir.resolve(".agents/skills/objects/link.md"),
                dir.resolve(".agents/skills/HEAD"));
        // the directory walked is walked whatever its name
        assertThat(walk(dir.resolve(".git/objects"), RepositoryWalk.Unreadable.FAIL))
                .containsExactly(dir.resolve(".git/objects/ab/cd"));
    }

    /**
     * R177: as an owner who may search a directory but not list it (0311), the walk refuses, naming it and the fix (git
     * runs a hook there by name); one the owner may neither list nor search (0200) is passed over, as before.
     */
    @Test
    @EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root to switch identity")
    void aDirectoryTheOwnerCanSearchButNotListRefusesAndOneItCanDoNeitherInIsPassedOver() throws Exception {
        Path dir = Files.createDirectory(tmp.toRealPath().resolve("g"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hooks = Files.createDirectories(dir.resolve("hooks"));
        Files.createSymbolicLink(hooks.resolve("pre-commit"), Path.of("../../app/scripts/pc.sh"));
        Path closed = Files.createDirectories(dir.resolve("closed"));
        Files.writeString(closed.resolve("x"), "x");
        Files.writeString(dir.resolve("config"), "x");
        chownNobody(dir);
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("-w-------"));
        Caller nobody = new Caller(Principal.uid(65534), Principal.gid(65534), List.of(Principal.gid(65534)), "nobody");

        assertThat(AsUser.call(nobody, () -> walk(dir, RepositoryWalk.Unreadable.SKIP)))
                .containsExactlyInAnyOrder(dir.resolve("config"), hooks.resolve("pre-commit"));

        Files.setPosixFilePermissions(hooks, PosixFilePermissions.fromString("-wx--x--x"));
        for (Path start : List.of(dir, hooks)) {
            assertThatThrownBy(() -> AsUser.call(nobody, () -> walk(start, RepositoryWalk.Unreadable.SKIP)))
                    .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT))
                    .hasMessageContaining("The directory " + hooks + (start.equals(dir) ? " (in " + dir + ")" : "")
                            + " cannot be listed by the session's owner, but it can be searched")
                    .hasMessageContaining("no runner was started")
                    .satisfies(e -> assertThat(((CordonException) e).fix()).contains("chmod u+r " + hooks));
        }
    }

    private static List<Path> walk(Path dir, RepositoryWalk.Unreadable unreadable) throws java.io.IOException {
        List<Path> seen = new ArrayList<>();
        RepositoryWalk.outsideObjects(dir, unreadable, (f, a) -> seen.add(f));
        return seen;
    }

    private static void chownNobody(Path dir) throws Exception {
        assertThat(new ProcessBuilder("chown", "-hR", "65534:65534", dir.toString()).inheritIO().start().waitFor()).isZero();
    }
}
