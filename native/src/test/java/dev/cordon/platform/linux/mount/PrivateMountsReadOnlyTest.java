package dev.cordon.platform.linux.mount;

import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MountOp#readOnlyEverything} and {@link MountOp#writable}: in the private namespace a host mount whose mount
 * point has a space in its name (mountinfo writes it {@code \040}) becomes read-only and keeps its nosuid, nodev and
 * noexec; a directory bound writable again is writable; the host's view is unchanged. Each case runs with both
 * interpreters of the operations (the compiled program and the shell script).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "mounts need root")
class PrivateMountsReadOnlyTest {
    private Path base;
    private Path mounted;

    @BeforeEach
    void mountATmpfs() throws Exception {
        base = Files.createTempDirectory(Path.of("/srv"), "cordon-ro-");
        mounted = Files.createDirectory(base.resolve("a mount"));
        Exec.run(List.of("mount", "-t", "tmpfs", "-o", "nosuid,nodev,noexec,size=1m", "cordon-test-ro", mounted.toString()))
                .orThrow("mount tmpfs");
        Files.createDirectory(mounted.resolve("own"));
        Files.writeString(mounted.resolve("other.txt"), "x");
    }

    @AfterEach
    void cleanUp() {
        try {
            Exec.run(List.of("umount", mounted.toString())).orThrow("umount " + mounted);
        } finally {
            FileTrees.deleteTree(base);
        }
    }

    private Exec.Result inside(List<MountOp> ops, String script, PrivateMounts.Interpreter interpreter) {
        return Exec.run(PrivateMounts.command(ops, false, List.of("/bin/sh", "-c", script, "sh", mounted.toString()),
                interpreter));
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void everythingReadOnlyButWhatIsBoundWritableAgain(PrivateMounts.Interpreter interpreter) {
        Exec.Result r = inside(List.of(MountOp.readOnlyEverything(), MountOp.writable(mounted.resolve("own"))),
                "chmod 600 \"$1/other.txt\" 2>&1; touch \"$1/own/new\" && chmod 700 \"$1/own/new\" && echo own-ok;"
                        + " findmnt -n -o OPTIONS --target \"$1/other.txt\"; findmnt -n -o OPTIONS --target \"$1/own\";"
                        + " echo x > /dev/null && echo null-ok", interpreter);
        List<String> lines = r.stdout().lines().toList();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(lines.get(0)).contains("Read-only file system");
        assertThat(lines.get(1)).isEqualTo("own-ok");
        assertThat(lines.get(2)).startsWith("ro,").contains("nosuid", "nodev", "noexec");
        assertThat(lines.get(3)).startsWith("rw,").contains("nosuid", "nodev", "noexec");
        assertThat(lines.get(4)).isEqualTo("null-ok");
        assertThat(Exec.run(List.of("findmnt", "-n", "-o", "OPTIONS", mounted.toString())).stdout())
                .as("the host's view").startsWith("rw,");
    }

    /** Why the operation exists: without it, root's file on the mount is the namespace's to change. */
    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void withoutItTheMountStaysWritable(PrivateMounts.Interpreter interpreter) {
        Exec.Result r = inside(List.of(), "chmod 600 \"$1/other.txt\" && echo changed", interpreter);
        assertThat(r.stdout().strip()).as(r.stderr()).isEqualTo("changed");
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void aSymlinkIsNotBoundWritable(PrivateMounts.Interpreter interpreter) throws Exception {
        Path link = Files.createSymbolicLink(base.resolve("link"), mounted.resolve("own"));
        Exec.Result r = inside(List.of(MountOp.readOnlyEverything(), MountOp.writable(link)), "true", interpreter);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(90);
    }

    /** This build runs the compiled program (Linux x86-64, built by Maven): the shell script is only the fallback. */
    @Test
    void theCompiledProgramIsUsed() {
        assertThat(MountsProgram.path()).as("cordon-mounts built into the classes and loaded").isPresent();
        assertThat(PrivateMounts.command(List.of(), List.of("true")).get(0)).isEqualTo(MountsProgram.path().get());
    }
}
