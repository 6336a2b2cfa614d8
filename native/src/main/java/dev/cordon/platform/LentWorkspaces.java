package dev.cordon.platform;

import java.util.List;

/**
 * The workspaces lent to sessions (ACL grants for each session's own group), as uninstall and the doctor see them: it gives every one back
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
        public List<String> stuck() {
            return List.of();
        }

        @Override
        public void giveBackAll() {
        }
    };

    /** One line per lent root: the directory, its session and host. */
    List<String> describe();

    /**
     * The grants not given back: those no live host holds (the host crashed, and the hand-back since failed or was not
     * tried yet), and those whose hand-back failed while their host lives on (the session ended; `cordon session stop`
     * on it retries), one line each: the root, its session and why the last hand-back failed. The doctor fails on any.
     */
    List<String> stuck();

    /**
     * Lent roots whose inodes are known by their numbers alone (a filesystem without birth times or file handles, or a
     * record of an older Cordon): the hand-back cannot tell a number the sandbox freed from the file that took it next
     * (R17, R24). One line each; the doctor names them.
     */
    default List<String> knownByNumberOnly() {
        return List.of();
    }

    /** Gives back every grant of every session, live host or not. */
    void giveBackAll();
}
