package dev.cordon.vault;

/**
 * An account's credential and whether a rotation is pending (a new blob written, not yet proven by a logon: the next
 * {@link AccountCredentials#repair} settles it).
 */
public record CredentialStatus(String account, CredentialState state, boolean rotationPending) {
    public boolean verified() {
        return state instanceof CredentialState.Verified;
    }
}
