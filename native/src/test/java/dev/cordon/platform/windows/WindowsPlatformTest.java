package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.Platform;
import dev.cordon.platform.PlatformProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Windows composition, checked on Linux: nothing in it loads a Windows library until called, the provider is
 * registered, and every part this build does not have refuses with one sentence naming it (never a made-up answer).
 */
class WindowsPlatformTest {
    private final Platform platform = new WindowsPlatform(new Instance("t1", Path.of("/srv/project/state")));

    @Test
    void theProviderIsRegisteredAndAnswersForWindowsOnly() {
        List<String> providers = ServiceLoader.load(PlatformProvider.class).stream()
                .map(p -> p.type().getName()).toList();
        assertThat(providers).contains(WindowsPlatformProvider.class.getName());
        WindowsPlatformProvider provider = new WindowsPlatformProvider();
        assertThat(provider.supports("windows 11")).isTrue();
        assertThat(provider.supports("windows server 2019")).isTrue();
        assertThat(provider.supports("linux")).isFalse();
        assertThat(provider.create(Instance.of("t1"))).isInstanceOf(WindowsPlatform.class);
        assertThat(provider.preloadConfinedCommands()).isEmpty();
        assertUnavailable(() -> provider.confinedCommands(null), "Starting confined commands on Windows");
    }

    @Test
    void sessionsAreRefusedWithOneSentence() {
        assertThat(platform.os()).isEqualTo("windows");
        assertThat(platform.sessionsUnavailable()).hasValueSatisfying(why -> {
            assertThat(why).contains("does not start sandbox sessions on Windows yet").endsWith(".");
            assertThat(why.split("\\. ")).hasSize(1);
        });
        assertThat(platform.requiredTools()).isEmpty();
        assertThat(platform.elevationName()).isEqualTo("an elevated administrator");
    }

    @Test
    void partsNotInThisBuildRefuseNamingThePart() {
        assertUnavailable(() -> platform.sessionContainers().reap("s1"), "job objects");
        assertUnavailable(() -> platform.runnerLauncher().describeExit(1), "session runners on Windows");
        assertUnavailable(() -> platform.processTable().snapshot(), "process table on Windows");
        assertUnavailable(() -> platform.leftoverSources().temporaryRoots(), "TEMP profiles");
        assertUnavailable(() -> platform.networkProbe().probe("x", List.of()), "as a sandbox account");
        assertUnavailable(() -> platform.hostTransport().listen(Path.of("p"), "g"), "named pipe");
        assertUnavailable(() -> platform.hostTransport().checkEndpoint(Path.of("p")), "named pipe");
        assertUnavailable(() -> platform.hostTransport().startDetached(List.of("cordon", "serve"), Path.of("l")), "named pipe");
        assertUnavailable(() -> platform.processStarts().startOf(1), "GetProcessTimes");
        assertUnavailable(() -> platform.workspaceAccess().lend("s", List.of(), java.util.Set.of(), null, 022),
                "Lending workspaces on Windows");
        assertUnavailable(() -> platform.scratchSpaces().bound(Path.of("d"), 1, null), "scratch");
        assertThat(platform.sessionContainers().toString()).startsWith("not in this build: ");
    }

    @Test
    void withoutSessionsNothingIsLentOrBoundedSoUninstallAndTheDoctorFindNone() {
        assertThat(platform.workspaceAccess().describe()).isEmpty();
        assertThat(platform.workspaceAccess().stuck()).isEmpty();
        assertThat(platform.workspaceAccess().lentRoots()).isEmpty();
        assertThat(platform.scratchSpaces().under(Path.of("/srv/project/state"))).isEmpty();
        assertThat(platform.scratchSpaces().removeAllUnder(Path.of("/srv/project/state"))).isEmpty();
    }

    @Test
    void credentialsAreSealedWithDpapiAndProvenByALogon() {
        assertThat(platform.protector()).isInstanceOf(DpapiProtector.class);
        assertThat(platform.protector().scheme()).isEqualTo("dpapi/machine+install-secret");
        assertThat(platform.logonVerifier()).containsInstanceOf(JnaLogonVerifier.class);
    }

    private static void assertUnavailable(ThrowingRunnable call, String names) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains(names).contains("is not part of this build yet");
            assertThat(e.fix()).isNotBlank();
        });
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

}
