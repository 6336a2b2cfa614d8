package dev.cordon.platform.linux.confine;

import com.sun.jna.LastErrorException;
import dev.cordon.core.CordonException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The L4 confinement point on Linux. Each {@link #start} runs on a fresh platform thread that sets
 * {@code no_new_privs}, restricts itself with Landlock and seccomp, and then calls {@link ProcessBuilder#start()}: the
 * child inherits the thread's restrictions, the thread ends, and the JVM's other threads stay unrestricted.
 *
 * <p>Caveat of confining a JVM thread: every thread the confined thread creates inherits its restrictions. Inside
 * {@code ProcessBuilder.start()} the JDK may create a "process reaper" thread (a cached pool, idle threads kept 60 s and
 * reused for any later child); such a thread is confined too. It only waits for children, but dependent actions
 * attached to {@link Process#onExit()} with the non-async methods can run on it: attach them with {@code *Async} and an
 * executor whose threads were started unconfined.
 *
 * <p>Redirects to files ({@link ProcessBuilder#redirectOutput(java.io.File)}) are opened by the confined thread, so
 * they must be allowed by the policy.
 */
public final class ConfinedLauncher {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private ConfinedLauncher() {
    }

    /** The kernel's Landlock ABI version; throws {@code UNAVAILABLE} when Landlock is missing or disabled. */
    public static int landlockAbi() {
        return Landlock.abi();
    }

    /**
     * Starts {@code pb} confined by {@code policy} and the seccomp filter. Exceptions of the confinement
     * ({@link CordonException}; {@code UNAVAILABLE} without Landlock or on an unknown CPU architecture) and of the start
     * ({@link IOException}) are rethrown here; no process is started then.
     */
    public static Process start(ProcessBuilder pb, LandlockPolicy policy) throws IOException {
        int abi = Landlock.abi();
        long handled = LandlockAccess.handledForAbi(abi);
        SeccompFilter seccomp = new SeccompFilter(SeccompFilter.Arch.current());
        List<LandlockRule> rules = LandlockRules.plan(policy, handled);
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread spawner = new Thread(() -> {
            try {
                confineCurrentThread(abi, handled, rules, seccomp);
                started.set(pb.start());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "cordon-confined-spawn-" + THREADS.incrementAndGet());
        spawner.start();
        joinUninterruptibly(spawner);

        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("Unexpected failure of the confined start", t);
        }
        return started.get();
    }

    static void confineCurrentThread(int abi, long handled, List<LandlockRule> rules,
                                             SeccompFilter seccomp) {
        try {
            LinuxSyscalls.libc().prctl(LinuxSyscalls.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        } catch (LastErrorException e) {
            throw Landlock.failed("prctl(PR_SET_NO_NEW_PRIVS)", e);
        }
        Landlock.restrictCurrentThread(abi, handled, rules);
        seccomp.install();
    }

    /**
     * Waits for the spawner even if interrupted: returning early could leave a child started that nobody owns.
     * The interrupt is kept for the caller.
     */
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
