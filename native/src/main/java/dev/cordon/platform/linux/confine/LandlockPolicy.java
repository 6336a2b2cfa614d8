package dev.cordon.platform.linux.confine;

import java.nio.file.Path;
import java.util.List;

/**
 * What a confined command may touch. Everything is readable and executable except {@code hiddenPaths}; writes (create,
 * remove, rename, truncate, ...) are allowed only beneath {@code writable} roots and to {@code /dev/null},
 * {@code /dev/zero}, {@code /dev/full} and {@code /dev/tty}.
 *
 * @param writable    directories the command may change freely beneath
 * @param hiddenPaths paths the command may neither read nor list (e.g. the Cordon state directory); a hidden path
 *                    need not exist yet, and if it is created later it stays hidden
 */
public record LandlockPolicy(List<Path> writable, List<Path> hiddenPaths) {
    public LandlockPolicy {
        writable = List.copyOf(writable);
        hiddenPaths = List.copyOf(hiddenPaths);
    }
}
