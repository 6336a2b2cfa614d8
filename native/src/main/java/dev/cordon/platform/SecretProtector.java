package dev.cordon.platform;

/**
 * Seals secrets at rest. Windows: DPAPI with entropy; Linux: AES-256-GCM under a root-only host key.
 * {@code aad} binds a blob to its name and format so blobs cannot be swapped between secrets.
 */
public interface SecretProtector {
    /** Stable name written into every blob, e.g. {@code aes-256-gcm/host-key}. */
    String scheme();

    boolean keyPresent();

    /** Creates the key material if the scheme has any of its own (DPAPI uses the machine's: nothing to create). */
    void createKey();

    /** Destroys the key material created by {@link #createKey}; every blob sealed with it becomes unsealable. */
    void destroyKey();

    /** A short fingerprint of the current key, written into blobs so a changed key is told apart from damage. */
    String keyId();

    byte[] seal(byte[] plaintext, byte[] aad);

    /** @throws UnsealException when the key is wrong or the blob is damaged */
    byte[] unseal(byte[] blob, byte[] aad) throws UnsealException;

    final class UnsealException extends Exception {
        public UnsealException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
