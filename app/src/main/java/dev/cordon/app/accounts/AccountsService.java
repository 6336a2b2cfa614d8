package dev.cordon.app.accounts;

import dev.cordon.vault.Vault.SecretStatus;

/**
 * What the Accounts & credentials page needs from the backend. Blocking calls: run them through the TaskExecutor.
 * Secret values go in as byte arrays the caller wipes afterwards; they never come back out.
 */
public interface AccountsService {
    /** The sandbox accounts with their posture, the users group, and the vault with its secrets (not unsealed). */
    AccountsSnapshot load();

    /** Unseals one secret to prove it is readable (the value is wiped at once); audited. */
    SecretStatus verify(String name);

    /** Seals {@code value} under {@code name}, replacing an existing secret; audited. Does not keep {@code value}. */
    SecretStatus set(String name, byte[] value);

    /** Removes a secret; audited. Refuses with a usage error when there is none of that name. */
    void remove(String name);
}
