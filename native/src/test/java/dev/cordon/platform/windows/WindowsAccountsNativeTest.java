package dev.cordon.platform.windows;

import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WindowsAccounts} on a real, elevated Windows (the {@code windows-native} job of .github/workflows/windows.yml,
 * {@code -Dgroups=windows}): a group and a user with names unique to the run, posture read back, hidden, rights added
 * and removed, everything deleted in {@code finally}. Skipped everywhere else.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class WindowsAccountsNativeTest {
    @Test
    void createReadBackLockDownAndRemoveASandboxAccount() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("cw");
        for (int i = 0; i < 6; i++) {
            id.append((char) ('a' + random.nextInt(26)));
        }
        Instance instance = Instance.of(id.toString()).withUserNameLimit(Instance.SAM_USER_NAME_LIMIT);
        String groupName = instance.sandboxGroup();
        String userName = instance.offlineAccount();
        assertThat(userName.length()).isLessThanOrEqualTo(20);
        JnaAccountApi api = new JnaAccountApi();
        WindowsAccounts accounts = new WindowsAccounts(api, new RandomPasswords());
        assertThat(api.isDomainController()).isFalse();
        String sid = null;
        try {
            Group group = accounts.createGroup(groupName);
            assertThat(group.id().value()).startsWith("S-1-5-21-");
            Account account = accounts.createSandboxUser(userName, groupName);
            sid = account.id().value();
            assertThat(accounts.hasPrimaryGroup(account, group)).isTrue();
            AccountPosture posture = accounts.posture(account);
            assertThat(posture.findings()).isEmpty();
            assertThat(api.user(userName).orElseThrow().flags() & WindowsAccounts.REQUIRED_FLAGS)
                    .isEqualTo(WindowsAccounts.REQUIRED_FLAGS);
            assertThat(api.hiddenValue(userName)).hasValue(0);
            assertThat(api.rights(sid)).containsAll(WindowsAccounts.DENY_RIGHTS);
            assertThat(accounts.group(groupName).orElseThrow().members()).contains(userName);

            char[] password = new RandomPasswords().next();
            try {
                accounts.setPassword(userName, password);
            } finally {
                RandomPasswords.zero(password);
            }
            api.removeRights(sid, java.util.List.of("SeDenyBatchLogonRight"));
            api.deleteHiddenValue(userName);
            assertThat(accounts.posture(account).findings()).hasSize(2);
            accounts.enforceLockdown(userName);
            assertThat(accounts.posture(account).findings()).isEmpty();

            accounts.deleteUser(userName);
            assertThat(accounts.user(userName)).isEmpty();
            assertThat(api.hiddenValue(userName)).isEmpty();
            assertThat(api.rights(sid)).doesNotContainAnyElementsOf(WindowsAccounts.DENY_RIGHTS);
            accounts.deleteGroup(groupName);
            assertThat(accounts.group(groupName)).isEmpty();
        } finally {
            cleanUp(api, userName, groupName, sid);
        }
    }

    private static void cleanUp(JnaAccountApi api, String user, String group, String sid) {
        try {
            if (sid != null) {
                api.removeRights(sid, WindowsAccounts.DENY_RIGHTS);
            }
        } catch (RuntimeException ignored) {
            // best effort: the assertions above report what failed
        }
        try {
            if (api.hiddenValue(user).isPresent()) {
                api.deleteHiddenValue(user);
            }
        } catch (RuntimeException ignored) {
            // best effort
        }
        try {
            if (api.user(user).isPresent()) {
                api.deleteUser(user);
            }
        } catch (RuntimeException ignored) {
            // best effort
        }
        try {
            if (api.localGroup(group).isPresent()) {
                api.deleteLocalGroup(group);
            }
        } catch (RuntimeException ignored) {
            // best effort
        }
    }
}
