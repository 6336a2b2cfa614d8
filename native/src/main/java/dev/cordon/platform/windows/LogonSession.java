package dev.cordon.platform.windows;

import java.util.Map;

/**
 * One LSA logon session ({@code SECURITY_LOGON_SESSION_DATA}, as {@code LsaGetLogonSessionData} returns it): the
 * logon id (a LUID), the user's SID (null for the few sessions without one), name, domain, logon type and the Windows
 * (terminal services) session it belongs to.
 */
record LogonSession(long logonId, String sid, String user, String domain, int logonType, int windowsSession) {
    /** {@code SECURITY_LOGON_TYPE}'s names for the types a sandbox account could have. */
    private static final Map<Integer, String> TYPES = Map.of(2, "interactive", 3, "network", 4, "batch", 5, "service",
            7, "unlock", 8, "network cleartext", 9, "new credentials", 10, "remote interactive", 11,
            "cached interactive");

    /** The logon types the accounts' LSA deny rights forbid: one of them here means those rights are not in force. */
    static final java.util.Set<Integer> DENIED_TYPES = java.util.Set.of(3, 4, 5, 8, 10);

    String typeName() {
        return TYPES.getOrDefault(logonType, "type " + logonType) + " (" + logonType + ")";
    }

    String describe() {
        return String.format("%s\\%s logon 0x%x, %s, Windows session %d", domain, user, logonId, typeName(),
                windowsSession);
    }
}
