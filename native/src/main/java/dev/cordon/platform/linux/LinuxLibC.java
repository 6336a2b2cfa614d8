package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The libc calls the process table needs, and nothing more: jna-platform's {@code LibC} does not map {@code kill}. */
interface LinuxLibC extends Library {
    int SC_CLK_TCK = 2;
    int SC_PAGESIZE = 30;
    int EPERM = 1;
    int ESRCH = 3;
    int EINVAL = 22;

    /** Loaded on first use, so code that never signals or asks sysconf never loads libc through this interface. */
    final class Holder {
        static final LinuxLibC INSTANCE = Native.load("c", LinuxLibC.class);

        private Holder() {
        }
    }

    int kill(int pid, int signal) throws LastErrorException;

    NativeLong sysconf(int name);
}
