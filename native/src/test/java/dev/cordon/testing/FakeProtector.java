package dev.cordon.testing;

import dev.cordon.platform.SecretProtector;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A vault key in memory. Not encryption: a blob is the key id's hash of (aad, plaintext) followed by the plaintext, so
 * a wrong key, a swapped aad or a damaged blob fails to unseal, as with the real schemes.
 */
public final class FakeProtector implements SecretProtector {
    private String key;
    private int generation;

    @Override
    public String scheme() {
        return "fake/in-memory";
    }

    @Override
    public boolean keyPresent() {
        return key != null;
    }

    @Override
    public void createKey() {
        key = "key-" + (++generation);
    }

    @Override
    public void destroyKey() {
        key = null;
    }

    @Override
    public String keyId() {
        return key == null ? "" : key;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        byte[] tag = tag(plaintext, aad);
        return ByteBuffer.allocate(tag.length + plaintext.length).put(tag).put(plaintext).array();
    }

    @Override
    public byte[] unseal(byte[] blob, byte[] aad) throws UnsealException {
        if (key == null || blob.length < 32) {
            throw new UnsealException("no key or a damaged blob", null);
        }
        byte[] plaintext = Arrays.copyOfRange(blob, 32, blob.length);
        if (!MessageDigest.isEqual(Arrays.copyOf(blob, 32), tag(plaintext, aad))) {
            throw new UnsealException("wrong key, wrong name or damaged blob", null);
        }
        return plaintext;
    }

    private byte[] tag(byte[] plaintext, byte[] aad) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(String.valueOf(key).getBytes());
            d.update(HexFormat.of().formatHex(aad).getBytes());
            d.update((byte) 0);
            return d.digest(plaintext);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
