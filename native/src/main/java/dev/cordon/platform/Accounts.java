package dev.cordon.platform;

import java.util.Optional;

/** Local accounts and groups. Windows: NetUser and NetLocalGroup calls; Linux: useradd/groupadd and the passwd files. */
public interface Accounts {
    Optional<Account> user(String name);

    Optional<Group> group(String name);

    Optional<Account> userById(int uid);

    /** Creates a system group; fails if it exists. */
    Group createGroup(String name);

    /** Creates a system account with no login, a locked password and {@code group} as its primary group. */
    Account createSandboxUser(String name, String group);

    /** Re-applies the locked password and no-login shell to an account we own. */
    void enforceLockdown(String name);

    void deleteUser(String name);

    void deleteGroup(String name);

    AccountPosture posture(Account account);
}
