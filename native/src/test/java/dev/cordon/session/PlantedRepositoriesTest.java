package dev.cordon.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding planted repositories on real trees; "the sandbox" is an account that owns nothing here, or this one. */
class PlantedRepositoriesTest {
    private static final Set<dev.cordon.core.Principal> NOBODY = Set.of(dev.cordon.core.Principal.uid(-2));
    private static final RepositoryWalk.Owners OWNERS = ProtectionSearchTest.OWNERS;

    @TempDir
    Path tmp;

    @Test
    void aGitDirectoryWrittenIntoARootOrADirectoryTheSandboxDoesNotOwnIsPlanted() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws);
        gitDir(ws.resolve("docs"));

        assertThat(entries(PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS)))
                .containsExactly(ws.resolve("HEAD")); // a git directory is not entered: docs is inside ws's
        assertThat(entries(PlantedRepositories.find(List.of(ws), Set.of(), Set.of(dev.cordon.core.Principal.uid(me(ws))), 1000, OWNERS)))
                .as("owned by the sandbox: git refuses it to the developer").isEmpty();
    }

    @Test
    void aDotGitLeadingToADirectoryTheSandboxDoesNotOwnIsPlantedUnlessItWasThereAtStart() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        Path docs = gitDir(ws.resolve("docs"));
        Files.createDirectories(ws.resolve("lib"));
        Files.writeString(ws.resolve("lib/.git"), "gitdir: ../docs\n");
        gitDir(ws.resolve("app/.git"));

        List<PlantedRepositories.Planted> planted = PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS);
        assertThat(entries(planted)).containsExactlyInAnyOrder(docs.resolve("HEAD"), ws.resolve("lib/.git"),
                ws.resolve("app/.git"));

        // what the search at runner start saw is the developer's: not planted
        Set<Object> known = ProtectionSearch.search(List.of(ws), Set.of(), OWNERS).gitInodes();
        assertThat(PlantedRepositories.find(List.of(ws), known, NOBODY, 1000, OWNERS)).isEmpty();
    }

    @Test
    void aDotGitThatLeadsToNoGitDirectoryIsNotARepository() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Files.createDirectories(ws.resolve("empty/.git"));
        Files.writeString(ws.resolve(".git"), "not a gitfile\n");

        assertThat(PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS)).isEmpty();
    }

    private static int me(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static Path gitDir(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("objects"));
        Files.createDirectories(dir.resolve("refs"));
        Files.writeString(dir.resolve("HEAD"), "ref: refs/heads/main\n");
        return dir;
    }

    private static List<Path> entries(List<PlantedRepositories.Planted> planted) {
        return planted.stream().map(PlantedRepositories.Planted::entry).toList();
    }
}
