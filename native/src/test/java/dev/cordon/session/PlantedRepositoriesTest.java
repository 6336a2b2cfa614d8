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
    void aGitDirectoryMadeDuringTheSessionIsPlantedWhoeverOwnsItAndEntered() throws Exception {
        Path ws = tmp.toRealPath().resolve("ws");
        gitDir(ws);
        gitDir(ws.resolve("docs"));
        Files.createDirectories(ws.resolve("logs"));
        Files.writeString(ws.resolve("logs/HEAD"), "0123456789abcdef0123456789abcdef01234567 x\n"); // ws's own reflog

        assertThat(entries(PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS)))
                .containsExactlyInAnyOrder(ws.resolve("HEAD"), ws.resolve("docs/HEAD"));
        assertThat(entries(PlantedRepositories.find(List.of(ws), Set.of(), Set.of(dev.cordon.core.Principal.uid(me(ws))), 1000, OWNERS)))
                .as("the sandbox's: the hand-back gives it to the developer").containsExactlyInAnyOrder(ws.resolve("HEAD"),
                        ws.resolve("docs/HEAD"));
    }

    @Test
    void everyFormOfGitDirectoryGitTakesIsPlanted() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path src = Files.createDirectories(ws.resolve("src"));
        Files.createSymbolicLink(src.resolve("HEAD"), Path.of("refs/heads/main")); // dangling
        Files.createDirectories(src.resolve("objects"));
        Files.createDirectories(src.resolve("refs"));
        Path lib = Files.createDirectories(ws.resolve("lib"));
        Files.writeString(lib.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(lib.resolve("commondir"), "../.cache-x\n");
        Files.createDirectories(ws.resolve(".cache-x/objects"));
        Files.createDirectories(ws.resolve(".cache-x/refs"));
        Files.createDirectories(ws.resolve("app"));
        Files.writeString(ws.resolve("app/.git"), "gitdir: ../lib\n");
        // git reads the whole .git file: the path is "../x\ny", a directory whose name holds a newline
        Files.createDirectories(ws.resolve("pkg"));
        Files.writeString(ws.resolve("pkg/.git"), "gitdir: ../x\ny\n");
        Path xy = gitDir(ws.resolve("x\ny"));

        assertThat(entries(PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS))).containsExactlyInAnyOrder(
                src.resolve("HEAD"), lib.resolve("HEAD"), ws.resolve("app/.git"), ws.resolve("pkg/.git"), xy.resolve("HEAD"));
    }

    @Test
    void aHeadBesideGitsFilesTheSandboxMadeIsPlantedEvenWhereGitWouldNotTakeIt() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path odd = Files.createDirectories(ws.resolve("odd"));
        Files.writeString(odd.resolve("HEAD"), "not a ref\n");
        Files.writeString(odd.resolve("config"), "[core]\n");
        Path mine = Files.createDirectories(ws.resolve("mine"));
        Files.writeString(mine.resolve("HEAD"), "not a ref\n");
        Files.writeString(ws.resolve("config"), "[core]\n"); // no HEAD beside it: nothing git reads

        Set<dev.cordon.core.Principal> sandbox = Set.of(dev.cordon.core.Principal.uid(me(ws)));
        assertThat(entries(PlantedRepositories.find(List.of(ws), Set.of(), sandbox, 1000, OWNERS)))
                .containsExactlyInAnyOrder(odd.resolve("HEAD"), mine.resolve("HEAD"));
        assertThat(PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS)).as("none of it the sandbox's").isEmpty();
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
        Set<ProtectionSearch.Known> known = ProtectionSearch.search(List.of(ws), Set.of(), OWNERS).known();
        assertThat(PlantedRepositories.find(List.of(ws), known, NOBODY, 1000, OWNERS)).isEmpty();
    }

    @Test
    void aCodexOrAgentsDirectoryThatWasNotThereAtStartOrIsTheSandboxsIsPlanted() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Files.createDirectories(ws.resolve(".codex"));
        Files.createDirectories(ws.resolve("tools/agents"));
        Files.createSymbolicLink(ws.resolve(".agents"), Path.of("tools/agents"));
        Set<ProtectionSearch.Known> known = ProtectionSearch.search(List.of(ws), Set.of(), OWNERS).known();
        assertThat(PlantedRepositories.find(List.of(ws), known, NOBODY, 1000, OWNERS)).as("the developer's, seen at start")
                .isEmpty();

        // R167: the session replaces the link by a directory not its own (moved there: another inode), and makes a
        // .codex where there was none
        Files.createDirectories(ws.resolve("moved/skills"));
        Files.delete(ws.resolve(".agents"));
        Files.move(ws.resolve("moved"), ws.resolve(".agents"));
        Path other = Files.createDirectories(tmp.toRealPath().resolve("other"));
        assertThat(entries(PlantedRepositories.find(List.of(ws, other), known, NOBODY, 1000, OWNERS)))
                .containsExactly(ws.resolve(".agents"));
        Files.createDirectories(other.resolve(".codex"));
        assertThat(entries(PlantedRepositories.find(List.of(ws, other), known, NOBODY, 1000, OWNERS)))
                .containsExactlyInAnyOrder(ws.resolve(".agents"), other.resolve(".codex"));
        // R178 (V23): the developer's link moved elsewhere keeps its inode, but names something else there
        Files.createDirectories(ws.resolve("sub/x"));
        Files.createSymbolicLink(ws.resolve("sub/.codex-link"), Path.of("x"));
        Files.move(ws.resolve("sub/.codex-link"), ws.resolve("sub/.codex")); // a fresh link: stands for any entry
        Set<ProtectionSearch.Known> seenWithSub = ProtectionSearch.search(List.of(ws), Set.of(), OWNERS).known();
        Files.createDirectories(ws.resolve("deeper"));
        Files.move(ws.resolve("sub/.codex"), ws.resolve("deeper/.codex"));
        assertThat(entries(PlantedRepositories.find(List.of(ws), seenWithSub, NOBODY, 1000, OWNERS)))
                .contains(ws.resolve("deeper/.codex"));
        Files.delete(ws.resolve("deeper/.codex"));
        // at any depth: an agent started in a subdirectory reads the .codex layers down to it
        Files.createDirectories(ws.resolve("packages/app/.codex"));
        assertThat(entries(PlantedRepositories.find(List.of(ws, other), known, NOBODY, 1000, OWNERS)))
                .containsExactlyInAnyOrder(ws.resolve(".agents"), other.resolve(".codex"), ws.resolve("packages/app/.codex"));
        // one the sandbox owns is planted even when a runner start saw it (an earlier runner's, before a network switch)
        Set<dev.cordon.core.Principal> sandbox = Set.of(dev.cordon.core.Principal.uid(me(ws)));
        Set<ProtectionSearch.Known> seenAgain = ProtectionSearch.search(List.of(ws, other), Set.of(), OWNERS).known();
        assertThat(entries(PlantedRepositories.find(List.of(ws, other), seenAgain, sandbox, 1000, OWNERS)))
                .contains(ws.resolve(".codex"), ws.resolve(".agents"), other.resolve(".codex"), ws.resolve("packages/app/.codex"));
    }

    /**
     * Z5: the other agents' and editors' project directories that run commands as the developer (Claude Code's hooks,
     * Gemini CLI's and Cursor's MCP servers, VS Code's tasks, a dev container's initializeCommand) are agent directories
     * too: one seen at start is the developer's, one made during the session is planted, at any depth.
     */
    @Test
    void everyAgentDirectoryMadeDuringTheSessionIsPlanted() throws Exception {
        assertThat(RepositoryWalk.AGENT_CONFIGS).contains(".codex", ".agents", ".claude", ".gemini", ".cursor",
                ".vscode", ".devcontainer");
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Files.createDirectories(ws.resolve(".vscode"));
        Set<ProtectionSearch.Known> known = ProtectionSearch.search(List.of(ws), Set.of(), OWNERS).known();
        assertThat(PlantedRepositories.find(List.of(ws), known, NOBODY, 1000, OWNERS)).isEmpty();
        List<Path> made = new java.util.ArrayList<>();
        for (String name : RepositoryWalk.AGENT_CONFIGS) {
            if (!name.equals(".vscode")) {
                Path entry = ws.resolve("pkg").resolve(name);
                made.add(dev.cordon.core.AgentConfigs.FILES.contains(name)
                        ? Files.writeString(Files.createDirectories(entry.getParent()).resolve(name), "{}\n")
                        : Files.createDirectories(entry));
            }
        }
        assertThat(entries(PlantedRepositories.find(List.of(ws), known, NOBODY, 1000, OWNERS)))
                .containsExactlyInAnyOrderElementsOf(made);
        assertThat(PlantedRepositories.find(List.of(ws), known, NOBODY, 1000, OWNERS).get(0).what())
                .contains("that the session made or put there");
    }

    @Test
    void aDotGitThatLeadsToNoGitDirectoryIsNotARepository() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Files.createDirectories(ws.resolve("empty/.git"));
        Files.writeString(ws.resolve(".git"), "not a gitfile\n");

        assertThat(PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS)).isEmpty();
    }

    @Test
    void aDotGitIsJudgedByItselfNeverByWhatItNames() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path elsewhere = gitDir(tmp.toRealPath().resolve("elsewhere/repo"));
        Files.createDirectories(ws.resolve("x"));
        Files.writeString(ws.resolve("x/.git"), "gitdir: " + elsewhere + "\n");
        Files.createDirectories(ws.resolve("y"));
        Files.writeString(ws.resolve("y/.git"), "gitdir: " + tmp.toRealPath().resolve("elsewhere/nope") + "\n");
        Files.createDirectories(ws.resolve("z"));
        Files.createSymbolicLink(ws.resolve("z/.git"), tmp.toRealPath().resolve("elsewhere/gone"));

        List<PlantedRepositories.Planted> planted = PlantedRepositories.find(List.of(ws), Set.of(), NOBODY, 1000, OWNERS);
        assertThat(entries(planted)).containsExactlyInAnyOrder(ws.resolve("x/.git"), ws.resolve("y/.git"), ws.resolve("z/.git"));
        assertThat(planted.stream().map(p -> p.what().replace(p.entry().getParent().toString(), "<dir>")).distinct())
                .as("worded alike whatever each names (R54b)").hasSize(1);
    }

    @Test
    void aHeadBesideAnObjectsOrRefsSymlinkIsJudgedByItsOwnEntriesWhateverTheLinkLeadsTo() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path elsewhere = gitDir(tmp.toRealPath().resolve("elsewhere/repo"));
        Path gone = tmp.toRealPath().resolve("elsewhere/nope");
        for (String entry : List.of("objects", "refs")) {
            for (Path target : List.of(elsewhere.resolve(entry), gone, Path.of("/" + "a".repeat(300)))) {
                Path dir = gitDir(ws.resolve(entry + "-" + Math.abs(target.hashCode())));
                Files.delete(dir.resolve(entry));
                Files.createSymbolicLink(dir.resolve(entry), target);
            }
        }
        PlantedRepositories.Found found = PlantedRepositories.search(List.of(ws), Set.of(), NOBODY, 1000, OWNERS,
                dev.cordon.core.GitDirectory.READ_HERE);
        assertThat(found.planted()).hasSize(6);
        assertThat(found.unsearched()).isEmpty();
        assertThat(found.planted().stream().map(p -> p.what().replace(p.entry().getParent().toString(), "<dir>")).distinct())
                .as("worded alike whatever each leads to (R56)").containsExactlyInAnyOrder(
                        dev.cordon.core.GitDirectory.besideEntry(Path.of("<dir>"), "objects"),
                        dev.cordon.core.GitDirectory.besideEntry(Path.of("<dir>"), "refs"));
    }

    @Test
    void aDirectoryThatCannotBeJudgedIsPlantedAndTheWalkGoesOn() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path a0 = gitDir(ws.resolve("a0"));
        Path tools = gitDir(ws.resolve("tools"));
        dev.cordon.core.GitDirectory.RegularFiles failing = dev.cordon.core.GitDirectory.READ_HERE.withAttributes(p -> {
            if (p.getParent().equals(a0)) {
                throw new java.nio.file.FileSystemException(p.toString(), null, "File name too long");
            }
            return dev.cordon.core.GitDirectory.STAT_HERE.of(p);
        });
        PlantedRepositories.Found found = PlantedRepositories.search(List.of(ws), Set.of(), NOBODY, 1000, OWNERS, failing);
        assertThat(entries(found.planted())).containsExactlyInAnyOrder(a0.resolve("HEAD"), tools.resolve("HEAD"));
        assertThat(found.planted().get(entries(found.planted()).indexOf(a0.resolve("HEAD"))).what())
                .contains("could not tell").contains("File name too long").contains(a0.toString());
        assertThat(found.complete()).isTrue();
    }

    @Test
    void aDirectoryThatCannotBeListedIsReportedAndTheWalkGoesOn() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path tools = gitDir(ws.resolve("tools"));
        Path fifo = ws.resolve("zz");
        Files.createDirectories(fifo);
        List<String> seen = new java.util.ArrayList<>();
        RepositoryWalk.walk(List.of(ws, tmp.toRealPath().resolve("gone-root-is-fine"), ws.resolve("tools/HEAD")), 1000,
                new RepositoryWalk.Visitor() {
                    @Override
                    public boolean directory(Path dir) {
                        seen.add("dir " + dir.getFileName());
                        return true;
                    }

                    @Override
                    public void dotGit(Path worktree, Path entry, java.nio.file.attribute.BasicFileAttributes attrs) {
                    }

                    @Override
                    public void agentDirectory(Path dir, Path entry, java.nio.file.attribute.BasicFileAttributes attrs) {
                    }

                    @Override
                    public void unsearchable(Path path, String why) {
                        seen.add("unsearchable " + path.getFileName() + ": " + why);
                    }
                });
        assertThat(seen).contains("dir tools", "dir zz").anyMatch(l -> l.startsWith("unsearchable HEAD: "));
        assertThat(tools).exists();
    }

    /**
     * R175: the session knows its id and may take {@code NAME.cordon-planted-<id>} first; the entry is renamed to a
     * name with a random suffix then, and the line says which. A free name is taken as it is.
     */
    @Test
    void aPlantedNameTakenBeforehandGetsARandomSuffixAndTheLineNamesIt() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path codex = Files.createDirectories(ws.resolve(".codex"));
        Files.createDirectories(ws.resolve(".codex.cordon-planted-s1"));
        Path head = Files.writeString(gitDir(ws.resolve("tools")).resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(ws.resolve("tools/HEAD.cordon-planted-s1"), "taken\n");
        Path agents = Files.createDirectories(ws.resolve(".agents"));
        List<String> renames = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        dev.cordon.platform.WorkspaceAccess access = (dev.cordon.platform.WorkspaceAccess) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.cordon.platform.WorkspaceAccess.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("renameAsSession")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    calls.incrementAndGet();
                    List<String> said = new java.util.ArrayList<>();
                    for (Object o : (List<?>) args[2]) {
                        dev.cordon.platform.WorkspaceAccess.Rename r = (dev.cordon.platform.WorkspaceAccess.Rename) o;
                        renames.add(r.target().getFileName().toString());
                        try {
                            Files.move(r.entry(), r.target()); // never replacing, as renameat2(RENAME_NOREPLACE)
                            said.add("");
                        } catch (java.nio.file.FileAlreadyExistsException e) {
                            said.add("File exists");
                        }
                    }
                    return said;
                });
        dev.cordon.platform.Account sandbox = new dev.cordon.platform.Account("sb", dev.cordon.core.Principal.uid(1),
                dev.cordon.core.Principal.gid(1), "/", "/bin/sh", List.of());

        List<String> said = PlantedRepositories.neutralize(List.of(new PlantedRepositories.Planted(codex, "a .codex"),
                new PlantedRepositories.Planted(head, "a git directory"), new PlantedRepositories.Planted(agents, "an .agents")),
                access, sandbox, dev.cordon.core.Principal.gid(2), "s1", Set.of(dev.cordon.core.Principal.uid(1))).stream().map(PlantedRepositories.Neutralized::line).toList();

        assertThat(codex).doesNotExist();
        assertThat(head).doesNotExist();
        assertThat(agents).doesNotExist();
        assertThat(ws.resolve(".agents.cordon-planted-s1")).isDirectory(); // free: the plain name
        assertThat(Files.readString(ws.resolve("tools/HEAD.cordon-planted-s1"))).isEqualTo("taken\n");
        assertThat(renames).hasSize(5);
        // per depth, the deepest first (tools/HEAD, then .codex and .agents): all at once, then the taken ones again (V2)
        assertThat(calls).hasValue(4);
        String headName = renames.get(1);
        String codexName = renames.get(4);
        assertThat(codexName).matches("\\.codex\\.cordon-planted-s1-[0-9a-f]+");
        assertThat(headName).matches("HEAD\\.cordon-planted-s1-[0-9a-f]+");
        assertThat(ws.resolve(codexName)).isDirectory();
        assertThat(Files.readString(ws.resolve("tools").resolve(headName))).isEqualTo("ref: refs/heads/main\n");
        assertThat(said).containsExactly("a git directory: renamed " + head + " to " + headName + " so that git no longer finds it",
                "a .codex: renamed " + codex + " to " + codexName + " so that no agent reads it",
                "an .agents: renamed " + agents + " to .agents.cordon-planted-s1 so that no agent reads it");
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

    /**
     * W1, W2: a rename that fails as a whole is a COULD NOT line for every entry, never one generic line; an entry the
     * sandbox does not own (a developer's, moved to such a name) comes before the sandbox's own.
     */
    @Test
    void aFailedRenameNamesEveryEntryTheDevelopersFirst() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        List<PlantedRepositories.Planted> planted = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            planted.add(new PlantedRepositories.Planted(Files.createDirectories(ws.resolve("sb" + i + "/.claude")), "decoy " + i));
        }
        planted.add(new PlantedRepositories.Planted(Files.createDirectories(ws.resolve("z/q/.claude")), "the developer's"));
        dev.cordon.platform.WorkspaceAccess access = (dev.cordon.platform.WorkspaceAccess) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.cordon.platform.WorkspaceAccess.class}, (proxy, method, args) -> {
                    if (method.getName().equals("owner")) {
                        return args[0].toString().contains("/sb") ? dev.cordon.core.Principal.uid(1) : dev.cordon.core.Principal.uid(2);
                    }
                    throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.UNAVAILABLE, "Broken pipe", null);
                });
        dev.cordon.platform.Account sandbox = new dev.cordon.platform.Account("sb", dev.cordon.core.Principal.uid(1),
                dev.cordon.core.Principal.gid(1), "/", "/bin/sh", List.of());

        List<PlantedRepositories.Neutralized> said = PlantedRepositories.neutralize(planted, access, sandbox,
                dev.cordon.core.Principal.gid(2), "s1", Set.of(dev.cordon.core.Principal.uid(1)));

        assertThat(said).hasSize(4).noneMatch(PlantedRepositories.Neutralized::renamed);
        assertThat(said.get(0).line()).startsWith("the developer's: COULD NOT rename " + ws.resolve("z/q/.claude")
                + " (Broken pipe)");
        assertThat(said.subList(1, 4)).allMatch(n -> n.line().startsWith("decoy ") && n.line().contains("COULD NOT rename"));
    }

    /**
     * rev51 F1, F2: an entry inside another planted one is renamed first, so the outer rename cannot take it out from
     * under its own; an entry found gone is listed as not the sandbox's (no owner to look up), not a failure of all.
     */
    @Test
    void theDeepestEntriesAreRenamedFirstAndAGoneOneIsNamed() throws Exception {
        Path ws = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Path outer = Files.createDirectories(ws.resolve("w/.codex"));
        Path inner = Files.createDirectories(outer.resolve("q/.claude"));
        Path gone = ws.resolve("nowhere/.agents");
        List<Path> order = new java.util.ArrayList<>();
        dev.cordon.platform.WorkspaceAccess access = (dev.cordon.platform.WorkspaceAccess) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.cordon.platform.WorkspaceAccess.class}, (proxy, method, args) -> {
                    if (method.getName().equals("owner")) {
                        throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.UNAVAILABLE, "gone", null);
                    }
                    List<String> said = new java.util.ArrayList<>();
                    for (Object o : (List<?>) args[2]) {
                        dev.cordon.platform.WorkspaceAccess.Rename r = (dev.cordon.platform.WorkspaceAccess.Rename) o;
                        order.add(r.entry());
                        try {
                            Files.move(r.entry(), r.target());
                            said.add("");
                        } catch (java.nio.file.NoSuchFileException e) {
                            said.add("No such file or directory");
                        }
                    }
                    return said;
                });
        dev.cordon.platform.Account sandbox = new dev.cordon.platform.Account("sb", dev.cordon.core.Principal.uid(1),
                dev.cordon.core.Principal.gid(1), "/", "/bin/sh", List.of());

        List<PlantedRepositories.Neutralized> said = PlantedRepositories.neutralize(List.of(
                new PlantedRepositories.Planted(outer, "outer"), new PlantedRepositories.Planted(inner, "inner"),
                new PlantedRepositories.Planted(gone, "gone")), access, sandbox, dev.cordon.core.Principal.gid(2), "s1",
                Set.of(dev.cordon.core.Principal.uid(1)));

        assertThat(order.subList(0, 1)).containsExactly(inner);
        assertThat(ws.resolve("w/.codex.cordon-planted-s1/q/.claude.cordon-planted-s1")).isDirectory();
        assertThat(said.get(0).line()).startsWith("gone: COULD NOT rename " + gone);
        assertThat(said.subList(1, 3)).allMatch(PlantedRepositories.Neutralized::renamed);
    }
}
