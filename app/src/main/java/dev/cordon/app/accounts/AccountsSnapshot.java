package dev.cordon.app.accounts;

import dev.cordon.core.Principal;
import dev.cordon.vault.Vault.SecretStatus;

import java.util.List;

/** One read of accounts, users group and vault, as the page shows it. */
public record AccountsSnapshot(List<AccountState> accounts, UsersGroup usersGroup, VaultState vault,
                               List<SecretStatus> secrets) {
    public AccountsSnapshot {
        accounts = List.copyOf(accounts);
        secrets = List.copyOf(secrets);
    }

    /**
     * A sandbox account as it is now; everything but {@code role} and {@code name} is empty when it is missing.
     * {@code evidence} is what its posture showed when there was no finding ({@code AccountPosture.evidence}).
     */
    public record AccountState(Role role, String name, boolean present, Principal id, String primaryGroup,
                               boolean passwordLocked, String shell, boolean loginShell, List<String> groups,
                               List<String> findings, String evidence) {
        public AccountState {
            groups = List.copyOf(groups);
            findings = List.copyOf(findings);
        }

        /** A POSIX account: its locked password and its shell, with what its posture showed. */
        public AccountState(Role role, String name, boolean present, Principal id, String primaryGroup,
                            boolean passwordLocked, String shell, boolean loginShell, List<String> groups,
                            List<String> findings) {
            this(role, name, present, id, primaryGroup, passwordLocked, shell, loginShell, groups, findings, "");
        }

        public static AccountState missing(Role role, String name) {
            return new AccountState(role, name, false, null, "", false, "", false, List.of(), List.of());
        }

        /**
         * Whether the account has a login shell and a password that can be locked (Linux), so those are the lines to
         * show; a Windows account has neither (its password is set and sealed by setup), and its {@code evidence} is
         * shown instead.
         */
        public boolean posix() {
            return !shell.isEmpty();
        }

        /** Present and without findings. */
        public boolean healthy() {
            return present && findings.isEmpty();
        }
    }

    public enum Role { OFFLINE, ONLINE }

    /** The group of people allowed to use the host socket without root. */
    public record UsersGroup(String name, boolean present, List<String> members) {
        public UsersGroup {
            members = List.copyOf(members);
        }
    }

    /**
     * The sealing scheme and whether its key exists. {@code readable} is false when not elevated: the key and the
     * secrets are root-only, so {@code keyPresent} and the secret list say nothing then.
     */
    public record VaultState(String scheme, boolean readable, boolean keyPresent) {
    }
}
