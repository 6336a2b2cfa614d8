package dev.cordon.host;

import dev.cordon.audit.AuditLog;
import dev.cordon.core.Caller;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.session.SessionInfo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who may do what through the host's socket: the one place {@link HostApi} asks (the table is in docs/protocol.md,
 * "Who may do what"). Root may do everything. Any other member of the host's group:
 * <ul>
 *   <li>sees, runs commands in, switches and stops only the sessions it started;</li>
 *   <li>lends only directory trees it could read and write itself (checked with its own credentials when the
 *   session starts: {@code SessionManager.start(spec, owner)}), never a system tree (nobody may);</li>
 *   <li>attaches no vault secret: secrets are set by root and stay root's;</li>
 *   <li>may not stop the host.</li>
 * </ul>
 * A refusal is a {@link ExitCode#FORBIDDEN} error naming what was refused and why (root-only methods:
 * {@link ExitCode#NEEDS_ROOT}); {@link #recordRefusal} writes each to the audit log, a member's beyond
 * {@link RefusalRate#DEFAULT_PER_MINUTE} a minute as one count ({@link RefusalRate}).
 */
final class Authorizer {
    /** How often ended windows' counts are written when no refusal comes to write them. */
    private static final long FLUSH_SECONDS = 10;
    private final AuditLog audit;
    private final RefusalRate rate;
    private ScheduledExecutorService flusher;

    Authorizer(AuditLog audit) {
        this(audit, new RefusalRate(RefusalRate.DEFAULT_PER_MINUTE, Instant::now));
    }

    Authorizer(AuditLog audit, RefusalRate rate) {
        this.audit = audit;
        this.rate = rate;
    }

    /** The session's owner and root may act on it. */
    void requireSession(Caller caller, String action, SessionInfo session) {
        if (mayUse(caller, session)) {
            return;
        }
        throw new CordonException(ExitCode.FORBIDDEN, caller.describe() + " may not " + action + " session "
                + session.id() + ": it was started by another user, and only its owner and root may see or use it.",
                "Use your own sessions (`cordon session list` shows them), or ask root.");
    }

    /** The sessions the caller may see: all for root, its own for anyone else. */
    List<SessionInfo> visible(Caller caller, List<SessionInfo> sessions) {
        return sessions.stream().filter(s -> mayUse(caller, s)).toList();
    }

    /** Only root attaches vault secrets: the vault's secrets are root's, and nobody else owns one. */
    void requireSecrets(Caller caller, List<String> secrets) {
        if (caller.isRoot() || secrets.isEmpty()) {
            return;
        }
        throw new CordonException(ExitCode.FORBIDDEN, caller.describe() + " may not attach the secret(s) "
                + String.join(", ", secrets) + " to a session: vault secrets are set by root and only root may attach"
                + " them.", "Have root start the session with the secret (`sudo cordon run --secret NAME …`), or start it"
                + " without secrets.");
    }

    void requireRoot(Caller caller, String what, String fix) {
        if (!caller.isRoot()) {
            throw new CordonException(ExitCode.NEEDS_ROOT, "Only root may " + what + "; " + caller.describe() + " asked.", fix);
        }
    }

    /**
     * Audits a refused request: who, which method, on what, and the reason given. No parameter values beyond that. A
     * member's refusals beyond its rate are counted instead ({@code host.refused.counted} when the minute ends).
     */
    void recordRefusal(Caller caller, String who, String method, String target, CordonException refusal) {
        recordCounts(rate.due());
        if (!caller.isRoot() && !rate.admit(caller.id(), caller.describe(), method)) {
            startFlusher();
            return;
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("method", method);
        args.put("peer", who);
        args.put("target", target);
        args.put("code", refusal.exitCode().name().toLowerCase(java.util.Locale.ROOT));
        audit.record("host.refused", args, "refused", refusal.getMessage());
    }

    /** Writes the counts of every window, ended or not (the host stops). */
    void recordAllCounts() {
        recordCounts(rate.drain());
    }

    private synchronized void startFlusher() {
        if (flusher == null) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "audit-refusal-counts");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(() -> {
                try {
                    recordCounts(rate.due());
                } catch (RuntimeException e) {
                    System.err.println("cordon: cannot write the counts of refused requests: " + e.getMessage());
                }
            }, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void recordCounts(List<RefusalRate.Summary> summaries) {
        for (RefusalRate.Summary s : summaries) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("peer", s.peer());
            args.put("from", s.from().toString());
            args.put("to", s.to().toString());
            args.put("counted", s.counted());
            StringBuilder methods = new StringBuilder();
            s.counted().forEach((m, n) -> methods.append(methods.length() == 0 ? "" : ", ").append(m).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%,d", n)));
            try (AuditLog.ActingFor peer = AuditLog.actingFor(s.peer() + " via the host socket")) {
                audit.record("host.refused.counted", args, "refused", String.format(java.util.Locale.ROOT,
                        "%s: %,d more refused requests (%s) from %s to %s, counted, not recorded one by one (more than %d"
                                + " a minute).", s.peer(), s.total(), methods, s.from(), s.to(), rate.perWindow()));
            }
        }
    }

    static boolean isRefusal(CordonException e) {
        return e.exitCode() == ExitCode.FORBIDDEN || e.exitCode() == ExitCode.NEEDS_ROOT;
    }

    private static boolean mayUse(Caller caller, SessionInfo session) {
        return caller.isRoot() || (session.owner() != null && session.owner().id().equals(caller.id()));
    }
}
