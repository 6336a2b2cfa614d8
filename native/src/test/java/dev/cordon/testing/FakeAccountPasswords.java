package dev.cordon.testing;

import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.LogonVerifier;
import dev.cordon.vault.AccountCredentials;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The accounts' passwords as Windows keeps them, in memory: {@link #setPassword} is {@code NetUserSetInfo} 1003 and
 * {@link #logon} is {@code LogonUserW} (1326 for a wrong password, refused for a disabled account). Counts every call
 * and crashes ({@link Crash}) at the failpoint a test arms, before or after the change it stands for.
 */
public final class FakeAccountPasswords implements LogonVerifier, AccountCredentials.PasswordSetter, Supplier<char[]> {
    /** The process dies here: nothing after this point runs. */
    public static final class Crash extends Error {
        public Crash(String where) {
            super("crash " + where);
        }
    }

    /** Where a rotation dies: before the password is set, right after, or after the logon that proves it. */
    public enum Failpoint { NONE, BEFORE_SET, AFTER_SET, AFTER_LOGON }

    private final Map<String, char[]> passwords = new HashMap<>();
    private final Set<String> disabled = new HashSet<>();
    private Failpoint failpoint = Failpoint.NONE;
    private boolean refuseNextSet;
    private boolean disableOnSet;
    private boolean crashOnNextLogon;
    public int sets;
    public int logons;
    public int wrongPasswords;
    private int generated;

    /** A new password, different each time (the real ones are {@code RandomPasswords}'). */
    @Override
    public char[] get() {
        return ("Fake-password-" + (++generated) + "-" + Long.toHexString(System.nanoTime())).toCharArray();
    }

    public void crashAt(Failpoint failpoint) {
        this.failpoint = failpoint;
    }

    /** The next set-password is refused by the password policy (2245). */
    public void refuseNextSet() {
        refuseNextSet = true;
    }

    /** The account is disabled right after its password is set (someone else's change, between two calls). */
    public void disableOnSet() {
        disableOnSet = true;
    }

    public void disable(String account, boolean off) {
        if (off) {
            disabled.add(account);
        } else {
            disabled.remove(account);
        }
    }

    /** An administrator resets the password outside Cordon. */
    public void changeElsewhere(String account) {
        passwords.put(account, "changed-by-someone-else".toCharArray());
    }

    /** What the account's password is now, for assertions. */
    public String passwordOf(String account) {
        char[] p = passwords.get(account);
        return p == null ? null : new String(p);
    }

    @Override
    public void setPassword(String account, char[] password) {
        sets++;
        if (failpoint == Failpoint.BEFORE_SET) {
            failpoint = Failpoint.NONE;
            throw new Crash("before set-password");
        }
        if (refuseNextSet) {
            refuseNextSet = false;
            throw new CordonException(ExitCode.CONFLICT, "Windows refused the new password of " + account
                    + ": it does not meet the password policy (NetAPI error 2245).", "Check the password policy.");
        }
        passwords.put(account, password.clone());
        if (disableOnSet) {
            disableOnSet = false;
            disabled.add(account);
        }
        if (failpoint == Failpoint.AFTER_LOGON) {
            failpoint = Failpoint.NONE;
            crashOnNextLogon = true;
        }
        if (failpoint == Failpoint.AFTER_SET) {
            failpoint = Failpoint.NONE;
            throw new Crash("after set-password");
        }
    }

    @Override
    public Result logon(String account, char[] password) {
        logons++;
        Result r;
        if (disabled.contains(account)) {
            r = new Result(Outcome.REFUSED, "The sandbox account is disabled. (Windows error 1331)");
        } else if (passwords.containsKey(account) && Arrays.equals(passwords.get(account), password)) {
            r = Result.accepted();
        } else {
            wrongPasswords++;
            r = new Result(Outcome.WRONG_PASSWORD, "Windows refused the sandbox account's password (Windows error 1326)");
        }
        if (crashOnNextLogon) {
            crashOnNextLogon = false;
            throw new Crash("after the logon with the new password");
        }
        return r;
    }
}
