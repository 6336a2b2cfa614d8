package dev.cordon.platform;

import java.util.Optional;

/**
 * When a running process started, as a text no other process — in this boot or any later one — has with the same pid:
 * with the pid, it names the process in records that outlive it (a session's or a grant's host). Linux:
 * {@code boot:<boot id>:<start ticks>} from {@code /proc/sys/kernel/random/boot_id} and {@code /proc/PID/stat} (never a
 * wall-clock instant, which moves when the clock is set); Windows: the creation time {@code GetProcessTimes} reports
 * (a FILETIME, absolute), with {@code GetExitCodeProcess} still {@code STILL_ACTIVE}.
 */
public interface ProcessStarts {
    /** The start of process {@code pid}; empty when it is gone or has exited (a zombie has). */
    Optional<String> startOf(long pid);
}
