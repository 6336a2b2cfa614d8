package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.platform.AccountExtras.Extra;
import dev.cordon.platform.AccountExtras.Kind;
import dev.cordon.platform.LogonVerifier;
import dev.cordon.platform.SecretProtector;
import dev.cordon.testing.FakeAccountPasswords;
import dev.cordon.testing.FakeFileSecurity;
import dev.cordon.testing.FakeProtector;
import dev.cordon.vault.AccountCredentials;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Windows account's profile, hidden-user value, deny rights and sealed password, through recording fakes of
 * NetAPI/LSA, userenv and {@code LogonUserW}.
 */
class WindowsAccountExtrasTest {
    @TempDir
    Path root;
    private final RecordingAccountApi api = new RecordingAccountApi();
    private final RecordingProfiles profiles = new RecordingProfiles();
    private final FakeAccountPasswords passwords = new FakeAccountPasswords();
    private WindowsAccountExtras extras;

    @BeforeEach
    void setUp() {
        FakeProtector dpapi = new FakeProtector();
        dpapi.createKey();
        extras = new WindowsAccountExtras(api, profiles, credentials(root.resolve("credentials"), dpapi, api, passwords));
    }

    /**
     * The accounts' sealed passwords over the fakes: set-password is {@code NetUserSetInfo} 1003 on the recording
     * NetAPI (recorded) and in {@code passwords}; a logon of a disabled account is refused (1331), as Windows does.
     */
    static AccountCredentials credentials(Path dir, SecretProtector protector, RecordingAccountApi api,
                                          FakeAccountPasswords passwords) {
        LogonVerifier logons = (account, password) -> api.user(account)
                .filter(u -> (u.flags() & Netapi32Ext.UF_ACCOUNTDISABLE) != 0).isPresent()
                ? new LogonVerifier.Result(LogonVerifier.Outcome.REFUSED, Win32Errors.explain(1331).message())
                : passwords.logon(account, password);
        AccountCredentials.PasswordSetter setter = (account, password) -> {
            api.setPassword(account, password);
            passwords.setPassword(account, password);
        };
        return new AccountCredentials(dir, protector, new FakeFileSecurity(), logons, setter, passwords);
    }

    /** CreateProfile and DeleteProfileW in memory. */
    static final class RecordingProfiles implements ProfileApi {
        final Map<String, String> paths = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public Optional<String> profilePath(String sid) {
            return Optional.ofNullable(paths.get(sid));
        }

        @Override
        public String create(String sid, String account) {
            calls.add("CreateProfile " + sid + " " + account);
            paths.put(sid, "C:\\Users\\" + account);
            return paths.get(sid);
        }

        @Override
        public void delete(String sid) {
            calls.add("DeleteProfileW " + sid);
            paths.remove(sid);
        }
    }

    /** One of Cordon's accounts, enabled; its SID. */
    private String ourAccount(String name) {
        api.addUser(name, "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        return api.user(name).orElseThrow().sid();
    }

    private Extra extra(String account, Kind kind) {
        return extras.wanted(account).stream().filter(x -> x.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void eachAccountWantsItsProfileThenItsHiddenValueThenItsRightsThenItsSealedPassword() {
        assertThat(extras.wanted("cordon-offline")).extracting(Extra::step).containsExactly(
                "profile:cordon-offline", "hidden-user:cordon-offline", "deny-rights:cordon-offline",
                "account-secret:cordon-offline");
        assertThat(extra("cordon-offline", Kind.ACCOUNT_SECRET).target()).isEqualTo("cordon-offline");
        assertThat(extra("cordon-offline", Kind.REGISTRY_VALUE).target()).isEqualTo(
                "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\SpecialAccounts\\UserList\\cordon-offline");
    }

    @Test
    void theProfileIsCreatedOnceAndDeletedByTheSidRecorded() {
        String sid = ourAccount("cordon-offline");
        Extra profile = extra("cordon-offline", Kind.PROFILE);
        assertThat(extras.present(profile)).isFalse();
        Extra made = extras.make(profile);
        assertThat(made.facts()).containsEntry("sid", sid).containsEntry("path", "C:\\Users\\cordon-offline");
        assertThat(extras.present(profile)).isTrue();
        extras.make(profile); // there already: only recorded
        assertThat(profiles.calls).containsExactly("CreateProfile " + sid + " cordon-offline");
        extras.remove(made);
        extras.remove(made); // gone already: nothing
        assertThat(profiles.calls).containsExactly("CreateProfile " + sid + " cordon-offline", "DeleteProfileW " + sid);
    }

    @Test
    void theHiddenValueAndRightsAreRecordedWhenThereRepairedWhenNotAndRemovedBeforeTheAccount() {
        api.addUser("cordon-online", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        String sid = api.user("cordon-online").orElseThrow().sid();
        api.setHiddenValue("cordon-online", 0);
        api.changes.clear();
        Extra hidden = extras.make(extra("cordon-online", Kind.REGISTRY_VALUE));
        assertThat(api.changes).isEmpty(); // the account step made it: recorded, not made twice
        Extra rights = extras.make(extra("cordon-online", Kind.LSA_RIGHTS));
        assertThat(api.changes).containsExactly("addRights " + sid + " " + WindowsAccounts.DENY_RIGHTS);
        assertThat(extras.present(hidden)).isTrue();
        assertThat(extras.present(rights)).isTrue();
        api.changes.clear();
        extras.remove(rights);
        extras.remove(hidden);
        assertThat(api.changes).containsExactly("removeRights " + sid + " " + WindowsAccounts.DENY_RIGHTS,
                "deleteHiddenValue cordon-online");
        assertThat(extras.present(hidden)).isFalse();
    }

    @Test
    void aHiddenValueOfARecreatedAccountIsNotOurs() {
        api.addUser("cordon-online", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        Extra hidden = extras.make(extra("cordon-online", Kind.REGISTRY_VALUE));
        api.users.clear();
        api.addForeignUser("cordon-online");
        api.changes.clear();
        extras.remove(hidden);
        assertThat(api.changes).isEmpty();
    }

    @Test
    void aVanishedAccountOrARefusalIsASentence() {
        assertThatThrownBy(() -> extras.make(extra("cordon-offline", Kind.PROFILE))).isInstanceOf(CordonException.class)
                .hasMessageContaining("vanished");
        api.addUser("cordon-offline", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        api.failOn("addRights", 5);
        assertThatThrownBy(() -> extras.make(extra("cordon-offline", Kind.LSA_RIGHTS))).isInstanceOf(CordonException.class)
                .hasMessageContaining("denied access");
    }

    @Test
    void theSealedPasswordIsSetSealedAndProvenOnceThenRemovedWhateverItsState() {
        String sid = ourAccount("cordon-offline");
        Extra secret = extra("cordon-offline", Kind.ACCOUNT_SECRET);
        assertThat(extras.present(secret)).isFalse();
        assertThat(extras.leftToRemove(secret)).isFalse();
        api.changes.clear();
        Extra made = extras.make(secret);
        assertThat(made.facts()).containsEntry("sid", sid).doesNotContainKey("password");
        assertThat(api.changes).containsExactly("setPassword cordon-offline");
        assertThat(Files.exists(root.resolve("credentials/cordon-offline.credential"))).isTrue();
        assertThat(extras.present(secret)).isTrue();
        extras.make(secret); // proven already: nothing set again
        assertThat(passwords.sets).isEqualTo(1);

        passwords.changeElsewhere("cordon-offline"); // stale: no longer present, still left to remove
        assertThat(extras.present(secret)).isFalse();
        assertThat(extras.leftToRemove(secret)).isTrue();
        extras.remove(made);
        assertThat(extras.leftToRemove(secret)).isFalse();
        assertThat(root.resolve("credentials/cordon-offline.credential")).doesNotExist();
        extras.remove(made); // gone already: nothing
    }

    @Test
    void aPasswordThatDoesNotLogOnIsNeverRecordedAsMade() {
        api.addUser("cordon-online", "x".toCharArray(), Netapi32Ext.UF_ACCOUNTDISABLE, WindowsAccounts.USER_COMMENT);
        Extra secret = extra("cordon-online", Kind.ACCOUNT_SECRET);
        assertThatThrownBy(() -> extras.make(secret)).isInstanceOf(CordonException.class)
                .hasMessageContaining("sealed but not proven").hasMessageContaining("disabled")
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("cordon setup"));
        assertThat(extras.present(secret)).isFalse();
        assertThat(extras.leftToRemove(secret)).isTrue(); // the new password is pending on disk, for repair
        assertThat(passwords.wrongPasswords).isZero();
    }

    @Test
    void aPasswordPolicyRefusalIsItsSentenceAndLeavesNothingSealed() {
        api.addUser("cordon-offline", "x".toCharArray(), 0, WindowsAccounts.USER_COMMENT);
        passwords.refuseNextSet();
        assertThatThrownBy(() -> extras.make(extra("cordon-offline", Kind.ACCOUNT_SECRET)))
                .isInstanceOf(CordonException.class).hasMessageContaining("password policy");
        assertThat(extras.leftToRemove(extra("cordon-offline", Kind.ACCOUNT_SECRET))).isFalse();
    }
}
