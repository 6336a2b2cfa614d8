package dev.cordon.platform.linux;

import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.AsUser;
import dev.cordon.platform.linux.Passwd;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.testing.TestInstance;
import dev.cordon.testing.ThrowawayUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a member may lend, decided by the kernel with the member's own credentials on one host thread: real throwaway
 * accounts alice and bob, real files, the real grant (ids 62000/62001 stand for the sandbox group and account).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root to create users and switch identity")
class LendCheckTest {
    private static final int GID = 62000;
    private static final Set<Integer> SANDBOX_UIDS = Set.of(62001);
    private static final ThrowawayUsers users = new ThrowawayUsers();
    private static Account alice;
    private static Account bob;
    private static Caller asAlice;

    private TestInstance t;
    private WorkspaceGrants grants;
    private Path scratch;

    @BeforeAll
    static void createUsers() {
        alice = users.create("czla");
        bob = users.create("czlb");
        asAlice = new Caller(alice.id(), alice.primaryGroup(), Passwd.load().gidsOf(alice).stream().map(g -> (Principal) Principal.gid(g)).toList(), alice.name());
    }

    @AfterAll
    static void removeUsers() {
        users.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        t = new TestInstance();
        Files.createDirectories(t.instance.stateDir());
        grants = new WorkspaceGrants(t.instance, new dev.cordon.platform.linux.ProcStatStarts());
        scratch = Files.createTempDirectory(Path.of("/tmp"), "cordon-lend-").toRealPath();
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void tearDown() {
        try {
            grants.giveBackAll();
        } finally {
            TestInstance.deleteTree(scratch);
            t.close();
        }
    }

    private static Path ownedDir(Path dir, Account owner) throws Exception {
        Files.createDirectories(dir);
        chown(owner, dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static Path ownedFile(Path file, Account owner, String mode) throws Exception {
        Files.writeString(file, "x\n");
        chown(owner, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static void chown(Account owner, Path p) {
        Exec.run(List.of("chown", "-h", PosixIds.uid(owner) + ":" + PosixIds.gid(owner), p.toString())).orThrow("chown");
    }

    private static String acl(Path p) {
        return Exec.run(List.of("getfacl", "--absolute-names", "--numeric", "--omit-header", p.toString())).orThrow("getfacl").stdout();
    }

    private void lendAsAlice(Path root) {
        grants.lend("s1", List.of(root), GID, SANDBOX_UIDS, asAlice);
    }

    @Test
    void aMemberMayAllowOnlyASocketItCouldConnectToItself() throws Exception {
        Path open = Files.createDirectories(scratch.resolve("open"));
        Path closed = Files.createDirectories(scratch.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        try (var world = dev.cordon.platform.linux.UnixSocketListener.open(open.resolve("world.sock"));
             var rootOnly = dev.cordon.platform.linux.UnixSocketListener.open(open.resolve("root-only.sock"));
             var hidden = dev.cordon.platform.linux.UnixSocketListener.open(closed.resolve("hidden.sock"));
             var alices = dev.cordon.platform.linux.UnixSocketListener.open(open.resolve("alices.sock"))) {
            Files.setPosixFilePermissions(rootOnly.path(), PosixFilePermissions.fromString("rwx------"));
            chown(alice, alices.path());
            Files.setPosixFilePermissions(alices.path(), PosixFilePermissions.fromString("rwx------"));

            LendCheck.requireSocket(asAlice, world.path());
            LendCheck.requireSocket(asAlice, alices.path()); // her own, whatever its mode
            assertThatThrownBy(() -> LendCheck.requireSocket(asAlice, rootOnly.path()))
                    .isInstanceOf(CordonException.class).hasMessageContaining("may not connect to it")
                    .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.FORBIDDEN));
            assertThatThrownBy(() -> LendCheck.requireSocket(asAlice, hidden.path()))
                    .isInstanceOf(CordonException.class).hasMessageContaining("cannot reach it");
        }
    }

    @Test
    void aMemberLendsItsOwnProjectInsideIts0700HomeAndGetsTheSandboxFilesBack() throws Exception {
        Path project = ownedDir(ThrowawayUsers.home(alice).resolve("project"), alice);
        ownedFile(project.resolve("main.c"), alice, "rw-------");
        lendAsAlice(project);
        assertThat(acl(project.resolve("main.c"))).contains("group:" + GID + ":rw-");
        Path made = project.resolve("made.txt");
        Files.writeString(made, "sandbox\n");
        Exec.run(List.of("chown", "62001:" + GID, made.toString())).orThrow("chown");
        grants.giveBack("s1");
        assertThat((Integer) Files.getAttribute(made, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(PosixIds.uid(alice));
        assertThat(acl(project.resolve("main.c"))).doesNotContain(Integer.toString(GID));
        // the check's identity stayed on its own thread: this one is still root
        assertThat(Files.readString(Path.of("/etc/shadow"))).contains("root:");
    }

    @Test
    void filesGoBackWithTheMembersPrimaryGroupNotTheGidItConnectedWith() throws Exception {
        Path project = ownedDir(scratch.resolve("alice-users"), alice);
        Caller viaUsersGroup = new Caller(alice.id(), Principal.gid(100), List.of(alice.primaryGroup(), Principal.gid(100)), alice.name());
        grants.lend("s1", List.of(project), GID, SANDBOX_UIDS, viaUsersGroup);
        Path made = project.resolve("made.txt");
        Files.writeString(made, "sandbox\n");
        Exec.run(List.of("chown", "62001:" + GID, made.toString())).orThrow("chown");
        grants.giveBack("s1");
        assertThat((Integer) Files.getAttribute(made, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(PosixIds.uid(alice));
        assertThat((Integer) Files.getAttribute(made, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(PosixIds.gid(alice));
    }

    @Test
    void anotherMembersProjectBehindIts0700HomeIsRefusedAndNothingChanges() throws Exception {
        Path bobs = ownedDir(ThrowawayUsers.home(bob).resolve("project"), bob);
        Files.setPosixFilePermissions(bobs, PosixFilePermissions.fromString("rwxrwxrwx"));
        String before = acl(bobs);
        assertThatThrownBy(() -> lendAsAlice(bobs))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FORBIDDEN))
                .hasMessageContaining("Refused to lend " + bobs + " to a session of " + alice.name() + " (uid " + PosixIds.uid(alice) + ")")
                .hasMessageContaining("cannot open it");
        assertThat(acl(bobs)).isEqualTo(before);
        assertThat(acl(ThrowawayUsers.home(bob))).doesNotContain(Integer.toString(GID));
    }

    @Test
    void aRootOwnedDirectoryIsRefused() throws Exception {
        Path rootOnly = Files.createDirectory(scratch.resolve("root-only"));
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> lendAsAlice(rootOnly)).hasMessageContaining("may not read and write it");
        assertThat(acl(rootOnly)).doesNotContain(Integer.toString(GID));
    }

    @Test
    void aWorldWritableDirectoryOfSomebodyElseIsCheckedToo() throws Exception {
        Path open = ownedDir(scratch.resolve("bobs-open"), bob);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> lendAsAlice(open)).hasMessageContaining("may not read and write it");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        lendAsAlice(open); // writable by anyone, alice included: nothing to grant, nothing beyond her reach
    }

    @Test
    void aFileOfSomebodyElseInsideTheTreeIsRefusedByNameUnlessTheMemberMayWriteIt() throws Exception {
        Path project = ownedDir(scratch.resolve("alice-tree"), alice);
        Path sub = ownedDir(project.resolve("sub"), alice);
        Path bobs = ownedFile(sub.resolve("bobs.txt"), bob, "rw-r--r--");
        String before = acl(bobs);
        assertThatThrownBy(() -> lendAsAlice(project))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FORBIDDEN))
                .hasMessageContaining(bobs + " belongs to uid " + PosixIds.uid(bob));
        assertThat(acl(bobs)).isEqualTo(before);
        assertThat(acl(project)).doesNotContain(Integer.toString(GID));
        // the same file, writable by alice's group: within her reach, so lendable
        Exec.run(List.of("chgrp", Integer.toString(PosixIds.gid(alice)), bobs.toString())).orThrow("chgrp");
        Files.setPosixFilePermissions(bobs, PosixFilePermissions.fromString("rw-rw-r--"));
        lendAsAlice(project);
        assertThat(acl(bobs)).contains("group:" + GID + ":rw-");
    }

    @Test
    void aDirectoryOfHersThatSheCannotListIsRefused() throws Exception {
        Path project = ownedDir(scratch.resolve("alice-closed"), alice);
        Path closed = Files.createDirectory(project.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------")); // root's
        assertThatThrownBy(() -> lendAsAlice(project)).hasMessageContaining(closed + " belongs to uid 0");
    }

    @Test
    void aSymlinkInThePathIsRefused() throws Exception {
        Path real = ownedDir(scratch.resolve("real"), alice);
        Path link = Files.createSymbolicLink(scratch.resolve("link"), real);
        assertThatThrownBy(() -> lendAsAlice(link)).hasMessageContaining("it is not a directory but a symlink");
        Path inner = ownedDir(real.resolve("inner"), alice);
        assertThatThrownBy(() -> lendAsAlice(link.resolve("inner"))).hasMessageContaining("a symlink on the way");
        lendAsAlice(inner);
    }

    @Test
    void rootIsNeverCheckedThisWay() {
        assertThatThrownBy(() -> AsUser.call(Caller.ROOT, () -> 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
