package dev.cordon.platform.windows;

import java.util.Optional;

/** User profiles, narrow enough for a recording fake ({@link JnaProfileApi} on Windows). */
interface ProfileApi {
    /** The profile's folder, from {@code ProfileList\<sid>\ProfileImagePath}, if the profile exists. */
    Optional<String> profilePath(String sid);

    /**
     * Creates the account's profile once ({@code CreateProfile} from userenv; one that exists is left as it is) and
     * returns its folder.
     */
    String create(String sid, String account);

    /** Deletes the profile: its folder and its ProfileList key ({@code DeleteProfileW}). */
    void delete(String sid);
}
