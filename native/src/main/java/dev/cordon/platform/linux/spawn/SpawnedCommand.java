package dev.cordon.platform.linux.spawn;

import dev.cordon.platform.linux.sys.OwnedFd;
import dev.cordon.platform.linux.sys.Pidfd;

/**
 * A command {@link CgroupSpawner} started: its pidfd, and our ends of its stdin, stdout and stderr pipes. Whoever runs
 * the command's life owns them and closes them ({@link #close} closes what is still open).
 */
public record SpawnedCommand(Pidfd pidfd, OwnedFd stdin, OwnedFd stdout, OwnedFd stderr) implements AutoCloseable {
    public long pid() {
        return pidfd.pid();
    }

    @Override
    public void close() {
        stdin.close();
        stdout.close();
        stderr.close();
        pidfd.close();
    }
}
