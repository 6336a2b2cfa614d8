package dev.cordon.platform.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.win32.W32APIOptions;
import dev.cordon.platform.LogonVerifier;

/**
 * A credential's proof: {@code LogonUserW(account, ".", password, LOGON32_LOGON_INTERACTIVE, LOGON32_PROVIDER_DEFAULT)}
 * — type 2, the secondary logon the sessions use, which the accounts' LSA deny rights leave allowed — and the token
 * closed at once, so no logon session outlives the check. Not run on Windows yet (docs/architecture.md).
 * <p>
 * jna-platform's {@link Advapi32#LogonUser} takes the password as a {@code String}, which cannot be wiped; here it
 * travels as a {@link WideSecret} (NUL-terminated UTF-16 in native memory), zeroed right after the call.
 */
public final class JnaLogonVerifier implements LogonVerifier {
    /** {@code LogonUserW} with the password as a pointer; loaded only on Windows, when first used. */
    interface Advapi32Logon extends Advapi32 {
        Advapi32Logon INSTANCE = Native.load("advapi32", Advapi32Logon.class, W32APIOptions.DEFAULT_OPTIONS);

        boolean LogonUserW(String user, String domain, Pointer password, int logonType, int logonProvider,
                           WinNT.HANDLEByReference token);
    }

    @Override
    public Result logon(String account, char[] password) {
        try (WideSecret wide = new WideSecret(password)) {
            WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
            boolean ok = Advapi32Logon.INSTANCE.LogonUserW(account, ".", wide.pointer(),
                    WinBase.LOGON32_LOGON_INTERACTIVE, WinBase.LOGON32_PROVIDER_DEFAULT, token);
            int error = ok ? WinError.ERROR_SUCCESS : Native.getLastError();
            if (ok) {
                Kernel32.INSTANCE.CloseHandle(token.getValue());
            }
            return result(error);
        }
    }

    /** What a {@code LogonUserW} error means for a credential: 1326 is a wrong password, any other a refusal. */
    static Result result(int error) {
        if (error == WinError.ERROR_SUCCESS) {
            return Result.accepted();
        }
        Win32Errors.Explanation e = Win32Errors.explain(error);
        return new Result(error == WinError.ERROR_LOGON_FAILURE ? Outcome.WRONG_PASSWORD : Outcome.REFUSED, e.message());
    }
}
