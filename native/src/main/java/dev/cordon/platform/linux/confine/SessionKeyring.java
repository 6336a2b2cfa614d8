package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

/**
 * Gives the calling thread a fresh, anonymous session keyring ({@code keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL)}).
 * A runner inherits the session keyring of whoever started the host (root's login keyring, with its keys); after this
 * neither the runner nor anything it starts possesses that keyring, so its keys are not even listed in
 * {@code /proc/keys}. Threads and processes created afterwards by this thread inherit the new keyring: call it before
 * the runner creates its workers. (Commands cannot call the keyring syscalls at all: see {@link SeccompFilter}.)
 */
public final class SessionKeyring {
    static final long KEYCTL_GET_KEYRING_ID = 0;
    static final long KEYCTL_JOIN_SESSION_KEYRING = 1;
    static final long KEY_SPEC_SESSION_KEYRING = -3;

    private SessionKeyring() {
    }

    /**
     * Joins a new anonymous session keyring and checks that it is now the thread's session keyring; 0 when the kernel
     * has no keyrings (ENOSYS: nothing to inherit).
     */
    public static long joinFresh() {
        long keyctl = SeccompFilter.Arch.current().keyctl();
        try {
            long joined = LinuxSyscalls.libc().syscall(keyctl, KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0);
            long now = LinuxSyscalls.libc().syscall(keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0);
            if (now != joined) {
                throw new CordonException(ExitCode.INTERNAL, "The runner's session keyring is " + now
                        + ", not the fresh one " + joined + " it joined.", "Report this with `cordon doctor` output.");
            }
            return joined;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == SeccompFilter.ENOSYS) {
                return 0;
            }
            throw new CordonException(ExitCode.INTERNAL, "keyctl(KEYCTL_JOIN_SESSION_KEYRING) failed: errno "
                    + e.getErrorCode(), "Report this with `cordon doctor` output.", e);
        }
    }
}
