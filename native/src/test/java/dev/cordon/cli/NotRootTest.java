package dev.cordon.cli;

import dev.cordon.core.Exec;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real CLI as an unprivileged user (nobody) and expects a refusal with exit 77 before anything is read or
 * changed. The test classpath may sit under root's home, so it is copied to a world-readable directory first.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root to switch to nobody")
class NotRootTest {
    private Path stage;
    private final TestInstance t = new TestInstance();

    @AfterEach
    void cleanUp() {
        if (stage != null) {
            TestInstance.deleteTree(stage);
        }
        t.close();
    }

    @Test
    void everyPrivilegedCommandRefusesWith77AndChangesNothing() throws IOException {
        stage = Files.createTempDirectory("cordon-nonroot-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        List<String> cp = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = stage.resolve((i++) + "-" + src.getFileName());
            copyTree(src, dst);
            cp.add(dst.toString());
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        for (List<String> args : List.of(List.of("setup"), List.of("uninstall"), List.of("doctor"), List.of("status"),
                List.of("secret", "list"), List.of("audit"))) {
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    java, "-XX:-UsePerfData", "-cp", String.join(File.pathSeparator, cp), CordonCli.class.getName()));
            cmd.addAll(args);
            cmd.add("--instance=" + t.name());
            Exec.Result r = Exec.run(cmd, null, Map.of("HOME", stage.toString()), 60);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.stderr()).isEqualTo(77);
            assertThat(r.stderr()).contains("needs root").contains("sudo");
        }
        assertThat(t.systemFootprint()).isEmpty();
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}
