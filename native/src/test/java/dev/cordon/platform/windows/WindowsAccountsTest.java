package dev.cordon.platform.windows;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.platform.AccountPosture;
import dev.cordon.platform.Group;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link WindowsAccounts}' decisions over a recording fake of NetAPI, LSA and the UserList key. */
class WindowsAccountsTest {
    private static final String GROUP = "cordon-sandbox";
    private static final String OFFLINE = "cordon-offline";
    private static final int REQUIRED = 0x0001 | 0x10000 | 0x0040 | 0x100000 | 0x0200;

    private final RecordingAccountApi api = new RecordingAccountApi();
    private final WindowsAccounts accounts = new WindowsAccounts(api, new RandomPasswords(new SecureRandom()));

    private Account setUp() {
        accounts.createGroup(GROUP);
        Account a = accounts.createSandboxUser(OFFLINE, GROUP);
        api.changes.clear();
        return a;
    }

    @Test
    void createsTheUserDisabledLocksItDownThenEnablesIt() {
        Group g = accounts.createGroup(GROUP);
        assertThat(api.changes).containsExactly("addLocalGroup cordon-sandbox '" + WindowsAccounts.GROUP_COMMENT + "'");
        api.changes.clear();
        Account a = accounts.createSandboxUser(OFFLINE, GROUP);
        String sid = a.id().value();
        assertThat(api.changes).containsExactly(
                "addUser cordon-offline flags=0x" + Integer.toHexString(REQUIRED | 0x2) + " '" + WindowsAccounts.USER_COMMENT + "'",
                "addMember cordon-sandbox cordon-offline",
                "addMember Users cordon-offline",
                "setHiddenValue cordon-offline 0",
                "addRights " + sid + " [SeDenyNetworkLogonRight, SeDenyRemoteInteractiveLogonRight, "
                        + "SeDenyServiceLogonRight, SeDenyBatchLogonRight]",
                "setFlags cordon-offline 0x" + Integer.toHexString(REQUIRED));
        assertThat(a.groups()).containsExactly("Users", GROUP);
        assertThat(accounts.hasPrimaryGroup(a, g)).isTrue();
        assertThat(a.primaryGroup().value()).isEqualTo(RecordingAccountApi.MACHINE + "-513");
        assertThat(accounts.posture(a).findings()).isEmpty();
        assertThat(accounts.group(GROUP).orElseThrow().members()).containsExactly(OFFLINE);
    }

    @Test
    void theInitialPasswordIsRandomFullLengthAndZeroedAfterTheCall() {
        setUp();
        assertThat(api.lastPasswordLength).isEqualTo(RandomPasswords.LENGTH);
        assertThat(api.lastPasswordInAlphabet).isTrue();
        assertThat(new String(api.lastPassword)).isEqualTo("\0".repeat(RandomPasswords.LENGTH));
    }

    @Test
    void aForeignAccountOfOurNameIsAConflictAndNothingChanges() {
        accounts.createGroup(GROUP);
        api.addForeignUser(OFFLINE);
        api.changes.clear();
        assertThatThrownBy(() -> accounts.createSandboxUser(OFFLINE, GROUP)).isInstanceOf(CordonException.class)
                .hasMessageContaining(OFFLINE).hasMessageContaining("nothing was changed")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT))
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("--instance"));
        for (Runnable change : List.<Runnable>of(() -> accounts.enforceLockdown(OFFLINE),
                () -> accounts.setPassword(OFFLINE, "x".toCharArray()), () -> accounts.deleteUser(OFFLINE),
                () -> accounts.setPrimaryGroup(OFFLINE, GROUP))) {
            assertThatThrownBy(change::run).isInstanceOf(CordonException.class)
                    .hasMessageContaining("not created by Cordon")
                    .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT));
        }
        assertThat(api.changes).isEmpty();
    }

    @Test
    void aCaseVariantOfOurNameIsSomeoneElsesAndNothingChanges() {
        setUp();
        api.users.clear();
        api.addForeignUser("Cordon-Offline");
        api.replaceUser(new AccountApi.UserInfo("Cordon-Offline", RecordingAccountApi.MACHINE + "-1200", 1, REQUIRED,
                false, WindowsAccounts.USER_COMMENT, 513)); // even with our comment
        assertThatThrownBy(() -> accounts.createSandboxUser(OFFLINE, GROUP))
                .hasMessageContaining("Cordon-Offline").hasMessageContaining("ignore case")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT));
        assertThatThrownBy(() -> accounts.deleteUser(OFFLINE)).hasMessageContaining("Cordon-Offline");
        assertThatThrownBy(() -> accounts.setPassword(OFFLINE, new char[] {'a'})).hasMessageContaining("Cordon-Offline");
        api.groups.remove(GROUP);
        api.groups.put(GROUP, new AccountApi.GroupInfo("Cordon-Sandbox", "S-1-5-21-9-9-9-1300"));
        assertThatThrownBy(() -> accounts.deleteGroup(GROUP)).hasMessageContaining("Cordon-Sandbox")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT));
        assertThatThrownBy(() -> accounts.createGroup(GROUP)).hasMessageContaining("Cordon-Sandbox");
        assertThat(api.changes).isEmpty();
    }

    @Test
    void aPasswordPolicyRefusalIsASentenceWithAFix() {
        accounts.createGroup(GROUP);
        api.changes.clear();
        api.failOn("addUser", 2245);
        assertThatThrownBy(() -> accounts.createSandboxUser(OFFLINE, GROUP)).isInstanceOf(CordonException.class)
                .hasMessageContaining("create account " + OFFLINE).hasMessageContaining("password policy")
                .hasMessageContaining("2245")
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("net accounts").contains("cordon setup"));
        assertThat(new String(api.lastPassword)).isEqualTo("\0".repeat(RandomPasswords.LENGTH));
        assertThat(api.changes).isEmpty();
    }

    @Test
    void aDomainControllerIsRefusedBeforeAnythingChanges() {
        api.domainController = true;
        assertThatThrownBy(() -> accounts.createGroup(GROUP)).hasMessageContaining("domain controller")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.UNAVAILABLE))
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("member server"));
        assertThatThrownBy(() -> accounts.createSandboxUser(OFFLINE, GROUP)).hasMessageContaining("domain controller");
        assertThat(api.changes).isEmpty();
    }

    @Test
    void namesBeyondTheSamLimitOrWithIllegalCharactersAreRefused() {
        accounts.createGroup(GROUP);
        api.changes.clear();
        String longest = Instance.of("abcdefghijkl").withUserNameLimit(Instance.SAM_USER_NAME_LIMIT).offlineAccount();
        assertThat(accounts.createSandboxUser(longest, GROUP).name()).isEqualTo(longest);
        api.changes.clear();
        for (String bad : new String[] {"abcdefghijkl-cordon-offline", "a/b", "a@b", "...", ""}) {
            assertThatThrownBy(() -> accounts.createSandboxUser(bad, GROUP))
                    .hasMessageContaining("'" + bad + "'")
                    .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        }
        assertThat(api.changes).isEmpty();
    }

    @Test
    void postureNamesEveryDeviationAndLockdownRepairsThemOnce() {
        Account a = setUp();
        String sid = a.id().value();
        api.replaceUser(new AccountApi.UserInfo(OFFLINE, sid, 1, 0x0201 | 0x2 | 0x10, true,
                WindowsAccounts.USER_COMMENT, 513));
        api.addToGroup("Administrators", OFFLINE);
        api.membersBySid.get(WindowsAccounts.USERS_SID).remove(OFFLINE);
        api.hidden.clear();
        api.rights.get(sid).remove("SeDenyBatchLogonRight");
        AccountPosture p = accounts.posture(accounts.user(OFFLINE).orElseThrow());
        assertThat(p.findings()).containsExactly(
                "the account is disabled",
                "the account is locked out after failed logons",
                "the password has expired or must be changed at the next logon",
                "the password expires (UF_DONT_EXPIRE_PASSWD is not set)",
                "the account may change its own password (UF_PASSWD_CANT_CHANGE is not set)",
                "the account's credentials may be delegated (UF_NOT_DELEGATED is not set)",
                "member of privileged group(s) Administrators",
                "not a member of Users (S-1-5-32-545): its secondary logon would be refused",
                "shown on the sign-in screen (no DWORD 0 under Winlogon\\SpecialAccounts\\UserList)",
                "missing deny-logon right(s) SeDenyBatchLogonRight");
        assertThat(p.privilegedGroups()).containsExactly("Administrators");
        assertThat(p.passwordLocked()).isFalse();

        accounts.enforceLockdown(OFFLINE);
        assertThat(api.changes).containsExactly(
                "setFlags cordon-offline 0x" + Integer.toHexString(REQUIRED),
                "clearPasswordExpired cordon-offline",
                "removeMember Administrators cordon-offline",
                "addMember Users cordon-offline",
                "setHiddenValue cordon-offline 0",
                "addRights " + sid + " [SeDenyBatchLogonRight]");
        assertThat(accounts.posture(accounts.user(OFFLINE).orElseThrow()).ok()).isTrue();
        api.changes.clear();
        accounts.enforceLockdown(OFFLINE);
        assertThat(api.changes).as("a second lockdown changes nothing").isEmpty();
    }

    @Test
    void setPasswordReachesOurAccountOnlyAndLeavesTheCallersArray() {
        setUp();
        char[] pw = new RandomPasswords().next();
        accounts.setPassword(OFFLINE, pw);
        assertThat(api.changes).containsExactly("setPassword cordon-offline");
        assertThat(api.lastPasswordLength).isEqualTo(32);
        api.failOn("setPassword", 2245);
        assertThatThrownBy(() -> accounts.setPassword(OFFLINE, pw)).hasMessageContaining("set the password of "
                + OFFLINE).hasMessageContaining("2245").hasMessageNotContaining(new String(pw));
    }

    @Test
    void deletingUndoesRightsAndTheSignInEntryThenTheAccountAndIsIdempotent() {
        Account a = setUp();
        accounts.deleteUser(OFFLINE);
        assertThat(api.changes).containsExactly(
                "removeRights " + a.id().value() + " [SeDenyNetworkLogonRight, SeDenyRemoteInteractiveLogonRight, "
                        + "SeDenyServiceLogonRight, SeDenyBatchLogonRight]",
                "deleteHiddenValue cordon-offline",
                "deleteUser cordon-offline");
        api.changes.clear();
        accounts.deleteUser(OFFLINE);
        accounts.deleteGroup(GROUP);
        accounts.deleteGroup(GROUP);
        assertThat(api.changes).containsExactly("deleteLocalGroup cordon-sandbox");
    }

    @Test
    void aGroupThatExistsIsAConflictAndSetPrimaryGroupJoinsIt() {
        setUp();
        assertThatThrownBy(() -> accounts.createGroup(GROUP)).hasMessageContaining("already exists")
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.CONFLICT));
        accounts.createGroup("cordon-users");
        api.changes.clear();
        accounts.setPrimaryGroup(OFFLINE, "cordon-users");
        accounts.setPrimaryGroup(OFFLINE, "cordon-users");
        assertThat(api.changes).containsExactly("addMember cordon-users cordon-offline");
        assertThatThrownBy(() -> accounts.setPrimaryGroup(OFFLINE, "nope")).hasMessageContaining("nope")
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("cordon setup"));
    }

    @Test
    void readsPeopleTheSuperuserAndUsersById() {
        Account mine = setUp();
        api.users.put("administrator", new AccountApi.UserInfo("Administrator", RecordingAccountApi.MACHINE + "-500",
                2, 0x0201, false, "Built-in account", 513));
        api.addForeignUser("alice");
        assertThat(accounts.people()).extracting(Account::name).containsExactly("alice");
        assertThat(accounts.superuser()).map(Account::name).hasValue("Administrator");
        assertThat(accounts.user(mine.id())).map(Account::name).hasValue(OFFLINE);
        assertThat(accounts.users()).extracting(Account::name).contains(OFFLINE, "alice", "Administrator");
        assertThat(accounts.loginUser()).isEmpty(); // session 0: no interactive user
        api.sessionUser = java.util.Optional.of("DESKTOP\\alice");
        assertThat(accounts.loginUser()).hasValue("DESKTOP\\alice"); // who is signed in, not the token's user
    }

    @Test
    void otherWindowsErrorsNameTheActionTheAccountAndAFix() {
        accounts.createGroup(GROUP);
        api.failOn("addRights", 1332);
        assertThatThrownBy(() -> accounts.createSandboxUser(OFFLINE, GROUP))
                .hasMessageContaining("deny network, remote, service and batch logons to " + OFFLINE)
                .hasMessageContaining("1332")
                .satisfies(e -> assertThat(((CordonException) e).fix()).isNotBlank());
        // the account stays disabled: the next setup's lockdown repairs and enables it
        assertThat(api.users.get(OFFLINE).flags() & 0x2).isEqualTo(0x2);
        api.failOn("setFlags", 5);
        assertThatThrownBy(() -> accounts.enforceLockdown(OFFLINE)).hasMessageContaining("denied access")
                .satisfies(e -> assertThat(((CordonException) e).fix()).contains("elevated"))
                .satisfies(e -> assertThat(((CordonException) e).exitCode()).isEqualTo(ExitCode.NEEDS_ROOT));
    }
}
