package dev.cordon.platform;

/**
 * Whether an account's password logs it on now: the proof behind a credential's "verified" state. Windows:
 * {@code LogonUserW(LOGON32_LOGON_INTERACTIVE)} (type 2, the secondary logon the sessions use) and the token closed at
 * once. Linux sandbox accounts have no password: there is no implementation there.
 */
public interface LogonVerifier {
    /** What Windows answered. */
    enum Outcome {
        /** The password logged the account on. */
        ACCEPTED,
        /** The password is not the account's ({@code ERROR_LOGON_FAILURE}, 1326): it was changed elsewhere. */
        WRONG_PASSWORD,
        /** Refused for another reason (disabled, locked out, expired, no logon right): the password is not judged. */
        REFUSED
    }

    /** @param detail why, as a sentence, for {@link Outcome#WRONG_PASSWORD} and {@link Outcome#REFUSED}; never the password */
    record Result(Outcome outcome, String detail) {
        public static Result accepted() {
            return new Result(Outcome.ACCEPTED, "");
        }
    }

    /** One logon attempt, never repeated here; {@code password} is the caller's to wipe. */
    Result logon(String account, char[] password);
}
