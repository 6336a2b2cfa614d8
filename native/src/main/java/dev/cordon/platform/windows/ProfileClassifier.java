package dev.cordon.platform.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sorts profile-list keys into the states an admin acts on, and says what is safe: nothing loaded is ever touched; a
 * broken or temporary key with a {@code .bak} twin is repaired by restoring the twin; temporary and orphaned profiles
 * are deleted through {@code DeleteProfileW}. Pure logic: the registry is read elsewhere.
 */
public final class ProfileClassifier {
    /** {@code TEMP}, {@code TEMP.<COMPUTERNAME>}, {@code TEMP.<COMPUTERNAME>.000} …: Windows' temporary profile folders. */
    private static final Pattern TEMP_FOLDER = Pattern.compile("TEMP(\\.[^.\\\\/]+)?(\\.\\d{3})?", Pattern.CASE_INSENSITIVE);

    private ProfileClassifier() {
    }

    public static boolean isTemporaryFolder(String folderName) {
        return folderName != null && TEMP_FOLDER.matcher(folderName).matches();
    }

    /**
     * @param entries       every key of the profile list (or those of the sandbox SIDs)
     * @param accountExists whether a SID still names an account
     */
    public static List<ProfileFinding> classify(List<ProfileListEntry> entries, Predicate<String> accountExists) {
        Set<String> withTwin = entries.stream().filter(ProfileListEntry::bakTwin)
                .map(e -> e.sid().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        List<ProfileFinding> out = new ArrayList<>();
        for (ProfileListEntry e : entries) {
            out.add(classify(e, withTwin.contains(e.sid().toUpperCase(Locale.ROOT)), accountExists));
        }
        return out;
    }

    private static ProfileFinding classify(ProfileListEntry e, boolean hasTwin, Predicate<String> accountExists) {
        boolean temporary = (e.state() != null && (e.state() & ProfileListEntry.STATE_TEMPORARY) != 0)
                || isTemporaryFolder(e.folderName());
        if (e.bakTwin()) {
            return finding(e, ProfileFinding.Kind.BAK_TWIN, ProfileFinding.Action.RESTORE_BAK,
                    "the profile service set this profile aside and gave the account a new key; restoring it returns "
                            + "the account to its own profile");
        }
        if (e.profileImagePath() == null || e.profileImagePath().isBlank()) {
            return finding(e, ProfileFinding.Kind.BROKEN, hasTwin ? ProfileFinding.Action.RESTORE_BAK
                            : ProfileFinding.Action.DELETE_PROFILE,
                    "the key has no ProfileImagePath: logons fail with error 1168"
                            + (hasTwin ? "; its .bak twin holds the real profile" : ""));
        }
        if (temporary) {
            return finding(e, ProfileFinding.Kind.TEMPORARY, hasTwin ? ProfileFinding.Action.RESTORE_BAK
                            : ProfileFinding.Action.DELETE_PROFILE,
                    "a temporary profile (" + e.folderName() + "): Windows could not load the real one and leaves "
                            + "this behind at logoff when something keeps it open");
        }
        if (!accountExists.test(e.sid())) {
            return finding(e, ProfileFinding.Kind.ORPHAN, ProfileFinding.Action.DELETE_PROFILE,
                    "the account this profile belonged to no longer exists");
        }
        if (e.loaded()) {
            return new ProfileFinding(e, ProfileFinding.Kind.ACTIVE, ProfileFinding.Action.NONE, "loaded and in use");
        }
        return new ProfileFinding(e, ProfileFinding.Kind.NORMAL, ProfileFinding.Action.NONE, "a normal local profile");
    }

    /** A loaded profile is never changed: the action waits. */
    private static ProfileFinding finding(ProfileListEntry e, ProfileFinding.Kind kind, ProfileFinding.Action action,
                                          String why) {
        if (e.loaded()) {
            return new ProfileFinding(e, kind, ProfileFinding.Action.WAIT_UNTIL_UNLOADED,
                    why + " (loaded now: RefCount " + e.refCount() + ")");
        }
        return new ProfileFinding(e, kind, action, why);
    }
}
