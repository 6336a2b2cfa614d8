package dev.cordon.session;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.WorkspaceGrants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R43: a root that is, or lies inside, a home's configuration directory is refused for everyone unless allowed. */
class WorkspaceGuardTest {
    @TempDir
    Path tmp;

    private Path home() throws Exception {
        return Files.createDirectories(tmp.toRealPath().resolve("home/dev"));
    }

    private List<Account> accounts(Path home) {
        return List.of(new Account("dev", Principal.uid(61010), Principal.gid(61010), home.toString(), "/bin/sh", List.of()),
                new Account("root", Principal.uid(0), Principal.gid(0), "/root", "/bin/sh", List.of()),
                new Account("daemon", Principal.uid(1), Principal.gid(1), "/", "/usr/sbin/nologin", List.of()));
    }

    @Test
    void aDotDirectoryDirectlyInAHomeAndAnythingInsideItIsAConfigurationDirectory() throws Exception {
        Path home = home();
        List<Account> accounts = accounts(home);
        for (String place : List.of(".config", ".codex", ".agents", ".local", ".local/bin", ".ssh", ".gnupg",
                ".config/systemd/user", ".config/autostart", ".config/git", ".anything-else/deep/down", "bin")) {
            Path dir = home.resolve(place);
            assertThat(WorkspaceGuard.configDirectory(dir, accounts)).as(place)
                    .contains(new WorkspaceGuard.ConfigDir(home.resolve(Path.of(place).getName(0)), "dev"));
        }
        assertThat(WorkspaceGuard.configDirectory(Path.of("/root/.ssh"), accounts))
                .contains(new WorkspaceGuard.ConfigDir(Path.of("/root/.ssh"), "root"));
    }

    @Test
    void projectsAndDotDirectoriesDeeperInAHomeAreNot() throws Exception {
        Path home = home();
        List<Account> accounts = accounts(home);
        for (Path dir : List.of(home, home.resolve("project"), home.resolve("project/.venv"), home.resolve("src/.hidden"), home.resolve("project/bin"), home.resolve("binaries"),
                home.getParent(), tmp.toRealPath().resolve(".config"), Path.of("/srv/.config"), Path.of("/.config"))) {
            assertThat(WorkspaceGuard.configDirectory(dir, accounts)).as(dir.toString()).isEmpty();
        }
    }

    @Test
    void theGuardRefusesOneForEveryoneNamingThePathAndTheOptionAndLendsItWhenAllowed() throws Exception {
        Path home = home();
        List<Account> accounts = accounts(home);
        Instance instance = Instance.of("tguard");
        for (String place : List.of(".config", ".codex", ".ssh", ".local/bin", ".config/systemd/user")) {
            Path dir = Files.createDirectories(home.resolve(place));
            assertThatThrownBy(() -> WorkspaceGuard.validate(dir, instance, accounts, WorkspaceGrants.SYSTEM_TREES,
                    "--workspace")).as(place).isInstanceOf(CordonException.class)
                    .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.FORBIDDEN))
                    .hasMessageContaining("--workspace " + dir + " is ")
                    .hasMessageContaining("the configuration directory " + home.resolve(Path.of(place).getName(0))
                            + " of dev's home")
                    .satisfies(e -> assertThat(((CordonException) e).fix()).contains("--allow-config-dir"));
            assertThat(WorkspaceGuard.validate(dir, instance, accounts, WorkspaceGrants.SYSTEM_TREES, "--workspace", true))
                    .isEqualTo(dir);
        }
        Path project = Files.createDirectories(home.resolve("project/.venv"));
        assertThat(WorkspaceGuard.validate(project, instance, accounts, WorkspaceGrants.SYSTEM_TREES, "--workspace"))
                .isEqualTo(project);
    }

    /** R49: passwd spells the home through a symlink ({@code <T>/home -> var/home}); its real path is a home too. */
    @Test
    void aHomeSpelledThroughASymlinkIsRecognizedByItsRealPath() throws Exception {
        Path t = tmp.toRealPath();
        Path real = Files.createDirectories(t.resolve("var/home/dev"));
        Files.createSymbolicLink(t.resolve("home"), Path.of("var/home"));
        List<Account> accounts = accounts(t.resolve("home/dev"));
        Instance instance = Instance.of("tguard");
        assertThatThrownBy(() -> WorkspaceGuard.validate(real, instance, accounts, WorkspaceGrants.SYSTEM_TREES,
                "--workspace")).isInstanceOf(CordonException.class)
                .hasMessageContaining("--workspace " + real + " is the home directory of dev");
        assertThatThrownBy(() -> WorkspaceGuard.validate(real.getParent(), instance, accounts,
                WorkspaceGrants.SYSTEM_TREES, "--workspace")).isInstanceOf(CordonException.class)
                .hasMessageContaining("contains the home directory of dev");
        Path config = Files.createDirectories(real.resolve(".config"));
        assertThatThrownBy(() -> WorkspaceGuard.validate(config, instance, accounts, WorkspaceGrants.SYSTEM_TREES,
                "--workspace")).isInstanceOf(CordonException.class)
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.FORBIDDEN))
                .hasMessageContaining("the configuration directory " + config + " of dev's home");
        assertThat(WorkspaceGuard.configDirectory(real.resolve(".ssh"), accounts))
                .contains(new WorkspaceGuard.ConfigDir(real.resolve(".ssh"), "dev"));
        Path project = Files.createDirectories(real.resolve("project"));
        assertThat(WorkspaceGuard.validate(project, instance, accounts, WorkspaceGrants.SYSTEM_TREES, "--workspace"))
                .isEqualTo(project);
    }

    /** R49's sibling: a home not made yet behind {@code <T>/home -> var/home}: a root that would hold it is refused. */
    @Test
    void aHomeNotMadeYetIsResolvedAsFarAsItExists() throws Exception {
        Path t = tmp.toRealPath();
        Path homes = Files.createDirectories(t.resolve("var/home"));
        Files.createSymbolicLink(t.resolve("home"), Path.of("var/home"));
        List<Account> accounts = accounts(t.resolve("home/dev")); // <T>/var/home/dev does not exist
        assertThat(WorkspaceGuard.homePaths(accounts.get(0))).containsExactly(t.resolve("home/dev"), homes.resolve("dev"));
        assertThatThrownBy(() -> WorkspaceGuard.validate(homes, Instance.of("tguard"), accounts,
                WorkspaceGrants.SYSTEM_TREES, "--workspace")).isInstanceOf(CordonException.class)
                .hasMessageContaining("contains the home directory of dev (" + homes.resolve("dev") + ")");
    }

    /** A home root cannot resolve (a symlink loop) keeps its spelled form, with a warning naming account, path, effect. */
    @Test
    void aHomeThatCannotBeResolvedIsKeptAsSpelledWithAWarning() throws Exception {
        Path t = tmp.toRealPath();
        Files.createSymbolicLink(t.resolve("loop"), Path.of("loop"));
        Path home = t.resolve("loop/dev");
        List<java.util.logging.LogRecord> records = logged(() -> assertThat(WorkspaceGuard.homePaths(accounts(home).get(0)))
                .containsExactly(home));
        assertThat(records).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).contains("the home " + home + " of the account dev")
                    .contains("only as passwd spells it").contains("could be lent");
        });
        Path project = Files.createDirectories(t.resolve("project"));
        assertThat(WorkspaceGuard.validate(project, Instance.of("tguard"), accounts(home), WorkspaceGrants.SYSTEM_TREES,
                "--workspace")).isEqualTo(project); // not a refusal of every session
    }

    /**
     * A directory above a home root cannot stat (a symlink loop) is not passed over without a word: a warning names it,
     * the home, the account and what is not recognized; still not a refusal.
     */
    @Test
    void aDirectoryAboveAHomeThatCannotBeStatedIsNamedInAWarning() throws Exception {
        Path t = tmp.toRealPath();
        Path loop = Files.createSymbolicLink(t.resolve("loop"), Path.of("loop"));
        Path home = loop.resolve("dev");
        Path project = Files.createDirectories(t.resolve("project"));
        List<java.util.logging.LogRecord> records = logged(() -> assertThat(WorkspaceGuard.validate(project,
                Instance.of("tguard"), accounts(home), WorkspaceGrants.SYSTEM_TREES, "--workspace")).isEqualTo(project));
        assertThat(records).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).startsWith("Cannot stat " + loop + " (")
                    .contains("it is a directory above the home " + home + " of the account dev")
                    .contains("not recognized as holding dev's home").contains("could lend it");
        });
    }

    /** The records {@link WorkspaceGuard} logs while {@code action} runs. */
    private static List<java.util.logging.LogRecord> logged(Runnable action) {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(WorkspaceGuard.class.getName());
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        try {
            action.run();
        } finally {
            jul.removeHandler(handler);
        }
        return records;
    }

    /**
     * R53: a home reached through a bind mount of it (or of the directory above it) is the same home: refused, its
     * configuration directories refused, a project inside still lent. Root only (a real bind mount, unmounted after).
     */
    @Test
    void aHomeReachedThroughABindMountIsRecognizedByIdentity() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "bind mounts need root");
        Path home = home();
        Files.createDirectories(home.resolve(".config"));
        Files.createDirectories(home.resolve("project"));
        Path bound = Files.createDirectories(tmp.toRealPath().resolve("bound"));
        Path boundAbove = Files.createDirectories(tmp.toRealPath().resolve("bound-above"));
        List<Account> accounts = accounts(home);
        Instance instance = Instance.of("tguard");
        mount(home, bound);
        try {
            mount(home.getParent(), boundAbove);
            try {
                assertThatThrownBy(() -> WorkspaceGuard.validate(bound, instance, accounts, WorkspaceGrants.SYSTEM_TREES,
                        "--workspace")).isInstanceOf(CordonException.class)
                        .hasMessageContaining("--workspace " + bound + " is the home directory of dev (the same directory as "
                                + home);
                assertThatThrownBy(() -> WorkspaceGuard.validate(boundAbove, instance, accounts,
                        WorkspaceGrants.SYSTEM_TREES, "--workspace")).isInstanceOf(CordonException.class)
                        .hasMessageContaining("--workspace " + boundAbove + " contains the home directory of dev");
                for (Path config : List.of(bound.resolve(".config"), boundAbove.resolve("dev/.config"))) {
                    assertThatThrownBy(() -> WorkspaceGuard.validate(config, instance, accounts,
                            WorkspaceGrants.SYSTEM_TREES, "--workspace")).isInstanceOf(CordonException.class)
                            .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.FORBIDDEN))
                            .hasMessageContaining("the configuration directory " + config + " of dev's home");
                }
                for (Path project : List.of(bound.resolve("project"), boundAbove.resolve("dev/project"))) {
                    assertThat(WorkspaceGuard.validate(project, instance, accounts, WorkspaceGrants.SYSTEM_TREES,
                            "--workspace")).isEqualTo(project);
                }
            } finally {
                umount(boundAbove);
            }
        } finally {
            umount(bound);
        }
    }

    private static void mount(Path from, Path at) {
        dev.cordon.core.Exec.run(List.of("mount", "--bind", from.toString(), at.toString())).orThrow("mount --bind");
    }

    private static void umount(Path at) {
        dev.cordon.core.Exec.run(List.of("umount", at.toString())).orThrow("umount");
    }

    /**
     * R57's sibling: whether a member's workspace (or an ancestor) is a git directory is judged with the member's view
     * ({@code asPeer}); one whose {@code objects} cannot be looked at (EACCES as the member through a symlink into a
     * root-only directory, whatever lies there; ENAMETOOLONG) is refused alike, saying why.
     */
    @Test
    void aWorkspaceThatMayBeAGitDirectoryIsJudgedAsTheMemberAndRefusedAlikeWhenItCannotBeTold() throws Exception {
        Path base = tmp.toRealPath();
        Instance instance = Instance.of("tguard");
        List<Account> accounts = accounts(home());
        dev.cordon.core.Caller member = new dev.cordon.core.Caller(Principal.uid(61010), Principal.gid(61010),
                List.of(Principal.gid(61010)), "dev");
        ThreadLocal<Boolean> asMember = ThreadLocal.withInitial(() -> false);
        java.util.function.Function<java.util.function.Supplier<Path>, Path> asPeer = work -> {
            asMember.set(true);
            try {
                return work.get();
            } finally {
                asMember.set(false);
            }
        };
        List<String> refusals = new java.util.ArrayList<>();
        for (String target : List.of("exists", "nope")) {
            Path ws = Files.createDirectories(base.resolve("ws-" + target + "/refs")).getParent();
            Files.writeString(ws.resolve("HEAD"), "ref: refs/heads/main\n");
            Path named = base.resolve("secret").resolve(target).resolve("objects");
            Files.createSymbolicLink(ws.resolve("objects"), named);
            dev.cordon.core.GitDirectory.RegularFiles files = dev.cordon.core.GitDirectory.READ_HERE.withAttributes(p -> {
                if (!asMember.get()) {
                    throw new AssertionError("looked at " + p + " outside the member's view");
                }
                if (p.equals(ws.resolve("objects"))) {
                    throw new java.nio.file.AccessDeniedException(named.toString()); // what a member meets under /root
                }
                return dev.cordon.core.GitDirectory.STAT_HERE.of(p);
            });
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> WorkspaceGuard.validate(ws, instance,
                    accounts, WorkspaceGrants.SYSTEM_TREES, "--workspace", false, member, asPeer, files));
            assertThat(refused).isInstanceOf(CordonException.class).hasMessageContaining("may be the git directory " + ws);
            refusals.add(refused.getMessage().replace(ws.toString(), "<ws>").replace(named.toString(), "<named>"));
        }
        assertThat(refusals.get(0)).isEqualTo(refusals.get(1));

        Path ws = Files.createDirectories(base.resolve("ws-long/refs")).getParent();
        Files.writeString(ws.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.createSymbolicLink(ws.resolve("objects"), Path.of("/" + "a".repeat(300))); // ENAMETOOLONG, as root too
        assertThatThrownBy(() -> WorkspaceGuard.validate(ws, instance, accounts, WorkspaceGrants.SYSTEM_TREES, "--workspace"))
                .isInstanceOf(CordonException.class).hasMessageContaining("may be the git directory " + ws)
                .hasMessageContaining("File name too long");
    }
}
