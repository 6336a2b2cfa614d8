package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.LMAccess;
import com.sun.jna.platform.win32.Netapi32;
import dev.cordon.vault.AccountCredentials;
import dev.cordon.vault.CredentialState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential vault end to end on a real Windows, elevated (run by .github/workflows/windows.yml with
 * {@code -Dgroups=windows}): DPAPI with the install secret, NetUserSetInfo 1003 through WindowsAccounts, LogonUserW.
 * A throw-away local account carrying Cordon's comment is made and deleted. Has not run yet.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class AccountCredentialsNativeTest {
    @TempDir
    Path temp;

    @Test
    void missingThenVerifiedThenStaleWhenChangedElsewhereThenVerifiedAgain() {
        String name = "cdc" + Long.toHexString(System.nanoTime() & 0xffffffL);
        char[] first = new RandomPasswords().next();
        LMAccess.USER_INFO_1 user = new LMAccess.USER_INFO_1();
        user.usri1_name = name;
        user.usri1_password = new String(first);
        user.usri1_priv = LMAccess.USER_PRIV_USER;
        user.usri1_comment = WindowsAccounts.USER_COMMENT;
        user.usri1_flags = 0x0001 | 0x10000; // UF_SCRIPT | UF_DONT_EXPIRE_PASSWD
        assertThat(Netapi32.INSTANCE.NetUserAdd(null, 1, user, null)).as("NetUserAdd").isZero();
        try {
            JnaWindowsFileAcl acl = new JnaWindowsFileAcl();
            DpapiProtector protector = new DpapiProtector(temp.resolve("keys/host.key"), acl);
            protector.createKey();
            WindowsAccounts accounts = WindowsAccounts.system();
            AccountCredentials credentials = new AccountCredentials(temp.resolve("credentials"), protector,
                    new WindowsFileSecurity(acl), new JnaLogonVerifier(), accounts::setPassword,
                    new RandomPasswords()::next);

            assertThat(credentials.status(name, true).state()).isEqualTo(new CredentialState.Missing());
            assertThat(credentials.ensure(name).state()).isInstanceOf(CredentialState.Verified.class);
            assertThat(credentials.status(name, true).state()).isInstanceOf(CredentialState.Verified.class);

            accounts.setPassword(name, new RandomPasswords().next());
            assertThat(credentials.status(name, true).state()).as("changed elsewhere")
                    .isInstanceOf(CredentialState.Stale.class);
            assertThat(credentials.ensure(name).state()).isInstanceOf(CredentialState.Verified.class);
            credentials.remove(name);
            protector.destroyKey();
        } finally {
            Netapi32.INSTANCE.NetUserDel(null, name);
        }
    }
}
