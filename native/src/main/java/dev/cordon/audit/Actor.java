package dev.cordon.audit;

import dev.cordon.platform.Accounts;

/** Who is acting: the effective user, and the person behind sudo / the login session. */
public final class Actor {
    private final Accounts accounts;

    /** @param accounts where the login session's user is looked up ({@link Accounts#loginUser()}) */
    public Actor(Accounts accounts) {
        this.accounts = accounts;
    }

    public static String effectiveUser() {
        return System.getProperty("user.name");
    }

    /** e.g. {@code "root (sudo from alice, login alice)"}; never fails. */
    public String describe() {
        StringBuilder sb = new StringBuilder(effectiveUser());
        String sudo = System.getenv("SUDO_USER");
        String login = loginUser();
        if (sudo != null || login != null) {
            sb.append(" (");
            if (sudo != null) {
                sb.append("sudo from ").append(sudo);
            }
            if (login != null) {
                sb.append(sudo != null ? ", " : "").append("login ").append(login);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private String loginUser() {
        try {
            return accounts.loginUser().orElse(null);
        } catch (RuntimeException e) {
            return null; // the account database is unreadable: the record still names the effective user
        }
    }
}
