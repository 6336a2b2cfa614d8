package dev.cordon.host;

import dev.cordon.core.ByteSize;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionSpec;
import dev.cordon.session.SessionState;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What one member of the host's group may hold at once (root is not bounded here): sessions that are not yet stopped
 * (a session being stopped too: it holds its HOME and TMPDIR, its cgroup and its grants until its teardown ended, V4),
 * the size of each session's HOME and TMPDIR (a tmpfs each, in memory), and the memory limits ({@code memory.max}) of
 * its live sessions together (Y2: 8 sessions of 4 GiB were 32 GiB on a 24 GiB machine without swap; a session's tmpfs
 * pages count toward its memory.max and stay after its commands end, so each live session may really hold its limit).
 * Set by {@code cordon serve --member-max-sessions}, {@code --member-max-tmp-size} and {@code --member-max-memory}
 * (default: {@link #memoryShare three quarters} of the machine's memory); a request beyond them is refused ({@code FORBIDDEN},
 * so it is audited) with a message naming the limit and the option that raises it. A member's first session is never
 * refused for memory: one session's limit is the host's default, whatever the machine.
 */
public record MemberLimits(int maxSessions, long maxTmpSizeBytes, long maxMemoryBytes) {
    /** The machine's memory (Linux: MemTotal; in a container, its limit), for the default and for messages. */
    public static final long HOST_MEMORY = ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    /**
     * Eight sessions, 4 GiB each for HOME and TMPDIR (the session's default memory limit, which its tmpfs pages count
     * toward), their memory limits together at most three quarters of the machine's memory.
     */
    public static final MemberLimits DEFAULT = new MemberLimits(8, 4L << 30, memoryShare(HOST_MEMORY));
    private static final ConcurrentHashMap<dev.cordon.core.Principal, Object> LOCKS = new ConcurrentHashMap<>();

    /**
     * The default bound on one member's sessions' memory limits together: three quarters of {@code hostMemory}, in
     * whole MiB, so that one member's sessions leave a quarter to the host, root and the other members (4 sessions of
     * 4 GiB on 24 GiB, 3 on 16 GiB, 1 on 8 GiB).
     */
    public static long memoryShare(long hostMemory) {
        return Math.max(ByteSize.MIB, hostMemory / 4 * 3 / ByteSize.MIB * ByteSize.MIB);
    }

    /** {@code 12G}, {@code 11980M} …, as {@code --member-max-memory} gives it. */
    public static long parseMaxMemory(String text) {
        return ByteSize.parse(text, "--member-max-memory", ByteSize.MIB, 1L << 50);
    }

    public MemberLimits {
        if (maxSessions < 1) {
            throw CordonException.usage("--member-max-sessions " + maxSessions + " is not a positive number.",
                    "Give how many sessions one member may have at once, e.g. --member-max-sessions 8.");
        }
        if (maxTmpSizeBytes < SessionSpec.Limits.MIN_TMP_SIZE || maxTmpSizeBytes > SessionSpec.Limits.MAX_TMP_SIZE) {
            throw CordonException.usage("--member-max-tmp-size " + ByteSize.format(maxTmpSizeBytes) + " is out of range.",
                    "Give a size between " + ByteSize.format(SessionSpec.Limits.MIN_TMP_SIZE) + " and "
                            + ByteSize.format(SessionSpec.Limits.MAX_TMP_SIZE) + ", e.g. 4G.");
        }
        if (maxMemoryBytes < ByteSize.MIB) {
            throw CordonException.usage("--member-max-memory " + maxMemoryBytes + " bytes is less than 1 MiB.",
                    "Give the most memory one member's sessions may hold together, e.g. --member-max-memory 12G.");
        }
    }

    /**
     * Starts a session for {@code caller} with {@code start} when the caller is root or stays within the limits; the
     * count and the start happen under one lock per member, so parallel requests of one member cannot pass it together.
     */
    SessionInfo start(Caller caller, SessionSpec spec, Supplier<List<SessionInfo>> sessions, Supplier<SessionInfo> start) {
        if (caller.isRoot()) {
            return start.get();
        }
        long tmpSize = spec.limits().tmpSizeBytes();
        if (tmpSize > maxTmpSizeBytes) {
            String[] sizes = ByteSize.distinct(tmpSize, maxTmpSizeBytes);
            String asked = ByteSize.asInput(tmpSize);
            String most = ByteSize.asInput(maxTmpSizeBytes);
            throw new CordonException(ExitCode.FORBIDDEN, caller.describe() + " asked for " + sizes[0] + " (--tmp-size "
                    + asked + ", or tmpSize \"" + asked + "\" in the request) each for the session's HOME and TMPDIR; a"
                    + " member may have at most " + sizes[1] + " (cordon serve --member-max-tmp-size " + most + ").",
                    "Ask for at most that: --tmp-size " + most + " (tmpSize \"" + most + "\"), or have root raise the"
                            + " limit: `cordon serve --member-max-tmp-size " + asked + "`.");
        }
        synchronized (LOCKS.computeIfAbsent(caller.id(), id -> new Object())) {
            List<SessionInfo> holding = sessions.get().stream()
                    .filter(s -> s.owner() != null && s.owner().id().equals(caller.id()))
                    .filter(s -> s.state() != SessionState.STOPPED && s.state() != SessionState.FAILED).toList();
            long held = holding.size();
            String stopping = stopping(holding);
            if (held >= maxSessions) {
                throw new CordonException(ExitCode.FORBIDDEN, caller.describe() + " already has " + held + " session(s)"
                        + stopping + ", the most a member may have at once (cordon serve --member-max-sessions "
                        + maxSessions + ").",
                        "Stop one you no longer need (`cordon session list`, `cordon session stop ID`), or have root raise"
                                + " the limit: `cordon serve --member-max-sessions N`.");
            }
            requireMemory(caller, held, stopping, spec.limits().maxMemoryBytes());
            return start.get();
        }
    }

    /** " (N of them still stopping: …)" when some of {@code holding} are being torn down, else "". */
    private static String stopping(List<SessionInfo> holding) {
        long n = holding.stream().filter(s -> s.state() == SessionState.STOPPING).count();
        return n == 0 ? "" : " (" + n + " of them still stopping: a session holds its memory until its teardown ends)";
    }

    /**
     * Refuses a session of {@code asked} bytes of memory.max when the caller's {@code held} live sessions' limits and it
     * would be more than {@link #maxMemoryBytes} together; the first session is never refused here. Each live session
     * counts with the default memory limit: a member's sessions all have it (the host's API sets no other).
     */
    private void requireMemory(Caller caller, long held, String stopping, long asked) {
        long each = SessionSpec.Limits.DEFAULT.maxMemoryBytes();
        long together = held * each + asked;
        if (held == 0 || together <= maxMemoryBytes) {
            return;
        }
        String most = ByteSize.asInput(maxMemoryBytes);
        throw new CordonException(ExitCode.FORBIDDEN, caller.describe() + " has " + held + " session(s)" + stopping
                + " with a memory limit (memory.max) of " + ByteSize.format(each) + " each, " + ByteSize.format(held * each)
                + " together; one more of " + ByteSize.format(asked) + " would make " + ByteSize.format(together)
                + ", more than a member's sessions may hold together: " + ByteSize.format(maxMemoryBytes) + " (cordon serve"
                + " --member-max-memory " + most + "; this machine's memory is " + ByteSize.format(HOST_MEMORY) + ", and"
                + " a session's HOME and TMPDIR pages count toward its limit until it stops).",
                "Stop a session you no longer need (`cordon session list`, `cordon session stop ID`), or have root raise"
                        + " the limit: `cordon serve --member-max-memory SIZE` (at most what the machine can spare).");
    }
}
