package dev.cordon.platform.windows;

import java.util.Map;

/**
 * The Win32 and NetAPI error codes a sandbox setup meets, each as a sentence and a fix, instead of a bare number
 * (the reference sandbox's users saw "CreateProcessWithLogonW failed: 1326" and had to search for it).
 */
public final class Win32Errors {
    /** What a code means here and what to do about it. */
    public record Explanation(int code, String name, String sentence, String fix) {
        public String message() {
            return sentence + " (Windows error " + number(code) + ", " + name + ")";
        }

        /** Win32 and NetAPI codes in decimal, as Windows prints them; NTSTATUS and HRESULT values in hex. */
        static String number(int code) {
            return code >= 0 && code < 0x10000 ? Integer.toString(code) : String.format("0x%08X", code);
        }
    }

    private static final Map<Integer, Explanation> KNOWN = Map.ofEntries(
            e(87, "ERROR_INVALID_PARAMETER", "Windows rejected a parameter Cordon passed (a bug, or a Windows "
                            + "version older than 10 1809 / Server 2019).",
                    "Check `winver` (Cordon needs Windows 10 1809 or Server 2019 or later), then report it with "
                            + "`cordon doctor --bundle cordon-support.zip`."),
            e(740, "ERROR_ELEVATION_REQUIRED", "This needs an elevated administrator, and this process is not elevated.",
                    "Start the terminal with Run as administrator (or accept the panel's elevation prompt), then run "
                            + "the command again."),
            e(1058, "ERROR_SERVICE_DISABLED", "A Windows service Cordon needs is disabled (the Secondary Logon "
                            + "service, seclogon, starts the sandbox accounts' processes).",
                    "Set it to Manual and start it: `sc config seclogon start= demand` then `sc start seclogon` "
                            + "(elevated), or ask your administrator if Group Policy disables it."),
            e(1314, "ERROR_PRIVILEGE_NOT_HELD", "This process lacks a Windows privilege the call needs (for example "
                            + "SeAssignPrimaryTokenPrivilege, which administrators do not hold).",
                    "Run Cordon elevated; if it still fails, this is a bug: report it with "
                            + "`cordon doctor --bundle cordon-support.zip`."),
            e(2202, "NERR_BadUsername", "Windows refused the sandbox account's name (too long or with a character "
                            + "the account database does not allow).",
                    "Use a shorter instance name (`--instance`, letters and digits): account names have at most 20 "
                            + "characters."),
            e(2245, "NERR_PasswordTooShort", "The password policy refused the sandbox account's password (length, "
                            + "complexity or history rules of this machine or its domain).",
                    "Check Local Security Policy > Account Policies > Password Policy (or `net accounts`); Cordon's "
                            + "passwords are 32 random characters, so a policy demanding more must be relaxed for it."),
            e(0xC0000142, "STATUS_DLL_INIT_FAILED", "A process started as the sandbox account could not start (a DLL "
                            + "failed to initialize, usually because the account cannot reach the window station "
                            + "or desktop, or its profile failed to load).",
                    "Run `cordon doctor`: it checks the account's profile (ProfileList) and logon sessions; run "
                            + "`cordon setup` to repair the profile."),
            e(0x8009000B, "NTE_BAD_KEY_STATE", "DPAPI could not use its key to unseal a secret (the blob was sealed "
                            + "on another machine, or the machine's DPAPI keys were reset).",
                    "Set the secret again with `cordon secret set NAME` (value on stdin); run `cordon setup` to seal "
                            + "the sandbox accounts' passwords again."),
            e(2, "ERROR_FILE_NOT_FOUND", "A file the command needs was not found.",
                    "Check the program path and the working directory; run `cordon doctor`."),
            e(5, "ERROR_ACCESS_DENIED", "Windows denied access.",
                    "Run Cordon from an elevated prompt (Run as administrator), or check the ACL the message names."),
            e(1168, "ERROR_NOT_FOUND", "The sandbox account's profile key is broken (no ProfileImagePath).",
                    "Run `cordon leftovers scan` and clean the finding: the .bak twin is restored or the key removed."),
            e(1223, "ERROR_CANCELLED", "The elevation prompt was declined.",
                    "Run the command again and accept the prompt, or start it from an elevated prompt."),
            e(1312, "ERROR_NO_SUCH_LOGON_SESSION", "The sandbox account's logon session is gone.",
                    "Stop the session and start it again."),
            e(1326, "ERROR_LOGON_FAILURE", "Windows refused the sandbox account's password (it changed outside Cordon).",
                    "Run `cordon setup`: it sets a new password and seals it again."),
            e(1327, "ERROR_ACCOUNT_RESTRICTION", "A policy restricts how the sandbox account may log on.",
                    "Check Local Security Policy (blank passwords, logon hours) for the account."),
            e(1330, "ERROR_PASSWORD_EXPIRED", "The sandbox account's password has expired.",
                    "Run `cordon setup`: it sets a new password that does not expire."),
            e(1331, "ERROR_ACCOUNT_DISABLED", "The sandbox account is disabled.",
                    "Run `cordon setup` to enable it, or enable it in Computer Management."),
            e(1379, "ERROR_ALIAS_EXISTS", "The local group already exists.",
                    "Nothing to do when Cordon created it; otherwise choose another instance name."),
            e(1385, "ERROR_LOGON_TYPE_NOT_GRANTED", "The sandbox account lacks the logon right Cordon uses.",
                    "Run `cordon setup` to grant it, or check 'Deny log on locally' in Local Security Policy."),
            e(1907, "ERROR_PASSWORD_MUST_CHANGE", "Windows wants the sandbox account's password changed.",
                    "Run `cordon setup`: it sets a new password that does not expire."),
            e(1909, "ERROR_ACCOUNT_LOCKED_OUT", "The sandbox account is locked out after failed logons.",
                    "Wait for the lockout to end or unlock it in Computer Management, then run `cordon setup`."),
            e(2221, "NERR_UserNotFound", "The sandbox account does not exist.",
                    "Run `cordon setup` to create it."),
            e(2223, "NERR_GroupExists", "The local group already exists.",
                    "Nothing to do when Cordon created it; otherwise choose another instance name."),
            e(2224, "NERR_UserExists", "An account with the sandbox account's name already exists and is not Cordon's.",
                    "Remove or rename that account, or use another instance name (`--instance`)."));

    private Win32Errors() {
    }

    private static Map.Entry<Integer, Explanation> e(int code, String name, String sentence, String fix) {
        return Map.entry(code, new Explanation(code, name, sentence, fix));
    }

    /** The explanation of {@code code}; an unknown code still gets a sentence and a next step. */
    public static Explanation explain(int code) {
        Explanation known = KNOWN.get(code);
        return known != null ? known : new Explanation(code, "unknown", "Windows reported error " + code + ".",
                "Run `cordon doctor` and include its support bundle when you report this.");
    }
}
