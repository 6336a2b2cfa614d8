package dev.cordon.platform.linux;

import dev.cordon.platform.HostIdentity;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.core.FileTrees;
import dev.cordon.platform.linux.FileStat;
import dev.cordon.platform.linux.PathFd;
import dev.cordon.platform.linux.PosixAcl;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The grant walks on real files, without sessions: ids that need no accounts stand for the sandbox (uids 61001/61002,
 * gid 61000) and the developer (61010), and a "sandbox" file is one root creates in the lent tree (inheriting its
 * default ACL, as the sandbox's would) and gives to a sandbox uid.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "sets ACLs and owners: needs root")
class WorkspaceGrantsTest {
    private static final int GID = 61000;
    private static final int SANDBOX = 61001;
    private static final int DEV = 61010;
    private static final Set<Integer> SANDBOX_UIDS = Set.of(SANDBOX, 61002);
    private static final Set<dev.cordon.core.Principal> SANDBOX_IDS =
            Set.of(dev.cordon.core.Principal.uid(SANDBOX), dev.cordon.core.Principal.uid(61002));

    private TestInstance t;
    private WorkspaceGrants grants;
    private Path base;

    @BeforeEach
    void setUp() throws IOException {
        t = new TestInstance();
        Files.createDirectories(t.instance.stateDir());
        grants = new WorkspaceGrants(t.instance, new dev.cordon.platform.linux.ProcStatStarts());
        base = Files.createTempDirectory(Path.of("/var/tmp"), "cordon-grants-").toRealPath();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void tearDown() {
        Exec.run(List.of("rm", "-rf", "--one-file-system", base.toString())).orThrow("rm -rf"); // also trees too deep for Java's paths
        t.close();
    }

    @Test
    void lendsEveryInodeAndGivesEachBackExactly() throws Exception {
        Path w = devTree("w");
        Path sub = Files.createDirectories(w.resolve("sub"));
        Files.writeString(w.resolve("top.txt"), "t\n");
        Files.writeString(sub.resolve("narrow.txt"), "n\n");
        Files.writeString(w.resolve("run.sh"), "#!/bin/sh\n");
        Files.createLink(w.resolve("hardlink.txt"), w.resolve("top.txt"));
        chownR(w);
        Files.setPosixFilePermissions(w.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        setfacl(sub, "u:nobody:r-x,d:u:nobody:r-x,d:g:adm:rwx,d:m::r-x");
        setfacl(sub.resolve("narrow.txt"), "g:adm:rw-,m::r--");
        Map<String, String> before = snapshot(w);

        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        assertThat(acl(w.resolve("top.txt"))).contains("g:61000:rw-");
        assertThat(acl(w.resolve("run.sh"))).contains("g:61000:rwx");
        assertThat(acl(sub.resolve("narrow.txt"))).isEqualTo("u::rw-,g::r--,g:4:r--,g:61000:rw-,m::rw-,o::r--");
        assertThat(defaultAcl(w)).isEqualTo("u::rwx,u:61010:rwx,g::r-x,g:61000:rwx,m::rwx,o::r-x");
        assertThat(defaultAcl(sub)).isEqualTo("u::rwx,u:61010:rwx,u:65534:r-x,g::r-x,g:4:r-x,g:61000:rwx,m::rwx,o::r-x");

        grants.giveBack("s1");
        assertThat(snapshot(w)).isEqualTo(before);
        assertThat(Files.list(t.instance.stateDir().resolve("grants")).map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(".lock"))).isEmpty();
    }

    @Test
    void filesTheSandboxMadeGoToTheOwnerAsTheyWouldHaveMadeThem() throws Exception {
        Path w = devTree("w");
        Path inherit = Files.createDirectories(w.resolve("inherit"));
        chownR(w);
        setfacl(inherit, "d:u:nobody:r-x");
        String inheritDefault = defaultAcl(inherit);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);

        Path plain = sandboxFile(w.resolve("plain.txt"), "rw-rw-r--");
        Path secret = sandboxFile(w.resolve("secret.txt"), "rw-------");
        Path setuid = sandboxFile(w.resolve("setuid"), "rwxrwxr-x");
        Files.setAttribute(setuid, "unix:mode", 04775);
        Path dir = Files.createDirectory(w.resolve("newdir"));
        Files.setAttribute(dir, "unix:uid", SANDBOX);
        Path nested = sandboxFile(dir.resolve("nested.txt"), "rw-rw-r--");
        Path inherited = sandboxFile(inherit.resolve("inherited.txt"), "rw-rw-r--");
        Path link = Files.createSymbolicLink(w.resolve("link"), Path.of("/etc/passwd"));
        Files.setAttribute(link, "unix:uid", SANDBOX, LinkOption.NOFOLLOW_LINKS);
        Path devFile = Files.writeString(w.resolve("dev-made.txt"), "d\n"); // the developer's, during the session
        Files.setAttribute(devFile, "unix:uid", DEV);
        assertThat(acl(devFile)).contains("g:61000:");

        grants.giveBack("s1");
        assertThat(describe(plain)).isEqualTo("644 61010:61010 -");
        assertThat(describe(secret)).isEqualTo("600 61010:61010 -");
        assertThat(describe(setuid)).isEqualTo("755 61010:61010 -");
        assertThat(describe(dir)).isEqualTo("755 61010:61010 -");
        assertThat(describe(nested)).isEqualTo("644 61010:61010 -");
        // the ACL the developer's own default ACL gives, and no sandbox or owner entry
        assertThat(describe(inherited)).isEqualTo("644 61010:61010 u::rw-,u:65534:r-x,g::r-x,m::r--,o::r--");
        assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(DEV);
        assertThat(describe(Path.of("/etc/passwd"))).isEqualTo("644 0:0 -");
        // made by root here, so root's group: the group the directory gives instead (R25: never one carried in)
        assertThat(describe(devFile)).isEqualTo("644 61010:61010 -");
        assertThat(defaultAcl(inherit)).isEqualTo(inheritDefault);
    }

    @Test
    void theLendersUmaskDecidesTheDefaultAclAndTheHandBack() throws Exception {
        Path w = devTree("w");
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT, 077, HostIdentity.current(new ProcStatStarts()));
        // the owner's and group's and others' entries less umask 077; the sandbox's named entries and the mask unchanged
        assertThat(defaultAcl(w)).isEqualTo("u::rwx,u:61010:rwx,g::---,g:61000:rwx,m::rwx,o::---");
        Path devFile = Files.writeString(w.resolve("dev-made.txt"), "d\n"); // inherits the default ACL, as the owner's would
        Files.setAttribute(devFile, "unix:uid", DEV);
        assertThat(acl(devFile)).isEqualTo("u::rw-,u:61010:rwx,g::---,g:61000:rwx,m::rw-,o::---"); // named: the mask narrows
        Path inSessionGroup = Files.writeString(w.resolve("setgid-made.txt"), "g\n"); // R4: made in a session-group dir
        Files.setAttribute(inSessionGroup, "unix:uid", DEV);
        Files.setAttribute(inSessionGroup, "unix:gid", GID);
        Path sandboxMade = sandboxFile(w.resolve("sandbox-made.txt"), "rw-rw-r--");

        grants.giveBack("s1");
        assertThat(describe(devFile)).isEqualTo("600 61010:61010 -"); // root's group (made by root here) not kept (R25)
        assertThat(describe(inSessionGroup)).isEqualTo("600 61010:" + Files.getAttribute(w, "unix:gid") + " -");
        assertThat(describe(sandboxMade)).isEqualTo("600 61010:" + Files.getAttribute(w, "unix:gid") + " -");
    }

    @Test
    void aGitDirectoryTheSandboxMadeStaysItsOwnWithoutTheSandboxGroupsEntries() throws Exception {
        Path w = devTree("w");
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        Path git = Files.createDirectory(w.resolve(".git"));
        Files.setAttribute(git, "unix:uid", SANDBOX);
        Path config = sandboxFile(git.resolve("config"), "rw-rw-r--");
        Path sub = Files.createDirectory(w.resolve("sub"));
        Files.setAttribute(sub, "unix:uid", SANDBOX);
        Path subGit = sandboxFile(sub.resolve(".git"), "rw-rw-r--"); // a .git file

        grants.giveBack("s1");
        for (Path p : List.of(git, config, subGit)) {
            assertThat(Files.getAttribute(p, "unix:uid")).as(p.toString()).isEqualTo(SANDBOX);
            assertThat(acl(p)).as(p.toString()).doesNotContain("61000").contains("u:61010:");
        }
        assertThat(defaultAcl(git)).doesNotContain("61000");
        assertThat(describe(sub)).isEqualTo("755 61010:61010 -");
    }

    @Test
    void aGitDirectoryTheSandboxMadeUnderAnotherNameStaysItsOwnAndIsNamed() throws Exception {
        Path w = devTree("w");
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        // R40: tools/ with a regular HEAD and objects/; gd/ with a (dangling) HEAD symlink and a commondir, as a .git
        // file would name it; logs/ (a reflog: HEAD, refs/) is not a git directory
        Path tools = Files.createDirectory(w.resolve("tools"));
        Files.setAttribute(tools, "unix:uid", SANDBOX);
        Path head = sandboxFile(tools.resolve("HEAD"), "rw-rw-r--");
        Path config = sandboxFile(tools.resolve("config"), "rw-rw-r--");
        Path refs = Files.createDirectory(tools.resolve("objects"));
        Files.setAttribute(refs, "unix:uid", SANDBOX);
        Path gd = Files.createDirectory(w.resolve("gd"));
        Files.setAttribute(gd, "unix:uid", SANDBOX);
        Path link = Files.createSymbolicLink(gd.resolve("HEAD"), Path.of("refs/heads/main"));
        Files.setAttribute(link, "unix:uid", SANDBOX, LinkOption.NOFOLLOW_LINKS);
        sandboxFile(gd.resolve("commondir"), "rw-rw-r--");
        Path plain = Files.createDirectory(w.resolve("logs"));
        Files.setAttribute(plain, "unix:uid", SANDBOX);
        Path notHead = sandboxFile(plain.resolve("HEAD"), "rw-rw-r--");
        Files.setAttribute(Files.createDirectory(plain.resolve("refs")), "unix:uid", SANDBOX);

        List<String> said = grants.giveBack("s1");
        for (Path p : List.of(tools, head, config, refs, gd)) {
            assertThat(Files.getAttribute(p, "unix:uid")).as(p.toString()).isEqualTo(SANDBOX);
            assertThat(acl(p)).as(p.toString()).doesNotContain("61000");
        }
        assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(SANDBOX);
        assertThat(describe(plain)).isEqualTo("755 61010:61010 -"); // no HEAD: the developer's, as before
        assertThat(describe(notHead)).isEqualTo("644 61010:61010 -");
        assertThat(said).hasSize(1);
        assertThat(said.get(0)).startsWith("2 directories the session made that git can take for a repository")
                .contains(tools.toString()).contains(gd.toString()).doesNotContain(plain.toString());
    }

    @Test
    void aDevelopersDirectoryTheSandboxFilledAsAGitDirectoryHasItsHeadRenamed() throws Exception {
        Path w = devTree("w");
        // R48: directories the developer made before the session; the sandbox fills them past the walk's bound
        Path tools = Files.createDirectory(w.resolve("tools"));
        Path gd = Files.createDirectory(w.resolve("gd"));
        Path plain = Files.createDirectory(w.resolve("plain"));
        Path own = Files.createDirectory(w.resolve("own.git"));
        for (String name : List.of("objects", "refs")) {
            Files.createDirectory(gd.resolve(name));
            Files.createDirectory(own.resolve(name));
        }
        Files.writeString(own.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(own.resolve("config"), "[core]\n\tbare = true\n");
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        // tools/: everything in it the sandbox's, a regular HEAD; gd/: only a HEAD symlink the sandbox's, and the name
        // the walk renames to already taken (the sandbox may know the session's id); plain/: a HEAD, nothing else
        Path head = Files.writeString(tools.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.setAttribute(head, "unix:uid", SANDBOX);
        for (String name : List.of("objects", "refs")) {
            Files.setAttribute(Files.createDirectory(tools.resolve(name)), "unix:uid", SANDBOX);
        }
        sandboxFile(tools.resolve("config"), "rw-rw-r--");
        Path link = Files.createSymbolicLink(gd.resolve("HEAD"), Path.of("refs/heads/main"));
        Files.setAttribute(link, "unix:uid", SANDBOX, LinkOption.NOFOLLOW_LINKS);
        sandboxFile(gd.resolve("HEAD.cordon-planted-s1"), "rw-rw-r--");
        Path plainHead = Files.writeString(plain.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.setAttribute(plainHead, "unix:uid", SANDBOX);

        List<String> said = grants.giveBack("s1");
        assertThat(tools.resolve("HEAD")).doesNotExist();
        assertThat(Files.readString(tools.resolve("HEAD.cordon-planted-s1"))).isEqualTo("ref: refs/heads/main\n");
        assertThat(gd.resolve("HEAD")).doesNotExist();
        try (var names = Files.list(gd)) {
            assertThat(names.map(n -> n.getFileName().toString())).anyMatch(n -> n.matches("HEAD\\.cordon-planted-s1-[0-9a-f]+"));
        }
        assertThat(plain.resolve("HEAD")).exists(); // no git directory: nothing to rename
        assertThat(own.resolve("HEAD")).exists(); // the developer's own: nothing of the sandbox's in it
        assertThat(dev.cordon.core.GitDirectory.isGitDirectory(tools, RegularFileRead::read)).isFalse();
        assertThat(dev.cordon.core.GitDirectory.isGitDirectory(gd, RegularFileRead::read)).isFalse();
        assertThat(said).hasSize(2);
        assertThat(said).anySatisfy(line -> assertThat(line).isEqualTo("a git directory made of " + tools + " during the"
                + " session: renamed " + tools.resolve("HEAD") + " to HEAD.cordon-planted-s1 so that git no longer finds it"));
        assertThat(said).anySatisfy(line -> assertThat(line).startsWith("a git directory made of " + gd + " during the"
                + " session: renamed " + gd.resolve("HEAD") + " to HEAD.cordon-planted-s1-"));
    }

    @Test
    void anAgentDirectoryTheSandboxMadeIsRenamedBeforeItIsGivenBack() throws Exception {
        Path w = devTree("w");
        Path own = Files.createDirectory(w.resolve(".vscode"));
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        // Z3: past the stop walk's bound, a .codex the sandbox made (in a directory of its own), a .claude symlink of
        // its own whose plain renamed name it took first; the developer's .vscode stays
        Path deep = Files.createDirectory(w.resolve("aa"));
        Files.setAttribute(deep, "unix:uid", SANDBOX);
        Path codex = Files.createDirectory(deep.resolve(".codex"));
        Files.setAttribute(codex, "unix:uid", SANDBOX);
        sandboxFile(codex.resolve("config.toml"), "rw-rw-r--");
        Path claude = Files.createSymbolicLink(w.resolve(".claude"), Path.of("aa"));
        Files.setAttribute(claude, "unix:uid", SANDBOX, LinkOption.NOFOLLOW_LINKS);
        sandboxFile(w.resolve(".claude.cordon-planted-s1"), "rw-rw-r--");
        // X3 (forty-seventh review): what an agent opening .mcp.json finds in a case-insensitive directory
        sandboxFile(deep.resolve(".MCP.JSON"), "rw-rw-r--");

        List<String> said = grants.giveBack("s1");
        assertThat(deep.resolve(".MCP.JSON")).doesNotExist();
        assertThat(deep.resolve(".MCP.JSON.cordon-planted-s1")).exists();
        assertThat(codex).doesNotExist();
        assertThat(deep.resolve(".codex.cordon-planted-s1/config.toml")).exists();
        assertThat(Files.getAttribute(deep.resolve(".codex.cordon-planted-s1"), "unix:uid")).isEqualTo(DEV);
        assertThat(w.resolve(".claude")).doesNotExist();
        try (var names = Files.list(w)) {
            assertThat(names.map(n -> n.getFileName().toString())).anyMatch(n -> n.matches("\\.claude\\.cordon-planted-s1-[0-9a-f]+"));
        }
        assertThat(own).exists();
        assertThat(said).hasSize(3);
        assertThat(said).anySatisfy(line -> assertThat(line).isEqualTo("a .codex in " + deep + " that the session made (an"
                + " agent reads its configuration, hooks and skills from it; what it holds is not looked at): renamed "
                + codex + " to .codex.cordon-planted-s1 so that no agent reads it"));
        assertThat(said).anySatisfy(line -> assertThat(line).startsWith("a .claude in " + w + " that the session made"));
    }

    @Test
    void aGitDirectoryMadeOfTheDevelopersOwnEntriesDuringTheSessionHasItsHeadRenamed() throws Exception {
        Path w = devTree("w");
        // the developer's: tools/, two directories and a file the sandbox moves there, and a bare repository
        List<Path> made = new ArrayList<>();
        for (String name : List.of("tools", "d1", "d2", "own.git", "own.git/objects", "own.git/refs", "own.git/worktrees")) {
            made.add(Files.createDirectory(w.resolve(name)));
        }
        Path tools = made.get(0);
        Path a = Files.writeString(w.resolve("a.txt"), "a\n");
        Path own = made.get(3);
        Files.writeString(own.resolve("HEAD"), "ref: refs/heads/main\n");
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        // R48's sibling: the sandbox rewrites a lent file and moves it and two lent directories into tools/ — every
        // entry the developer's; the developer adds a worktree to their own repository meanwhile (its gitdir is new)
        Files.writeString(a, "ref: refs/heads/main\n");
        Files.move(a, tools.resolve("HEAD"));
        Files.move(made.get(1), tools.resolve("objects"));
        Files.move(made.get(2), tools.resolve("refs"));
        Path wt = Files.createDirectory(own.resolve("worktrees/wt"));
        Files.writeString(wt.resolve("HEAD"), "ref: refs/heads/wt\n");
        Files.writeString(wt.resolve("commondir"), "../..\n");
        chownR(w);

        List<String> said = grants.giveBack("s1");
        assertThat(tools.resolve("HEAD")).doesNotExist();
        assertThat(tools.resolve("HEAD.cordon-planted-s1")).exists();
        assertThat(own.resolve("HEAD")).exists();
        assertThat(wt.resolve("HEAD")).exists(); // inside the developer's own git directory: theirs
        assertThat(said).singleElement().asString().contains("renamed " + tools.resolve("HEAD"));
    }

    @Test
    void aDeadHostsRecordsHaveTheHeadOfADevelopersDirectoryFilledAsAGitDirectoryRenamed() throws Exception {
        Path w = devTree("dead");
        Path tools = Files.createDirectory(w.resolve("tools"));
        chownR(w);
        grants.lend("gone", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT, deadHost());
        sandboxFile(tools.resolve("HEAD"), "rw-rw-r--");
        Files.writeString(tools.resolve("HEAD"), "ref: refs/heads/main\n");
        for (String name : List.of("objects", "refs")) {
            Files.setAttribute(Files.createDirectory(tools.resolve(name)), "unix:uid", SANDBOX);
        }

        List<String> done = grants.giveBackDeadHosts();
        assertThat(tools.resolve("HEAD")).doesNotExist();
        assertThat(tools.resolve("HEAD.cordon-planted-gone")).exists();
        assertThat(done).anySatisfy(line -> assertThat(line).contains("renamed " + tools.resolve("HEAD")));
    }

    @Test
    void aDirectorySwappedForASymlinkLeadsTheHandBackNowhere() throws Exception {
        Path target = Files.createDirectory(base.resolve("target"));
        Path victim = Files.writeString(target.resolve("victim"), "root-only\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        Path w = devTree("w");
        Files.createDirectory(w.resolve("d"));
        Files.writeString(w.resolve("d/victim"), "x\n");
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        Files.move(w.resolve("d"), w.resolve("d.orig"));
        Files.createSymbolicLink(w.resolve("d"), target);
        Files.setAttribute(w.resolve("d"), "unix:uid", SANDBOX, LinkOption.NOFOLLOW_LINKS);

        grants.giveBack("s1");
        assertThat(describe(victim)).isEqualTo("600 0:0 -");
        assertThat(describe(target)).isEqualTo("755 0:0 -");
        assertThat(describe(w.resolve("d.orig/victim"))).isEqualTo("644 61010:61010 -"); // found under its new name
    }

    @Test
    void aSecondLendOfALentTreeIsRefusedUntilItsHolderIsGone() throws Exception {
        Path w = devTree("w");
        Path inner = Files.createDirectories(w.resolve("inner"));
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        for (Path second : List.of(w, inner, base)) {
            assertThatThrownBy(() -> grants.lend("s2", List.of(second), GID, SANDBOX_UIDS, Caller.ROOT))
                    .isInstanceOfSatisfying(CordonException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                        assertThat(e.getMessage()).contains(w.toString()).contains("session s1");
                        assertThat(e.fix()).contains("cordon session stop s1");
                    });
        }
        grants.giveBack("s1");
        // a crashed host's grant is no conflict: it is given back first
        grants.lend("s3", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT, deadHost());
        grants.lend("s4", List.of(inner), GID, SANDBOX_UIDS, Caller.ROOT);
        assertThat(grants.describe()).singleElement().asString().contains(inner.toString()).contains("s4");
        grants.giveBack("s4");
        assertThat(acl(w)).doesNotContain("61000");
    }

    @Test
    void untraversableAncestorsAreSharedAndComeBackExactlyAfterTheLastHolder() throws Exception {
        Path parent = Files.createDirectory(base.resolve("home"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-x---"));
        setfacl(parent, "u:nobody:r-x");
        Path a = devTree("home/a");
        Path b = devTree("home/b");
        chownR(parent);
        String before = describe(parent);

        grants.lend("s1", List.of(a), GID, SANDBOX_UIDS, Caller.ROOT);
        grants.lend("s2", List.of(b), GID, SANDBOX_UIDS, Caller.ROOT);
        assertThat(acl(parent)).contains("g:61000:--x");
        grants.giveBack("s1");
        assertThat(acl(parent)).contains("g:61000:--x"); // s2 still needs to get through
        grants.giveBack("s2");
        assertThat(describe(parent)).isEqualTo(before);
    }

    @Test
    void theReaperGivesBackOnlyWhatDeadHostsHeld() throws Exception {
        Path dead = devTree("dead");
        Path live = devTree("live");
        chownR(dead);
        chownR(live);
        String before = describe(dead);
        grants.lend("gone", List.of(dead), GID, SANDBOX_UIDS, Caller.ROOT, deadHost());
        grants.lend("here", List.of(live), GID, SANDBOX_UIDS, Caller.ROOT);

        assertThat(grants.giveBackDeadHosts()).singleElement().asString().contains(dead.toString());
        assertThat(describe(dead)).isEqualTo(before);
        assertThat(acl(live)).contains("g:61000:");
        grants.giveBackAll();
        assertThat(acl(live)).doesNotContain("61000");
        assertThat(grants.describe()).isEmpty();
    }

    @Test
    void filesOfOtherOwnersInTheTreeAreNotLent() throws Exception {
        Path w = devTree("w");
        Files.writeString(w.resolve("mine.txt"), "m\n");
        chownR(w);
        Path roots = Files.writeString(w.resolve("root-owned.txt"), "r\n"); // e.g. left by `sudo make`
        String before = describe(roots);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        assertThat(acl(roots)).doesNotContain("61000");
        assertThat(acl(w.resolve("mine.txt"))).contains("g:61000:rw-");
        grants.giveBack("s1");
        assertThat(describe(roots)).isEqualTo(before);
    }

    @Test
    void aTreeNestedBeyondTheBoundFailsTheHandBackLoudlyAndKeepsTheRecord() throws Exception {
        Path w = devTree("w");
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        // relative mkdir/chdir: deeper than PATH_MAX, as a sandbox can nest
        Exec.run(List.of("/usr/bin/python3", "-c", "import os\nos.chdir('" + w + "')\nfor _ in range(" + (TreeWalk.MAX_DEPTH + 2)
                + "):\n    os.mkdir('d')\n    os.chdir('d')\n")).orThrow("deep mkdir");
        assertThatThrownBy(() -> grants.giveBack("s1")).isInstanceOf(CordonException.class)
                .hasMessageContaining("more than " + TreeWalk.MAX_DEPTH + " directories deep");
        assertThat(grants.describe()).singleElement().asString().contains(w.toString());
        Exec.run(List.of("rm", "-rf", w.resolve("d").toString())).orThrow("rm -rf");
        grants.giveBack("s1");
        assertThat(grants.describe()).isEmpty();
        assertThat(describe(w)).isEqualTo("755 61010:61010 -");
    }

    @Test
    void aSessionEndingAfterUninstallDoesNotRecreateTheStateDirectory() {
        FileTrees.deleteTree(t.instance.stateDir());
        grants.giveBack("s1");
        assertThat(grants.giveBackDeadHosts()).isEmpty();
        assertThat(grants.describe()).isEmpty();
        assertThat(t.instance.stateDir()).doesNotExist();
    }

    @Test
    void worldWritableRootsAreNotTouched() throws Exception {
        Path open = Files.createDirectory(base.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        grants.lend("s1", List.of(open), GID, SANDBOX_UIDS, Caller.ROOT);
        assertThat(describe(open)).isEqualTo("777 0:0 -");
        assertThat(grants.describe()).isEmpty();
    }

    /** Review finding F4: each session's entries are for its own group, so another session's runner cannot use them. */
    @Test
    void eachSessionGetsItsOwnGroupsEntriesAndTakesOnlyThoseBack() throws Exception {
        Path parent = Files.createDirectory(base.resolve("home"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-x---"));
        Path a = devTree("home/a");
        Path b = devTree("home/b");
        chownR(parent);
        String before = describe(parent);

        grants.lend("s1", List.of(a), GID, SANDBOX_UIDS, Caller.ROOT);
        grants.lend("s2", List.of(b), GID + 1, SANDBOX_UIDS, Caller.ROOT);
        assertThat(acl(parent)).contains("g:61000:--x").contains("g:61001:--x");
        assertThat(acl(a)).contains("g:61000:rwx").doesNotContain("61001");
        assertThat(acl(b)).contains("g:61001:rwx").doesNotContain("61000");
        grants.giveBack("s1");
        assertThat(acl(parent)).doesNotContain("61000").contains("g:61001:--x");
        assertThat(acl(a)).isEqualTo("-");
        grants.giveBack("s2");
        assertThat(describe(parent)).isEqualTo(before);
    }

    @Test
    void aSessionsGroupIsPickedInTheReservedRangeRecordedAndFreedWithItsGrants() throws Exception {
        Path a = devTree("a");
        Path b = devTree("b");
        int ga = grants.lend("s1", List.of(a), SANDBOX_IDS, Caller.ROOT);
        int gb = grants.lend("s2", List.of(b), SANDBOX_IDS, Caller.ROOT);
        assertThat(SessionGroupIds.inRange(ga)).as("gid %d", ga).isTrue();
        assertThat(SessionGroupIds.inRange(gb)).as("gid %d", gb).isTrue();
        assertThat(ga).isNotEqualTo(gb);
        assertThat(acl(a)).contains("g:" + ga + ":rwx");
        Path groups = t.instance.stateDir().resolve("grants");
        assertThat(groups.resolve("group-s1.json")).content().contains("\"gid\" : " + ga);
        grants.giveBack("s1");
        assertThat(groups.resolve("group-s1.json")).doesNotExist();
        assertThat(groups.resolve("group-s2.json")).exists();
        grants.giveBack("s2");
        assertThat(acl(b)).isEqualTo("-");
    }

    @Test
    void aSessionGroupIsNoneThatAProcessOrAGroupOrASubordinateRangeHolds() throws Exception {
        assertThat(SessionGroupIds.heldByProcesses(Path.of("/proc"))).contains(0); // this JVM, as root
        Path subgid = Files.writeString(base.resolve("subgid"), "# comment\nalice:100000:65536\nbroken\n");
        assertThat(SessionGroupIds.subordinateRanges(subgid)).singleElement()
                .satisfies(r -> assertThat(r).containsExactly(100000L, 65536L));
        assertThat(SessionGroupIds.subordinateRanges(base.resolve("absent"))).isEmpty();
        for (int i = 0; i < 50; i++) {
            int gid = SessionGroupIds.pick(Set.of());
            assertThat(SessionGroupIds.inRange(gid)).isTrue();
            assertThat(dev.cordon.platform.linux.Passwd.load().group(gid)).isEmpty();
        }
    }

    /** Review finding F5: a world-writable root is recorded as its session's, so a lend inside it (or around it) is refused. */
    @Test
    void aWorldWritableRootIsHeldSoNoLendMayNestInItButTwoSessionsMayShareIt() throws Exception {
        Path open = Files.createDirectory(base.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path inside = devTree("open/dev");
        grants.lend("s1", List.of(open), GID, SANDBOX_UIDS, Caller.ROOT);
        assertThatThrownBy(() -> grants.lend("s2", List.of(inside), GID + 1, SANDBOX_UIDS, Caller.ROOT))
                .isInstanceOfSatisfying(CordonException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                    assertThat(e.getMessage()).contains(open.toString()).contains("world-writable root of session s1");
                });
        assertThat(acl(inside)).isEqualTo("-");
        grants.lend("s3", List.of(open), GID + 2, SANDBOX_UIDS, Caller.ROOT); // neither lends anything
        grants.giveBack("s3");
        grants.giveBack("s1");
        grants.lend("s2", List.of(inside), GID + 1, SANDBOX_UIDS, Caller.ROOT);
        assertThatThrownBy(() -> grants.lend("s4", List.of(open), GID + 3, SANDBOX_UIDS, Caller.ROOT))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT));
        grants.giveBack("s2");
        assertThat(describe(open)).isEqualTo("777 0:0 -");
    }

    /** Review finding F8: a grant whose hand-back failed after its host died is listed with why, for the doctor. */
    @Test
    void theDevelopersRebuiltInodesGetTheGroupTheirDirectoryGivesNeverOneCarriedIn() throws Exception { // review finding R25
        Path w = devTree("w");
        Path shared = Files.createDirectory(w.resolve("shared")); // the developer's team directory: setgid, group 61020
        chownR(w);
        Files.setAttribute(shared, "unix:gid", 61020);
        Files.setAttribute(shared, "unix:mode", 02775);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);

        // the developer's, made during the session in a third user's setgid directory (group 61030), moved in by the sandbox
        Path script = Files.writeString(w.resolve("build.sh"), "#!/bin/sh\n");
        Path plain = Files.createDirectory(w.resolve("plain"));
        Path lib = Files.createDirectory(shared.resolve("lib"));
        Path link = Files.createSymbolicLink(w.resolve("link"), Path.of("build.sh"));
        for (Path p : List.of(script, plain, lib)) {
            Files.setAttribute(p, "unix:uid", DEV);
            Files.setAttribute(p, "unix:gid", 61030);
            Files.setAttribute(p, "unix:mode", Files.isDirectory(p) ? 02775 : 0775);
        }
        Exec.run(List.of("chown", "-h", DEV + ":61030", link.toString())).orThrow("chown -h");

        grants.giveBack("s1");
        assertThat(describe(script)).isEqualTo("755 61010:61010 -");
        assertThat(describe(plain)).isEqualTo("755 61010:61010 -"); // no setgid: its directory is not setgid
        assertThat(describe(lib)).isEqualTo("2755 61010:61020 -"); // setgid as its trusted setgid directory, with its group
        assertThat(describe(link)).isEqualTo("777 61010:61010 -");
        assertThat(describe(shared)).isEqualTo("2775 61010:61020 -"); // saved: as it was
    }

    @Test
    void aSavedDirectoryMovedOutOfTheTreeKeepsItsRecordUntilMovedBack() throws Exception { // review finding R26
        Path w = devTree("w");
        Path pub = Files.createDirectories(w.resolve("shared/pub"));
        Files.writeString(pub.resolve("notes.txt"), "n\n");
        chownR(w);
        Files.setPosixFilePermissions(w.resolve("shared"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rwxrwxrwx"));
        String notesBefore = describe(pub.resolve("notes.txt"));
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        Path tool = sandboxFile(pub.resolve("tool.sh"), "rwxr-xr-x");
        Path out = Files.createDirectories(base.resolve("elsewhere")).resolve("pub");
        Files.move(pub, out); // a third user who can write shared/ moves pub out of the tree

        List<String> warnings = grants.giveBack("s1");
        assertThat(warnings).singleElement().asString().contains(out.toString()).contains("moved out of it");
        assertThat(describe(out.resolve("notes.txt"))).isEqualTo(notesBefore); // found by its handle, given back there
        assertThat(acl(out)).doesNotContain("61000");
        assertThat(describe(out.resolve("tool.sh"))).startsWith("755 61001:"); // not given back where it is
        assertThat(grants.stuck()).singleElement().asString().contains(out.toString()).contains("given back, except");
        assertThat(grants.lentRoots()).isEmpty(); // the tree itself is given back: it may be lent again
        grants.lend("s2", List.of(w), GID + 1, SANDBOX_UIDS, Caller.ROOT);
        grants.giveBack("s2");

        Files.move(out, pub); // the fix: moved back into the tree; the next session or host start looks again
        grants.giveBackDeadHosts();
        assertThat(describe(tool)).isEqualTo("755 61010:61010 -");
        assertThat(grants.stuck()).isEmpty();
        assertThat(Files.list(t.instance.stateDir().resolve("grants")).map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(".lock"))).isEmpty();
    }

    @Test
    void aMovedOutDirectoryStaysStuckWhileItIsElsewhereAndGoesWithItsRecordOnceDeleted() throws Exception { // R26
        Path w = devTree("w");
        Path pub = Files.createDirectories(w.resolve("pub"));
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        sandboxFile(pub.resolve("tool.sh"), "rwxr-xr-x");
        Path out = Files.createDirectories(base.resolve("elsewhere")).resolve("pub");
        Files.move(pub, out);
        assertThat(grants.giveBack("s1")).singleElement().asString().contains(out.toString());

        grants.giveBackDeadHosts(); // looked for again: still elsewhere, still stuck, nothing else changed
        assertThat(grants.stuck()).singleElement().asString().contains(out.toString());
        assertThat(describe(out.resolve("tool.sh"))).startsWith("755 61001:");
        assertThat(new GrantRegistry(t.instance).gidsInUse()).contains(GID); // its group id stays taken
        Exec.run(List.of("rm", "-rf", out.toString())).orThrow("rm -rf"); // deleted: gone for sure (ESTALE)
        grants.giveBackDeadHosts();
        assertThat(grants.stuck()).isEmpty();
        assertThat(Files.list(t.instance.stateDir().resolve("grants")).map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(".lock"))).isEmpty();
    }

    @Test
    void savedInodesDeletedOrMovedOutWithNothingOfTheSessionInThemLeaveNothingStuck() throws Exception { // R26
        Path w = devTree("w");
        Files.writeString(w.resolve("gone.txt"), "g\n");
        Path d = Files.createDirectories(w.resolve("d"));
        Files.writeString(d.resolve("kept.txt"), "k\n");
        chownR(w);
        String keptBefore = describe(d.resolve("kept.txt"));
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        Files.delete(w.resolve("gone.txt")); // the sandbox deleted a saved file: gone for sure
        Path out = Files.createDirectories(base.resolve("elsewhere")).resolve("d");
        Files.move(d, out); // saved files alone in it: given back where they are

        assertThat(grants.giveBack("s1")).isEmpty();
        assertThat(describe(out.resolve("kept.txt"))).isEqualTo(keptBefore);
        assertThat(acl(out)).doesNotContain("61000");
        assertThat(grants.stuck()).isEmpty();
    }

    @Test
    void aGrantStuckAfterItsHostDiedIsListedWithWhyItsHandBackFailed() throws Exception {
        Path w = devTree("w");
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT, deadHost());
        assertThat(grants.stuck()).singleElement().asString().contains(w.toString()).contains("not given back yet");
        Exec.run(List.of("/usr/bin/python3", "-c", "import os\nos.chdir('" + w + "')\nfor _ in range(" + (TreeWalk.MAX_DEPTH + 2)
                + "):\n    os.mkdir('d')\n    os.chdir('d')\n")).orThrow("deep mkdir");
        assertThatThrownBy(grants::giveBackDeadHosts).isInstanceOf(CordonException.class);
        assertThat(grants.stuck()).singleElement().asString().contains(w.toString())
                .contains("the last hand-back failed").contains("directories deep");
        Exec.run(List.of("rm", "-rf", w.resolve("d").toString())).orThrow("rm -rf");
        assertThat(grants.giveBackDeadHosts()).singleElement().asString().contains(w.toString());
        assertThat(grants.stuck()).isEmpty();
    }

    @Test
    void aLiveHostsGrantWhoseHandBackFailedIsListedAndALaterGiveBackClearsIt() throws Exception { // review finding R3
        Path w = devTree("live-deep");
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT); // this host: alive
        assertThat(grants.stuck()).isEmpty(); // a live session's grant is not stuck
        Exec.run(List.of("/usr/bin/python3", "-c", "import os\nos.chdir('" + w + "')\nfor _ in range(" + (TreeWalk.MAX_DEPTH + 2)
                + "):\n    os.mkdir('d')\n    os.chdir('d')\n")).orThrow("deep mkdir");
        assertThatThrownBy(() -> grants.giveBack("s1")).isInstanceOf(CordonException.class);
        assertThat(grants.stuck()).singleElement().asString().contains(w.toString()).doesNotContain("gone")
                .contains("the last hand-back failed").contains("directories deep");
        Exec.run(List.of("rm", "-rf", w.resolve("d").toString())).orThrow("rm -rf");
        grants.giveBack("s1");
        assertThat(grants.stuck()).isEmpty();
        assertThat(grants.lentRoots()).isEmpty();
    }

    /**
     * Review finding R18: a lent root moved (and its private parent renamed) during the session is given back where it is
     * now — by the descriptor this process held (a live host) and by the recorded file handles (a host that died) — and
     * the traverse entry on the moved parent goes too.
     */
    @Test
    void aMovedRootIsGivenBackWhereverItIsNow() throws Exception {
        for (boolean hostDied : List.of(false, true)) {
            Path parent = devTree("p" + hostDied);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
            Path w = devTree("p" + hostDied + "/w");
            grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
            Path made = sandboxFile(w.resolve("Makefile"), "rw-rw-rw-");
            assertThat(acl(parent)).contains("g:61000:--x");
            Path movedParent = base.resolve("moved" + hostDied);
            Files.move(parent, movedParent);
            Files.move(movedParent.resolve("w"), movedParent.resolve("renamed"));
            if (hostDied) {
                WorkspaceGrants.dropDescriptors("s1");
            }
            grants.giveBack("s1");
            Path moved = movedParent.resolve("renamed");
            assertThat(describe(moved.resolve(made.getFileName().toString()))).as("host died: " + hostDied)
                    .isEqualTo("644 61010:61010 -");
            assertThat(describe(moved)).isEqualTo("755 61010:61010 -");
            assertThat(describe(movedParent)).isEqualTo("700 61010:61010 -");
            assertThat(grants.lentRoots()).isEmpty();
        }
    }

    /**
     * R18's sibling: a second session on a lent root moved elsewhere (or inside it) was not refused, because the overlap
     * check compared recorded paths; both hand-backs of one tree cannot be right. It is found by identity now.
     */
    @Test
    void aMovedRootIsStillHeldAgainstOtherSessions() throws Exception {
        Path w = devTree("w");
        Files.createDirectory(w.resolve("sub"));
        chownR(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        Path moved = base.resolve("renamed");
        Files.move(w, moved);
        for (Path again : List.of(moved, moved.resolve("sub"))) {
            assertThatThrownBy(() -> grants.lend("s2", List.of(again), GID + 1, SANDBOX_UIDS, Caller.ROOT))
                    .isInstanceOf(CordonException.class).hasMessageContaining("already lent to session s1")
                    .hasMessageContaining("lent as " + w);
        }
        grants.giveBack("s2"); // its group record (the refused lend made nothing else)
        grants.giveBack("s1");
        assertThat(grants.lentRoots()).isEmpty();
    }

    /**
     * R41: what other sessions hide of a lent tree is where it is now, found by identity as the hand-back finds it: a
     * root its lender renamed, under a parent (given traverse) moved too, is hidden at its new path, the parent too —
     * by the descriptor held (a live host) and by the recorded file handles.
     */
    @Test
    void whatIsLentToOthersIsNamedWhereItIsNow() throws Exception {
        for (boolean hostDied : List.of(false, true)) {
            Path parent = devTree("h" + hostDied);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
            Path w = devTree("h" + hostDied + "/w");
            grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
            dev.cordon.core.Principal other = dev.cordon.core.Principal.uid(DEV + 1);
            assertThat(grants.lentToOthersThan(other)).contains(w, parent);
            assertThat(grants.lentToOthersThan(dev.cordon.core.Principal.uid(DEV))).isEmpty();
            Path movedParent = base.resolve("hmoved" + hostDied);
            Files.move(parent, movedParent);
            Files.move(movedParent.resolve("w"), movedParent.resolve("renamed"));
            if (hostDied) {
                WorkspaceGrants.dropDescriptors("s1");
            }
            assertThat(grants.lentToOthersThan(other)).as("host died: " + hostDied)
                    .containsExactlyInAnyOrder(movedParent.resolve("renamed"), movedParent);
            grants.giveBack("s1");
            assertThat(grants.lentToOthersThan(other)).isEmpty();
        }
    }

    /** R18: a lent root deleted meanwhile is gone for sure (its held descriptor's link count, or ESTALE): forgotten. */
    @Test
    void aDeletedRootIsForgotten() throws Exception {
        for (boolean hostDied : List.of(false, true)) {
            Path w = devTree("gone" + hostDied);
            grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
            if (hostDied) {
                WorkspaceGrants.dropDescriptors("s1");
            }
            Exec.run(List.of("rm", "-rf", w.toString())).orThrow("rm -rf");
            Files.createDirectories(w); // another directory under the name, perhaps the deleted one's number
            grants.giveBack("s1");
            assertThat(grants.lentRoots()).isEmpty();
            assertThat(describe(w)).isEqualTo("755 0:0 -");
        }
    }

    /**
     * R18: a root not found for sure (a record with no file handle, an older Cordon's, whose path names another directory
     * now) is never forgotten: the hand-back fails naming the path and what to do, and the record stays, flagged.
     */
    @Test
    void aRootNotFoundForSureKeepsItsRecord() throws Exception {
        Path w = devTree("w");
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        WorkspaceGrants.dropDescriptors("s1");
        Path record = t.instance.stateDir().resolve("grants/s1-0.json");
        Files.writeString(record, Files.readString(record).replaceAll("(?m)^\\s*\"handle\".*$\\n?", "")
                .replaceAll(",(\\s*})", "$1"));
        assertThat(Files.readString(record)).doesNotContain("handle");
        Files.move(w, base.resolve("elsewhere"));
        assertThatThrownBy(() -> grants.giveBack("s1")).isInstanceOf(CordonException.class)
                .hasMessageContaining(w + " (session s1) was not found where it was lent")
                .hasMessageContaining("Move that directory back to " + w);
        assertThat(grants.stuck()).singleElement().asString().contains(w.toString()).contains("not found");
        Files.move(base.resolve("elsewhere"), w);
        grants.giveBack("s1");
        assertThat(grants.lentRoots()).isEmpty();
        assertThat(describe(w)).isEqualTo("755 61010:61010 -");
    }

    /**
     * Review finding R22: the walk of a held (world-writable) root nested past the bound fails; nothing was lent there,
     * so the hand-back does not fail (the command's result is not lost): a warning names the root, the record stays with
     * its failure and {@code stuck()} (the doctor) lists it; after the fix the next start's reaper walks it again.
     */
    @Test
    void aHeldRootNestedBeyondTheBoundIsAWarningNotAFailedHandBack() throws Exception {
        Path open = Files.createDirectory(base.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path w = devTree("w");
        grants.lend("s1", List.of(w, open), GID, SANDBOX_UIDS, Caller.ROOT);
        Exec.run(List.of("/usr/bin/python3", "-c", "import os\nos.chdir('" + open + "')\nfor _ in range(" + (TreeWalk.MAX_DEPTH + 2)
                + "):\n    os.mkdir('d')\n    os.chdir('d')\n")).orThrow("deep mkdir");
        List<String> warnings = grants.giveBack("s1");
        assertThat(warnings).singleElement().asString().contains(open.toString()).contains("directories deep");
        assertThat(grants.lentRoots()).isEmpty(); // the lent tree went back
        assertThat(describe(w)).isEqualTo("755 61010:61010 -");
        assertThat(grants.stuck()).singleElement().asString().contains("the world-writable root " + open)
                .contains("directories deep");
        // its session ended: a later lend of a root inside it is no conflict with it
        Path inside = devTree("open/w2");
        grants.lend("s2", List.of(inside), GID + 1, SANDBOX_UIDS, Caller.ROOT);
        assertThat(grants.giveBack("s2")).isEmpty();
        Exec.run(List.of("rm", "-rf", open.resolve("d").toString())).orThrow("rm -rf");
        assertThat(grants.giveBackDeadHosts()).isEmpty();
        assertThat(grants.stuck()).isEmpty();
        assertThat(Files.list(t.instance.stateDir().resolve("grants")).map(p -> p.getFileName().toString())
                .filter(n -> !n.equals(".lock"))).isEmpty();
    }

    /**
     * Review finding R23: a root found whose identity is not the one recorded (here the record's file handle altered, as
     * a filesystem whose identities change under a grant would) is neither walked as something else nor forgotten: the
     * hand-back fails naming it, its records stay, {@code stuck()} (the doctor) lists it; with the record right again a
     * later give-back gives it back.
     */
    @Test
    void aRootWhoseIdentityCannotBeConfirmedKeepsItsRecord() throws Exception {
        Path w = devTree("w");
        Files.writeString(w.resolve("a.txt"), "a\n");
        chownR(w);
        Map<String, String> before = snapshot(w);
        grants.lend("s1", List.of(w), GID, SANDBOX_UIDS, Caller.ROOT);
        Path record = t.instance.stateDir().resolve("grants/s1-0.json");
        String recorded = Files.readString(record);
        String key;
        try (PathFd fd = PathFd.open(w)) {
            key = fd.stat().key().toString();
        }
        assertThat(recorded).contains("\"" + key + "\"");
        FileStat.InodeKey k = FileStat.InodeKey.parse(key);
        assertThat(k.fid()).as("ext4 gives a file handle for identity").isNotNull();
        String other = new FileStat.InodeKey(k.device(), k.inode(), k.birth(), "1x00").toString();
        Files.writeString(record, recorded.replace(key, other));
        assertThatThrownBy(() -> grants.giveBack("s1")).isInstanceOf(CordonException.class)
                .hasMessageContaining(w + " (session s1) cannot be confirmed as the directory that was lent");
        assertThat(acl(w.resolve("a.txt"))).contains("g:61000:rw-");
        assertThat(grants.stuck()).singleElement().asString().contains(w.toString()).contains("cannot be confirmed");
        assertThat(grants.lentRoots()).containsExactly(w);
        Files.writeString(record, Files.readString(record).replace(other, key));
        grants.giveBack("s1");
        assertThat(grants.lentRoots()).isEmpty();
        assertThat(snapshot(w)).isEqualTo(before);
    }

    /**
     * Review finding R23: a developer's tree in an overlayfs lower layer. The grant's first ACL change copies each inode
     * up, born then; identity there is the number and the file handle (the lower inode's across the copy-up), so the
     * hand-back knows every inode again and gives the tree back exactly, the private parent's traverse entry too.
     */
    @Test
    void aTreeInAnOverlayLowerLayerComesBackExactly() throws Exception {
        Path lower = Files.createDirectories(base.resolve("ovl/lower"));
        Path upper = Files.createDirectories(base.resolve("ovl/upper"));
        Path work = Files.createDirectories(base.resolve("ovl/work"));
        Path merged = Files.createDirectories(base.resolve("ovl/merged"));
        Path parent = Files.createDirectories(lower.resolve("home"));
        Path w = Files.createDirectories(parent.resolve("w"));
        Files.createDirectories(w.resolve("sub"));
        Files.writeString(w.resolve("sub/a.txt"), "a\n");
        Files.writeString(w.resolve(".env"), "K=1\n");
        chownR(parent);
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
        setfacl(w.resolve(".env"), "u:nobody:r--");
        setfacl(w.resolve("sub"), "d:u:nobody:r-x");
        Exec.run(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lower + ",upperdir=" + upper + ",workdir="
                + work, merged.toString())).orThrow("mount -t overlay");
        try {
            Path m = merged.resolve("home");
            Map<String, String> before = snapshot(m);
            grants.lend("s1", List.of(m.resolve("w")), GID, SANDBOX_UIDS, Caller.ROOT);
            assertThat(acl(m.resolve("w/sub/a.txt"))).contains("g:61000:rw-");
            assertThat(acl(m)).contains("g:61000:--x");
            Path made = sandboxFile(m.resolve("w/sub/made.txt"), "rw-rw-r--");
            grants.giveBack("s1");
            assertThat(describe(made)).startsWith("644 61010:61010 ").contains("u:65534:r-x").doesNotContain("61000");
            Files.delete(made);
            assertThat(snapshot(m)).isEqualTo(before);
            assertThat(grants.stuck()).isEmpty();
            assertThat(Files.list(t.instance.stateDir().resolve("grants")).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(".lock"))).isEmpty();
        } finally {
            Exec.run(List.of("umount", "-l", merged.toString()));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static HostIdentity deadHost() {
        return new HostIdentity(ProcessHandle.current().pid(), "1970-01-01T00:00:00Z"); // same pid, other start: not us
    }

    private Path devTree(String name) throws IOException {
        Path w = Files.createDirectories(base.resolve(name));
        Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(w, "unix:uid", DEV);
        Files.setAttribute(w, "unix:gid", DEV);
        return w;
    }

    private static void chownR(Path w) {
        Exec.run(List.of("chown", "-hR", DEV + ":" + DEV, w.toString())).orThrow("chown");
    }

    private static void setfacl(Path p, String spec) {
        Exec.run(List.of("setfacl", "-m", spec, p.toString())).orThrow("setfacl " + spec);
    }

    /** A file root creates in the lent tree (so it inherits like the sandbox's would), then gives to a sandbox uid. */
    private static Path sandboxFile(Path p, String perms) throws IOException {
        Files.writeString(p, "s\n");
        Files.setAttribute(p, "unix:uid", SANDBOX);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    private static String acl(Path p) throws IOException {
        return attr(p, PosixAcl.ACCESS);
    }

    private static String defaultAcl(Path p) throws IOException {
        return attr(p, PosixAcl.DEFAULT);
    }

    private static String attr(Path p, String name) throws IOException {
        try (PathFd fd = PathFd.open(p)) {
            return fd.xattr(name).map(v -> PosixAcl.parse(v).toString()).orElse("-");
        }
    }

    /** {@code <octal mode> <uid>:<gid> <access ACL or ->}. */
    private static String describe(Path p) throws IOException {
        try (PathFd fd = PathFd.open(p)) {
            FileStat st = fd.stat();
            return Integer.toOctalString(st.permissions()) + " " + st.uid() + ":" + st.gid() + " " + (st.isSymlink() ? "-"
                    : fd.xattr(PosixAcl.ACCESS).map(v -> PosixAcl.parse(v).toString()).orElse("-"));
        }
    }

    /** Every path under {@code root}: mode, owner, group and the raw bytes of both ACL attributes. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                try (PathFd fd = PathFd.open(p)) {
                    FileStat st = fd.stat();
                    Optional<byte[]> access = st.isSymlink() ? Optional.empty() : fd.xattr(PosixAcl.ACCESS);
                    Optional<byte[]> def = st.isDirectory() ? fd.xattr(PosixAcl.DEFAULT) : Optional.empty();
                    out.put(root.relativize(p).toString(), Integer.toOctalString(st.mode()) + " " + st.uid() + ":" + st.gid()
                            + " " + access.map(HexFormat.of()::formatHex).orElse("-") + " " + def.map(HexFormat.of()::formatHex).orElse("-"));
                }
            }
        }
        return out;
    }
}
