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
 * What one member of the host's group may hold at once (root is not bounded here): sessions that are not yet stopped,
 * and the size of each session's HOME and TMPDIR (a tmpfs each, in memory). Set by {@code cordon serve
 * --member-max-sessions} and {@code --member-max-tmp-size}; a request beyond them is refused ({@code FORBIDDEN}, so it
 * is audited) with a message naming the limit and the option that raises it.
 */
public record MemberLimits(int maxSessions, long maxTmpSizeBytes) {
    /** Eight sessions, 4 GiB each for HOME and TMPDIR (the session's default memory limit, which its tmpfs pages count toward). */
    public static final MemberLimits DEFAULT = new MemberLimits(8, 4L << 30);
    private static final ConcurrentHashMap<dev.cordon.core.Principal, Object> LOCKS = new ConcurrentHashMap<>();

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
            long held = sessions.get().stream().filter(s -> s.owner() != null && s.owner().id().equals(caller.id()))
                    .filter(s -> s.state() != SessionState.STOPPED && s.state() != SessionState.FAILED).count();
            if (held >= maxSessions) {
                throw new CordonException(ExitCode.FORBIDDEN, caller.describe() + " already has " + held + " session(s),"
                        + " the most a member may have at once (cordon serve --member-max-sessions " + maxSessions + ").",
                        "Stop one you no longer need (`cordon session list`, `cordon session stop ID`), or have root raise"
                                + " the limit: `cordon serve --member-max-sessions N`.");
            }
            return start.get();
        }
    }
}
