package dev.cordon.platform;

import java.util.List;

/**
 * The credential posture of a sandbox account: what would let it be logged into or gain privilege.
 * Every entry of {@code findings} is a deviation a person should fix.
 */
public record AccountPosture(String account, boolean passwordLocked, boolean loginShell, String shell,
                             List<String> privilegedGroups, List<String> findings) {
    public boolean ok() {
        return findings.isEmpty();
    }
}
