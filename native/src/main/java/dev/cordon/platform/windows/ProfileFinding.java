package dev.cordon.platform.windows;

/** What a profile-list key is and what may be done about it; {@code why} is the sentence the panel shows. */
public record ProfileFinding(ProfileListEntry entry, Kind kind, Action action, String why) {
    /** The states the design names (DESIGN.md, "Profile / leftover"). */
    public enum Kind { ACTIVE, NORMAL, TEMPORARY, BAK_TWIN, BROKEN, ORPHAN }

    public enum Action {
        /** Nothing to do. */
        NONE,
        /** Loaded: wait until it is unloaded (log the sandbox off, stop its sessions). */
        WAIT_UNTIL_UNLOADED,
        /** {@code DeleteProfileW(sid, path)}: the key and its folder. */
        DELETE_PROFILE,
        /** Delete the bad {@code <SID>} key, rename {@code <SID>.bak} back, set RefCount and State to 0. */
        RESTORE_BAK
    }
}
