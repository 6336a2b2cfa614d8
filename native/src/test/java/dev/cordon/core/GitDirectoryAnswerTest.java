package dev.cordon.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GitDirectory's three-valued answers (R55): what cannot be looked at is UNKNOWN, never an abort nor a NO. */
class GitDirectoryAnswerTest {
    @TempDir
    Path root;

    private Path gitDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("objects"));
        Files.createDirectories(dir.resolve("refs"));
        Files.writeString(dir.resolve("HEAD"), "ref: refs/heads/main\n");
        return dir;
    }

    @Test
    void anOverlongSymlinkTargetIsUnknownNotAnAbort() throws Exception {
        Path dir = gitDirectory(root.resolve("g"));
        Files.delete(dir.resolve("objects"));
        Files.createSymbolicLink(dir.resolve("objects"), Path.of("/" + "a".repeat(300)));
        GitDirectory.Answer a = GitDirectory.searchable(dir.resolve("objects"), GitDirectory.READ_HERE);
        assertThat(a.unknown()).isTrue();
        assertThat(a.why()).contains(dir.resolve("objects").toString()).contains("File name too long");
        assertThat(GitDirectory.gitDirectory(dir, GitDirectory.READ_HERE).unknown()).isTrue();
        assertThatThrownBy(() -> GitDirectory.isGitDirectory(dir, GitDirectory.READ_HERE))
                .isInstanceOf(CordonException.class).hasMessageContaining("File name too long");
    }

    @Test
    void nothingThereIsNoAndAMissingRefsWinsOverAnUnknownObjects() throws Exception {
        Path dir = gitDirectory(root.resolve("g"));
        assertThat(GitDirectory.gitDirectory(dir, GitDirectory.READ_HERE)).isEqualTo(GitDirectory.Answer.YES);
        GitDirectory.RegularFiles failing = GitDirectory.READ_HERE.withAttributes(p -> {
            if (p.getFileName().toString().equals("objects")) {
                throw new FileSystemException(p.toString(), null, "Input/output error");
            }
            return GitDirectory.STAT_HERE.of(p);
        });
        assertThat(GitDirectory.gitDirectory(dir, failing).unknown()).isTrue();
        Files.delete(dir.resolve("refs"));
        assertThat(GitDirectory.gitDirectory(dir, failing)).isEqualTo(GitDirectory.Answer.NO);
        Files.createSymbolicLink(dir.resolve("refs"), root.resolve("nowhere"));
        assertThat(GitDirectory.searchable(dir.resolve("refs"), GitDirectory.READ_HERE)).isEqualTo(GitDirectory.Answer.NO);
    }

    @Test
    void thePluggableLookIsTheOneUsed() throws Exception {
        Path dir = gitDirectory(root.resolve("g"));
        GitDirectory.RegularFiles none = GitDirectory.READ_HERE.withAttributes(p -> {
            throw new java.nio.file.NoSuchFileException(p.toString());
        });
        assertThat(GitDirectory.gitDirectory(dir, none)).isEqualTo(GitDirectory.Answer.NO);
    }

    @Test
    void aLookRefusedForWantOfRightsSaysSoNotOnlyThePath() throws Exception {
        Path dir = gitDirectory(root.resolve("g"));
        GitDirectory.RegularFiles denied = GitDirectory.READ_HERE.withAttributes(p -> {
            throw new java.nio.file.AccessDeniedException(p.toString());
        });
        GitDirectory.Answer a = GitDirectory.searchable(dir.resolve("objects"), denied);
        assertThat(a.unknown()).isTrue();
        assertThat(a.why()).isEqualTo("Cannot read the attributes of " + dir.resolve("objects") + ": Permission denied");
    }

    @Test
    void aGitFileAndACommondirAreReadUpToANulByteAsGitReadsThem() throws Exception {
        // Y12, Y13: git reads both as C strings, so what follows a NUL is not part of the path
        Path common = gitDirectory(root.resolve("main/.git"));
        Path wtGitDir = Files.createDirectories(common.resolve("worktrees/wt"));
        Files.writeString(wtGitDir.resolve("HEAD"), "ref: refs/heads/feat\n");
        Files.writeString(wtGitDir.resolve("commondir"), "../..\0junk\n");
        assertThat(GitDirectory.commonDir(wtGitDir, GitDirectory.READ_HERE)).isEqualTo(wtGitDir.resolve("../.."));
        assertThat(GitDirectory.gitDirectory(wtGitDir, GitDirectory.READ_HERE)).isEqualTo(GitDirectory.Answer.YES);
        Path wt = Files.createDirectories(root.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + wtGitDir + "\0junk\n");
        assertThat(GitDirectory.namedGitDir(wt, wt.resolve(".git"), GitDirectory.READ_HERE)).isEqualTo(wtGitDir);
        Files.writeString(wt.resolve(".git"), "gitdir: \0" + wtGitDir + "\n"); // git reads an empty path: no repository
        assertThat(GitDirectory.namedGitDir(wt, wt.resolve(".git"), GitDirectory.READ_HERE)).isNull();
    }

    @Test
    void aCommondirPastAPathsLengthIsReadAsGitReadsItAndOnePastTheBoundIsUnknown() throws Exception {
        // Z1: git reads commondir whole and resolves it name by name
        Path common = gitDirectory(root.resolve("main/.git"));
        Path wtGitDir = Files.createDirectories(common.resolve("worktrees/wt"));
        Files.writeString(wtGitDir.resolve("HEAD"), "ref: refs/heads/feat\n");
        Files.writeString(wtGitDir.resolve("commondir"), "./".repeat(2100) + "../..\n");
        assertThat(GitDirectory.commonDir(wtGitDir, GitDirectory.READ_HERE).normalize()).isEqualTo(common);
        Files.writeString(wtGitDir.resolve("commondir"), "./".repeat(GitDirectory.COMMONDIR_BOUND / 2 + 1) + "../..\n");
        assertThatThrownBy(() -> GitDirectory.commonDir(wtGitDir, GitDirectory.READ_HERE)).isInstanceOf(CordonException.class)
                .hasMessageContaining("The commondir file " + wtGitDir.resolve("commondir") + " is larger than");
        assertThat(GitDirectory.gitDirectory(wtGitDir, GitDirectory.READ_HERE).unknown()).isTrue();
    }
}
