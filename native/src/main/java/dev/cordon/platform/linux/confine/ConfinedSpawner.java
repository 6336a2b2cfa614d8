package dev.cordon.platform.linux.confine;

import dev.cordon.core.CordonException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A long-lived spawning thread confined once ({@code no_new_privs}, Landlock, seccomp) for a policy that does not change:
 * a session's. Every {@link #start} runs on it, so each command inherits the same restrictions without paying for a
 * fresh thread, a ruleset and a filter each time (about 2.5 ms per command on our machines, see docs/benchmarks.md).
 * The difference to {@link ConfinedLauncher}: the "read everything except the hidden paths" grants are computed once, so
 * an entry created later next to a hidden path's ancestors stays unreadable for the spawner's lifetime. The same
 * caveat about threads created by the confined thread applies (JDK process-reaper threads; they only wait for children).
 */
public final class ConfinedSpawner implements AutoCloseable {
    private static final FutureTask<Process> STOP = new FutureTask<>(() -> null);
    private final BlockingQueue<FutureTask<Process>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    public ConfinedSpawner(LandlockPolicy policy) {
        int abi = Landlock.abi();
        long handled = LandlockAccess.handledForAbi(abi);
        SeccompFilter seccomp = new SeccompFilter(SeccompFilter.Arch.current());
        List<LandlockRule> rules = LandlockRules.plan(policy, handled);
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        thread = new Thread(() -> {
            try {
                ConfinedLauncher.confineCurrentThread(abi, handled, rules, seccomp);
            } catch (Throwable t) {
                failure.set(t);
                ready.countDown();
                return;
            }
            ready.countDown();
            serve();
        }, "cordon-confined-spawner");
        thread.setDaemon(true);
        thread.start();
        awaitUninterruptibly(ready);
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("Confining the spawner thread failed", t);
        }
    }

    private void serve() {
        while (true) {
            FutureTask<Process> task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            task.run();
        }
    }

    /** How a process is started on the confined thread ({@code ProcessBuilder::start}, a native spawn, ...). */
    @FunctionalInterface
    public interface Starter {
        Process start() throws IOException;
    }

    /** Starts {@code pb} on the confined thread; the child inherits its restrictions. */
    public Process start(ProcessBuilder pb) throws IOException {
        return start(pb::start);
    }

    /** Runs {@code starter} on the confined thread; the process it starts inherits the thread's restrictions. */
    public Process start(Starter starter) throws IOException {
        if (!thread.isAlive()) {
            throw new IllegalStateException("the confined spawner is closed");
        }
        FutureTask<Process> task = new FutureTask<>(starter::start);
        queue.add(task);
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
            throw new CordonException(dev.cordon.core.ExitCode.INTERNAL, "Starting the command failed: " + c, null, c);
        }
    }

    /** Waits even if interrupted: returning early could leave a child started that nobody owns. */
    private static Process getUninterruptibly(FutureTask<Process> task) throws ExecutionException {
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

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        queue.add(STOP);
    }
}
