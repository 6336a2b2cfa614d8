package dev.cordon.platform.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A password as a NUL-terminated UTF-16LE string in native memory, for the {@code LPWSTR} a NetAPI call takes, zeroed
 * when closed. Written two bytes per char with {@code setShort}, never with {@code setChar} ({@code wchar_t} is four
 * bytes on Linux, where this is tested). Never a {@code String}, so nothing outlives the call in the Java heap.
 */
public final class WideSecret implements AutoCloseable {
    private final Memory memory;

    public WideSecret(char[] secret) {
        memory = new Memory((secret.length + 1L) * 2);
        for (int i = 0; i < secret.length; i++) {
            memory.setShort(2L * i, (short) secret[i]);
        }
        memory.setShort(2L * secret.length, (short) 0);
    }

    public Pointer pointer() {
        return memory;
    }

    /** For tests: the bytes as they are now. */
    byte[] bytes() {
        return memory.getByteArray(0, (int) memory.size());
    }

    @Override
    public void close() {
        memory.clear();
    }

    @Override
    public String toString() {
        return "WideSecret[redacted]";
    }
}
