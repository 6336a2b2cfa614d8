package dev.cordon.session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a session for display: `session list|show`, the panel, the socket API.
 *
 * @param spawn how its runner starts commands: {@code clone3-into-cgroup}, or the portable path and why (null without
 *              a runner)
 * @param protection  what its commands may not change of git's and the agents' state, and whom git trusts for them
 *                    (null before its runner started)
 * @param tmpSizeBytes the size of each of {@code home} and {@code tmp} (a tmpfs each)
 * @param owner who started it: only that user and root may see it, run commands in it, switch or stop it
 * @param allowedSockets the sockets outside the session its commands may reach ({@code --allow-socket}), real paths
 * @param allowConfigDirs whether it was started with {@code --allow-config-dir}: its roots may be a home's configuration
 *                        directory (R43)
 * @param earlierCommands how many commands it ran before the first of {@code commands}: no longer kept (the host keeps
 *                        the most recent 256), or left out of {@code session.list} ({@link #LIST_COMMANDS})
 */
public record SessionInfo(String id, SessionState state, String network, String account, Long runnerPid,
                          String cgroup, Path workspace, List<Path> writable, Path home, Path tmp, Instant started,
                          Instant networkRevertsAt, String failure, List<CommandRecord> commands, String spawn,
                          Protection protection, long tmpSizeBytes,
                          Owner owner, List<Path> allowedSockets, boolean allowConfigDirs, long earlierCommands) {
    /**
     * The most recent commands a session carries in {@code session.list} (the whole kept history is
     * {@code session.show}'s): every session of every member in one reply must stay under the frame (review finding V1;
     * the arithmetic is in CommandHistoryTest). The socket API's replies bound the rest of a session too
     * ({@link SessionReplies}, V1b); the panel reads this record in-process, whole.
     */
    public static final int LIST_COMMANDS = 3;

    public SessionInfo {
        allowedSockets = allowedSockets == null ? List.of() : List.copyOf(allowedSockets);
    }

    /** A session whose every command is in {@code commands}. */
    public SessionInfo(String id, SessionState state, String network, String account, Long runnerPid, String cgroup,
                       Path workspace, List<Path> writable, Path home, Path tmp, Instant started,
                       Instant networkRevertsAt, String failure, List<CommandRecord> commands, String spawn,
                       Protection protection, long tmpSizeBytes, Owner owner, List<Path> allowedSockets,
                       boolean allowConfigDirs) {
        this(id, state, network, account, runnerPid, cgroup, workspace, writable, home, tmp, started, networkRevertsAt,
                failure, commands, spawn, protection, tmpSizeBytes, owner, allowedSockets, allowConfigDirs, 0);
    }

    /** The same with only its last {@code n} commands; the others counted in {@link #earlierCommands}. */
    public SessionInfo withLastCommands(int n) {
        if (commands == null || commands.size() <= n) {
            return this;
        }
        return new SessionInfo(id, state, network, account, runnerPid, cgroup, workspace, writable, home, tmp, started,
                networkRevertsAt, failure, List.copyOf(commands.subList(commands.size() - n, commands.size())), spawn,
                protection, tmpSizeBytes, owner, allowedSockets, allowConfigDirs,
                earlierCommands + commands.size() - n);
    }

    /** A session whose roots are no home's configuration directory. */
    public SessionInfo(String id, SessionState state, String network, String account, Long runnerPid, String cgroup,
                       Path workspace, List<Path> writable, Path home, Path tmp, Instant started,
                       Instant networkRevertsAt, String failure, List<CommandRecord> commands, String spawn,
                       Protection protection, long tmpSizeBytes, Owner owner, List<Path> allowedSockets) {
        this(id, state, network, account, runnerPid, cgroup, workspace, writable, home, tmp, started, networkRevertsAt,
                failure, commands, spawn, protection, tmpSizeBytes, owner, allowedSockets, false);
    }

    /** A session with no {@code --allow-socket} exception. */
    public SessionInfo(String id, SessionState state, String network, String account, Long runnerPid, String cgroup,
                       Path workspace, List<Path> writable, Path home, Path tmp, Instant started,
                       Instant networkRevertsAt, String failure, List<CommandRecord> commands, String spawn,
                       Protection protection, long tmpSizeBytes, Owner owner) {
        this(id, state, network, account, runnerPid, cgroup, workspace, writable, home, tmp, started, networkRevertsAt,
                failure, commands, spawn, protection, tmpSizeBytes, owner, List.of());
    }

    /** Who started a session ({@link dev.cordon.core.Caller#id}; JSON {@code uid}: a number, or a SID), and its name then. */
    public record Owner(@com.fasterxml.jackson.annotation.JsonIgnore dev.cordon.core.Principal id, String user) {
        /** As JSON writes it: the uid as a number, a SID as its string. */
        @com.fasterxml.jackson.annotation.JsonProperty("uid")
        public com.fasterxml.jackson.databind.JsonNode uid() {
            return dev.cordon.core.Json.id(id);
        }

        @Override
        public String toString() {
            return user + " (" + id + ")";
        }
    }
}
