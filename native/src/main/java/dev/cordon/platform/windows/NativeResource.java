package dev.cordon.platform.windows;

import com.sun.jna.Pointer;

import java.util.function.Consumer;

/**
 * Memory or a handle a Windows API handed out, released by its own function when closed: {@code NetApiBufferFree}
 * ({@link Netapi32Ext#buffer}), {@code LsaFreeMemory} ({@link Advapi32Ext#lsaMemory}), {@code LsaClose}
 * ({@link Advapi32Ext#policy}). A null pointer is not released.
 */
public final class NativeResource implements AutoCloseable {
    private final Pointer pointer;
    private final Consumer<Pointer> release;

    NativeResource(Pointer pointer, Consumer<Pointer> release) {
        this.pointer = pointer;
        this.release = release;
    }

    public Pointer pointer() {
        return pointer;
    }

    @Override
    public void close() {
        if (pointer != null) {
            release.accept(pointer);
        }
    }
}
