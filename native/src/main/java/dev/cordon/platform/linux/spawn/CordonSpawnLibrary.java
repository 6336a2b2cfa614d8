package dev.cordon.platform.linux.spawn;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Our own native library, {@code libcordonspawn.so} (native/src/main/c/cordon_spawn.c, built by Maven into the jar under
 * JNA's resource prefix), bound by direct mapping: one spawn costs one JNI call, no proxy.
 */
final class CordonSpawnLibrary {
    static final String NAME = "cordonspawn";
    /** Null when the library is bound; else why not (no build for this platform, no gcc at build time, ...). */
    static final Throwable LOAD_FAILURE = bind();

    private CordonSpawnLibrary() {
    }

    private static Throwable bind() {
        try {
            Native.register(CordonSpawnLibrary.class, NAME);
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, or a linkage problem of JNA itself: the caller falls back
            return t;
        }
    }

    /**
     * 0 when a child started into the cgroup ran and exited 0; -errno when clone3 refused; else the signal that killed
     * it.
     */
    static native int cordon_spawn_probe(int cgroupFd);

    /**
     * Returns the pid and stores the pidfd in {@code result[0]}; or returns -1 with {@code result[1]} the failed step
     * (1 dup2, 2 chdir, 3 exec, 4 closing descriptors, 5 clone3, 6 installing {@code childFilter}, 7 entering the
     * child's Landlock domain) and {@code result[2]} the errno. {@code childFilter}: a {@code struct sock_fprog} the
     * child installs before exec, or null. {@code childScopes}: the Landlock scopes of a domain of its own the child
     * enters before exec, nested in the caller's, or 0 for none.
     */
    static native int cordon_spawn(byte[] file, Pointer argv, Pointer envp, byte[] cwd, byte[] searchPath,
                                   int stdinFd, int stdoutFd, int stderrFd, int cgroupFd, Pointer childFilter,
                                   long childScopes, int[] result);
}
