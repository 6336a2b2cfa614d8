package dev.cordon.session;

import dev.cordon.audit.AuditLog;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.platform.ProcessContainers;
import dev.cordon.platform.WorkspaceAccess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What hosts that died left of their sessions: their process trees and directories, and the workspaces they still held.
 * A host reaps at its start ({@link SessionManager#reapStale}); every session start gives back dead hosts' grants, so a
 * crashed {@code cordon run} needs no reaper of its own.
 */
final class DeadSessionReaper {
    private final Instance instance;
    private final SessionDirectories directories;
    private final ProcessContainers containers;
    private final WorkspaceAccess grants;
    private final AuditLog audit;

    DeadSessionReaper(Instance instance, SessionDirectories directories, ProcessContainers containers,
                      WorkspaceAccess grants, AuditLog audit) {
        this.instance = instance;
        this.directories = directories;
        this.containers = containers;
        this.grants = grants;
        this.audit = audit;
    }

    /**
     * Gives back what hosts that died still held, audited; a failure is audited and does not stop the caller (the
     * records stay for the next try: the reaper, uninstall).
     */
    void giveBackDeadHostsGrants() {
        try {
            List<String> givenBack = grants.giveBackDeadHosts();
            if (!givenBack.isEmpty()) {
                audit.record("session.reap-grants", Map.of("roots", String.join(", ", givenBack)), "ok", null);
            }
        } catch (CordonException e) {
            audit.record("session.reap-grants", Map.of(), "error", e.getMessage());
        }
    }

    /**
     * Kills and removes the trees and directories of sessions no live host owns (a crashed host's), and gives back the
     * workspaces such hosts still held; {@code ownLive} tells the calling host's own sessions, asked at each step.
     */
    void reap(Predicate<String> ownLive) {
        Set<String> keep = new HashSet<>();
        Path dir = instance.sessionsDir();
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                dirs.addAll(s.toList());
            } catch (IOException e) {
                throw CordonException.internal("Cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        for (Path p : dirs) {
            String id = p.getFileName().toString();
            if (ownLive.test(id) || directories.hostAlive(p) || SessionHost.beingCreated(p)) {
                keep.add(id); // this host's, or another live host's session (a `cordon run`, the panel)
            }
        }
        // each cgroup is judged after the cgroups were listed: a session another host started since the directories were
        // listed has its directory and host record by then (they come before its cgroup) and is spared
        containers.reapAllExcept(id -> keep.contains(id) || ownLive.test(id)
                || directories.hostAlive(instance.sessionsDir().resolve(id)));
        // their processes are gone: the workspaces go back first. One that cannot (a tree nested deeper than the walk's
        // bound) is audited and stays recorded for the doctor to flag; it stops neither the directories' removal below
        // nor the host's start
        giveBackDeadHostsGrants();
        List<String> failures = new ArrayList<>();
        for (Path p : dirs) {
            if (!keep.contains(p.getFileName().toString())) {
                try { // each one, even when another's failed
                    directories.remove(p);
                } catch (RuntimeException e) {
                    failures.add(e instanceof CordonException ? e.getMessage() : "Could not remove " + p + ": " + e);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new CordonException(ExitCode.INTERNAL, "Could not remove every dead session's directories: "
                    + String.join("; ", failures), "`cordon leftovers scan` lists what is left; `cordon leftovers clean`"
                    + " removes it.");
        }
    }
}
