package dev.cordon.platform.linux.confine;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads confined once each ({@code no_new_privs}, Landlock, seccomp) for a policy that does not change: a session's.
 * A command started on one inherits the same restrictions without paying for a fresh thread, a ruleset and a filter
 * each time (about 2.5 ms per command on our machines, see docs/benchmarks.md). The pool grows when every worker is
 * busy (a command's whole life can run on its worker) and keeps one worker, confined as soon as it is created.
 *
 * <p>The rules are planned once: the "read everything except the hidden paths" grants are computed at construction,
 * so an entry created later next to a hidden path's ancestors stays unreadable for the pool's lifetime. A worker can
 * neither write outside the policy nor read hidden paths — including our own class files when they live there, so
 * whatever runs on a worker must have its classes loaded before. Threads a worker creates inherit its restrictions;
 * the pool's own threads are started by the caller's (unconfined) thread and confine themselves first.
 */
public final class ConfinedWorkers implements AutoCloseable {
    /** Work for a confined thread. */
    public interface Task {
        /** Runs on a confined worker. */
        void run();

        /** Called instead of {@link #run}, on the worker, when the worker could not be confined: report, start nothing. */
        void refused(RuntimeException why);
    }

    /** How a process is started on a confined thread ({@code ProcessBuilder::start}, a native spawn, ...). */
    @FunctionalInterface
    public interface Starter<T> {
        T start() throws IOException;
    }

    private static final AtomicInteger POOLS = new AtomicInteger();
    /** Null on a confined worker; the reason on a worker whose confinement failed; unset on any other thread. */
    private static final ThreadLocal<RuntimeException> CONFINEMENT = new ThreadLocal<>();
    private static final RuntimeException NOT_A_WORKER = new IllegalStateException("not a confined worker");

    private final ThreadPoolExecutor pool;
    private final int abi;
    private final long handled;
    private final List<LandlockRule> rules;
    private final SeccompFilter seccomp;

    /** Workers under the full command filter (clone3 refused: for the JDK's spawn, not the native one). */
    public ConfinedWorkers(LandlockPolicy policy) {
        this(policy, new SeccompFilter(SeccompFilter.Arch.current()));
    }

    public ConfinedWorkers(LandlockPolicy policy, SeccompFilter seccomp) {
        int abi = Landlock.abi();
        long handled = LandlockAccess.handledForAbi(abi);
        List<LandlockRule> rules = LandlockRules.plan(policy, handled);
        this.abi = abi;
        this.handled = handled;
        this.rules = rules;
        this.seccomp = seccomp;
        String name = "cordon-confined-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        pool = new ThreadPoolExecutor(1, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(() -> {
                CONFINEMENT.set(NOT_A_WORKER);
                try {
                    ConfinedLauncher.confineCurrentThread(abi, handled, rules, seccomp);
                    CONFINEMENT.set(null);
                } catch (RuntimeException e) {
                    CONFINEMENT.set(e);
                }
                r.run();
            }, name + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.prestartCoreThread();
    }

    /** Runs {@code task} on a confined worker (or, if that worker could not be confined, its {@code refused}). */
    public void execute(Task task) {
        pool.execute(() -> {
            RuntimeException why = CONFINEMENT.get();
            try {
                if (why != null) {
                    task.refused(why);
                } else {
                    task.run();
                }
            } catch (RuntimeException | Error e) {
                // tasks report their own failures; this is a bug, and the worker must live on (a replacement thread
                // would be created by this confined thread)
                System.err.println("cordon: a confined task failed: " + e);
                e.printStackTrace();
            }
        });
    }

    /**
     * Runs {@code work} on a thread of its own, confined as the workers are, and returns its result once it is done
     * (the caller waits). Whatever that thread starts — commands, and the threads the pool grows by when it submits —
     * inherits its restrictions. When the thread cannot be confined, nothing runs and the reason is thrown.
     */
    public <T> T callConfined(String threadName, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            ConfinedLauncher.confineCurrentThread(abi, handled, rules, seccomp);
            return work.call();
        });
        Thread t = new Thread(task, threadName);
        t.start();
        try {
            return getUninterruptibly(task);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw new IllegalStateException("the confined thread failed: " + e.getCause(), e.getCause());
        }
    }

    /** Starts a process on a confined worker and returns it; the child inherits the worker's restrictions. */
    public <T> T start(Starter<T> starter) throws IOException {
        FutureTask<T> task = new FutureTask<>(() -> {
            RuntimeException why = CONFINEMENT.get();
            if (why != null) {
                throw why;
            }
            return starter.start();
        });
        pool.execute(task);
        try {
            return getUninterruptibly(task);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new CordonException(ExitCode.INTERNAL, "Starting the command failed: " + c, null, c);
        }
    }

    /** Starts {@code pb} on a confined worker. */
    public Process start(ProcessBuilder pb) throws IOException {
        return start(pb::start);
    }

    /** Waits even if interrupted: returning early could leave a child started that nobody owns. */
    private static <T> T getUninterruptibly(FutureTask<T> task) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets the workers end once idle; running work goes on. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
