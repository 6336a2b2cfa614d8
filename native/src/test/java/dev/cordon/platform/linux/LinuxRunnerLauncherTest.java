package dev.cordon.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.Group;
import dev.cordon.platform.ProcessContainer;
import dev.cordon.platform.RunnerLaunch;
import dev.cordon.platform.RunnerSetup;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The command line a declared launch becomes, read without starting anything (no root needed). */
class LinuxRunnerLauncherTest {
    private static final Account SANDBOX = new Account("cordon-offline", Principal.uid(1234), Principal.gid(1235), "/nonexistent", "/usr/sbin/nologin",
            List.of());
    private static final List<String> RUNNER = List.of("/usr/bin/java", "-cp", "x", "Runner");
    /** The compiled mount program, run from the memfd this process holds (see PrivateMounts). */
    private static final String MOUNTS_PROGRAM = "/proc/" + ProcessHandle.current().pid() + "/fd/\\d+";

    @Test
    void aPidNamespaceOnlyWhenTheSetupAsksForItSoTheDoctorsProbeCanBeShownToFailWithoutIt() {
        List<String> without = LinuxRunnerLauncher.command(launch(List.of(), List.of(new RunnerSetup.PrivateIpc())));
        List<String> with = LinuxRunnerLauncher.command(launch(List.of(), List.of(new RunnerSetup.PrivateIpc(),
                new RunnerSetup.PrivateProcesses())));

        assertThat(without.subList(0, without.indexOf("--"))).doesNotContain("--pid");
        assertThat(with.get(0)).matches(MOUNTS_PROGRAM);
        assertThat(with.subList(0, with.indexOf("--"))).contains("--pid");
    }

    @Test
    void aNetworkNamespaceOnlyWhenTheSetupAsksForIt() {
        List<String> without = LinuxRunnerLauncher.command(launch(List.of(), List.of(new RunnerSetup.PrivateProcesses())));
        List<String> with = LinuxRunnerLauncher.command(launch(List.of(), List.of(new RunnerSetup.PrivateProcesses(),
                new RunnerSetup.PrivateNetwork(), new RunnerSetup.PrivateIpc())));

        assertThat(without.subList(0, without.indexOf("--"))).doesNotContain("--net");
        assertThat(with.subList(1, 4)).as("cordon-mounts' order").containsExactly("--pid", "--net", "--ipc");
    }

    @Test
    void theSetupStepsBecomeMountOperationsInTheirOrderThenTheAccountThenTheRunner() {
        List<String> argv = LinuxRunnerLauncher.command(launch(List.of(), List.of(new RunnerSetup.ReadOnlyEverything(),
                new RunnerSetup.Writable(Path.of("/srv/project/a")), new RunnerSetup.Writable(Path.of("/srv/project/a/b")),
                new RunnerSetup.ReadOnly(Path.of("/srv/project/a/.git"), true),
                new RunnerSetup.ReadOnly(Path.of("/srv/project/a/.git/config"), false), new RunnerSetup.PrivateIpc(),
                new RunnerSetup.PrivateProcesses(), new RunnerSetup.NoControllingTerminal())));

        assertThat(argv.get(0)).endsWith("/setsid");
        assertThat(argv.get(1)).as("the compiled cordon-mounts, held by this process").matches(MOUNTS_PROGRAM);
        assertThat(argv.get(2)).as("a pid namespace of its own (R46)").isEqualTo("--pid");
        assertThat(argv.get(3)).isEqualTo("--ipc");
        int script = 3;
        int end = argv.indexOf("--");
        assertThat(argv.subList(script + 1, end)).containsExactly("ro-all", "/", "rw", "/srv/project/a", "rw", "/srv/project/a/b",
                "ro-dir", "/srv/project/a/.git", "ro-file", "/srv/project/a/.git/config", "mqueue", "/dev/mqueue");
        List<String> asAccount = argv.subList(end + 1, argv.size());
        assertThat(asAccount.get(0)).endsWith("/setpriv");
        assertThat(asAccount.subList(1, 7)).containsExactly("--reuid=1234", "--regid=1235", "--clear-groups",
                "--pdeathsig=TERM", "--", "/usr/bin/java");
        assertThat(asAccount.subList(6, asAccount.size())).isEqualTo(RUNNER);
    }

    @Test
    void withoutTheTerminalAndIpcStepsThereIsNoSetsidNoIpcNamespaceAndNoQueueMount() {
        List<String> argv = LinuxRunnerLauncher.command(launch(List.of(), List.of(new RunnerSetup.ReadOnlyEverything())));

        assertThat(argv.get(0)).matches(MOUNTS_PROGRAM);
        assertThat(argv).doesNotContain("--ipc", "mqueue").noneMatch(a -> a.endsWith("/setsid"));
    }

    @Test
    void extraGroupsAreTheRunnersOnlySupplementaryGroups() {
        List<String> argv = LinuxRunnerLauncher.asAccount(launch(List.of(new Group("cordon-s1", Principal.gid(4001), List.of()),
                new Group("cordon-s2", Principal.gid(4002), List.of())), List.of()));

        assertThat(argv).contains("--groups=4001,4002").doesNotContain("--clear-groups");
    }

    @Test
    void aContainerOfAnotherPlatformIsRefused() {
        assertThatThrownBy(() -> new LinuxRunnerLauncher().launch(launch(List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session cgroup");
    }

    @Test
    void theWrappersExitStatusesAreNamed() {
        LinuxRunnerLauncher launcher = new LinuxRunnerLauncher();
        assertThat(launcher.describeExit(125)).contains("could not enter the session's cgroup");
        assertThat(launcher.describeExit(90)).contains("status 90").contains("reached through a symlink")
                .contains(".git, .codex or .agents");
        assertThat(launcher.describeExit(137)).contains("signal 9 (SIGKILL)");
        assertThat(launcher.describeExit(3)).isEqualTo("it exited with status 3");
    }

    private static RunnerLaunch launch(List<Group> groups, List<RunnerSetup> setup) {
        return new RunnerLaunch(SANDBOX, groups, new NotACgroup(), setup, Map.of("PATH", "/usr/bin"), RUNNER);
    }

    private static final class NotACgroup implements ProcessContainer {
        @Override
        public String session() {
            return "s1";
        }

        @Override
        public Optional<Path> delegatedDirectory() {
            return Optional.empty();
        }

        @Override
        public Set<Long> pids() {
            return Set.of();
        }

        @Override
        public void killAll() {
        }

        @Override
        public void close() {
        }
    }
}
