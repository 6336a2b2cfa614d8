package dev.cordon.session;

import dev.cordon.core.Principal;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.Account;
import dev.cordon.platform.Accounts;
import dev.cordon.platform.Group;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The instance's two sandbox accounts and their group, looked up each time they are asked for (a setup run meanwhile
 * may have made them again).
 */
public final class SandboxAccounts {
    private final Instance instance;
    private final Accounts accounts;

    public SandboxAccounts(Instance instance, Accounts accounts) {
        this.instance = instance;
        this.accounts = accounts;
    }

    /** The account a runner in {@code mode} runs as. */
    public Account of(NetworkMode mode) {
        String name = mode == NetworkMode.OFFLINE ? instance.offlineAccount() : instance.onlineAccount();
        return accounts.user(name).orElseThrow(() -> new CordonException(ExitCode.NOT_SET_UP,
                "Account " + name + " is missing.", "Run `cordon setup`."));
    }

    /** The sandbox group: the group of the session's directories and scratch, and of the workspaces lent. */
    public Group group() {
        return accounts.group(instance.sandboxGroup()).orElseThrow(() -> new CordonException(
                ExitCode.NOT_SET_UP, "Group " + instance.sandboxGroup() + " is missing.", "Run `cordon setup`."));
    }

    /** The ids of the sandbox accounts that exist. */
    public Set<Principal> ids() {
        return Set.copyOf(accounts.idsOf(instance.sandboxAccounts()));
    }

    /** Every local account, read now (whose home {@code ~/} in a repository's config names). */
    List<Account> everyone() {
        return accounts.users();
    }

    /** Every local account that may be a person's ({@code Accounts.mayBePerson}), read now: whose home to hide. */
    List<Account> people() {
        return accounts.users().stream().filter(accounts::mayBePerson).toList();
    }

    /** True when the offline account exists (what a set-up instance has). */
    boolean offlinePresent() {
        return accounts.user(instance.offlineAccount()).isPresent();
    }
}
