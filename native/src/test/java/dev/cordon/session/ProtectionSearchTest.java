package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The search for what a session protects, on real directory trees (no git needed: it looks at git's layout). */
class ProtectionSearchTest {
    /** Linux: the lstat uid, as the platform's {@code WorkspaceAccess::owner} answers. */
    static final RepositoryWalk.Owners OWNERS = dev.cordon.platform.linux.PosixIds::owner;
    @TempDir
    Path tmp;

    @Test
    void findsGitDirectoriesAtAnyDepthAndDoesNotEnterThem() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        gitDir(ws.resolve("a/b/c/d/e/f/.git"));
        gitDir(ws.resolve(".git/modules/m")); // inside a protected .git: covered by it
        Files.createDirectories(ws.resolve(".codex"));

        Protection p = ProtectionSearch.find(List.of(ws), Set.of(), OWNERS);

        assertThat(paths(p)).containsExactly(ws.resolve(".codex"), ws.resolve(".git"), ws.resolve("a/b/c/d/e/f/.git"));
        assertThat(p.gitSafeDirectories()).containsExactly(ws, ws.resolve("a/b/c/d/e/f"));
        assertThat(p.searchComplete()).isTrue();
    }

    @Test
    void aCodexOrAgentsSymlinkHasItsTargetProtectedAndSoDoesALinkInsideOne() throws Exception {
        Path base = tmp.toRealPath();
        Path ws = Files.createDirectories(base.resolve("ws"));
        Files.createDirectories(ws.resolve("tools/codex"));
        Files.createSymbolicLink(ws.resolve(".codex"), Path.of("tools/codex")); // R167
        Files.createDirectories(ws.resolve(".agents"));
        Files.writeString(ws.resolve("dotfiles.md"), "skill\n");
        Files.createSymbolicLink(ws.resolve(".agents/SKILL.md"), Path.of("../dotfiles.md"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Path other = Files.createDirectories(base.resolve("other"));
        Files.createSymbolicLink(other.resolve(".codex"), outside); // outside every root: read-only already
        Files.createDirectories(ws.resolve("packages/app/.codex")); // nested: Codex reads it in that directory
        Files.createDirectories(ws.resolve("packages/lib"));
        Files.createSymbolicLink(ws.resolve("packages/lib/.agents"), Path.of("../../tools/codex"));

        Protection p = ProtectionSearch.find(List.of(ws, other), Set.of(), OWNERS);

        assertThat(paths(p)).containsExactly(ws.resolve(".agents"), ws.resolve("dotfiles.md"),
                ws.resolve("packages/app/.codex"), ws.resolve("tools/codex"));
        // none of it when the sandbox made it (an earlier runner's): made inert at the end instead
        Set<dev.cordon.core.Principal> sandbox = Set.of(dev.cordon.core.Principal.uid(
                (Integer) Files.getAttribute(ws, "unix:uid", LinkOption.NOFOLLOW_LINKS)));
        assertThat(paths(ProtectionSearch.find(List.of(ws), sandbox, OWNERS))).isEmpty();
    }

    /** R176: a skill named {@code objects} is no object store: the target of its link is protected. */
    @Test
    void aLinkInAnAgentsDirectoryNamedObjectsHasItsTargetProtected() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Files.createDirectories(ws.resolve(".agents/skills/objects"));
        Files.createDirectories(ws.resolve("docs"));
        Files.writeString(ws.resolve("docs/skill.md"), "be careful\n");
        Files.createSymbolicLink(ws.resolve(".agents/skills/objects/SKILL.md"), Path.of("../../../docs/skill.md"));
        gitDir(ws.resolve("tools/.git"));
        Files.writeString(ws.resolve("notes.txt"), "x\n");
        Files.createSymbolicLink(ws.resolve("tools/.git/objects/link"), Path.of("../../../notes.txt")); // an object store's

        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)))
                .containsExactly(ws.resolve(".agents"), ws.resolve("docs/skill.md"), ws.resolve("tools/.git"));
    }

    @Test
    void aProtectedDirectoryWhoseLinksCannotAllBeLookedAtRefusesInsteadOfTakingItForNone() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        // deeper than PATH_MAX inside .git/info: the walk meets ENAMETOOLONG, not a denial (as root, nothing is denied)
        Path info = Files.createDirectories(ws.resolve(".git/info"));
        String deep = "n=0; while [ $n -lt 24 ]; do mkdir " + "d".repeat(200) + " && cd -P " + "d".repeat(200)
                + " || exit 1; n=$((n+1)); done; ln -s /etc/passwd link";
        try {
            assertThat(new ProcessBuilder("sh", "-c", deep).directory(info.toFile()).inheritIO().start().waitFor()).isZero();
            assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))
                    .isInstanceOf(CordonException.class)
                    .hasMessageContaining("Cannot look for symlinks in the protected " + ws.resolve(".git"));
        } finally {
            new ProcessBuilder("rm", "-rf", info.toString()).inheritIO().start().waitFor(); // beyond Java's reach
        }
    }

    @Test
    void aGitFileIsProtectedWithTheGitdirAndCommondirItNamesWhenTheyAreWritable() throws Exception {
        Path base = tmp.toRealPath();
        Path main = base.resolve("main");
        gitDir(main.resolve(".git"));
        Path worktreeGitDir = gitDir(main.resolve(".git/worktrees/wt"));
        Files.writeString(worktreeGitDir.resolve("commondir"), "../..\n");
        Path wt = Files.createDirectories(base.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + worktreeGitDir + "\n");
        Path sep = Files.createDirectories(base.resolve("meta"));
        Path sepGitDir = gitDir(sep.resolve("x.git"));
        Path ws = Files.createDirectories(base.resolve("ws"));
        Files.writeString(ws.resolve(".git"), "gitdir: ../meta/x.git\n"); // relative to the worktree, as git reads it

        // only the worktree is writable: its .git file; the gitdirs outside stay read-only through Landlock
        assertThat(paths(ProtectionSearch.find(List.of(wt), Set.of(), OWNERS))).containsExactly(wt.resolve(".git"));
        // the main repository writable too: the gitdir and commondir (one mount: the main .git)
        assertThat(paths(ProtectionSearch.find(List.of(wt, main), Set.of(), OWNERS)))
                .containsExactly(main.resolve(".git"), wt.resolve(".git"));
        // a separate gitdir under another name, in a writable root
        Protection p = ProtectionSearch.find(List.of(ws, sep), Set.of(), OWNERS);
        assertThat(paths(p)).containsExactly(sepGitDir, ws.resolve(".git"));
        assertThat(p.paths().get(0).what()).isEqualTo("gitdir named by " + ws.resolve(".git"));
        assertThat(p.paths().get(1).directory()).isFalse();
    }

    @Test
    void theRepositoryEnclosingAWorkspaceIsTrustedAndItsWritableGitdirProtected() throws Exception {
        Path repo = tmp.toRealPath().resolve("repo");
        gitDir(repo.resolve(".git"));
        Path sub = Files.createDirectories(repo.resolve("sub"));

        Protection p = ProtectionSearch.find(List.of(sub), Set.of(), OWNERS);
        assertThat(p.paths()).isEmpty(); // repo/.git is outside every writable root: Landlock keeps it read-only
        assertThat(p.gitSafeDirectories()).containsExactly(sub, repo);
    }

    @Test
    void aBareRepositoryInAWritableRootIsProtectedWholeAndTrusted() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        Path bare = gitDir(ws.resolve("remotes/backup.git"));
        gitDir(bare.resolve("modules/inner")); // inside it: covered, not searched

        Protection p = ProtectionSearch.find(List.of(ws), Set.of(), OWNERS);
        assertThat(paths(p)).containsExactly(bare);
        assertThat(p.paths().get(0).what()).isEqualTo("git directory (bare repository)");
        assertThat(p.gitSafeDirectories()).containsExactly(ws, bare);
    }

    @Test
    void gitDirectoriesInEveryFormGitTakesAreProtected() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        Path linked = Files.createDirectories(ws.resolve("linked.git"));
        Files.createDirectories(linked.resolve("objects"));
        Files.createDirectories(linked.resolve("refs"));
        Files.createSymbolicLink(linked.resolve("HEAD"), Path.of("refs/heads/main")); // dangling: git reads only the link
        Path common = gitDir(ws.resolve("store/common"));
        Path worktreeDir = Files.createDirectories(ws.resolve("wt-meta"));
        Files.writeString(worktreeDir.resolve("HEAD"), "0123456789abcdef0123456789abcdef01234567\n"); // detached
        Files.writeString(worktreeDir.resolve("commondir"), "../store/common\n");

        Protection p = ProtectionSearch.find(List.of(ws), Set.of(), OWNERS);
        assertThat(paths(p)).containsExactlyInAnyOrder(linked, common, worktreeDir);
    }

    @Test
    void aGitSymlinksTargetIsProtected() throws Exception {
        Path base = tmp.toRealPath();
        Path target = gitDir(base.resolve("ws/store/real.git"));
        Files.createSymbolicLink(base.resolve("ws/.git"), Path.of("store/real.git"));

        assertThat(paths(ProtectionSearch.find(List.of(base.resolve("ws")), Set.of(), OWNERS))).containsExactly(target);
    }

    @Test
    void aGitOwnedByASandboxAccountIsTheSandboxsOwnAndNotProtected() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve("mine/.git"));
        int me = (Integer) Files.getAttribute(ws.resolve("mine/.git"), "unix:uid", LinkOption.NOFOLLOW_LINKS);

        Protection p = ProtectionSearch.find(List.of(ws), Set.of(dev.cordon.core.Principal.uid(me)), OWNERS);
        assertThat(p.paths()).isEmpty();
        assertThat(p.gitSafeDirectories()).containsExactly(ws);
    }

    @Test
    void theSearchStopsAtItsBoundAndSaysSo() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        for (int i = 0; i < 10; i++) {
            Files.createDirectories(ws.resolve("d" + i));
        }
        gitDir(ws.resolve("d9/deeper/.git"));

        Protection bounded = ProtectionSearch.find(List.of(ws), Set.of(), 5, OWNERS);
        assertThat(bounded.searchComplete()).isFalse();
        assertThat(bounded.directoriesSearched()).isEqualTo(5);
        Protection full = ProtectionSearch.find(List.of(ws), Set.of(), OWNERS);
        assertThat(full.searchComplete()).isTrue();
        assertThat(paths(full)).containsExactly(ws.resolve("d9/deeper/.git"));
    }

    @Test
    void symlinkedDirectoriesAreNotFollowed() throws Exception {
        Path base = tmp.toRealPath();
        gitDir(base.resolve("elsewhere/repo/.git"));
        Path ws = Files.createDirectories(base.resolve("ws"));
        Files.createSymbolicLink(ws.resolve("link"), base.resolve("elsewhere"));

        assertThat(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS).paths()).isEmpty();
    }

    @Test
    void aHooksPathTheRepositoryNamesInAWritableRootIsProtected() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        Files.createDirectories(ws.resolve(".husky"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n\thooksPath = .husky\n\thooksPath = missing\n");

        Protection p = ProtectionSearch.find(List.of(ws), Set.of(), OWNERS);
        assertThat(paths(p)).containsExactly(ws.resolve(".git"), ws.resolve(".husky"));
        assertThat(p.paths().get(1).what()).isEqualTo("core.hooksPath of " + ws);
    }

    @Test
    void aLinkWhoseWayTheSessionCouldRePointOrWhoseMissingEndItCouldMakeRefusesTheStart() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        gitDir(ws.resolve(".git"));
        Files.createDirectories(ws.resolve("realhooks"));
        Files.createSymbolicLink(ws.resolve("hl"), Path.of("realhooks"));
        Files.delete(Files.createDirectories(ws.resolve(".git/hooks")));
        Files.createSymbolicLink(ws.resolve(".git/hooks"), Path.of("../hl")); // R170 (V1): hl is the session's to re-point
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("The symlink " + ws.resolve(".git/hooks") + " in the protected " + ws.resolve(".git")
                        + " leads through the symlink " + ws.resolve("hl"));
        Files.delete(ws.resolve(".git/hooks"));
        Files.createSymbolicLink(ws.resolve(".git/hooks"), ws.resolve("realhooks")); // the real path: protected
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve("realhooks"));

        Files.createSymbolicLink(ws.resolve("realhooks/pre-commit"), Path.of("../scripts/pc.sh")); // scripts/ missing
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("names " + ws.resolve("scripts") + ", which does not exist and lies in a writable root");
        Files.delete(ws.resolve("realhooks/pre-commit"));

        Files.createDirectories(ws.resolve("tools/codex"));
        Files.createSymbolicLink(ws.resolve("cx"), Path.of("tools/codex"));
        Files.createSymbolicLink(ws.resolve(".codex"), Path.of("cx")); // V11
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("The .codex symlink " + ws.resolve(".codex") + " leads through the symlink "
                        + ws.resolve("cx"));
    }

    @Test
    void aWayIsWalkedAsTheKernelWalksIt() throws Exception {
        Path base = tmp.toRealPath();
        // R181: a name that is not UTF-8 is followed as the bytes it is, and the link after it is seen
        Files.createDirectories(base.resolve("scripts"));
        Files.createSymbolicLink(base.resolve("lnk"), Path.of("scripts"));
        Process p = new ProcessBuilder("sh", "-c", "mkdir \"$(printf '\\377')\"").directory(base.toFile()).start();
        assertThat(p.waitFor()).isZero();
        Path named;
        try (var entries = Files.list(base)) {
            named = entries.filter(e -> !List.of("scripts", "lnk").contains(e.getFileName().toString())).findFirst().orElseThrow();
        }
        ProtectionSearch.Way way = ProtectionSearch.Way.of(named.resolve("..").resolve("lnk").resolve("pc"));
        assertThat(way.symlinks()).containsExactly(base.resolve("lnk"));
        assertThat(way.firstMissing()).isEqualTo(base.resolve("scripts/pc"));
        // R182: beneath a regular file is missing (the file may become a directory)
        Files.writeString(base.resolve("notes.txt"), "x");
        assertThat(ProtectionSearch.Way.of(base.resolve("notes.txt/pc")).firstMissing()).isEqualTo(base.resolve("notes.txt/pc"));
        // R183: a loop ends the way with the links seen
        Files.createSymbolicLink(base.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(base.resolve("b"), Path.of("a"));
        ProtectionSearch.Way loop = ProtectionSearch.Way.of(base.resolve("a"));
        assertThat(loop.symlinks()).contains(base.resolve("a"), base.resolve("b")).hasSize(ProtectionSearch.Way.MAX_LINKS + 1);
        assertThat(loop.firstMissing()).isNull();
    }

    @Test
    void aWayThroughProcNamesAnotherPlaceForGitAndRefusesTheStart() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        gitDir(ws.resolve(".git"));
        // R179: git runs in the worktree, so /proc/self/cwd is the worktree for it and this process's directory here
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = /proc/self/cwd/local.gitconfig\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("is reached through the symlink /proc/self, which names another place for each"
                        + " process that follows it");
        Files.writeString(ws.resolve(".git/config"), "[core]\n\tbare = false\n");
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("/proc/self/cwd/scripts/pc.sh"));
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("The symlink " + ws.resolve(".git/hooks/pre-commit") + " in the protected "
                        + ws.resolve(".git") + " leads through the symlink /proc/self");
        Files.delete(ws.resolve(".git/hooks/pre-commit"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n\thooksPath = /dev/fd/../cwd/hooks\n"); // /dev/fd -> /proc/self/fd
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.hooksPath of " + ws);
    }

    @Test
    void aNulByteInAConfigPathRefusesTheStartNamingItAsUsage() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        gitDir(ws.resolve(".git"));
        // Y14: git reads the value as a C string, up to the NUL
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = local.gitconfig\0junk\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("The git config " + ws.resolve(".git/config") + " names the path local.gitconfig?junk,"
                        + " with a NUL byte in it");
    }

    @Test
    void aLinkWhoseWayCannotBeWalkedRefusesInsteadOfBeingTakenForFixed() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path outside = Files.createDirectories(tmp.toRealPath().resolve("outside"));
        // the kernel follows .codex to outside/d../d../more -> e../e../e../e../e.. (no string past PATH_MAX); Java's
        // absolute path of that way is longer than PATH_MAX: ENAMETOOLONG, which the search took for "fixed, missing"
        String d = "d".repeat(200);
        String e = String.join("/", java.util.Collections.nCopies(5, "e".repeat(200)));
        String deep = "n=0; while [ $n -lt 19 ]; do mkdir " + d + " && cd -P " + d + " || exit 1; n=$((n+1)); done;"
                + " mkdir -p " + e + " && ln -s " + e + " more && echo 'model = \"dev\"' > " + e + "/config.toml";
        try {
            assertThat(new ProcessBuilder("sh", "-c", deep).directory(outside.toFile()).inheritIO().start().waitFor()).isZero();
            Files.createSymbolicLink(ws.resolve(".codex"),
                    Path.of(outside + "/" + (d + "/").repeat(19) + "more"));
            assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                    .hasMessageContaining("Cannot walk the way to " + ws.resolve(".codex") + " (")
                    .hasMessageContaining("File name too long");
        } finally {
            new ProcessBuilder("rm", "-rf", outside.toString()).inheritIO().start().waitFor(); // beyond Java's reach
        }
    }

    @Test
    void aRelativeHooksPathIsEachWorktreesAndEveryCoreWorktreeOfAnyConfigFileCounts() throws Exception {
        Path base = tmp.toRealPath();
        // R172 (V5, V19): one config, a relative hooks path, two worktrees: git runs each worktree's own .githooks
        Path main = Files.createDirectories(base.resolve("main"));
        gitDir(main.resolve(".git"));
        Files.writeString(main.resolve(".git/config"), "[core]\n\thooksPath = .githooks\n");
        Path feat = Files.createDirectories(main.resolve(".worktrees/feat"));
        Path featGitDir = gitDir(main.resolve(".git/worktrees/feat"));
        Files.writeString(featGitDir.resolve("commondir"), "../..\n");
        Files.writeString(feat.resolve(".git"), "gitdir: " + featGitDir + "\n");
        Files.writeString(featGitDir.resolve("gitdir"), feat.resolve(".git") + "\n"); // as git writes it
        Files.createDirectories(main.resolve(".githooks"));
        Files.createDirectories(feat.resolve(".githooks"));
        assertThat(paths(ProtectionSearch.find(List.of(main), Set.of(), OWNERS)))
                .contains(main.resolve(".githooks"), feat.resolve(".githooks"));
        // V22: only the worktree lent; the enclosing main repository's config was read first, for main
        assertThat(paths(ProtectionSearch.find(List.of(feat), Set.of(), OWNERS))).contains(feat.resolve(".githooks"));

        // R171 (V3, V4, V14): core.worktree in one file, a relative hooks path in another; an included core.worktree
        // (git ignores it) counts as well as the worktree itself. One that holds the directory of .git (a submodule's)
        // leaves git no directory outside it; one elsewhere (../app) does, and refuses the start (C7)
        Path ws = Files.createDirectories(base.resolve("ws"));
        gitDir(ws.resolve(".git"));
        Files.createDirectories(ws.resolve("app/hooks"));
        Files.createDirectories(ws.resolve("hooks"));
        Files.writeString(ws.resolve(".git/config"), "[extensions]\n\tworktreeConfig = true\n[core]\n\thooksPath = hooks\n");
        Files.writeString(ws.resolve(".git/config.worktree"), "[core]\n\tworktree = ..\n");
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve("hooks"));
        Files.writeString(ws.resolve(".git/config.worktree"), "[core]\n\tworktree = ../app\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.worktree = ../app (in " + ws.resolve(".git/config.worktree") + "), which does"
                        + " not hold " + ws);
        Files.delete(ws.resolve(".git/config.worktree"));
        Files.writeString(ws.resolve(".git/hooks.inc"), "[core]\n\tworktree = ../..\n\thooksPath = hooks\n");
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = hooks.inc\n");
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve("hooks"));
        Files.writeString(ws.resolve(".git/hooks.inc"), "[core]\n\tworktree = ../app\n\thooksPath = hooks\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("which does not hold");
    }

    @Test
    void aRelativeHooksPathGitTakesFromItsCurrentDirectoryRefusesTheStartAndABareClonesWorktreeDoesNot() throws Exception {
        Path base = tmp.toRealPath();
        // C8: core.bare on a .git directory: git run in proj/docs stays there
        Path proj = Files.createDirectories(base.resolve("proj/docs"));
        proj = proj.getParent();
        gitDir(proj.resolve(".git"));
        Files.writeString(proj.resolve(".git/config"), "[core]\n\tbare = true\n\thooksPath = h\n");
        Path finalProj = proj;
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(finalProj), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.hooksPath = h in " + proj.resolve(".git/config") + " is relative, and with core.bare"
                        + " = true (in " + proj.resolve(".git/config") + "), git run in " + proj + " outside a worktree");
        Files.writeString(proj.resolve(".git/config"), "[core]\n\tbare = 0x0\n\thooksPath = h\n");
        assertThat(paths(ProtectionSearch.find(List.of(proj), Set.of(), OWNERS))).contains(proj.resolve(".git"));
        Files.writeString(proj.resolve(".git/config"), "[core]\n\tbare = true\n\thooksPath = /abs/h\n");
        assertThat(paths(ProtectionSearch.find(List.of(proj), Set.of(), OWNERS))).contains(proj.resolve(".git"));

        // the "bare container": a .git file naming ./.bare, core.bare without a value
        Path box = Files.createDirectories(base.resolve("box"));
        gitDir(box.resolve(".bare"));
        Files.writeString(box.resolve(".bare/config"), "[core]\n\tbare\n\thooksPath = h\n");
        Files.writeString(box.resolve(".git"), "gitdir: ./.bare\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(box), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.bare = true (in " + box.resolve(".bare/config") + ")");

        // R209c: a bare clone's linked worktree runs its hooks path from its top; the bare repository, from itself
        Path clone = gitDir(base.resolve("clone.git"));
        Files.writeString(clone.resolve("config"), "[core]\n\tbare = true\n\thooksPath = h\n");
        Path wt = Files.createDirectories(base.resolve("wt/h"));
        wt = wt.getParent();
        Path wtGitDir = gitDir(clone.resolve("worktrees/wt"));
        Files.writeString(wtGitDir.resolve("commondir"), "../..\n");
        Files.writeString(wtGitDir.resolve("gitdir"), wt.resolve(".git") + "\n");
        Files.writeString(wt.resolve(".git"), "gitdir: " + wtGitDir + "\n");
        assertThat(paths(ProtectionSearch.find(List.of(wt), Set.of(), OWNERS))).contains(wt.resolve("h"));
        // R209d: core.bare in the linked worktree's own config.worktree is git's (extensions.worktreeConfig)
        Files.writeString(wtGitDir.resolve("config.worktree"), "[core]\n\tbare = on\n");
        Path finalWt = wt;
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(finalWt), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.bare = on (in " + wtGitDir.resolve("config.worktree") + ")");
        // D1: under extensions.worktreeConfig the common config's core.bare is every worktree's
        Files.delete(wtGitDir.resolve("config.worktree"));
        Files.writeString(clone.resolve("config"), "[core]\n\tbare = true\n\thooksPath = h\n[extensions]\n\tworktreeConfig\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(finalWt), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.bare = true (in " + clone.resolve("config") + ")");

        // D2: git takes a linked worktree's core.worktree (the common one under worktreeConfig) from worktrees/<n>
        Path outer = Files.createDirectories(base.resolve("outer/inner/sub"));
        outer = outer.getParent().getParent();
        gitDir(outer.resolve(".git"));
        Files.writeString(outer.resolve(".git/config"), "[core]\n\tworktree = ..\n\thooksPath = h\n[extensions]\n\tworktreeConfig = true\n");
        Path innerGitDir = gitDir(outer.resolve(".git/worktrees/inner"));
        Files.writeString(innerGitDir.resolve("commondir"), "../..\n");
        Files.writeString(innerGitDir.resolve("gitdir"), outer.resolve("inner/.git") + "\n");
        Files.writeString(outer.resolve("inner/.git"), "gitdir: " + innerGitDir + "\n");
        Path finalOuter = outer;
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(finalOuter), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.worktree = .. (in " + outer.resolve(".git/config") + "), which does not hold "
                        + outer.resolve("inner") + " taken from " + innerGitDir);

        // D5: a config read first for another worktree's check still counts for this one's (here a bare repository
        // whose stale linked worktree names the very directory that a .git file there makes one of its own)
        Path ws = Files.createDirectories(base.resolve("ws/a/wt/sub"));
        ws = ws.getParent().getParent().getParent();
        Path repo = gitDir(ws.resolve("repo.git"));
        Files.writeString(repo.resolve("config"), "[core]\n\tbare = true\n\thooksPath = h\n");
        Path bGitDir = gitDir(repo.resolve("worktrees/b"));
        Files.writeString(bGitDir.resolve("commondir"), "../..\n");
        Files.writeString(bGitDir.resolve("gitdir"), ws.resolve("a/wt/.git") + "\n");
        Files.writeString(ws.resolve("a/wt/.git"), "gitdir: ../../repo.git\n");
        Path finalWs = ws;
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(finalWs), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.bare = true (in " + repo.resolve("config") + ")");
    }

    @Test
    void aRelativeHooksPathThatClimbsOutOrStartsWhereAWorktreeCannotBePlacedRefusesTheStart() throws Exception {
        Path base = tmp.toRealPath();
        Path main = Files.createDirectories(base.resolve("main"));
        gitDir(main.resolve(".git"));
        Path wtGitDir = gitDir(main.resolve(".git/worktrees/wt"));
        Files.writeString(wtGitDir.resolve("commondir"), "../..\n");
        Files.writeString(wtGitDir.resolve("gitdir"), base.resolve("moved-away/.git") + "\n"); // A4, Z2: moved by hand
        Files.writeString(main.resolve(".git/config"), "[core]\n\thooksPath = up/h\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(main), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("core.hooksPath = up/h in " + main.resolve(".git/config") + " is relative, and where"
                        + " the worktree " + base.resolve("moved-away") + " lies is not known");
        // a core.worktree only in an include does not place it (A3d): git's setup reads the config file alone
        Files.writeString(main.resolve(".git/wt.cfg"), "[core]\n\tworktree = /\n");
        Files.writeString(main.resolve(".git/config"), "[include]\n\tpath = wt.cfg\n[core]\n\thooksPath = up/h\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(main), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("lies is not known");
        // A5: a copy of any worktree runs a climbing one from wherever it lies
        Files.writeString(wtGitDir.resolve("gitdir"), main.resolve("wt/.git") + "\n");
        Files.createDirectories(main.resolve("wt"));
        Files.writeString(main.resolve("wt/.git"), "gitdir: " + wtGitDir + "\n");
        Files.writeString(main.resolve(".git/config"), "[core]\n\thooksPath = ../../main/h\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(main), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("is relative and climbs out of the worktree git runs in");
        // R189's layout: a --separate-git-dir repository reached through its worktree's .git is placed there
        Path sep = Files.createDirectories(base.resolve("sep"));
        Path store = gitDir(base.resolve("store.git"));
        Files.writeString(store.resolve("config"), "[core]\n\thooksPath = .githooks\n");
        Files.writeString(sep.resolve(".git"), "gitdir: ../store.git\n");
        Files.createDirectories(sep.resolve(".githooks"));
        assertThat(paths(ProtectionSearch.find(List.of(sep), Set.of(), OWNERS))).contains(sep.resolve(".githooks"));
        assertThat(ProtectionSearch.climbsOut("a/../../h")).isTrue();
        assertThat(ProtectionSearch.climbsOut("lnk/../.githooks")).isFalse();
    }

    @Test
    void aHooksPathIsTakenWhereTheKernelTakesItNotCleanedUpByName() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        gitDir(ws.resolve(".git"));
        Files.createDirectories(ws.resolve("tools/sub"));
        Files.createDirectories(ws.resolve("tools/.githooks"));
        Files.createDirectories(ws.resolve(".githooks"));
        Files.createSymbolicLink(ws.resolve("lnk"), Path.of("tools/sub"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n\thooksPath = lnk/../.githooks\n"); // R174 (V10)
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("is reached through the symlink " + ws.resolve("lnk"))
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("git config core.hooksPath "
                        + ws.resolve("tools/.githooks")));
    }

    @Test
    void filesTheRepositorysConfigIncludesAreProtectedAndAMissingOneInAWritableRootRefused() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        Files.writeString(ws.resolve("team.gitconfig"), "[include]\n\tpath = more/nested.gitconfig\n");
        Files.createDirectories(ws.resolve("more"));
        Files.writeString(ws.resolve("more/nested.gitconfig"), "[x]\n\ty = 1\n");
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = ../team.gitconfig\n");

        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)))
                .containsExactly(ws.resolve(".git"), ws.resolve("more/nested.gitconfig"), ws.resolve("team.gitconfig"));

        Files.writeString(ws.resolve(".git/config"), "[includeIf \"gitdir:~/\"]\n\tpath = ../missing.gitconfig\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("includes " + ws.resolve("missing.gitconfig") + ", which does not exist");
    }

    @Test
    void aConditionalIncludesOwnIncludeIsFollowedWhateverTheCondition() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        Files.writeString(ws.resolve("shared.gitconfig"), "[include]\n\tpath = local.gitconfig\n");
        Files.writeString(ws.resolve(".git/config"), "[includeIf \"gitdir:" + ws + "/\"]\n\tpath = ../shared.gitconfig\n");

        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("includes " + ws.resolve("local.gitconfig") + ", which does not exist");

        Files.writeString(ws.resolve("local.gitconfig"), "[includeIf \"onbranch:never\"]\n\tpath = hooks.gitconfig\n");
        Files.writeString(ws.resolve("hooks.gitconfig"), "[core]\n\thooksPath = .githooks\n");
        Files.createDirectories(ws.resolve(".githooks"));
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).containsExactly(ws.resolve(".git"),
                ws.resolve(".githooks"), ws.resolve("hooks.gitconfig"), ws.resolve("local.gitconfig"), ws.resolve("shared.gitconfig"));
    }

    @Test
    void includesAreFollowedToGitsDepthAndACycleEndsThere() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        for (int i = 1; i <= ProtectionSearch.MAX_INCLUDE_DEPTH; i++) {
            Files.writeString(ws.resolve("c" + i), i == ProtectionSearch.MAX_INCLUDE_DEPTH ? "" : "[include]\npath = c" + (i + 1) + "\n");
        }
        Files.writeString(ws.resolve(".git/config"), "[include]\npath = ../c1\n");
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve("c10"));

        Files.writeString(ws.resolve("c10"), "[include]\npath = c11\n");
        Files.writeString(ws.resolve("c11"), "");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))
                .hasMessageContaining("deeper than git's limit of 10");

        Files.writeString(ws.resolve("c10"), "[include]\npath = ./c1\n"); // a cycle, by another name each time round
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))
                .hasMessageContaining("deeper than git's limit of 10");
        // F1: a config that includes itself (here 40 times) is a cycle, refused at once; one file included 20000 times
        // is counted once (each was replayed into the same list before: 2^40 entries, the host out of memory)
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = config\n".repeat(40));
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("The git config " + ws.resolve(".git/config") + " includes " + ws.resolve(".git/config")
                        + ", which includes it again (an include cycle) with no includeIf on the way");
        Files.writeString(ws.resolve("team"), "[core]\n\thooksPath = h\n");
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = ../team\n".repeat(20_000));
        Files.createDirectories(ws.resolve("h"));
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve("team"), ws.resolve("h"));

        // G2: 10 levels of 10 files, each including every file of the next: what they give is bounded, not multiplied
        Path inc = Files.createDirectories(ws.resolve("inc"));
        for (int level = 9; level >= 0; level--) {
            for (int i = 0; i < 10; i++) {
                StringBuilder c = new StringBuilder(level == 9 ? "[extensions]\n\tworktreeConfig\n".repeat(4) : "");
                for (int j = 0; level < 9 && j < 10; j++) {
                    c.append("[include]\n\tpath = l").append(level + 1).append('-').append(j).append('\n');
                }
                Files.writeString(inc.resolve("l" + level + "-" + i), c);
            }
        }
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            top.append("[include]\n\tpath = ../inc/l0-").append(i).append('\n');
        }
        Files.writeString(ws.resolve(".git/config"), top);
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(inc.resolve("l9-9"));
        // what the configs give is still bounded: three files of 40000 distinct hooks paths each
        for (String f : List.of("many1", "many2", "many3")) {
            StringBuilder many = new StringBuilder("[core]\n");
            for (int i = 0; i < 40_000; i++) {
                many.append("\thooksPath=").append(i).append('\n');
            }
            Files.writeString(inc.resolve(f), many);
        }
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = ../inc/many1\n\tpath = ../inc/many2\n\tpath = ../inc/many3\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("give more than " + ProtectionSearch.MAX_CONFIG_ENTRIES);
        // G2c: one 1 MiB file by 70 names is 70 MiB parsed: bounded too
        Files.writeString(inc.resolve("leaf"), "[user]\n" + "\tname = x\n".repeat((1 << 20) / 10 - 1));
        StringBuilder names = new StringBuilder();
        for (int j = 0; j < 70; j++) {
            names.append("[include]\n\tpath = ").append("./".repeat(j)).append("../inc/leaf\n");
        }
        Files.writeString(ws.resolve(".git/config"), names);
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("more than " + (ProtectionSearch.MAX_CONFIG_READ >> 20) + " MiB in all");
    }

    @Test
    void theHooksPathsTakenFromEveryWorktreeAreBoundedNotOnlyTheEntriesGivingThem() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        // X1: 200 relative hooks paths taken from each of 100 core.worktree spellings are 20,000 directories from 300 entries
        StringBuilder config = new StringBuilder("[core]\n");
        for (int i = 0; i < 100; i++) {
            config.append("\tworktree = ..").append("/.".repeat(i)).append('\n'); // the worktree, spelled 100 ways
        }
        for (int i = 0; i < 200; i++) {
            config.append("\thooksPath = h").append(i).append('\n');
        }
        Files.writeString(ws.resolve(".git/config"), config);
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("more than " + ProtectionSearch.MAX_HOOKS_PATHS + " hooks paths");
        // absolute ones are the same from every base: 200 of them with the 100 worktrees are 200 directories
        Files.writeString(ws.resolve(".git/config"), config.toString().replace("hooksPath = h", "hooksPath = " + ws + "/h"));
        assertThat(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS).paths()).isNotEmpty();
    }

    @Test
    void longWorktreePathsResolvedForEveryHooksPathAreBoundedByTheirNames() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        // Z4: 300 core.worktree of about 960 names each (all leading to /), 4 relative hooks paths: 1.4 million names
        StringBuilder config = new StringBuilder("[core]\n\thooksPath = h1\n\thooksPath = h2\n\thooksPath = h3\n"
                + "\thooksPath = h4\n[include]\n\tpath = w0\n\tpath = w1\n");
        for (int f = 0; f < 2; f++) {
            StringBuilder w = new StringBuilder("[core]\n");
            for (int i = f * 150; i < (f + 1) * 150; i++) {
                w.append("\tworktree = ").append("/usr/..".repeat(480 - i % 100)).append("/./".repeat(i / 100)).append('\n');
            }
            Files.writeString(ws.resolve(".git/w" + f), w);
        }
        Files.writeString(ws.resolve(".git/config"), config);
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("or more than " + ProtectionSearch.MAX_PATH_NAMES + " names in them");
        // one longer than the kernel resolves: git fails on it, and so does the start, before resolving it
        Files.writeString(ws.resolve(".git/w0"), "[core]\n\tworktree = " + "/usr/..".repeat(600) + "/\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("longer than the kernel resolves (" + ProtectionSearch.PATH_MAX + ")");
    }

    @Test
    void anIncludeCycleWithAnIncludeIfOnItIsGitsToTakeOrNotAndOneWithoutRefusesTheStart() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        Files.createDirectories(ws.resolve(".githooks"));
        // G3: no branch takes both includes; git runs, and what team.inc gives is taken
        Files.writeString(ws.resolve(".git/team.inc"), "[includeIf \"onbranch:main\"]\n\tpath = config\n[core]\n\thooksPath = .githooks\n");
        Files.writeString(ws.resolve(".git/config"), "[includeIf \"onbranch:dev\"]\n\tpath = team.inc\n");
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve(".githooks"));
        // one include of the cycle unconditional, the other not: still git's to take or not
        Files.writeString(ws.resolve(".git/config"), "[include]\n\tpath = team.inc\n");
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve(".githooks"));
        // both unconditional: git refuses to run, and so does the start
        Files.writeString(ws.resolve(".git/team.inc"), "[include]\n\tpath = config\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("The git config " + ws.resolve(".git/team.inc") + " includes " + ws.resolve(".git/config")
                        + ", which includes it again (an include cycle) with no includeIf on the way");
        // a cycle behind a conditional include is found too
        Files.writeString(ws.resolve(".git/a.inc"), "[include]\n\tpath = b.inc\n");
        Files.writeString(ws.resolve(".git/b.inc"), "[include]\n\tpath = a.inc\n");
        Files.writeString(ws.resolve(".git/config"), "[includeIf \"onbranch:x\"]\n\tpath = a.inc\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS)).isInstanceOf(CordonException.class)
                .hasMessageContaining("includes " + ws.resolve(".git/a.inc") + ", which includes it again (an include cycle)");
    }

    @Test
    void aConfigGitRefusesOrThatIsNotARegularFileIsRefusedNamingIt() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/config"), "[include]\npath = ../team.gitconfig\n");
        Files.writeString(ws.resolve("team.gitconfig"), "[core]\nnot a key\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))
                .hasMessageContaining("The git config " + ws.resolve(".git/../team.gitconfig") + ", included by "
                        + ws.resolve(".git/config") + ", has a bad config line 2");

        Files.delete(ws.resolve("team.gitconfig"));
        Files.createDirectory(ws.resolve("team.gitconfig"));
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void anIncludeReachedThroughASymlinkInAWritableRootIsRefusedAndOneWhoseTargetIsMissingThere() throws Exception {
        Path base = tmp.toRealPath();
        Path ws = base.resolve("ws");
        gitDir(ws.resolve(".git"));
        Files.writeString(ws.resolve("real.gitconfig"), "[x]\ny = 1\n");
        Files.createSymbolicLink(ws.resolve("link.gitconfig"), ws.resolve("real.gitconfig"));
        Files.writeString(ws.resolve(".git/config"), "[include]\npath = ../link.gitconfig\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))
                .hasMessageContaining("through the symlink " + ws.resolve("link.gitconfig") + ", which lies in a writable root");

        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.createSymbolicLink(outside.resolve("dangling.gitconfig"), ws.resolve("later.gitconfig"));
        Files.writeString(ws.resolve(".git/config"), "[include]\npath = " + outside.resolve("dangling.gitconfig") + "\n");
        assertThatThrownBy(() -> ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))
                .hasMessageContaining("(" + ws.resolve("later.gitconfig") + " would be created), which does not exist");

        Files.writeString(ws.resolve("later.gitconfig"), "");
        assertThat(paths(ProtectionSearch.find(List.of(ws), Set.of(), OWNERS))).contains(ws.resolve("later.gitconfig"));
    }

    @Test
    void gitTrustIsAppendedAfterTheCallersOwnCommandScopeConfig() {
        Protection p = new Protection(List.of(), List.of(Path.of("/w"), Path.of("/w/sub")), 1, true);
        Map<String, String> env = new HashMap<>(Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "core.pager",
                "GIT_CONFIG_VALUE_0", "cat"));
        p.addGitTrust(env);
        assertThat(env).containsEntry("GIT_CONFIG_COUNT", "3").containsEntry("GIT_CONFIG_KEY_0", "core.pager")
                .containsEntry("GIT_CONFIG_KEY_1", "safe.directory").containsEntry("GIT_CONFIG_VALUE_1", "/w")
                .containsEntry("GIT_CONFIG_KEY_2", "safe.directory").containsEntry("GIT_CONFIG_VALUE_2", "/w/sub")
                .doesNotContainValue("*");

        Map<String, String> bad = new HashMap<>(Map.of("GIT_CONFIG_COUNT", "many"));
        assertThatThrownBy(() -> p.addGitTrust(bad)).isInstanceOf(CordonException.class)
                .hasMessageContaining("GIT_CONFIG_COUNT=many");
    }

    @Test
    void aWritableRootInsideAGitDirectoryIsRefused() throws Exception {
        Path base = tmp.toRealPath();
        gitDir(base.resolve("repo/.git"));
        Path hooks = Files.createDirectories(base.resolve("repo/.git/hooks"));
        Path bare = gitDir(base.resolve("meta/x.git"));
        Instance instance = Instance.of("tprotsearch");

        assertThatThrownBy(() -> WorkspaceGuard.validate(hooks, instance, new dev.cordon.platform.linux.LinuxAccounts().users(), dev.cordon.platform.linux.WorkspaceGrants.SYSTEM_TREES, "--writable"))
                .hasMessageContaining("inside the git directory " + base.resolve("repo/.git"));
        assertThatThrownBy(() -> WorkspaceGuard.validate(Files.createDirectories(bare.resolve("refs/heads")), instance, new dev.cordon.platform.linux.LinuxAccounts().users(), dev.cordon.platform.linux.WorkspaceGrants.SYSTEM_TREES, "--writable"))
                .hasMessageContaining("inside the git directory " + bare);
        Path linked = Files.createDirectories(base.resolve("meta/linked/info"));
        Files.createSymbolicLink(linked.resolveSibling("HEAD"), Path.of("refs/heads/main"));
        Files.writeString(linked.resolveSibling("commondir"), bare + "\n");
        assertThatThrownBy(() -> WorkspaceGuard.validate(linked, instance, new dev.cordon.platform.linux.LinuxAccounts().users(), dev.cordon.platform.linux.WorkspaceGrants.SYSTEM_TREES, "--writable"))
                .hasMessageContaining("inside the git directory " + linked.getParent());
        assertThat(WorkspaceGuard.validate(base.resolve("repo"), instance, new dev.cordon.platform.linux.LinuxAccounts().users(), dev.cordon.platform.linux.WorkspaceGrants.SYSTEM_TREES, "--workspace")).isEqualTo(base.resolve("repo"));
    }

    @Test
    void aTildeUserIncludeIsLookedForInThatUsersHomeAsGitDoesAndAnUnknownUserIsRefused() throws Exception {
        // [R47] the twelfth review's chain: a config outside the writable roots includes ~root/..<T>/ws/local.gitconfig,
        // which git reads at /root/..<T>/ws/local.gitconfig, inside the writable root
        Path base = tmp.toRealPath();
        Path ws = base.resolve("ws");
        gitDir(ws.resolve(".git"));
        Path team = Files.createDirectories(base.resolve("team")).resolve("team.gitconfig");
        Files.writeString(ws.resolve(".git/config"), "[include]\npath = " + team + "\n");
        Files.writeString(team, "[include]\npath = ~root/.." + ws.resolve("local.gitconfig") + "\n");
        List<dev.cordon.platform.Account> users = new dev.cordon.platform.linux.LinuxAccounts().users();
        String rootHome = users.stream().filter(a -> a.name().equals("root")).findFirst().orElseThrow().home();

        assertThatThrownBy(() -> ProtectionSearch.search(List.of(ws), Set.of(), ProtectionSearch.MAX_DIRECTORIES, users,
                OWNERS, ProtectionSearch::readConfigHere))
                .hasMessageContaining("includes " + Path.of(rootHome + "/.." + ws.resolve("local.gitconfig")).normalize())
                .hasMessageContaining("which does not exist and lies in a writable root");

        Files.writeString(team, "[include]\npath = ~no-such-user-r47/x.gitconfig\n");
        assertThatThrownBy(() -> ProtectionSearch.search(List.of(ws), Set.of(), ProtectionSearch.MAX_DIRECTORIES, users,
                OWNERS, ProtectionSearch::readConfigHere))
                .hasMessageContaining("~no-such-user-r47/x.gitconfig")
                .hasMessageContaining("no account no-such-user-r47");
    }

    @Test
    void aHomeSpelledThroughASymlinkInATildeIncludeIsFollowedToTheWritableRoot() throws Exception {
        // R49's sibling: ~/ and ~user/ expand to the home as passwd spells it (<T>/home/dev, <T>/home -> var/home); the
        // include is walked as the kernel does, so a missing file there is found in the writable root by its real path
        Path base = tmp.toRealPath();
        Path ws = Files.createDirectories(base.resolve("var/home/dev/ws"));
        Files.createSymbolicLink(base.resolve("home"), Path.of("var/home"));
        gitDir(ws.resolve(".git"));
        Path team = Files.createDirectories(base.resolve("team")).resolve("team.gitconfig");
        Files.writeString(ws.resolve(".git/config"), "[include]\npath = " + team + "\n");
        dev.cordon.core.Principal owner = OWNERS.of(ws);
        List<dev.cordon.platform.Account> users = List.of(new dev.cordon.platform.Account("dev", owner, dev.cordon.core.Principal.gid(0),
                base.resolve("home/dev").toString(), "/bin/sh", List.of()));
        for (String include : List.of("~/ws/local.gitconfig", "~dev/ws/local.gitconfig")) {
            Files.writeString(team, "[include]\npath = " + include + "\n");
            assertThatThrownBy(() -> ProtectionSearch.search(List.of(ws), Set.of(), ProtectionSearch.MAX_DIRECTORIES, users,
                    OWNERS, ProtectionSearch::readConfigHere)).as(include)
                    .hasMessageContaining(ws.resolve("local.gitconfig") + " would be created")
                    .hasMessageContaining("which does not exist and lies in a writable root");
        }
        Files.writeString(ws.resolve("local.gitconfig"), "[core]\n");
        Protection p = ProtectionSearch.search(List.of(ws), Set.of(), ProtectionSearch.MAX_DIRECTORIES, users, OWNERS,
                ProtectionSearch::readConfigHere).protection();
        assertThat(p.paths()).anySatisfy(pp -> assertThat(pp.path()).isEqualTo(ws.resolve("local.gitconfig")));
    }

    /**
     * R57, R58: what the search learns beyond the entries its walk lists (a {@code .git} file's, symlink's or
     * directory's gitdir, a {@code HEAD}, a {@code commondir}, {@code objects} and {@code refs}, the configs) it learns
     * inside {@link ProtectionSearch.AsOwner#look} (the host: as the session's owner), and nothing outside it.
     */
    @Test
    void everythingBeyondTheWalksEntriesIsLookedAtAsTheOwner() throws Exception {
        Path base = tmp.toRealPath();
        Path ws = base.resolve("ws");
        gitDir(ws.resolve(".git"));
        Path meta = gitDir(ws.resolve("meta/wt.git"));
        Files.writeString(meta.resolve("commondir"), "../../.git\n");
        Files.createDirectories(ws.resolve("wt"));
        Files.writeString(ws.resolve("wt/.git"), "gitdir: ../meta/wt.git\n");
        gitDir(ws.resolve("store/real.git"));
        Files.createDirectories(ws.resolve("linked"));
        Files.createSymbolicLink(ws.resolve("linked/.git"), Path.of("../store/real.git"));
        gitDir(ws.resolve("backup.git"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n\thooksPath = .husky\n");
        Files.createDirectories(ws.resolve(".husky"));

        ThreadLocal<Boolean> asOwner = ThreadLocal.withInitial(() -> false);
        List<String> outside = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        ProtectionSearch.AsOwner owner = new ProtectionSearch.AsOwner() {
            @Override
            public <T> T look(java.util.function.Supplier<T> work) {
                looks.incrementAndGet();
                java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
                Thread t = new Thread(() -> {
                    asOwner.set(true);
                    result.set(work.get());
                });
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return result.get();
            }
        };
        dev.cordon.core.GitDirectory.RegularFiles files = new dev.cordon.core.GitDirectory.RegularFiles() {
            @Override
            public byte[] read(Path file, int maxBytes) throws java.io.IOException {
                if (!asOwner.get()) {
                    outside.add("read " + file);
                }
                return dev.cordon.core.GitDirectory.READ_HERE.read(file, maxBytes);
            }

            @Override
            public java.nio.file.attribute.PosixFileAttributes attributes(Path p) throws java.io.IOException {
                if (!asOwner.get()) {
                    outside.add("stat " + p);
                }
                return dev.cordon.core.GitDirectory.STAT_HERE.of(p);
            }
        };
        ProtectionSearch.ConfigReader reader = file -> {
            if (!asOwner.get()) {
                outside.add("config " + file);
            }
            return ProtectionSearch.readConfigHere(file);
        };

        Protection p = ProtectionSearch.search(List.of(ws), Set.of(), ProtectionSearch.MAX_DIRECTORIES, List.of(), OWNERS,
                reader, files, owner).protection();

        assertThat(outside).isEmpty();
        assertThat(looks.get()).isPositive();
        assertThat(paths(p)).containsExactlyInAnyOrder(ws.resolve(".git"), ws.resolve(".husky"), meta, ws.resolve("wt/.git"),
                ws.resolve("store/real.git"), ws.resolve("backup.git"));
    }

    /**
     * R57 (and R55 at runner start): a {@code HEAD} beside an {@code objects} the owner cannot look at (EACCES as a member,
     * ENAMETOOLONG through a link to an overlong name) is neither a repository nor not one: the directory is protected
     * whole, saying why, and the same whether what it names exists — no existence oracle.
     */
    @Test
    void aHeadBesideObjectsThatCannotBeLookedAtIsProtectedWholeTheSameWhateverTheyName() throws Exception {
        Path base = tmp.toRealPath();
        Path secret = gitDir(base.resolve("secret/exists")).getParent();
        List<String> seen = new java.util.ArrayList<>();
        for (String target : List.of("exists", "nope")) {
            Path ws = base.resolve("ws-" + target);
            Path x = Files.createDirectories(ws.resolve("x"));
            Files.createDirectories(x.resolve("refs"));
            Files.writeString(x.resolve("HEAD"), "ref: refs/heads/main\n");
            Files.createSymbolicLink(x.resolve("objects"), secret.resolve(target).resolve("objects"));
            // the owner's look: EACCES on the way into secret/, whatever lies there (what a member meets under /root)
            dev.cordon.core.GitDirectory.RegularFiles files = dev.cordon.core.GitDirectory.READ_HERE.withAttributes(p -> {
                if (p.equals(x.resolve("objects"))) {
                    throw new java.nio.file.AccessDeniedException(secret.resolve(target).resolve("objects").toString());
                }
                return dev.cordon.core.GitDirectory.STAT_HERE.of(p);
            });
            Protection p = ProtectionSearch.search(List.of(ws), Set.of(), ProtectionSearch.MAX_DIRECTORIES, List.of(), OWNERS,
                    ProtectionSearch::readConfigHere, files).protection();
            assertThat(paths(p)).containsExactly(x);
            assertThat(p.paths().get(0).directory()).isTrue();
            assertThat(p.paths().get(0).what()).startsWith("directory git may take for a git directory").contains("x/objects");
            seen.add(p.paths().get(0).what().replace(secret.resolve(target).toString(), "<target>").replace(ws.toString(), "<ws>"));
        }
        assertThat(seen.get(0)).isEqualTo(seen.get(1));

        Path ws = base.resolve("ws-long");
        Path x = Files.createDirectories(ws.resolve("x"));
        Files.createDirectories(x.resolve("refs"));
        Files.writeString(x.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.createSymbolicLink(x.resolve("objects"), Path.of("/" + "a".repeat(300))); // ENAMETOOLONG (R55)
        Protection p = ProtectionSearch.find(List.of(ws), Set.of(), OWNERS);
        assertThat(paths(p)).containsExactly(x);
        assertThat(p.paths().get(0).what()).contains("File name too long");
    }

    /** What git takes for a repository directory: HEAD, objects/, refs/. */
    private static Path gitDir(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("objects"));
        Files.createDirectories(dir.resolve("refs"));
        Files.writeString(dir.resolve("HEAD"), "ref: refs/heads/main\n");
        return dir;
    }

    private static List<Path> paths(Protection p) {
        return p.paths().stream().map(ProtectedPath::path).toList();
    }
}
