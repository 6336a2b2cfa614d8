package dev.cordon.platform.linux;

import dev.cordon.core.Exec;
import dev.cordon.platform.Account;
import dev.cordon.testing.ThrowawayUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file root writes for a person (the support bundle in the Downloads of whoever ran the panel through pkexec or
 * sudo): theirs and 0600 from the start, and never written through a symlink they planted — at its name or on the
 * directory's path. A real throwaway account (removed afterwards), real files.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root to create a user and act as it")
class NewFileForUserTest {
    private static final ThrowawayUsers users = new ThrowawayUsers();
    private static final byte[] CONTENT = "PK bundle bytes".getBytes(StandardCharsets.UTF_8);
    private static Account alice;
    private static Path downloads;
    private final PosixFileSecurity files = new PosixFileSecurity();

    @BeforeAll
    static void createUser() throws Exception {
        alice = users.create("czbu");
        downloads = ThrowawayUsers.home(alice).resolve("Downloads");
        asAlice("mkdir", downloads.toString());
    }

    @AfterAll
    static void removeUser() {
        users.close(); // userdel --remove: the home and everything in it
    }

    private static void asAlice(String... command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + PosixIds.uid(alice),
                "--regid=" + PosixIds.gid(alice), "--init-groups", "--"));
        cmd.addAll(List.of(command));
        Exec.run(cmd).orThrow(String.join(" ", command));
    }

    @Test
    void theFileIsThePersonsAndOwnerOnlyFromTheStart() throws Exception {
        Path zip = downloads.resolve("cordon-support-1.zip");
        files.createNewFile(zip, CONTENT, Optional.of(alice));

        assertThat(Files.readAllBytes(zip)).isEqualTo(CONTENT);
        assertThat(Files.getAttribute(zip, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(PosixIds.uid(alice));
        assertThat(Files.getAttribute(zip, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(PosixIds.gid(alice));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zip, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
        // and an existing name is refused, the file left as it was
        assertThatThrownBy(() -> files.createNewFile(zip, "other".getBytes(StandardCharsets.UTF_8), Optional.of(alice)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(zip)).isEqualTo(CONTENT);
    }

    @Test
    void aSymlinkPlantedAtTheNameIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        // a file root may write and the person may not, and a name that does not exist yet
        Path victim = Files.createTempFile("cordon-victim-", ".txt");
        Path absent = victim.resolveSibling(victim.getFileName() + ".absent");
        try {
            Files.writeString(victim, "root's own");
            asAlice("ln", "-s", victim.toString(), downloads.resolve("planted.zip").toString());
            asAlice("ln", "-s", absent.toString(), downloads.resolve("dangling.zip").toString());

            assertThatThrownBy(() -> files.createNewFile(downloads.resolve("planted.zip"), CONTENT, Optional.of(alice)))
                    .isInstanceOf(FileAlreadyExistsException.class);
            assertThatThrownBy(() -> files.createNewFile(downloads.resolve("dangling.zip"), CONTENT, Optional.of(alice)))
                    .isInstanceOf(FileAlreadyExistsException.class);
            // root writing for itself is refused the same way
            assertThatThrownBy(() -> files.createNewFile(downloads.resolve("planted.zip"), CONTENT, Optional.empty()))
                    .isInstanceOf(FileAlreadyExistsException.class);

            assertThat(Files.readString(victim)).isEqualTo("root's own");
            assertThat(Files.getAttribute(victim, "unix:uid")).isEqualTo(0);
            assertThat(absent).doesNotExist();
            assertThat(Files.isSymbolicLink(downloads.resolve("planted.zip"))).isTrue();
        } finally {
            Files.deleteIfExists(victim);
            Files.deleteIfExists(absent);
        }
    }

    @Test
    void aSymlinkOnTheDirectorysPathIsRefused() throws Exception {
        Path elsewhere = Files.createTempDirectory("cordon-elsewhere-");
        try {
            Path link = ThrowawayUsers.home(alice).resolve("Linked");
            asAlice("ln", "-s", elsewhere.toString(), link.toString());
            assertThatThrownBy(() -> files.createNewFile(link.resolve("b.zip"), CONTENT, Optional.of(alice)))
                    .isInstanceOf(IOException.class).hasMessageContaining("symlink");
            assertThatThrownBy(() -> files.createNewFile(link.resolve("b.zip"), CONTENT, Optional.empty()))
                    .isInstanceOf(IOException.class).hasMessageContaining("symlink");
            try (var listed = Files.list(elsewhere)) {
                assertThat(listed.toList()).isEmpty();
            }
        } finally {
            dev.cordon.testing.TestInstance.deleteTree(elsewhere);
        }
    }

    /** The panel's exports (R31): the person chose to overwrite the name, so it is replaced — never followed. */
    @Test
    void replacingWritesTheNameItselfNeverThroughASymlink() throws Exception {
        Path victim = Files.createTempFile("cordon-replace-victim-", ".txt");
        Path elsewhere = Files.createTempDirectory("cordon-elsewhere-");
        try {
            Files.writeString(victim, "root's\n");
            Path planted = downloads.resolve("audit.csv");
            asAlice("ln", "-s", victim.toString(), planted.toString());
            files.replaceFile(planted, CONTENT, Optional.of(alice));
            assertThat(Files.readString(victim)).isEqualTo("root's\n");
            assertThat(Files.isSymbolicLink(planted)).isFalse();
            assertThat(Files.readAllBytes(planted)).isEqualTo(CONTENT);
            assertThat(Files.getAttribute(planted, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(PosixIds.uid(alice));
            files.replaceFile(planted, "again".getBytes(StandardCharsets.UTF_8), Optional.of(alice)); // an existing file
            assertThat(Files.readString(planted)).isEqualTo("again");
            files.replaceFile(planted, CONTENT, Optional.empty()); // as root: still the name itself
            assertThat(Files.readString(victim)).isEqualTo("root's\n");
            Path link = ThrowawayUsers.home(alice).resolve("Linked2");
            asAlice("ln", "-s", elsewhere.toString(), link.toString());
            assertThatThrownBy(() -> files.replaceFile(link.resolve("x.csv"), CONTENT, Optional.empty()))
                    .isInstanceOf(IOException.class).hasMessageContaining("symlink");
            try (var listed = Files.list(elsewhere)) {
                assertThat(listed.toList()).isEmpty();
            }
            try (var listed = Files.list(downloads)) {
                assertThat(listed.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.endsWith(".part"));
            }
        } finally {
            Files.deleteIfExists(victim);
            dev.cordon.testing.TestInstance.deleteTree(elsewhere);
        }
    }

    @Test
    void aDirectoryThePersonMayNotWriteIsRefused() throws Exception {
        Path rootOnly = Files.createTempDirectory("cordon-root-only-");
        try {
            Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThatThrownBy(() -> files.createNewFile(rootOnly.resolve("c.zip"), CONTENT, Optional.of(alice)))
                    .isInstanceOf(IOException.class).hasMessageContaining("permission denied");
            assertThat(rootOnly.resolve("c.zip")).doesNotExist();
        } finally {
            dev.cordon.testing.TestInstance.deleteTree(rootOnly);
        }
    }
}
