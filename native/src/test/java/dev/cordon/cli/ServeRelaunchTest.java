package dev.cordon.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When `cordon serve` runs itself again with the full JIT, and with which command line. */
class ServeRelaunchTest {
    /** What the packaged launcher gives every command (AppImage.CLI_JAVA_OPTIONS), plus what jpackage adds. */
    private static final List<String> PACKAGED = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Xlog:disable", "-Xlog:all=warning:stderr", "-Djpackage.app-path=/opt/cordon/bin/cordon");

    @Test
    void thePackagedServeRunsAgainWithTheSameOptionsButTheCapAndWithItsArguments() {
        assertThat(ServeRelaunch.command(List.of("serve", "--instance", "work", "--member-max-sessions", "3"), PACKAGED,
                "/opt/cordon/lib/runtime/bin/java", "/opt/cordon/lib/app/cordon-native.jar:/opt/cordon/lib/app/x.jar", false))
                .contains(List.of("/opt/cordon/lib/runtime/bin/java", "-XX:+UseSerialGC", "-Xshare:auto", "-Xlog:disable",
                        "-Xlog:all=warning:stderr", "-Djpackage.app-path=/opt/cordon/bin/cordon",
                        "-Dcordon.serve.relaunched=true", "-cp",
                        "/opt/cordon/lib/app/cordon-native.jar:/opt/cordon/lib/app/x.jar", "dev.cordon.cli.CordonCli",
                        "serve", "--instance", "work", "--member-max-sessions", "3"));
    }

    @Test
    void nothingRunsAgainWithoutTheCapForOtherCommandsForHelpOrInTheRelaunch() {
        String java = "/usr/bin/java";
        List<String> serve = List.of("serve", "--instance", "work");
        assertThat(ServeRelaunch.command(serve, List.of("-XX:+UseSerialGC"), java, "c.jar", false)).as("./cordon serve").isEmpty();
        assertThat(ServeRelaunch.command(serve, List.of("-XX:TieredStopAtLevel=4"), java, "c.jar", false)).isEmpty();
        assertThat(ServeRelaunch.command(serve, PACKAGED, java, "c.jar", true)).as("the relaunch itself").isEmpty();
        assertThat(ServeRelaunch.command(List.of("run", "--", "serve"), PACKAGED, java, "c.jar", false)).isEmpty();
        assertThat(ServeRelaunch.command(List.of("status"), PACKAGED, java, "c.jar", false)).isEmpty();
        assertThat(ServeRelaunch.command(List.of("serve", "--help"), PACKAGED, java, "c.jar", false)).isEmpty();
        assertThat(ServeRelaunch.command(List.of("serve", "-h"), PACKAGED, java, "c.jar", false)).isEmpty();
        assertThat(ServeRelaunch.command(List.of(), PACKAGED, java, "c.jar", false)).isEmpty();
    }

    @Test
    void theCommandIsTheFirstArgumentThatIsNoOption() {
        assertThat(ServeRelaunch.subcommand(List.of("--verbose", "serve", "x"))).isEqualTo("serve");
        assertThat(ServeRelaunch.subcommand(List.of("-h"))).isEmpty();
    }

    @Test
    void aServeWhoseFileNamesAreNotUtf8RunsAgainEvenWithTheFullJitButNotFromTheRelaunch() {
        List<String> serve = List.of("serve", "--instance", "work");
        assertThat(ServeRelaunch.command(serve, List.of("-XX:+UseSerialGC"), "/usr/bin/java", "c.jar", false, false))
                .contains(List.of("/usr/bin/java", "-XX:+UseSerialGC", "-Dcordon.serve.relaunched=true", "-cp", "c.jar",
                        "dev.cordon.cli.CordonCli", "serve", "--instance", "work"));
        assertThat(ServeRelaunch.command(serve, List.of("-XX:+UseSerialGC"), "/usr/bin/java", "c.jar", true, false))
                .as("the relaunch itself: it refuses runner starts instead").isEmpty();
        assertThat(ServeRelaunch.command(List.of("status"), List.of(), "/usr/bin/java", "c.jar", false, false)).isEmpty();
    }
}
