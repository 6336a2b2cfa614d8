package dev.cordon.platform.linux.mount;

import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding R29: every path of a plan is a real path, so a symlink anywhere on it (not only as its last
 * component) is a change since the plan, made by whoever owns a directory on the way, and the operation stops the
 * start (exit 90) instead of binding, remounting or copying owner and mode through it. {@code mine} is a directory a
 * member could rename and replace with {@code mine -> theirs}; each case runs with both interpreters, and beside each
 * refusal the same operation on the real path works.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "mounts need root")
class PrivateMountsNoLinksTest {
    private Path base;
    private Path theirs;
    private Path swapped;

    @BeforeEach
    void makeTrees() throws Exception {
        base = Files.createTempDirectory(Path.of("/srv"), "cordon-nolinks-").toRealPath();
        theirs = Files.createDirectory(base.resolve("theirs"));
        Files.writeString(theirs.resolve("f"), "THEIRS\n");
        Files.createDirectory(theirs.resolve("sub"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwx---")));
        Files.setPosixFilePermissions(theirs.resolve("sub"), PosixFilePermissions.fromString("rwxrwx---"));
        swapped = Files.createSymbolicLink(base.resolve("mine"), theirs); // was a directory when the plan was made
        Files.writeString(base.resolve("target"), "");
        Files.createDirectory(base.resolve("staged"));
    }

    @AfterEach
    void cleanUp() {
        FileTrees.deleteTree(base);
    }

    private static Exec.Result inside(List<MountOp> ops, String script, PrivateMounts.Interpreter interpreter) {
        return Exec.run(PrivateMounts.command(ops, false, List.of("/bin/sh", "-c", script), interpreter));
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void aBindSourceThroughASymlinkIsRefused(PrivateMounts.Interpreter interpreter) {
        Path target = base.resolve("target");
        Exec.Result refused = inside(List.of(MountOp.bind(swapped.resolve("f"), target)), "cat " + target, interpreter);
        assertThat(refused.exitCode()).as(refused.stdout() + refused.stderr()).isEqualTo(90);
        assertThat(refused.stdout()).doesNotContain("THEIRS");
        assertThat(refused.stderr()).contains("cannot bind " + target + " " + swapped.resolve("f"));
        Exec.Result real = inside(List.of(MountOp.bind(theirs.resolve("f"), target)), "cat " + target, interpreter);
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        assertThat(real.stdout()).isEqualTo("THEIRS\n");
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void aBindTargetThroughASymlinkIsRefused(PrivateMounts.Interpreter interpreter) throws Exception {
        Files.writeString(base.resolve("source"), "SOURCE\n");
        Exec.Result refused = inside(List.of(MountOp.bind(base.resolve("source"), swapped.resolve("f"))),
                "cat " + theirs.resolve("f"), interpreter);
        assertThat(refused.exitCode()).as(refused.stdout() + refused.stderr()).isEqualTo(90);
        assertThat(refused.stdout()).doesNotContain("SOURCE");
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void likeTakesNothingThroughASymlink(PrivateMounts.Interpreter interpreter) {
        Path staged = base.resolve("staged");
        Exec.Result refused = inside(List.of(MountOp.like(staged, swapped.resolve("sub"))), "stat -c %a " + staged, interpreter);
        assertThat(refused.exitCode()).as(refused.stdout() + refused.stderr()).isEqualTo(90);
        Exec.Result real = inside(List.of(MountOp.like(staged, theirs.resolve("sub"))), "stat -c %a " + staged, interpreter);
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        assertThat(real.stdout().strip()).isEqualTo("770");
    }

    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void readOnlyAndWritableThroughASymlinkAreRefused(PrivateMounts.Interpreter interpreter) {
        for (MountOp op : List.of(MountOp.readOnlyDir(swapped.resolve("sub")), MountOp.readOnlyFile(swapped.resolve("f")),
                MountOp.writable(swapped.resolve("sub")))) {
            Exec.Result r = inside(List.of(op), "true", interpreter);
            assertThat(r.exitCode()).as(op + ": " + r.stdout() + r.stderr()).isEqualTo(90);
        }
        Exec.Result real = inside(List.of(MountOp.readOnlyFile(theirs.resolve("f"))),
                "{ echo x >> " + theirs.resolve("f") + "; } 2>&1; true", interpreter);
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        assertThat(real.stdout()).contains("Read-only file system");
    }

    /**
     * R45: {@code hide-dir} mounts an empty tmpfs of the directory's owner, group and mode over it; through a symlink
     * (the directory moved away since the plan) it hides nothing, neither the link's target nor anything else, and the
     * start goes on (whoever moved the directory moved its sockets with it).
     */
    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void hideDirHidesTheDirectoryAndNothingThroughASymlink(PrivateMounts.Interpreter interpreter) throws Exception {
        Path sub = theirs.resolve("sub");
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxr-x--x"));
        Exec.Result hidden = inside(List.of(MountOp.hideDir(theirs)), "ls -A " + theirs + "; stat -c '%a %U' " + theirs,
                interpreter);
        assertThat(hidden.exitCode()).as(hidden.stderr()).isZero();
        assertThat(hidden.stdout().lines().toList()).as(hidden.stdout()).containsExactly("751 root");
        Exec.Result linked = inside(List.of(MountOp.hideDir(swapped)), "cat " + theirs.resolve("f") + "; ls -d " + sub,
                interpreter);
        assertThat(linked.exitCode()).as(linked.stderr()).isZero();
        assertThat(linked.stdout()).contains("THEIRS").contains(sub.toString());
        Exec.Result gone = inside(List.of(MountOp.hideDir(base.resolve("no-such-dir"))), "true", interpreter);
        assertThat(gone.exitCode()).as(gone.stderr()).isZero();
    }

    /**
     * R60: {@code cover} mounts what {@code hide-dir} does over a directory, {@code /dev/null} over a regular file; unlike
     * {@code hide-dir} it stops the start (exit 90, naming the path and the fix) when the path is reached through a
     * symlink or is not there: another path to a hidden place is never left uncovered.
     */
    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void coverHidesADirectoryOrFileAndRefusesASymlinkOrNothing(PrivateMounts.Interpreter interpreter) {
        Exec.Result dir = inside(List.of(MountOp.cover(theirs)), "ls -A " + theirs + "; echo END", interpreter);
        assertThat(dir.exitCode()).as(dir.stderr()).isZero();
        assertThat(dir.stdout().lines().toList()).as(dir.stdout()).containsExactly("END");
        Exec.Result file = inside(List.of(MountOp.cover(theirs.resolve("f"))), "cat " + theirs.resolve("f") + "; echo END",
                interpreter);
        assertThat(file.exitCode()).as(file.stderr()).isZero();
        assertThat(file.stdout().lines().toList()).as(file.stdout()).containsExactly("END");
        for (Path refused : List.of(swapped, swapped.resolve("f"), base.resolve("no-such-dir"))) {
            Exec.Result r = inside(List.of(MountOp.cover(refused)), "cat " + theirs.resolve("f"), interpreter);
            assertThat(r.exitCode()).as(refused + ": " + r.stdout() + r.stderr()).isEqualTo(90);
            assertThat(r.stdout()).doesNotContain("THEIRS");
            assertThat(r.stderr()).contains("cannot cover " + refused);
        }
    }

    /**
     * R63: {@code cover-socket-hex} covers the socket its hex bytes name (a path that is not valid UTF-8) with the
     * checks of {@code cover-socket}: reached through a symlink it is not the one planned, and nothing is covered.
     */
    @ParameterizedTest
    @EnumSource(PrivateMounts.Interpreter.class)
    void coverSocketHexCoversTheSocketItsBytesName(PrivateMounts.Interpreter interpreter) {
        byte[] name = {(byte) 0xff, '.', 's', 'o', 'c', 'k'};
        Exec.run(List.of("python3", "-c", "import socket, sys\nsocket.socket(socket.AF_UNIX).bind(bytes.fromhex(sys.argv[1]))",
                java.util.HexFormat.of().formatHex(bytes(theirs, name)))).orThrow("bind the non-UTF-8 socket");
        String type = "stat -c %F \"$(printf '" + theirs + "/\\377.sock')\"";
        Exec.Result covered = inside(List.of(MountOp.coverSocketBytes(bytes(theirs, name), theirs.resolve("x"))), type,
                interpreter);
        assertThat(covered.exitCode()).as(covered.stderr()).isZero();
        assertThat(covered.stdout().strip()).isEqualTo("character special file");
        Exec.Result linked = inside(List.of(MountOp.coverSocketBytes(bytes(swapped, name), swapped.resolve("x"))), type,
                interpreter);
        assertThat(linked.exitCode()).as(linked.stderr()).isZero();
        assertThat(linked.stdout().strip()).isEqualTo("socket");
    }

    private static byte[] bytes(Path dir, byte[] name) {
        byte[] head = (dir + "/").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + name.length);
        System.arraycopy(name, 0, out, head.length, name.length);
        return out;
    }
}
