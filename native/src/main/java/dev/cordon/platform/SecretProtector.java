package dev.cordon.platform;

/**
 * Seals secrets at rest. Windows: DPAPI in the machine scope with entropy keyed by a per-install secret (an
 * Administrators/SYSTEM-only file); Linux: AES-256-GCM under a root-only host key.
 * {@code aad} binds a blob to its name and format so blobs cannot be swapped between secrets.
 */
public interface SecretProtector {
    /** Stable name written into every blob, e.g. {@code aes-256-gcm/host-key}. */
    String scheme();

    boolean keyPresent();

    /** Creates the key material if it is missing (Linux: the host key; Windows: the install secret of the entropy). */
    void createKey();

    /** Destroys the key material created by {@link #createKey}; every blob sealed with it becomes unsealable. */
    void destroyKey();

    /** A short fingerprint of the current key, written into blobs so a changed key is told apart from damage. */
    String keyId();

    byte[] seal(byte[] plaintext, byte[] aad);

    /** The {@link #keyId} of key material: the first 8 bytes of SHA-256 over a label and the key, in hex. */
    static String fingerprint(byte[] key) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update("cordon-key-id".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(java.util.Arrays.copyOf(d.digest(key), 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** @throws UnsealException when the key is wrong or the blob is damaged */
    byte[] unseal(byte[] blob, byte[] aad) throws UnsealException;

    final class UnsealException extends Exception {
        public UnsealException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
