package dev.cordon.leftovers;

import dev.cordon.platform.linux.sys.LinuxLibc;
import dev.cordon.platform.linux.sys.Pidfd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SIGTERM, a grace period, then SIGKILL — through pidfds, so a pid the kernel has meanwhile given to another process
 * is never signalled: the pidfd is opened first, then the start time read through {@code /proc} is compared with the
 * scanned one; from then on the pidfd names exactly that process even if the pid is reused.
 */
final class ProcessKiller {
    private static final int ESRCH = LinuxLibc.ESRCH;

    private final ProcTable proc;
    private final Duration grace;

    ProcessKiller(ProcTable proc, Duration grace) {
        this.proc = proc;
        this.grace = grace;
    }

    /** Kills the processes; the outcome of each is KILLED, GONE (exited or pid reused before we acted) or FAILED. */
    Map<Leftover, CleanOutcome> kill(List<Leftover> processes) {
        Map<Leftover, CleanOutcome> outcomes = new LinkedHashMap<>();
        Map<Leftover, Pidfd> pidfds = new LinkedHashMap<>();
        try {
            for (Leftover p : processes) {
                open(p).ifPresentOrElse(fd -> pidfds.put(p, fd), () -> outcomes.put(p, gone(p)));
            }
            List<Leftover> termed = new ArrayList<>();
            for (Map.Entry<Leftover, Pidfd> e : pidfds.entrySet()) {
                Leftover p = e.getKey();
                int errno = e.getValue().signal(Pidfd.SIGTERM);
                if (errno == 0) {
                    termed.add(p);
                } else {
                    outcomes.put(p, errno == ESRCH ? gone(p) : refused(p, "SIGTERM", errno));
                }
            }
            List<Leftover> survivors = waitForExit(termed, grace);
            List<Leftover> killed = new ArrayList<>();
            for (Leftover p : termed) {
                int errno = survivors.contains(p) ? pidfds.get(p).signal(Pidfd.SIGKILL) : ESRCH;
                if (errno == 0) {
                    killed.add(p);
                } else {
                    outcomes.put(p, errno == ESRCH ? ended(p, "exited after SIGTERM") : refused(p, "SIGKILL", errno));
                }
            }
            List<Leftover> unkillable = waitForExit(killed, Duration.ofSeconds(2));
            for (Leftover p : killed) {
                outcomes.put(p, unkillable.contains(p)
                        ? new CleanOutcome(p, CleanOutcome.Result.FAILED, null,
                                "still running 2 s after SIGKILL (blocked in the kernel?)")
                        : ended(p, "killed with SIGKILL after " + grace.toMillis() + " ms"));
            }
        } finally {
            pidfds.values().forEach(Pidfd::close);
        }
        Map<Leftover, CleanOutcome> ordered = new LinkedHashMap<>();
        processes.forEach(p -> ordered.put(p, outcomes.get(p)));
        return ordered;
    }

    private static CleanOutcome gone(Leftover p) {
        return new CleanOutcome(p, CleanOutcome.Result.GONE, null, "had exited before it was signalled");
    }

    private static CleanOutcome ended(Leftover p, String how) {
        return new CleanOutcome(p, CleanOutcome.Result.KILLED, null, how);
    }

    private static CleanOutcome refused(Leftover p, String signal, int errno) {
        return new CleanOutcome(p, CleanOutcome.Result.FAILED, null, signal + " was refused: errno " + errno);
    }

    /** A pidfd for exactly the scanned process, or empty when it no longer exists. */
    private Optional<Pidfd> open(Leftover p) {
        Optional<Pidfd> fd = Pidfd.open(p.pid());
        if (fd.isEmpty()) {
            return fd;
        }
        Optional<ProcTable.Stat> now = proc.stat(p.pid());
        if (now.isEmpty() || now.get().startTicks() != p.startTicks() || now.get().state() == 'Z') {
            fd.get().close();
            return Optional.empty();
        }
        return fd;
    }

    /** Polls until every process has exited (or is a zombie) or the time is up; returns those still running. */
    private List<Leftover> waitForExit(List<Leftover> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Leftover> running = new ArrayList<>(processes);
        while (true) {
            running.removeIf(p -> proc.stat(p.pid())
                    .map(s -> s.startTicks() != p.startTicks() || s.state() == 'Z' || s.state() == 'X')
                    .orElse(true));
            if (running.isEmpty() || System.nanoTime() >= deadline) {
                return running;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running;
            }
        }
    }
}
