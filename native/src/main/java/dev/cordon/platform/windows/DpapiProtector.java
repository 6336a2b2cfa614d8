package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.Crypt32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinCrypt;
import dev.cordon.platform.SecretProtector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Secrets sealed with DPAPI in the machine scope (the elevated host and the service both unseal them), with entropy:
 * the blob's name-and-format binding ({@code aad}) plus a fixed Cordon label, so a blob copied under another name, or
 * unsealed by another program of the same machine without that entropy, does not open. The key is the machine's own
 * DPAPI key: nothing to create or destroy here.
 */
public final class DpapiProtector implements SecretProtector {
    private static final byte[] LABEL = "dev.cordon.vault/1\0".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String scheme() {
        return "dpapi/machine+entropy";
    }

    @Override
    public boolean keyPresent() {
        return true;
    }

    @Override
    public void createKey() {
        // DPAPI's machine key exists on every Windows installation
    }

    @Override
    public void destroyKey() {
        // the machine key is not ours to destroy; uninstall deletes the blobs instead
    }

    @Override
    public String keyId() {
        return "machine";
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        return Crypt32Util.cryptProtectData(plaintext, entropy(aad),
                WinCrypt.CRYPTPROTECT_LOCAL_MACHINE | WinCrypt.CRYPTPROTECT_UI_FORBIDDEN, "cordon secret", null);
    }

    @Override
    public byte[] unseal(byte[] blob, byte[] aad) throws UnsealException {
        try {
            return Crypt32Util.cryptUnprotectData(blob, entropy(aad), WinCrypt.CRYPTPROTECT_UI_FORBIDDEN, null);
        } catch (Win32Exception e) {
            throw new UnsealException("DPAPI could not unseal the secret (Windows error " + e.getErrorCode()
                    + "): the blob is damaged, was sealed on another machine, or belongs to another secret.", e);
        }
    }

    /** The entropy DPAPI mixes in: the label and a digest of {@code aad} (fixed length, no separator ambiguity). */
    static byte[] entropy(byte[] aad) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(aad);
            byte[] out = new byte[LABEL.length + digest.length];
            System.arraycopy(LABEL, 0, out, 0, LABEL.length);
            System.arraycopy(digest, 0, out, LABEL.length, digest.length);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
