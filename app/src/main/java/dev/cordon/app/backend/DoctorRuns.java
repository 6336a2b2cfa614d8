package dev.cordon.app.backend;

import dev.cordon.doctor.DoctorReport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One doctor run at a time for the whole panel. The Overview and the Doctor page both ask for reports (on first show,
 * on refresh); a caller that arrives while a run is under way gets that run's report instead of starting a second
 * one — the live probes run as the sandbox accounts and are not free.
 */
public final class DoctorRuns {
    private final java.util.function.Function<java.util.function.Consumer<dev.cordon.doctor.Check>, DoctorReport> doctor;
    private CompletableFuture<DoctorReport> inFlight; // guarded by this
    /** Who hears the checks of the run under way, as each finishes. */
    private final java.util.List<Listener> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public DoctorRuns(Supplier<DoctorReport> doctor) {
        this(each -> doctor.get());
    }

    /** {@code doctor} runs the checks, telling its argument each one as it finishes. */
    public DoctorRuns(java.util.function.Function<java.util.function.Consumer<dev.cordon.doctor.Check>, DoctorReport> doctor) {
        this.doctor = doctor;
    }

    /** A report from a run that started no earlier than this call, or the one already under way. */
    public DoctorReport run() {
        return runReporting(c -> { });
    }

    /** As {@link #run()}; {@code each} hears the checks that finish from now on (joining a run: its remaining ones). */
    public DoctorReport runReporting(java.util.function.Consumer<dev.cordon.doctor.Check> each) {
        return runReporting(each, () -> false);
    }

    /**
     * As {@link #runReporting(java.util.function.Consumer)}, for a caller that may give up ({@code cancelled} turns
     * true): the run stops after the check under way once every caller waiting for it has given up (then each gets a
     * {@link java.util.concurrent.CancellationException}); while another caller still wants it, it runs on.
     */
    public DoctorReport runReporting(java.util.function.Consumer<dev.cordon.doctor.Check> each,
                                     java.util.function.BooleanSupplier cancelled) {
        Listener listener = new Listener(each, cancelled);
        listeners.add(listener);
        try {
            return runOnce();
        } finally {
            listeners.remove(listener);
        }
    }

    private record Listener(java.util.function.Consumer<dev.cordon.doctor.Check> each,
                            java.util.function.BooleanSupplier cancelled) {
    }

    /** Tells every listener of {@code check}; stops the run when each one has given up. */
    private void finished(dev.cordon.doctor.Check check) {
        listeners.forEach(l -> l.each().accept(check));
        if (!listeners.isEmpty() && listeners.stream().allMatch(l -> l.cancelled().getAsBoolean())) {
            throw new java.util.concurrent.CancellationException("the doctor run was cancelled after " + check.id());
        }
    }

    private DoctorReport runOnce() {
        CompletableFuture<DoctorReport> run;
        boolean mine;
        synchronized (this) {
            mine = inFlight == null;
            if (mine) {
                inFlight = new CompletableFuture<>();
            }
            run = inFlight;
        }
        if (mine) {
            try {
                run.complete(doctor.apply(this::finished));
            } catch (RuntimeException | Error e) {
                run.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    inFlight = null;
                }
            }
        }
        try {
            return run.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
