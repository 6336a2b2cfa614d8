package dev.cordon.platform.windows;

import java.util.regex.Pattern;

/** String SIDs ({@code S-1-5-21-…}) as accounts, firewall scopes and the profile list use them. */
public final class WindowsSids {
    /** Revision 1, an authority, then one to fifteen sub-authorities (32-bit each). */
    private static final Pattern SID = Pattern.compile("S-1-(\\d{1,13})(-\\d{1,10}){1,15}");

    private WindowsSids() {
    }

    public static boolean isValid(String sid) {
        if (sid == null || !SID.matcher(sid).matches()) {
            return false;
        }
        String[] parts = sid.split("-");
        for (int i = 3; i < parts.length; i++) {
            if (Long.parseLong(parts[i]) > 0xFFFF_FFFFL) {
                return false;
            }
        }
        return true;
    }

    /** The SID, or an exception naming it: a malformed SID in an ACE would scope a rule to nobody. */
    public static String requireValid(String sid) {
        if (!isValid(sid)) {
            throw new IllegalArgumentException("not a Windows SID: " + sid + " (expected S-1-<authority>-<sub-authorities>)");
        }
        return sid;
    }
}
