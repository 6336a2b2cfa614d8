package dev.cordon.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RepositoryWalk#outsideObjects} on real trees. */
class RepositoryWalkTest {
    @TempDir
    Path tmp;

    /** R176: only a git directory's object store (an {@code objects} beside a {@code HEAD}) is passed over. */
    @Test
    void onlyAGitDirectorysObjectStoreIsPassedOver() throws Exception {
        Path dir = tmp.toRealPath();
        for (String gitDir : List.of(".git", ".git/modules/m", "backup.git")) {
            Files.createDirectories(dir.resolve(gitDir).resolve("objects/ab"));
            Files.writeString(dir.resolve(gitDir).resolve("objects/ab/cd"), "x");
        }
        Files.createSymbolicLink(dir.resolve(".git/HEAD"), Path.of("refs/heads/main")); // a HEAD of any type
        Files.writeString(dir.resolve(".git/modules/m/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(dir.resolve("backup.git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(dir.resolve(".agents/skills/objects"));
        Files.writeString(dir.resolve(".agents/skills/objects/SKILL.md"), "x");
        Files.createSymbolicLink(dir.resolve(".agents/skills/objects/link.md"), Path.of("SKILL.md"));

        assertThat(walk(dir, RepositoryWalk.Unreadable.FAIL)).containsExactlyInAnyOrder(dir.resolve(".git/HEAD"),
                dir.resolve(".git/modules/m/HEAD"), dir.resolve("backup.git/HEAD"),
                dir.resolve(".agents/skills/objects/SKILL.md"), dir.resolve(".agents/skills/objects/link.md"));
        // the directory walked is walked whatever its name
        assertThat(walk(dir.resolve(".git/objects"), RepositoryWalk.Unreadable.FAIL))
                .containsExactly(dir.resolve(".git/objects/ab/cd"));
    }

    private static List<Path> walk(Path dir, RepositoryWalk.Unreadable unreadable) throws java.io.IOException {
        List<Path> seen = new ArrayList<>();
        RepositoryWalk.outsideObjects(dir, unreadable, (f, a) -> seen.add(f));
        return seen;
    }
}
