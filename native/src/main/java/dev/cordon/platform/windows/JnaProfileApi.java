package dev.cordon.platform.windows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinReg;

import java.util.Optional;

/** {@link ProfileApi} through userenv and the registry. Not run on Windows yet (docs/architecture.md). */
final class JnaProfileApi implements ProfileApi {
    static final String PROFILE_LIST = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
    /** {@code HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)}: CreateProfile's answer for a profile that is there. */
    static final int ALREADY_EXISTS = 0x800700B7;
    private static final int MAX_PATH = 260;

    /** userenv's calls; {@code CreateProfile} has no A/W pair, so names are given as exported. */
    interface Userenv extends Library {
        int CreateProfile(WString sid, WString userName, char[] profilePath, int length);

        boolean DeleteProfileW(WString sid, WString profilePath, WString computerName);
    }

    private static final class Holder {
        static final Userenv USERENV = Native.load("userenv", Userenv.class);
    }

    @Override
    public Optional<String> profilePath(String sid) {
        String key = PROFILE_LIST + "\\" + WindowsSids.requireValid(sid);
        if (!Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, "ProfileImagePath")) {
            return Optional.empty();
        }
        return Optional.of(String.valueOf(Advapi32Util.registryGetValue(WinReg.HKEY_LOCAL_MACHINE, key, "ProfileImagePath")));
    }

    @Override
    public String create(String sid, String account) {
        char[] path = new char[MAX_PATH];
        int hr = Holder.USERENV.CreateProfile(new WString(WindowsSids.requireValid(sid)), new WString(account), path, path.length);
        if (hr != 0 && hr != ALREADY_EXISTS) {
            throw new AccountApi.Failure("CreateProfile", hr);
        }
        return profilePath(sid).orElseThrow(() -> new AccountApi.Failure("CreateProfile (no ProfileList entry after it)",
                Win32ErrorCodes.NOT_FOUND));
    }

    @Override
    public void delete(String sid) {
        if (!Holder.USERENV.DeleteProfileW(new WString(WindowsSids.requireValid(sid)), null, null)) {
            throw new AccountApi.Failure("DeleteProfileW", Kernel32.INSTANCE.GetLastError());
        }
    }

    /** Codes this class reports itself. */
    static final class Win32ErrorCodes {
        static final int NOT_FOUND = 1168;

        private Win32ErrorCodes() {
        }
    }
}
