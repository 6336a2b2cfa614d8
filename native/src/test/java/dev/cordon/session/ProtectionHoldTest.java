package dev.cordon.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R128: whether a session's read-only protection still holds, and what the stop says about a lost one. */
class ProtectionHoldTest {
    @TempDir
    Path tmp;

    private static final ProtectedPath CONFIG = new ProtectedPath(Path.of("/ws/shared.gitconfig"), false,
            "config included by /ws/.git/config");
    private static final ProtectedPath DOT_GIT = new ProtectedPath(Path.of("/ws/.git"), true, ".git directory");

    @Test
    void heldWhileTheSameInodeIsMountedAtTheName() {
        Map<Path, Object> inodes = new HashMap<>(Map.of(CONFIG.path(), "1:10", DOT_GIT.path(), "1:11"));
        List<ProtectionHold.Held> held = ProtectionHold.record(List.of(CONFIG, DOT_GIT), inodes::get);
        assertThat(ProtectionHold.lost(held, inodes::get, Optional.of(Set.of(CONFIG.path(), DOT_GIT.path())))).isEmpty();
        assertThat(ProtectionHold.lost(held, inodes::get, Optional.empty())).isEmpty();
    }

    @Test
    void lostWhenAnotherInodeIsAtTheName() {
        Map<Path, Object> inodes = new HashMap<>(Map.of(CONFIG.path(), "1:10", DOT_GIT.path(), "1:11"));
        List<ProtectionHold.Held> held = ProtectionHold.record(List.of(CONFIG, DOT_GIT), inodes::get);
        inodes.put(CONFIG.path(), "1:12"); // git config -f: a lock file renamed over the name
        assertThat(ProtectionHold.lost(held, inodes::get, Optional.empty())).containsExactly(CONFIG);
    }

    @Test
    void lostWhenNothingIsAtTheName() {
        Map<Path, Object> inodes = new HashMap<>(Map.of(DOT_GIT.path(), "1:11"));
        List<ProtectionHold.Held> held = ProtectionHold.record(List.of(DOT_GIT), inodes::get);
        inodes.remove(DOT_GIT.path()); // mv .git .git.o
        assertThat(ProtectionHold.lost(held, inodes::get, Optional.of(Set.of()))).containsExactly(DOT_GIT);
    }

    @Test
    void lostWhenTheRunnerHasNoMountThereAlthoughTheInodeNumberIsTheSame() {
        // the bind is dropped by a rename over the name; a later rewrite may get the freed inode number again
        Map<Path, Object> inodes = new HashMap<>(Map.of(CONFIG.path(), "1:10", DOT_GIT.path(), "1:11"));
        List<ProtectionHold.Held> held = ProtectionHold.record(List.of(CONFIG, DOT_GIT), inodes::get);
        assertThat(ProtectionHold.lost(held, inodes::get, Optional.of(Set.of(DOT_GIT.path())))).containsExactly(CONFIG);
    }

    @Test
    void withoutFileKeysOnlyTheMountsTell() {
        // a platform whose files have no key (Windows: fileKey() is null) records none: never lost by identity
        Map<Path, Object> none = new HashMap<>();
        List<ProtectionHold.Held> held = ProtectionHold.record(List.of(CONFIG), none::get);
        assertThat(ProtectionHold.lost(held, none::get, Optional.empty())).isEmpty();
        assertThat(ProtectionHold.lost(held, none::get, Optional.of(Set.of()))).containsExactly(CONFIG);
    }

    @Test
    void refusalNamesThePathAndTheFix() {
        String refusal = ProtectionHold.refusal("s1", List.of(CONFIG));
        assertThat(refusal).contains("/ws/shared.gitconfig").contains("config included by").contains("git config -f");
        assertThat(ProtectionHold.fix("s1")).contains("cordon session stop s1").contains("start a new session");
    }

    @Test
    void commandKeysListWhatGitRunsOrFollows() throws Exception {
        String config = "[user]\n\tname = b\n[core]\n\tfsmonitor = touch /tmp/x\n\tautocrlf = false\n"
                + "[diff \"pdf\"]\n\ttextconv = pdftotext\n[filter \"lfs\"]\n\tsmudge = git-lfs smudge\n"
                + "[credential]\n\thelper = store\n[includeIf \"gitdir:/x/\"]\n\tpath = other\n[alias]\n\tst = !sh\n"
                + "[remote \"o\"]\n\turl = x\n\tuploadpack = evil\n[hook \"h\"]\n\tcommand = run\n[sequence]\n\teditor = e\n";
        assertThat(ProtectionHold.commandKeys(config.getBytes(StandardCharsets.UTF_8))).containsExactly(
                "core.fsmonitor = touch /tmp/x (line 4)", "diff.pdf.textconv = pdftotext (line 7)",
                "filter.lfs.smudge = git-lfs smudge (line 9)", "credential.helper = store (line 11)",
                "includeif.gitdir:/x/.path = other (line 13)", "alias.st = !sh (line 15)", "remote.o.url = x (line 17)",
                "remote.o.uploadpack = evil (line 18)", "hook.h.command = run (line 20)", "sequence.editor = e (line 22)");
        assertThat(ProtectionHold.commandKeys("[user]\n\tname = a\n[diff]\n\trenames = true\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void reportSaysWhatAReplacedFileHolds() throws Exception {
        Path file = Files.writeString(tmp.resolve("shared.gitconfig"), "[user]\n\tname = b\n[core]\n\tfsmonitor = touch X\n");
        ProtectedPath p = new ProtectedPath(file, false, "config included by /ws/.git/config");
        String line = ProtectionHold.report(p, Files::readAllBytes);
        assertThat(line).contains(file.toString()).contains("replaced during the session")
                .contains("core.fsmonitor = touch X (line 4)");
        Files.writeString(file, "[user]\n\tname = b\n");
        assertThat(ProtectionHold.report(p, Files::readAllBytes)).contains("holds none of the git keys Cordon knows", "read the file whole");
        Files.writeString(file, "gitdir: /elsewhere\n");
        assertThat(ProtectionHold.report(p, Files::readAllBytes)).contains("names gitdir: /elsewhere");
        Files.writeString(file, "%%% not a config\n");
        assertThat(ProtectionHold.report(p, Files::readAllBytes)).contains("bad config line 1");
        Files.delete(file);
        assertThat(ProtectionHold.report(p, Files::readAllBytes)).contains("nothing is at that name now");
        Files.createSymbolicLink(file, Path.of("/etc/passwd"));
        assertThat(ProtectionHold.report(p, Files::readAllBytes)).contains("symlink to /etc/passwd").contains("not looked at");
    }

    @Test
    void reportLooksIntoAReplacedDirectorysConfig() throws Exception {
        Path git = Files.createDirectory(tmp.resolve(".git"));
        Files.writeString(git.resolve("config"), "[core]\n\tpager = less -R\n");
        String line = ProtectionHold.report(new ProtectedPath(git, true, ".git directory"), Files::readAllBytes);
        assertThat(line).contains("its config holds git keys").contains("core.pager = less -R (line 2)")
                .contains("hooks");
    }

    /**
     * R142: every directory strictly between a writable root and a protected path is pinned (a mount point the session
     * cannot rename), outermost first; none at or inside a protected directory, none for a path outside every root, none
     * for a path right under its root.
     */
    @Test
    void theDirectoriesBetweenARootAndAProtectedPathArePinned() {
        Path ws = Path.of("/w/ws");
        List<ProtectedPath> paths = List.of(
                new ProtectedPath(ws.resolve(".husky/_"), true, "hooks"),
                new ProtectedPath(ws.resolve("conf/team/x.gitconfig"), false, "included config"),
                new ProtectedPath(ws.resolve(".git"), true, "git directory"),
                new ProtectedPath(ws.resolve(".git/modules/m/config"), false, "config"),
                new ProtectedPath(Path.of("/elsewhere/a/b/.git"), true, "gitdir"));
        assertThat(ProtectionHold.pinned(paths, List.of(ws, Path.of("/w/other"))))
                .containsExactly(ws.resolve(".husky"), ws.resolve("conf"), ws.resolve("conf/team"));
        // a nested root: from the outermost root (R173: the session moves sub's parent a, and sub with it), the nested
        // root itself not (a mount point already)
        assertThat(ProtectionHold.pinned(List.of(new ProtectedPath(ws.resolve("a/sub/in/.git"), true, "git directory")),
                List.of(ws, ws.resolve("a/sub")))).containsExactly(ws.resolve("a"), ws.resolve("a/sub/in"));
    }

    /**
     * R140 (thirty-second review): keys git runs a command for, or reads another file or directory by, that the stop
     * report did not name ({@code git pull} through {@code url.*.insteadOf = ext::…}, {@code git commit} through {@code
     * gpg.ssh.defaultKeyCommand} ran the sandbox's command while it said the file held none).
     */
    @Test
    void theStopReportNamesTheKeysThatRunACommand() throws Exception {
        String[][] keys = {
                {"[protocol \"ext\"]", "allow = always"}, {"[protocol]", "allow = always"},
                {"[remote \"origin\"]", "url = \"ext::sh -c touch% /tmp/x\""},
                {"[url \"ext::sh -c touch% /tmp/x% \"]", "insteadOf = https://"},
                {"[url \"ext::x\"]", "pushInsteadOf = https://"},
                {"[remote \"origin\"]", "pushurl = \"ext::sh -c x\""}, {"[remote \"origin\"]", "vcs = evil"},
                {"[gpg \"ssh\"]", "defaultKeyCommand = \"sh -c 'touch /tmp/x'\""},
                {"[submodule \"s\"]", "update = \"!touch /tmp/x\""}, {"[interactive]", "diffFilter = \"sh -c x\""},
                {"[difftool \"vimdiff\"]", "path = /tmp/x"}, {"[mergetool \"vimdiff\"]", "path = /tmp/x"},
                {"[browser \"firefox\"]", "path = /tmp/x"}, {"[man \"man\"]", "path = /tmp/x"},
                {"[sendemail]", "smtpServer = /tmp/x"}, {"[sendemail]", "toCmd = /tmp/x"},
                {"[sendemail]", "ccCmd = /tmp/x"}, {"[sendemail]", "sendmailCmd = /tmp/x"},
                {"[imap]", "tunnel = /tmp/x"}, {"[trailer \"t\"]", "command = /tmp/x"}, {"[trailer \"t\"]", "cmd = /tmp/x"},
                {"[lfs \"customtransfer.x\"]", "path = /tmp/x"}, {"[core]", "attributesFile = /tmp/attrs"},
                {"[core]", "worktree = /tmp"}, {"[instaweb]", "httpd = /tmp/x"}, {"[guitool \"t\"]", "cmd = /tmp/x"},
                // R151 (thirty-third review): git archive ran tar.<fmt>.command; the rest from git's and git-lfs's docs
                {"[tar \"tgz\"]", "command = /tmp/x"}, {"[sendemail \"id\"]", "smtpServer = /tmp/x"},
                {"[sendemail \"id\"]", "toCmd = /tmp/x"}, {"[sendemail \"id\"]", "sendmailCmd = /tmp/x"},
                {"[lfs \"extension.e\"]", "clean = /tmp/x"}, {"[lfs \"extension.e\"]", "smudge = /tmp/x"},
                {"[submodule \"s\"]", "url = ext::x"}, {"[extensions]", "worktreeConfig = true"}};
        for (String[] k : keys) {
            assertThat(ProtectionHold.commandKeys((k[0] + "\n\t" + k[1] + "\n").getBytes(StandardCharsets.UTF_8)))
                    .as(k[0] + " " + k[1]).hasSize(1);
        }
        assertThat(ProtectionHold.commandKeys("[user]\n\tname = a\n[diff]\n\trenames = true\n"
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    /** R141: a path whose protection cannot be told to have held to the end is reported so, with what it holds. */
    @Test
    void anUnverifiedPathIsReportedWithWhatItHolds() throws Exception {
        Path file = Files.writeString(tmp.resolve("team.gitconfig"), "[core]\n\tfsmonitor = touch X\n");
        String line = ProtectionHold.unverified(new ProtectedPath(file, false, "included config"), Files::readAllBytes);
        assertThat(line).contains(file.toString(), "could not be checked to the end of the session",
                "core.fsmonitor = touch X (line 2)");
    }

    /** R143: a protected file with another name refuses the start, naming it; a directory's count is not asked. */
    @Test
    void aProtectedFileWithAnotherNameRefusesTheStart() {
        ProtectedPath file = new ProtectedPath(Path.of("/w/ws/tools/team.gitconfig"), false, "included config");
        ProtectedPath dir = new ProtectedPath(Path.of("/w/ws/.git"), true, "git directory");
        ProtectionHold.requireOneName(List.of(file, dir), p -> 1, d -> List.of(d.resolve("config")));
        ProtectionHold.requireOneName(List.of(dir), p -> 5, d -> List.of());
        // R150: a file inside a protected directory (a hook) with another name
        ProtectedPath hooks = new ProtectedPath(Path.of("/w/ws/.githooks"), true, "core.hooksPath of /w/ws");
        assertThatThrownBy(() -> ProtectionHold.requireOneName(List.of(file, hooks), p -> p.endsWith("pre-commit") ? 2 : 1,
                d -> List.of(d.resolve("pre-commit"))))
                .hasMessageContaining("/w/ws/.githooks/pre-commit (in /w/ws/.githooks, core.hooksPath of /w/ws) has 2 hard links");
        assertThatThrownBy(() -> ProtectionHold.requireOneName(List.of(dir, file), p -> 2, d -> List.of()))
                .isInstanceOf(dev.cordon.core.CordonException.class)
                .hasMessageContaining("/w/ws/tools/team.gitconfig (included config) has 2 hard links")
                .hasMessageContaining("no runner was started");
    }

    /**
     * R150: the files of a protected directory, without following links and without an object store's; R176: an object
     * store is an {@code objects} beside a {@code HEAD}, and another directory of that name is counted (a skill).
     */
    @Test
    void theFilesOfAProtectedDirectoryLeaveObjectStoresOut() throws Exception {
        Path git = Files.createDirectories(tmp.resolve("g/.git"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("config"), "x");
        Files.createDirectories(git.resolve("objects/ab"));
        Files.createDirectories(git.resolve("refs"));
        Files.writeString(git.resolve("objects/ab/cd"), "x");
        Files.createDirectories(git.resolve("modules/m/objects"));
        Files.createDirectories(git.resolve("modules/m/refs"));
        Files.writeString(git.resolve("modules/m/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("modules/m/objects/p"), "x");
        Files.writeString(git.resolve("modules/m/config"), "x");
        Files.createDirectories(git.resolve("info/objects"));
        Files.writeString(git.resolve("info/objects/q"), "x"); // no HEAD beside it: no object store
        Files.createSymbolicLink(git.resolve("link"), git.resolve("config"));
        assertThat(ProtectionHold.filesOutsideObjects(git)).containsExactlyInAnyOrder(git.resolve("HEAD"),
                git.resolve("config"), git.resolve("modules/m/HEAD"), git.resolve("modules/m/config"),
                git.resolve("info/objects/q"));
        Path agents = Files.createDirectories(tmp.resolve("g/.agents/skills/objects"));
        Files.writeString(agents.resolve("SKILL.md"), "x");
        assertThat(ProtectionHold.filesOutsideObjects(tmp.resolve("g/.agents"))).containsExactly(agents.resolve("SKILL.md"));
        assertThat(ProtectionHold.filesOutsideObjects(tmp.resolve("none"))).isEmpty();
    }
}
