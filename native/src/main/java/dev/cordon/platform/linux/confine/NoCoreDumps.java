package dev.cordon.platform.linux.confine;

import com.sun.jna.Native;
import com.sun.jna.platform.unix.Resource;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

/**
 * Sets the calling process's {@code RLIMIT_CORE} to 0, soft and hard (R44). Every process it starts inherits the
 * limit, so no command of the session writes a core: a core holds the command's memory (its environment, vault
 * secrets) and lands, as the sandbox account, in the command's working directory, where another session of the
 * account may read it. Raising a hard limit needs {@code CAP_SYS_RESOURCE}: neither a command ({@code ulimit -c
 * unlimited}) nor another process of the same account ({@code prlimit64}, R38) can raise it again. Where {@code
 * kernel.core_pattern} pipes to a helper, the kernel ignores the limit but {@code systemd-coredump} honours it (it
 * stores no core for a process whose limit is 0).
 */
public final class NoCoreDumps {
    private NoCoreDumps() {
    }

    /** Sets the limit and reads it back; a failure is an {@code INTERNAL} error (the runner must not go on without it). */
    public static void apply() {
        Resource.Rlimit none = new Resource.Rlimit();
        none.rlim_cur = 0;
        none.rlim_max = 0;
        if (LinuxSyscalls.libc().setrlimit(Resource.RLIMIT_CORE, none) != 0) {
            throw new CordonException(ExitCode.INTERNAL, "setrlimit(RLIMIT_CORE, 0) failed: errno " + Native.getLastError(),
                    "Report this with `cordon doctor` output.");
        }
        Resource.Rlimit now = new Resource.Rlimit();
        if (LinuxSyscalls.libc().getrlimit(Resource.RLIMIT_CORE, now) != 0 || now.rlim_cur != 0 || now.rlim_max != 0) {
            throw new CordonException(ExitCode.INTERNAL, "setrlimit(RLIMIT_CORE, 0) did not hold: RLIMIT_CORE is "
                    + now.rlim_cur + " soft, " + now.rlim_max + " hard", "Report this: the kernel ignored the request.");
        }
    }
}
