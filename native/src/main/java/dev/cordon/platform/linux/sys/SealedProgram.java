package dev.cordon.platform.linux.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Our own helper programs (native/src/main/c: {@code cordon-mounts}, {@code cordon-rename}), built into the jar beside
 * libcordonspawn; each loaded once per process into a sealed anonymous file (memfd) that only this process holds, and
 * run through {@code /proc/<our pid>/fd/<n>}: no copy on disk that anyone could change or that a {@code noexec} mount
 * could refuse. Only this process (root) can run them that way: a program that acts as another account becomes it
 * itself. Absent (another architecture, a build without gcc, a kernel refusing executable memfds): empty, and the
 * caller does without.
 */
public final class SealedProgram {
    private static final int MFD_CLOEXEC = 0x1;
    private static final int MFD_ALLOW_SEALING = 0x2;
    /** Linux 6.3+: ask for an executable memfd explicitly (refused where vm.memfd_noexec forbids it). */
    private static final int MFD_EXEC = 0x10;
    private static final int EINVAL = 22;
    private static final int F_ADD_SEALS = 1033;
    private static final int F_SEAL_SEAL = 0x1;
    private static final int F_SEAL_SHRINK = 0x2;
    private static final int F_SEAL_GROW = 0x4;
    private static final int F_SEAL_WRITE = 0x8;

    private static final java.util.concurrent.ConcurrentHashMap<String, Optional<String>> LOADED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private SealedProgram() {
    }

    /**
     * The path to execute the program {@code name} by, for as long as this process lives; empty where it is not
     * available.
     */
    public static Optional<String> path(String name) {
        return LOADED.computeIfAbsent(name, SealedProgram::load);
    }

    private static Optional<String> load(String name) {
        if (!Platform.isLinux()) {
            return Optional.empty();
        }
        byte[] program;
        try (InputStream in = SealedProgram.class.getResourceAsStream("/" + Platform.RESOURCE_PREFIX + "/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            program = in.readAllBytes();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            LinuxLibc libc = LinuxLibc.libc();
            int fd;
            try {
                fd = libc.memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINVAL) {
                    return Optional.empty(); // e.g. vm.memfd_noexec = 2
                }
                fd = libc.memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING); // before 6.3
            }
            int readOnly;
            try {
                for (int done = 0; done < program.length; ) {
                    byte[] rest = done == 0 ? program : Arrays.copyOfRange(program, done, program.length);
                    done += libc.write(fd, rest, new NativeLong(rest.length)).intValue();
                }
                libc.fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
                // exec refuses a file open for writing anywhere (ETXTBSY): keep a read-only descriptor only
                readOnly = libc.open("/proc/self/fd/" + fd, LinuxLibc.O_RDONLY | LinuxLibc.O_CLOEXEC);
            } finally {
                libc.close(fd);
            }
            return Optional.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + readOnly);
        } catch (LastErrorException | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }
}
