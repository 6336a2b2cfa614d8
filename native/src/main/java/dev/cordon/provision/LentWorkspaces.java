package dev.cordon.provision;

import java.util.List;

/**
 * The workspaces lent to sessions (ACL grants for the sandbox group), as uninstall sees them: it gives every one back
 * before the sandbox group and accounts go, so no entry for a gid that may be reused is left on a developer's files.
 */
public interface LentWorkspaces {
    /** None lent: where no sessions ran (tests on a fake platform). */
    LentWorkspaces NONE = new LentWorkspaces() {
        @Override
        public List<String> describe() {
            return List.of();
        }

        @Override
        public void giveBackAll() {
        }
    };

    /** One line per lent root: the directory, its session and host. */
    List<String> describe();

    /** Gives back every grant of every session, live host or not. */
    void giveBackAll();
}
