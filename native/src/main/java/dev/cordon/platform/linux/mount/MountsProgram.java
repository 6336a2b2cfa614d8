package dev.cordon.platform.linux.mount;

import dev.cordon.platform.linux.sys.SealedProgram;

import java.util.Optional;

/**
 * {@code cordon-mounts} (native/src/main/c/cordon_mounts.c): {@link PrivateMounts}' operations made by one program with
 * the system calls themselves, instead of a shell starting about 65 programs per runner. A {@link SealedProgram}. Absent
 * (another architecture, a build without gcc, a kernel refusing executable memfds): empty, and the shell interpreter
 * is used.
 */
final class MountsProgram {
    private MountsProgram() {
    }

    /** The path to execute it by, for as long as this process lives; empty where it is not available. */
    static Optional<String> path() {
        return SealedProgram.path("cordon-mounts");
    }
}
