package dev.cordon.platform.linux.cgroup;

import dev.cordon.platform.ProcessLimits;
/** The memory controller's file names, which differ between cgroup v1 and v2. */
enum MemoryFiles {
    V1("memory.limit_in_bytes", "memory.usage_in_bytes", "memory.max_usage_in_bytes"),
    V2("memory.max", "memory.current", "memory.peak");

    final String limit;
    final String current;
    final String peak;

    MemoryFiles(String limit, String current, String peak) {
        this.limit = limit;
        this.current = current;
        this.peak = peak;
    }

    /**
     * v2 writes "max"; v1 reports "unlimited" as LONG_MAX rounded down to a page (9223372036854771712), so anything
     * that large means no limit.
     */
    long parseLimit(String value) {
        if (value.equals("max")) {
            return ProcessLimits.NO_LIMIT;
        }
        long bytes = Long.parseLong(value);
        return bytes >= (1L << 62) ? ProcessLimits.NO_LIMIT : bytes;
    }
}
