package dev.cordon.session;

import dev.cordon.core.CordonException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a session protects of the developer's version-control and agent state in its writable roots, and whom git
 * trusts for its commands; found by {@link ProtectionSearch} each time a runner starts. Shown by {@code session show}.
 *
 * @param paths               read-only for the session's commands
 * @param gitSafeDirectories  the worktrees the session's git trusts although another account owns them (passed to each
 *                            command as {@code safe.directory} in command-scope config, never written anywhere)
 * @param directoriesSearched how many directories the search for nested repositories looked at
 * @param searchComplete      false when the search stopped at {@link ProtectionSearch#MAX_DIRECTORIES}: repositories
 *                            in the directories it did not reach are NOT protected
 * @param gitDirectories      every git directory (and common directory) the session's git reads, inside the writable
 *                            roots or not (a worktree's gitdir lives in its main repository): a runner's private /tmp
 *                            keeps them visible
 */
public record Protection(List<ProtectedPath> paths, List<Path> gitSafeDirectories, int directoriesSearched,
                         boolean searchComplete, List<Path> gitDirectories) {
    public Protection {
        paths = List.copyOf(paths);
        gitSafeDirectories = List.copyOf(gitSafeDirectories);
        gitDirectories = List.copyOf(gitDirectories);
    }

    public Protection(List<ProtectedPath> paths, List<Path> gitSafeDirectories, int directoriesSearched,
                      boolean searchComplete) {
        this(paths, gitSafeDirectories, directoriesSearched, searchComplete, List.of());
    }

    /**
     * Makes git trust {@link #gitSafeDirectories} for one command: {@code safe.directory} entries in command-scope
     * config ({@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_KEY_n}/{@code GIT_CONFIG_VALUE_n}, which git reads as
     * protected config), appended after any entries the caller's environment already has.
     */
    void addGitTrust(Map<String, String> env) {
        String given = env.get("GIT_CONFIG_COUNT");
        int n;
        try {
            n = given == null ? 0 : Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw CordonException.usage("GIT_CONFIG_COUNT=" + given + " is not a count.",
                    "Give a whole number (git reads that many GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n pairs), or leave it out.");
        }
        for (Path dir : gitSafeDirectories) {
            env.put("GIT_CONFIG_KEY_" + n, "safe.directory");
            env.put("GIT_CONFIG_VALUE_" + n, dir.toString());
            n++;
        }
        env.put("GIT_CONFIG_COUNT", Integer.toString(n));
    }
}
