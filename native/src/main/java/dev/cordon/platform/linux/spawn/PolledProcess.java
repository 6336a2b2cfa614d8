package dev.cordon.platform.linux.spawn;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.cordon.platform.ConfinedProcess;
import dev.cordon.platform.linux.cgroup.CommandCgroup;
import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.OwnedFd;
import dev.cordon.platform.linux.sys.Pidfd;

import java.io.IOException;

/**
 * A command {@link CgroupSpawner} started straight into its cgroup, followed with one {@code poll} over its stdout,
 * stderr and pidfd: what one poll reports ready is handed out one event at a time, pipes first, before the next poll.
 */
final class PolledProcess implements ConfinedProcess {
    private static final int POLLFD_SIZE = 8;
    private static final int REVENTS = 6;
    private static final int EXITED = 1 << 2;

    private final SpawnedCommand command;
    private final CommandCgroup cgroup;
    private final Memory fds = new Memory(3L * POLLFD_SIZE);
    /** Ready bits of the last poll not handed out yet: 1 stdout, 2 stderr, 4 the pidfd. */
    private int ready;
    private boolean exited;

    PolledProcess(SpawnedCommand command, CommandCgroup cgroup) {
        this.command = command;
        this.cgroup = cgroup;
    }

    @Override
    public long pid() {
        return command.pid();
    }

    @Override
    public Event next(byte[] buffer, int timeoutMillis) throws IOException {
        try {
            while (ready == 0) {
                fds.clear();
                watch(0, command.stdout().number());
                watch(1, command.stderr().number());
                watch(2, exited ? -1 : command.pidfd().number());
                int n;
                try {
                    n = LinuxLibc.libc().poll(fds, 3, timeoutMillis);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LinuxLibc.EINTR) {
                        continue;
                    }
                    throw e;
                }
                if (n == 0) {
                    return null;
                }
                for (int i = 0; i < 3; i++) {
                    if (fds.getShort((long) i * POLLFD_SIZE + REVENTS) != 0) {
                        ready |= 1 << i;
                    }
                }
            }
            for (int stream = STDOUT; stream <= STDERR; stream++) {
                int bit = 1 << (stream - 1);
                if ((ready & bit) != 0) {
                    ready &= ~bit;
                    OwnedFd pipe = stream == STDOUT ? command.stdout() : command.stderr();
                    int n = pipe.read(buffer);
                    if (n <= 0) {
                        pipe.close();
                        return new OutputEnd(stream);
                    }
                    return new Output(stream, n);
                }
            }
            ready &= ~EXITED;
            exited = true;
            return new Exit(command.pidfd().awaitExit());
        } catch (LastErrorException | IllegalStateException e) {
            throw new IOException("following " + command.pid() + " failed: " + e.getMessage(), e);
        }
    }

    private void watch(int index, int fd) {
        fds.setInt((long) index * POLLFD_SIZE, fd); // a negative fd is skipped by poll
        fds.setShort((long) index * POLLFD_SIZE + 4, LinuxLibc.POLLIN);
    }

    @Override
    public void writeStdin(byte[] data) throws IOException {
        command.stdin().write(data);
    }

    @Override
    public void closeStdin() {
        command.stdin().close();
    }

    @Override
    public void closeOutput() {
        command.stdout().close();
        command.stderr().close();
    }

    @Override
    public boolean containerEmpty() throws IOException {
        return cgroup.empty();
    }

    @Override
    public void killTree() throws IOException {
        cgroup.kill();
    }

    @Override
    public void killMain() {
        command.pidfd().signal(Pidfd.SIGKILL);
    }

    @Override
    public void reap() {
        try {
            command.pidfd().awaitExit();
        } catch (IllegalStateException alreadyReaped) {
            // waitid: ECHILD, the loop had reaped it before the failure
        }
    }

    @Override
    public boolean awaitEmpty(long millis) throws IOException, InterruptedException {
        return cgroup.awaitEmpty(millis);
    }

    @Override
    public void close() {
        command.stdout().close();
        command.stderr().close();
        command.pidfd().close();
        fds.close();
    }
}
