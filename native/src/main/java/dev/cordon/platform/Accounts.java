package dev.cordon.platform;

import dev.cordon.core.Principal;

import java.util.List;
import java.util.Optional;

/** Local accounts and groups. Windows: NetUser and NetLocalGroup calls; Linux: useradd/groupadd and the passwd files. */
public interface Accounts {
    Optional<Account> user(String name);

    /** Accounts of people, not of services (Linux: uid 1000–59999), e.g. to redact their names from a support bundle. */
    List<Account> people();

    /**
     * Whether {@code account} may be a person's, so that its home is hidden from other people's sessions: wider than
     * {@link #people()} where the OS cannot tell for sure, failing closed (Linux: uid 1000 and up, except
     * {@code nobody}); by default, one of {@link #people()}.
     */
    default boolean mayBePerson(Account account) {
        return people().contains(account);
    }

    /**
     * The person whose login this process descends from, whatever it became since (sudo, su): Linux: the audit login
     * uid ({@code /proc/self/loginuid}); Windows: the user of the process's logon session. Empty for services.
     */
    Optional<String> loginUser();

    /** The account that is all-powerful here (Linux: uid 0, {@code root}; Windows: the built-in Administrator). */
    Optional<Account> superuser();

    Optional<Group> group(String name);

    /** The account with this user id (uid / SID). */
    Optional<Account> user(Principal id);

    /** The ids of those of the named accounts that exist, in the order named. */
    default java.util.Set<Principal> idsOf(java.util.Collection<String> names) {
        java.util.Set<Principal> ids = new java.util.LinkedHashSet<>();
        for (String name : names) {
            user(name).ifPresent(a -> ids.add(a.id()));
        }
        return ids;
    }

    /** Every local account, read now (Linux: the passwd database; Windows: {@code NetUserEnum}). */
    List<Account> users();

    /** Creates a system group; fails if it exists. */
    Group createGroup(String name);

    /** What {@link #createSandboxUser} makes, in words for plans: e.g. "no login shell, password locked" on Linux. */
    String sandboxUserPolicy();

    /**
     * Creates a sandbox account in {@code group}. Linux: a system account with no login, a locked password and
     * {@code group} as its primary group. Windows: a local user with a random password nobody learns (the credential
     * vault sets its own with {@link #setPassword}), hidden, denied network/remote/service/batch logons.
     */
    Account createSandboxUser(String name, String group);

    /**
     * Gives our sandbox account {@code name} a new password; the caller keeps {@code password} and zeroes it. Windows
     * needs one (the runner starts through a password logon, type 2); it is never logged or kept here. Where accounts
     * have no password logon (Linux: locked passwords) this refuses with {@link dev.cordon.core.ExitCode#UNAVAILABLE}.
     */
    default void setPassword(String name, char[] password) {
        throw new dev.cordon.core.CordonException(dev.cordon.core.ExitCode.UNAVAILABLE, "Cannot set a password for "
                + name + ": sandbox accounts on this platform have no password logon.",
                "Nothing to do: sessions start without a password here.");
    }

    /**
     * Whether {@code group} is the group {@code account}'s new files get, as setup makes it. Linux: the primary gid.
     * Windows, where a local account's primary group is always "None" (RID 513) and cannot be set: membership.
     */
    default boolean hasPrimaryGroup(Account account, Group group) {
        return account.primaryGroup().equals(group.id());
    }

    /** Re-applies the locked password and no-login shell to an account we own. */
    void enforceLockdown(String name);

    /**
     * Makes {@code group} the primary group of account {@code name} (Linux: {@code usermod --gid}; Windows: adds it
     * to the group, see {@link #hasPrimaryGroup}).
     */
    void setPrimaryGroup(String name, String group);

    void deleteUser(String name);

    void deleteGroup(String name);

    AccountPosture posture(Account account);
}
