package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.FileSecurity.DirectoryAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cordon's own files on Windows, through a recording {@link FakeWindowsFileAcl}: every DACL written (a table of the
 * exact SDDL), the state directory's ownership decision, and the calls in order.
 */
class WindowsFileSecurityTest {
    @TempDir
    Path root;
    private final FakeWindowsFileAcl acl = new FakeWindowsFileAcl();
    private final WindowsFileSecurity security = new WindowsFileSecurity(acl);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what                 | SDDL                                                                    | owner | protected | entries
            "owner-only file        | O:BAD:P(A;;FA;;;SY)(A;;FA;;;BA)                                          | BA | true | A;;FA;;;SY,A;;FA;;;BA",
            "owner-only directory   | O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)                                  | BA | true | A;OICI;FA;;;SY,A;OICI;FA;;;BA",
            "state directory        | O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU)                | BA | true | A;OICI;FA;;;SY,A;OICI;FA;;;BA,A;;0X100020;;;BU",
            "public read-only dir   | D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;WD)                |    | true | A;OICI;FA;;;SY,A;OICI;FA;;;BA,A;OICI;0X1200A9;;;WD",
    })
    void everyDaclCordonWritesIsExactlyThis(String what, String sddl, String owner, boolean isProtected, String entries) {
        String written = switch (what) {
            case "owner-only file" -> WindowsFileSecurity.OWNER_ONLY_FILE;
            case "owner-only directory" -> WindowsFileSecurity.OWNER_ONLY_DIRECTORY;
            case "state directory" -> Sddl.STATE_DIRECTORY;
            case "public read-only dir" -> Sddl.PUBLIC_READ_DIRECTORY;
            default -> throw new IllegalArgumentException(what);
        };
        assertThat(written).isEqualTo(sddl);
        assertThat(Sddl.owner(written).orElse(null)).isEqualTo(owner);
        assertThat(Sddl.dacl(written)).isEqualTo(new Sddl.Dacl(isProtected, List.of(entries.split(","))));
        // nobody but SYSTEM and the Administrators may write: every other entry is read or traverse only
        assertThat(Sddl.dacl(written).aces()).filteredOn(a -> !a.endsWith(";SY") && !a.endsWith(";BA"))
                .allSatisfy(a -> assertThat(a).doesNotContain(";FA;").doesNotContain("FW").doesNotContain("GA"));
    }

    @ParameterizedTest(name = "{0} -> trusted {1}, secure {2}")
    @CsvSource(delimiter = '|', value = {
            "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU)         | true  | true",
            "O:SYD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;;0x100020;;;BU)       | true  | true",
            "O:S-1-5-32-544D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU) | true | true",
            "O:S-1-5-18D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU)   | true  | true",
            "O:BAD:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;0x1200a9;;;BU)          | true  | false",
            "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU)(A;;FA;;;WD) | true | false",
            "O:S-1-5-21-1-2-3-1001D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU) | false | false",
            "O:S-1-5-21-1-2-3-500D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU) | false | false",
            "O:BUD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU)         | false | false",
            "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100020;;;BU)             | false | false",
    })
    void theStateDirectoryIsTrustedOnlyWhenTheAdministratorsOrSystemOwnIt(String sddl, boolean trusted, boolean secure) {
        DirectoryAccess access = WindowsFileSecurity.decide(sddl);
        assertThat(access.trustedOwner()).isEqualTo(trusted);
        assertThat(access.secure()).isEqualTo(secure);
        assertThat(access.description()).startsWith("owned by ").contains(sddl);
    }

    @Test
    void ownersFilesGetTheirDaclAtCreation() throws IOException {
        security.createOwnerOnlyFile(root.resolve("ledger.jsonl"));
        security.createOwnerOnlyDirectories(root.resolve("secrets").resolve("deep"));
        assertThat(acl.calls()).containsExactly(
                "createFile ledger.jsonl " + WindowsFileSecurity.OWNER_ONLY_FILE,
                "createDirectory secrets " + WindowsFileSecurity.OWNER_ONLY_DIRECTORY,
                "createDirectory deep " + WindowsFileSecurity.OWNER_ONLY_DIRECTORY);
        security.createOwnerOnlyDirectories(root.resolve("secrets"));
        assertThat(acl.calls()).hasSize(3);
        assertThatThrownBy(() -> security.createOwnerOnlyFile(root.resolve("ledger.jsonl")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void aStateDirectoryOfOursIsSecuredAndReadBack() throws IOException {
        Path dir = Files.createDirectory(root.resolve("Cordon-t1"));
        assertThat(security.stateDirectory(dir).secure()).isFalse(); // inherited entries, Users may list
        security.secureStateDirectory(dir);
        assertThat(acl.calls()).containsExactly("apply Cordon-t1 " + Sddl.STATE_DIRECTORY);
        DirectoryAccess access = security.stateDirectory(dir);
        assertThat(access.secure()).isTrue();
        assertThat(access.trustedOwner()).isTrue();
        assertThat(security.stateDirectory(root.resolve("missing")).exists()).isFalse();
    }

    @Test
    void aStateDirectorySomeoneElseCreatedIsRefusedAndLeftAsItWas() throws IOException {
        Path dir = Files.createDirectory(root.resolve("Cordon"));
        String theirs = "O:S-1-5-21-1-2-3-1001D:(A;OICI;FA;;;S-1-5-21-1-2-3-1001)(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
        acl.apply(dir, theirs);
        assertThatThrownBy(() -> security.secureStateDirectory(dir)).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
            assertThat(e.getMessage()).contains("S-1-5-21-1-2-3-1001").contains("nothing was changed");
        });
        assertThat(acl.calls()).containsExactly("apply Cordon " + theirs);
        assertThat(acl.read(dir)).isEqualTo(theirs);
    }

    @Test
    void theStateDirectoryIsDescribedByItsDaclNotByAPosixMode() {
        assertThat(security.stateDirectoryPolicy()).contains("Administrators", "protected DACL", "Users traverse only")
                .doesNotContain("0711", "root");
    }
}
