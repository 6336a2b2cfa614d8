package dev.cordon.platform;

import java.util.List;

/**
 * The credential posture of a sandbox account: what would let it be logged into or gain privilege.
 * Every entry of {@code findings} is a deviation a person should fix.
 */
public record AccountPosture(String account, boolean passwordLocked, boolean loginShell, String shell,
                             List<String> privilegedGroups, List<String> findings, String evidence) {
    /**
     * A POSIX account's posture; {@code evidence} says what was found when there is no finding: its password locked,
     * its shell, no privileged group.
     */
    public AccountPosture(String account, boolean passwordLocked, boolean loginShell, String shell,
                          List<String> privilegedGroups, List<String> findings) {
        this(account, passwordLocked, loginShell, shell, privilegedGroups, findings, "password locked, shell " + shell
                + ", no privileged groups");
    }

    public boolean ok() {
        return findings.isEmpty();
    }
}
