package dev.cordon.platform.windows;

import com.sun.jna.Structure;
import com.sun.jna.platform.win32.BaseTSD;

/**
 * The job-object structures jna-platform does not define, laid out as in winnt.h (sizes on x64: basic limits 64,
 * I/O counters 48, extended limits 144 bytes; checked by a test on every build). A session's commands run in one job
 * with {@code KILL_ON_JOB_CLOSE}: the job is the process tree.
 */
public final class JobObjectInfo {
    public static final int JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9;
    public static final int JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x00000008;
    public static final int JOB_OBJECT_LIMIT_JOB_MEMORY = 0x00000200;
    public static final int JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400;
    public static final int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000;

    private JobObjectInfo() {
    }

    @Structure.FieldOrder({"PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
            "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass", "SchedulingClass"})
    public static class BasicLimitInformation extends Structure {
        public long PerProcessUserTimeLimit;   // LARGE_INTEGER
        public long PerJobUserTimeLimit;       // LARGE_INTEGER
        public int LimitFlags;                 // DWORD
        public BaseTSD.SIZE_T MinimumWorkingSetSize = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T MaximumWorkingSetSize = new BaseTSD.SIZE_T();
        public int ActiveProcessLimit;         // DWORD
        public BaseTSD.ULONG_PTR Affinity = new BaseTSD.ULONG_PTR();
        public int PriorityClass;              // DWORD
        public int SchedulingClass;            // DWORD
    }

    @Structure.FieldOrder({"ReadOperationCount", "WriteOperationCount", "OtherOperationCount", "ReadTransferCount",
            "WriteTransferCount", "OtherTransferCount"})
    public static class IoCounters extends Structure {
        public long ReadOperationCount;
        public long WriteOperationCount;
        public long OtherOperationCount;
        public long ReadTransferCount;
        public long WriteTransferCount;
        public long OtherTransferCount;
    }

    @Structure.FieldOrder({"BasicLimitInformation", "IoInfo", "ProcessMemoryLimit", "JobMemoryLimit",
            "PeakProcessMemoryUsed", "PeakJobMemoryUsed"})
    public static class ExtendedLimitInformation extends Structure {
        public BasicLimitInformation BasicLimitInformation = new BasicLimitInformation();
        public IoCounters IoInfo = new IoCounters();
        public BaseTSD.SIZE_T ProcessMemoryLimit = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T JobMemoryLimit = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T PeakProcessMemoryUsed = new BaseTSD.SIZE_T();
        public BaseTSD.SIZE_T PeakJobMemoryUsed = new BaseTSD.SIZE_T();

        /** The limits of a session's job: kill on close, die on unhandled exception, at most {@code maxProcesses}. */
        public static ExtendedLimitInformation forSession(int maxProcesses, long maxMemoryBytes) {
            ExtendedLimitInformation info = new ExtendedLimitInformation();
            int flags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
            if (maxProcesses > 0) {
                flags |= JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
                info.BasicLimitInformation.ActiveProcessLimit = maxProcesses;
            }
            if (maxMemoryBytes > 0) {
                flags |= JOB_OBJECT_LIMIT_JOB_MEMORY;
                info.JobMemoryLimit = new BaseTSD.SIZE_T(maxMemoryBytes);
            }
            info.BasicLimitInformation.LimitFlags = flags;
            return info;
        }
    }
}
