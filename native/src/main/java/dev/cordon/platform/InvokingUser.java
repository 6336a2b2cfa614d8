package dev.cordon.platform;

import java.util.Map;
import java.util.Optional;

/**
 * The person an elevated process acts for: who ran the panel or the CLI through pkexec ({@code PKEXEC_UID}) or sudo
 * ({@code SUDO_UID}, else {@code SUDO_USER}), looked up in the account database. Empty when the process was not started
 * for someone else (or for root), or when the named account does not exist. What is written for that person (a
 * support bundle in their Downloads) is theirs, not root's ({@link FileSecurity#createNewFile}).
 */
public final class InvokingUser {
    private InvokingUser() {
    }

    public static Optional<Account> of(Map<String, String> env, Accounts accounts) {
        for (String variable : new String[] {"PKEXEC_UID", "SUDO_UID"}) {
            String uid = env.get(variable);
            if (uid != null && uid.matches("\\d{1,9}")) {
                return uid.equals("0") ? Optional.empty()
                        : accounts.user(dev.cordon.core.Principal.uid(Integer.parseInt(uid)));
            }
        }
        String sudo = env.get("SUDO_USER");
        if (sudo != null && !sudo.isBlank() && !sudo.equals("root")) {
            return accounts.user(sudo);
        }
        return Optional.empty();
    }
}
