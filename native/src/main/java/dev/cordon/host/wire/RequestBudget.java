package dev.cordon.host.wire;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.PeerIdentity;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many requests one member may have in flight in the host at once, over all its connections (Y3: with R39's 64
 * connections of 64 requests each, one member held 4,096 requests, a thread each, parked on its start lock: the host
 * went from 36 to 4,196 threads). A request is in flight from its call frame to its result or error frame, whether a
 * worker runs it, a command it started runs, or its stdin is pumped; so the bound covers every method, not only
 * {@code session.start}. A request beyond it is refused at once with an error frame naming the limit; it never gets a
 * thread. Root's requests are counted, never refused.
 */
final class RequestBudget {
    /** Requests one member may have in flight at once, over all its connections (as many as one connection may). */
    static final int PER_MEMBER = 64;

    private final int perMember;
    /** Guarded by itself: requests in flight per peer user (as SO_PEERCRED names it). */
    private final Map<String, Integer> inFlight = new HashMap<>();

    RequestBudget(int perMember) {
        if (perMember < 1) {
            throw new IllegalArgumentException("A member's bound of requests in flight must be at least 1, not " + perMember);
        }
        this.perMember = perMember;
    }

    /**
     * Counts request {@code id} ({@code method}) of {@code peer}, or says why not: the peer is not root and already has
     * the most requests in flight. Each counted request must be {@link #release released} once.
     */
    Optional<CordonException> take(PeerIdentity peer, long id, String method) {
        synchronized (inFlight) {
            int mine = inFlight.getOrDefault(peer.user(), 0);
            if (!peer.isRoot() && mine >= perMember) {
                return Optional.of(new CordonException(ExitCode.UNAVAILABLE, "User '" + peer.user() + "' already has "
                        + mine + " requests in flight in the Cordon host, over all its connections, the most one member"
                        + " may (" + perMember + "); request " + id + " (" + method + ") was not started.",
                        "Wait for the results of your earlier requests (or cancel them) before sending more; each running"
                                + " `cordon session exec` or `cordon run` holds one until its command ends."));
            }
            inFlight.put(peer.user(), mine + 1);
            return Optional.empty();
        }
    }

    /** A request {@link #take taken} for {@code peer} has ended (its terminal frame is written, or it never started). */
    void release(PeerIdentity peer) {
        synchronized (inFlight) {
            inFlight.computeIfPresent(peer.user(), (user, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Requests of {@code peer}'s user in flight now. */
    int inFlight(PeerIdentity peer) {
        synchronized (inFlight) {
            return inFlight.getOrDefault(peer.user(), 0);
        }
    }
}
