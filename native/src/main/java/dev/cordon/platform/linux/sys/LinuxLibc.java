package dev.cordon.platform.linux.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.platform.linux.LibC;

/**
 * The libc calls the Linux backend makes beyond jna-platform's {@link LibC}: signals, {@code sysconf}, pipes and
 * descriptor I/O for spawned commands, and the pidfd syscalls. One interface, loaded once, so every part of the
 * backend signals and waits the same way.
 */
public interface LinuxLibc extends LibC {
    int SC_CLK_TCK = 2;
    int SC_PAGESIZE = 30;
    int EPERM = 1;
    int ENOENT = 2;
    int ESRCH = 3;
    int EINTR = 4;
    int EACCES = 13;
    int EINVAL = 22;
    int ENOSYS = 38;
    int O_RDONLY = 0;
    int O_DIRECTORY = 0200000;
    int O_CLOEXEC = 02000000;
    /** The syscalls numbered 424 and above are the same on every architecture. */
    long SYS_PIDFD_SEND_SIGNAL = 424;
    long SYS_PIDFD_OPEN = 434;
    int P_PIDFD = 3;
    int WEXITED = 4;
    int WNOHANG = 1;
    int O_WRONLY = 1;
    short POLLIN = 0x1;
    int WNOWAIT = 0x01000000;
    int EPIPE = 32;
    /** {@code sizeof(siginfo_t)} on Linux, every architecture. */
    int SIGINFO_SIZE = 128;

    /** Loaded on first use, so code that never signals or asks sysconf never loads libc through this interface. */
    final class Holder {
        public static final LinuxLibc INSTANCE = Native.load("c", LinuxLibc.class);

        private Holder() {
        }
    }

    static LinuxLibc libc() {
        return Holder.INSTANCE;
    }

    int kill(int pid, int signal) throws LastErrorException;

    /** 1 when {@code fd} is a terminal, else 0 (errno ENOTTY or EBADF, not thrown). */
    int isatty(int fd);

    NativeLong sysconf(int name);

    int pipe2(int[] fds, int flags) throws LastErrorException;

    NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    NativeLong pread(int fd, byte[] buffer, NativeLong count, long offset) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    /** {@code memfd_create(name, flags)}: an anonymous file, only reachable through its descriptor. */
    int memfd_create(String name, int flags) throws LastErrorException;

    /** {@code fcntl(fd, cmd, arg)} with an int argument (e.g. {@code F_ADD_SEALS}). */
    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    @Override
    int close(int fd) throws LastErrorException;

    /** {@code poll(fds, nfds, timeoutMs)}; {@code fds} holds {@code nfds} 8-byte {@code struct pollfd}. */
    int poll(Memory fds, long nfds, int timeoutMillis) throws LastErrorException;

    /** {@code waitid(idtype, id, &info, options)}; {@code info} is {@link #SIGINFO_SIZE} bytes. */
    int waitid(int idType, int id, Memory info, int options) throws LastErrorException;

    /** {@code mount(source, target, fstype, flags, data)}. */
    int mount(String source, String target, String fstype, NativeLong flags, String data) throws LastErrorException;

    /** {@code umount2(target, flags)}. */
    int umount2(String target, int flags) throws LastErrorException;

    /**
     * {@code lgetxattr(path, name, value, size)}: the attribute's length, by path (a mergerfs pool answers on its
     * {@code .mergerfs} only so: that file cannot be opened).
     */
    NativeLong lgetxattr(String path, String name, byte[] value, NativeLong size) throws LastErrorException;

    /** {@code pidfd_open(pid, 0)} and {@code pidfd_send_signal(pidfd, sig, NULL, 0)}. */
    long syscall(long number, long arg1, long arg2, long arg3, long arg4) throws LastErrorException;
}
