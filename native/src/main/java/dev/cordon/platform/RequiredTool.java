package dev.cordon.platform;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An OS program the platform needs (Linux: {@code nft}, {@code useradd}, {@code setpriv}; Windows: none, its calls are
 * Win32 APIs), and where it was found.
 *
 * @param name    the program's name, e.g. {@code nft}
 * @param where   where it was looked for, for messages
 * @param install how to get it, e.g. {@code apt-get install nftables}
 * @param path    where it is; empty when missing
 */
public record RequiredTool(String name, String where, String install, Optional<Path> path) {
    public boolean present() {
        return path.isPresent();
    }

    /** The refusal when it is missing. */
    public CordonException missing() {
        return new CordonException(ExitCode.UNAVAILABLE, "`" + name + "` was not found in " + where + ".",
                "Install the package that provides it: `" + install + "`.");
    }
}
