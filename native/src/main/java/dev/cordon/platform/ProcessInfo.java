package dev.cordon.platform;

import dev.cordon.core.Principal;

import java.time.Instant;

/**
 * One process as seen in a {@link ProcessSnapshot}. A pid alone does not name a process (pids are reused);
 * {@code (pid, startTicks)} does, and {@link ProcessTable#kill} checks it before signalling.
 *
 * @param pid process id
 * @param ppid parent process id; 0 for the roots the kernel starts (init, kthreadd)
 * @param owner who it runs as (Linux: the effective uid; Windows: the token's user SID)
 * @param user account name of {@code owner}, or its id when the account database does not know it
 * @param name the kernel's short name (comm, at most 15 bytes on Linux)
 * @param commandLine arguments joined by spaces, or {@code [name]} when there are none (kernel threads, zombies)
 * @param state one-letter scheduler state (R running, S sleeping, D disk wait, Z zombie, T stopped, I idle, …)
 * @param cpuPercent CPU use in percent of one core (can exceed 100 for multi-threaded processes), like top
 * @param rssBytes resident set size
 * @param startTime when the process started
 * @param startTicks the exact start time in the OS's unit (Linux: clock ticks since boot; Windows: the creation
 *                   FILETIME): with {@code pid}, the identity of the process
 */
public record ProcessInfo(int pid, int ppid, Principal owner, String user, String name, String commandLine, char state,
                          double cpuPercent, long rssBytes, Instant startTime, long startTicks) {

    /** True when {@code other} is the same process, not merely one with the same (possibly reused) pid. */
    public boolean sameProcessAs(ProcessInfo other) {
        return pid == other.pid && startTicks == other.startTicks;
    }
}
