package dev.cordon.platform.linux;

import com.sun.jna.LastErrorException;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task with a user's filesystem identity, so the kernel itself decides what that user could open, read and
 * write (DAC, ACLs, read-only mounts): no permission logic of ours to get wrong.
 *
 * <p>The task runs on a fresh platform thread that first switches only <em>its own</em> credentials with raw syscalls:
 * supplementary groups, then fsgid, then fsuid. Leaving fsuid 0 also drops that thread's filesystem capabilities
 * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, …), so root's overrides do not apply. The switch is read back
 * before the task runs. The thread is never switched back and never reused: it ends with the task, so the identity
 * cannot leak into other work of the host. Path lookups of {@code java.nio.file} made on that thread are the user's;
 * {@code /proc/self} is not readable there (the process is root's), so look at descriptors after {@link #call} returns.
 */
public final class AsUser {
    private AsUser() {
    }

    @FunctionalInterface
    public interface Task<T> {
        T run() throws Exception;
    }

    /** The task's result; its CordonException as is; anything else as an internal error naming the user. */
    public static <T> T call(Caller user, Task<T> task) {
        if (user.isRoot()) {
            throw new IllegalArgumentException("AsUser is for checks with a non-root identity; root needs none");
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                become(FsIdentitySyscalls.libc(), user);
                result.set(task.run());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "cordon-as-uid-" + PosixIds.uid(user));
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CordonException.internal("Interrupted while checking access as " + user.describe(), e);
        }
        Throwable e = failure.get();
        if (e instanceof CordonException ce) {
            throw ce;
        }
        if (e != null) {
            throw CordonException.internal("Checking access as " + user.describe() + " failed: " + e, e);
        }
        return result.get();
    }

    private static void become(FsIdentitySyscalls libc, Caller user) {
        FsIdentitySyscalls.Numbers n = FsIdentitySyscalls.Numbers.current();
        int[] groups = PosixIds.groups(user);
        try {
            libc.syscall(n.setgroups(), groups.length, groups.length == 0 ? null : groups);
        } catch (LastErrorException e) {
            throw new IllegalStateException("setgroups failed: errno " + e.getErrorCode(), e);
        }
        libc.syscall(n.setfsgid(), PosixIds.gid(user));
        libc.syscall(n.setfsuid(), PosixIds.uid(user));
        // an invalid id (-1) changes nothing and returns the current one: read the switch back
        long fsuid = libc.syscall(n.setfsuid(), -1L) & 0xffffffffL;
        long fsgid = libc.syscall(n.setfsgid(), -1L) & 0xffffffffL;
        int count = (int) libc.syscall(n.getgroups(), 0, null);
        int[] now = new int[count];
        if (count > 0) {
            libc.syscall(n.getgroups(), count, now);
        }
        Arrays.sort(now);
        if (fsuid != PosixIds.uid(user) || fsgid != PosixIds.gid(user) || !Arrays.equals(now, groups)) {
            throw new IllegalStateException("the thread's filesystem identity is " + fsuid + ":" + fsgid + " groups "
                    + Arrays.toString(now) + ", not " + PosixIds.uid(user) + ":" + PosixIds.gid(user) + " groups " + Arrays.toString(groups));
        }
    }
}
