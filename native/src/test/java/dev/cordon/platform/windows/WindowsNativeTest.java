package dev.cordon.platform.windows;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Crypt32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.LMAccess;
import com.sun.jna.platform.win32.Netapi32;
import com.sun.jna.platform.win32.Shell32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinCrypt;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import dev.cordon.platform.LogonVerifier;
import dev.cordon.platform.SecretProtector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Win32 calls themselves, on a real Windows: run by .github/workflows/windows.yml ({@code -Dgroups=windows});
 * skipped everywhere else, where these calls do not exist.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class WindowsNativeTest {
    @TempDir
    Path temp;

    /** Elevated in the workflow: LSA lists every logon session; SYSTEM's (LUID 0x3e7) is always there. */
    @Test
    void lsaListsTheLogonSessionsWithTheirSidsAndTypes() {
        List<LogonSession> all = JnaLogonSessions.all();
        assertThat(all).anySatisfy(s -> {
            assertThat(s.logonId()).isEqualTo(0x3e7L);
            assertThat(s.sid()).isEqualTo("S-1-5-18");
        });
        assertThat(all).anySatisfy(s -> assertThat(s.user()).isEqualToIgnoringCase(System.getProperty("user.name")));
    }

    @Test
    void dpapiOpensABlobOnlyUnderTheNameAndInstallSecretItWasSealedWith() throws Exception {
        DpapiProtector dpapi = new DpapiProtector(temp.resolve("keys/host.key"), new JnaWindowsFileAcl());
        dpapi.createKey();
        byte[] aad = "GITHUB_TOKEN|v1".getBytes(StandardCharsets.UTF_8);
        byte[] secret = "ghp_not-a-real-token".getBytes(StandardCharsets.UTF_8);
        byte[] blob = dpapi.seal(secret, aad);
        assertThat(blob).isNotEmpty();
        assertThat(new String(blob, StandardCharsets.ISO_8859_1)).doesNotContain("ghp_not-a-real-token");
        assertThat(dpapi.unseal(blob, aad)).isEqualTo(secret);
        assertThatThrownBy(() -> dpapi.unseal(blob, "NPM_TOKEN|v1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SecretProtector.UnsealException.class);
        byte[] damaged = Arrays.copyOf(blob, blob.length);
        damaged[damaged.length - 5] ^= 0x40;
        assertThatThrownBy(() -> dpapi.unseal(damaged, aad)).isInstanceOf(SecretProtector.UnsealException.class);
        DpapiProtector otherInstall = new DpapiProtector(temp.resolve("other/host.key"), new JnaWindowsFileAcl());
        otherInstall.createKey();
        assertThatThrownBy(() -> otherInstall.unseal(blob, aad)).as("another install secret")
                .isInstanceOf(SecretProtector.UnsealException.class);
        assertThatThrownBy(() -> Crypt32Util.cryptUnprotectData(blob, WinCrypt.CRYPTPROTECT_UI_FORBIDDEN))
                .as("no entropy, as any program of the machine would try").isInstanceOf(Win32Exception.class);
        dpapi.destroyKey();
        assertThat(dpapi.keyPresent()).isFalse();
    }

    @Test
    void aFileCreatedWithTheSystemAndAdministratorsDaclReadsBackAsIt() throws Exception {
        JnaWindowsFileAcl acl = new JnaWindowsFileAcl();
        Path dir = temp.resolve("protected");
        acl.createDirectory(dir, Sddl.SYSTEM_AND_ADMINISTRATORS_DIRECTORY);
        assertThat(Sddl.sameDacl(acl.read(dir), Sddl.SYSTEM_AND_ADMINISTRATORS_DIRECTORY)).as(acl.read(dir)).isTrue();
        Path file = dir.resolve("secret");
        acl.createFile(file, Sddl.SYSTEM_AND_ADMINISTRATORS_FILE);
        assertThat(Sddl.sameDacl(acl.read(file), Sddl.SYSTEM_AND_ADMINISTRATORS_FILE)).as(acl.read(file)).isTrue();
        assertThatThrownBy(() -> acl.createFile(file, Sddl.SYSTEM_AND_ADMINISTRATORS_FILE))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);

        Path plain = Files.createFile(temp.resolve("plain"));
        assertThat(Sddl.sameDacl(acl.read(plain), Sddl.SYSTEM_AND_ADMINISTRATORS_FILE)).isFalse();
        acl.apply(plain, Sddl.SYSTEM_AND_ADMINISTRATORS_FILE);
        assertThat(Sddl.sameDacl(acl.read(plain), Sddl.SYSTEM_AND_ADMINISTRATORS_FILE)).as(acl.read(plain)).isTrue();
    }

    @Test
    void logonUserAcceptsAnAccountsPasswordAndTellsAWrongOneApart() {
        String name = "cdv" + Long.toHexString(System.nanoTime() & 0xffffffL);
        char[] password = new RandomPasswords().next();
        LMAccess.USER_INFO_1 user = new LMAccess.USER_INFO_1();
        user.usri1_name = name;
        user.usri1_password = new String(password);
        user.usri1_priv = LMAccess.USER_PRIV_USER;
        user.usri1_flags = 0x0001 | 0x10000; // UF_SCRIPT | UF_DONT_EXPIRE_PASSWD
        assertThat(Netapi32.INSTANCE.NetUserAdd(null, 1, user, null)).as("NetUserAdd").isZero();
        try {
            JnaLogonVerifier logons = new JnaLogonVerifier();
            assertThat(logons.logon(name, password).outcome()).isEqualTo(LogonVerifier.Outcome.ACCEPTED);
            char[] wrong = password.clone();
            wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
            LogonVerifier.Result refused = logons.logon(name, wrong);
            assertThat(refused.outcome()).as(refused.detail()).isEqualTo(LogonVerifier.Outcome.WRONG_PASSWORD);
        } finally {
            Netapi32.INSTANCE.NetUserDel(null, name);
        }
    }

    @Test
    void commandLineToArgvWSplitsOurCommandLinesBackIntoTheSameArgv() {
        Random random = new Random(20261127);
        String alphabet = "ab \t\"\\\\\\'^&|<>%!\u00e9\u4e2d";
        for (int i = 0; i < 500; i++) {
            List<String> argv = new ArrayList<>();
            argv.add(random.nextBoolean() ? "C:\\Program Files\\tool.exe" : "tool.exe");
            for (int a = 0, n = 1 + random.nextInt(4); a < n; a++) {
                StringBuilder s = new StringBuilder();
                for (int c = 0, len = random.nextInt(8); c < len; c++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                argv.add(s.toString());
            }
            String line = WindowsCommandLine.quote(argv);
            assertThat(commandLineToArgvW(line)).as(line).isEqualTo(argv).isEqualTo(WindowsCommandLine.parse(line));
        }
    }

    private static List<String> commandLineToArgvW(String line) {
        IntByReference count = new IntByReference();
        Pointer argv = Shell32.INSTANCE.CommandLineToArgvW(new WString(line), count);
        assertThat(argv).as("CommandLineToArgvW(%s)", line).isNotNull();
        try {
            return List.of(argv.getWideStringArray(0, count.getValue()));
        } finally {
            Kernel32.INSTANCE.LocalFree(argv);
        }
    }

    @Test
    void aJobObjectTakesTheSessionLimitsAndReadsThemBack() {
        Kernel32Ext k = Kernel32Ext.instance();
        WinNT.HANDLE job = k.CreateJobObjectW(null, null);
        assertThat(job).as("CreateJobObjectW: error %d", Kernel32.INSTANCE.GetLastError()).isNotNull();
        try {
            JobObjectInfo.ExtendedLimitInformation set = JobObjectInfo.ExtendedLimitInformation.forSession(64, 512L << 20);
            set.write();
            assertThat(k.SetInformationJobObject(job, JobObjectInfo.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, set,
                    set.size())).as("SetInformationJobObject: error %d", Kernel32.INSTANCE.GetLastError()).isTrue();
            JobObjectInfo.ExtendedLimitInformation read = new JobObjectInfo.ExtendedLimitInformation();
            assertThat(k.QueryInformationJobObject(job, JobObjectInfo.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, read,
                    read.size(), null)).isTrue();
            read.read();
            assertThat(read.BasicLimitInformation.LimitFlags).isEqualTo(set.BasicLimitInformation.LimitFlags);
            assertThat(read.BasicLimitInformation.ActiveProcessLimit).isEqualTo(64);
            assertThat(read.JobMemoryLimit.longValue()).isEqualTo(512L << 20);
        } finally {
            Kernel32.INSTANCE.CloseHandle(job);
        }
    }
}
