package dev.cordon.platform.linux;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.SecretProtector;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/** AES-256-GCM under a random 32-byte host key in a root-only file ({@code 0600} in a {@code 0700} directory). */
public final class HostKeyProtector implements SecretProtector {
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path keyFile;

    public HostKeyProtector(Path keyFile) {
        this.keyFile = keyFile;
    }

    @Override
    public String scheme() {
        return "aes-256-gcm/host-key";
    }

    @Override
    public boolean keyPresent() {
        return Files.isRegularFile(keyFile, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void createKey() {
        if (keyPresent()) {
            return;
        }
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            Files.createDirectories(keyFile.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, key);
            Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the host key " + keyFile + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public void destroyKey() {
        try {
            Files.deleteIfExists(keyFile);
            Path dir = keyFile.getParent();
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw CordonException.internal("Cannot remove the host key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private byte[] key() {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile, LinkOption.NOFOLLOW_LINKS);
            if (!perms.equals(PosixFilePermissions.fromString("rw-------"))) {
                throw new CordonException(ExitCode.DATA_ERROR, "Host key " + keyFile + " has permissions "
                        + PosixFilePermissions.toString(perms) + "; it must be readable by root only.",
                        "chmod 600 " + keyFile + " (and rotate every secret: the key may have been read).");
            }
            byte[] key = Files.readAllBytes(keyFile);
            if (key.length != KEY_BYTES) {
                throw new CordonException(ExitCode.DATA_ERROR, "Host key " + keyFile + " is " + key.length
                        + " bytes, expected " + KEY_BYTES + ".", "Run `cordon setup` to repair; sealed secrets must be set again.");
            }
            return key;
        } catch (IOException e) {
            throw new CordonException(ExitCode.NOT_SET_UP, "Cannot read the host key " + keyFile + ": " + e.getMessage(),
                    "Run `cordon setup` first.", e);
        }
    }

    @Override
    public String keyId() {
        byte[] key = key();
        try {
            return SecretProtector.fingerprint(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        byte[] key = key();
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw CordonException.internal("AES-GCM sealing failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public byte[] unseal(byte[] blob, byte[] aad) throws UnsealException {
        if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnsealException("blob is too short (" + blob.length + " bytes)", null);
        }
        byte[] key = key();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new UnsealException("authentication tag mismatch (key changed or blob damaged)", e);
        } catch (GeneralSecurityException e) {
            throw new UnsealException("decryption failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
