package dev.cordon.platform;

import dev.cordon.core.CordonException;

/**
 * What a session's {@link ProcessContainer} lets its processes use: at most {@code maxPids} processes and threads, at
 * most {@code maxMemoryBytes} of memory; {@link #NO_LIMIT} for either leaves it unbounded. Linux: the cgroup's pids and
 * memory limits; Windows: the job object's active-process and job-memory limits.
 */
public record ProcessLimits(long maxPids, long maxMemoryBytes) {
    public static final long NO_LIMIT = -1;

    public ProcessLimits {
        if (maxPids != NO_LIMIT && maxPids < 1) {
            throw CordonException.usage("Invalid process limit " + maxPids + ".",
                    "Use a positive number of processes, or no limit.");
        }
        if (maxMemoryBytes != NO_LIMIT && maxMemoryBytes < 1) {
            throw CordonException.usage("Invalid memory limit " + maxMemoryBytes + " bytes.",
                    "Use a positive number of bytes, or no limit.");
        }
    }

    public static ProcessLimits none() {
        return new ProcessLimits(NO_LIMIT, NO_LIMIT);
    }

    public boolean limitsPids() {
        return maxPids != NO_LIMIT;
    }

    public boolean limitsMemory() {
        return maxMemoryBytes != NO_LIMIT;
    }
}
