package dev.cordon.platform.linux;

import dev.cordon.platform.Terminal;
import dev.cordon.platform.linux.sys.LinuxLibc;

/** {@code isatty(3)} on descriptors 0, 1 and 2. */
final class LinuxTerminal implements Terminal {
    @Override
    public boolean isTerminal(Stream stream) {
        return LinuxLibc.libc().isatty(stream.ordinal()) == 1;
    }
}
