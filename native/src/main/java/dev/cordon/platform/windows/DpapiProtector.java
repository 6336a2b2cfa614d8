package dev.cordon.platform.windows;

import com.sun.jna.platform.win32.Crypt32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinCrypt;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.SecretProtector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Secrets sealed with DPAPI in the machine scope ({@code CRYPTPROTECT_LOCAL_MACHINE}: the elevated CLI, the panel and
 * the service, whichever administrator runs them, all unseal them; {@code CRYPTPROTECT_UI_FORBIDDEN}: never a prompt).
 * The machine scope alone would let any program of this machine unseal a blob it can read, so every blob is also
 * sealed with <em>entropy</em> that program does not have: HMAC-SHA-256, keyed with a per-install random secret of 32
 * bytes ({@link SecureRandom}), over a label and the blob's {@code aad} (its name and format). A blob therefore opens
 * only with the secret of this install and under the name it was sealed for.
 * <p>
 * The install secret is the "key" of the {@link SecretProtector} seam: {@link #createKey} makes it, {@link #destroyKey}
 * deletes it (every blob becomes unsealable), {@link #keyId} is its fingerprint. It lives in one file, created with the
 * protected DACL {@link Sddl#SYSTEM_AND_ADMINISTRATORS_FILE} from its first instant ({@link WindowsFileAcl#createFile})
 * and refused when its DACL reads back as anything else. Not run on Windows yet (docs/architecture.md).
 */
public final class DpapiProtector implements SecretProtector {
    static final int SECRET_BYTES = 32;
    static final int SEAL_FLAGS = WinCrypt.CRYPTPROTECT_LOCAL_MACHINE | WinCrypt.CRYPTPROTECT_UI_FORBIDDEN;
    static final int UNSEAL_FLAGS = WinCrypt.CRYPTPROTECT_UI_FORBIDDEN;
    private static final byte[] LABEL = "dev.cordon.dpapi-entropy/2\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code CryptProtectData} / {@code CryptUnprotectData}, narrow enough for a recording fake. */
    interface Dpapi {
        byte[] protect(byte[] data, byte[] entropy, int flags);

        /** @throws UnsealException when DPAPI refuses: wrong entropy, damaged blob, another machine */
        byte[] unprotect(byte[] blob, byte[] entropy, int flags) throws UnsealException;
    }

    private final Path secretFile;
    private final WindowsFileAcl acl;
    private final Dpapi dpapi;

    /**
     * @param secretFile the install secret (e.g. the instance's {@code keys\host.key} under {@code %ProgramData%})
     * @param acl        how its DACL is written and read back
     */
    public DpapiProtector(Path secretFile, WindowsFileAcl acl) {
        this(secretFile, acl, new Crypt32());
    }

    DpapiProtector(Path secretFile, WindowsFileAcl acl, Dpapi dpapi) {
        this.secretFile = secretFile;
        this.acl = acl;
        this.dpapi = dpapi;
    }

    @Override
    public String scheme() {
        return "dpapi/machine+install-secret";
    }

    @Override
    public boolean keyPresent() {
        return Files.isRegularFile(secretFile, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void createKey() {
        if (keyPresent()) {
            return;
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        Path tmp = secretFile.resolveSibling(secretFile.getFileName() + ".tmp");
        try {
            createDirectories(secretFile.getParent());
            Files.deleteIfExists(tmp);
            acl.createFile(tmp, Sddl.SYSTEM_AND_ADMINISTRATORS_FILE);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(secret));
                out.force(true);
            }
            Files.move(tmp, secretFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CordonException.internal("Cannot create the vault's install secret " + secretFile + ": "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Each missing directory up to {@code dir}, outermost first, SYSTEM and Administrators only. */
    private void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            acl.createDirectory(p, Sddl.SYSTEM_AND_ADMINISTRATORS_DIRECTORY);
        }
    }

    @Override
    public void destroyKey() {
        try {
            Files.deleteIfExists(secretFile.resolveSibling(secretFile.getFileName() + ".tmp"));
            Files.deleteIfExists(secretFile);
        } catch (IOException e) {
            throw CordonException.internal("Cannot remove the vault's install secret " + secretFile + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String keyId() {
        byte[] secret = secret();
        try {
            return SecretProtector.fingerprint(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        byte[] entropy = entropy(aad);
        try {
            return dpapi.protect(plaintext, entropy, SEAL_FLAGS);
        } finally {
            Arrays.fill(entropy, (byte) 0);
        }
    }

    @Override
    public byte[] unseal(byte[] blob, byte[] aad) throws UnsealException {
        byte[] entropy = entropy(aad);
        try {
            return dpapi.unprotect(blob, entropy, UNSEAL_FLAGS);
        } finally {
            Arrays.fill(entropy, (byte) 0);
        }
    }

    private byte[] entropy(byte[] aad) {
        byte[] secret = secret();
        try {
            return entropy(secret, aad);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The install secret, read now: only from a SYSTEM-and-Administrators-only file of the right size. */
    private byte[] secret() {
        if (!keyPresent()) {
            throw new CordonException(ExitCode.NOT_SET_UP, "The vault has no install secret (" + secretFile + ").",
                    "Run `cordon setup` first.");
        }
        try {
            String dacl = acl.read(secretFile);
            if (!Sddl.sameDacl(dacl, Sddl.SYSTEM_AND_ADMINISTRATORS_FILE)) {
                throw new CordonException(ExitCode.DATA_ERROR, "The vault's install secret " + secretFile
                        + " may be read by others than SYSTEM and Administrators (its security reads " + dacl + ").",
                        "Restore it with `icacls \"" + secretFile + "\" /inheritance:r /grant:r *S-1-5-18:F "
                                + "*S-1-5-32-544:F`, then run `cordon setup` (new account passwords) and set every "
                                + "secret again: the install secret may have been read.");
            }
            byte[] secret = Files.readAllBytes(secretFile);
            if (secret.length != SECRET_BYTES) {
                int length = secret.length;
                Arrays.fill(secret, (byte) 0);
                throw new CordonException(ExitCode.DATA_ERROR, "The vault's install secret " + secretFile + " is "
                        + length + " bytes, expected " + SECRET_BYTES + ".",
                        "Run `cordon setup` to repair; sealed secrets must be set again.");
            }
            return secret;
        } catch (IOException e) {
            throw new CordonException(ExitCode.NOT_SET_UP, "Cannot read the vault's install secret " + secretFile
                    + ": " + e.getMessage(), "Run Cordon elevated (Run as administrator); if it persists, run "
                    + "`cordon setup`.", e);
        }
    }

    /**
     * The entropy DPAPI mixes in: HMAC-SHA-256 keyed with the install secret over {@link #LABEL} and {@code aad}.
     * Fixed length; without the secret it cannot be computed, and another {@code aad} gives another value. Written
     * out (RFC 2104) rather than through {@code javax.crypto.Mac}, whose key object keeps a copy of the secret that
     * cannot be wiped.
     */
    static byte[] entropy(byte[] secret, byte[] aad) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("the install secret is " + SECRET_BYTES + " bytes");
        }
        byte[] pad = new byte[64];
        byte[] inner = null;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < pad.length; i++) {
                pad[i] = (byte) ((i < secret.length ? secret[i] : 0) ^ 0x36);
            }
            sha.update(pad);
            sha.update(LABEL);
            sha.update(aad);
            inner = sha.digest();
            for (int i = 0; i < pad.length; i++) {
                pad[i] = (byte) ((i < secret.length ? secret[i] : 0) ^ 0x5c);
            }
            sha.update(pad);
            return sha.digest(inner);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } finally {
            Arrays.fill(pad, (byte) 0);
            if (inner != null) {
                Arrays.fill(inner, (byte) 0);
            }
        }
    }

    /** DPAPI through jna-platform's {@link Crypt32Util}, which wipes its native copies and frees DPAPI's output. */
    private static final class Crypt32 implements Dpapi {
        @Override
        public byte[] protect(byte[] data, byte[] entropy, int flags) {
            try {
                return Crypt32Util.cryptProtectData(data, entropy, flags, "cordon secret", null);
            } catch (Win32Exception e) {
                throw CordonException.internal("DPAPI could not seal the secret: "
                        + Win32Errors.explain(e.getErrorCode()).message(), e);
            }
        }

        @Override
        public byte[] unprotect(byte[] blob, byte[] entropy, int flags) throws UnsealException {
            try {
                return Crypt32Util.cryptUnprotectData(blob, entropy, flags, null);
            } catch (Win32Exception e) {
                throw new UnsealException("DPAPI could not unseal the secret (Windows error " + e.getErrorCode()
                        + "): the blob is damaged, was sealed on another machine or with another install secret, "
                        + "or belongs to another secret", e);
            }
        }
    }
}
