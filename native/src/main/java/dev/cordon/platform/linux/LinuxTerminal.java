package dev.cordon.platform.linux;

import dev.cordon.platform.Terminal;
import dev.cordon.platform.linux.sys.LinuxLibc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code isatty(3)} on descriptors 0, 1 and 2. */
final class LinuxTerminal implements Terminal {
    @Override
    public boolean isTerminal(Stream stream) {
        return LinuxLibc.libc().isatty(stream.ordinal()) == 1;
    }

    /** {@code /proc/sys/dev/tty/legacy_tiocsti} (kernels from 6.2). */
    @Override
    public Optional<String> injectionSwitch() {
        Path sysctl = Path.of("/proc/sys/dev/tty/legacy_tiocsti");
        try {
            return Files.exists(sysctl) ? Optional.of("kernel dev.tty.legacy_tiocsti=" + Files.readString(sysctl).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.of("dev.tty.legacy_tiocsti unreadable: " + e.getMessage());
        }
    }
}
