package dev.cordon.platform.windows;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SDDL that scopes a Windows Firewall rule to one local account ({@code INetFwRule3.LocalUserAuthorizedList}):
 * owner Local Service, one allow ACE with the "create child" right for the account's SID. Setup writes it; the doctor
 * reads it back and requires the offline account's SID in it.
 */
public final class FirewallScope {
    private static final Pattern ACE_SID = Pattern.compile("\\(A;[^;]*;CC;[^;]*;[^;]*;(S-1-[0-9-]+)\\)");

    private FirewallScope() {
    }

    /** {@code O:LSD:(A;;CC;;;<sid>)}. */
    public static String localUserAuthorizedList(String sid) {
        return "O:LSD:(A;;CC;;;" + WindowsSids.requireValid(sid) + ")";
    }

    /** The SIDs a {@code LocalUserAuthorizedList} authorizes (allow ACEs with CC), as read back from a rule. */
    public static Set<String> authorizedSids(String sddl) {
        Set<String> sids = new LinkedHashSet<>();
        if (sddl == null) {
            return sids;
        }
        Matcher m = ACE_SID.matcher(sddl);
        while (m.find()) {
            sids.add(m.group(1));
        }
        return sids;
    }
}
