package dev.cordon.vault;

import java.time.Instant;

/**
 * A sandbox account's credential, as {@link AccountCredentials#status} finds it now. Never carries the password.
 * <pre>
 *   missing ──rotate──▶ verified ◀──rotate── stale (the password was changed outside Cordon: logon 1326)
 *                         ▲   │                 ▲
 *   unsealable ──rotate───┘   └──password changed elsewhere, then status(verify)
 *   sealed: status without a logon, or a logon refused for another reason (disabled, locked out, expired)
 * </pre>
 * Only {@link Verified} proves anything: a logon with the unsealed password succeeded at {@link Verified#at}.
 */
public sealed interface CredentialState {
    /** The state's name for the CLI's {@code --json} and the panel: missing, sealed, unsealable, stale, verified. */
    String name();

    /** Why, as a sentence; empty when nothing needs saying. */
    String detail();

    /** No sealed password for the account: setup never finished, or it was removed. */
    record Missing() implements CredentialState {
        public String name() {
            return "missing";
        }

        public String detail() {
            return "no sealed password";
        }
    }

    /**
     * A well-formed blob under the current key, its password not proven now: no logon was tried, or Windows refused
     * the logon for a reason other than the password ({@code detail} says which).
     */
    record Sealed(String sealedAt, String detail) implements CredentialState {
        public String name() {
            return "sealed";
        }
    }

    /** The blob cannot be opened here: damaged, or sealed under another key or install secret. */
    record Unsealable(String detail) implements CredentialState {
        public String name() {
            return "unsealable";
        }
    }

    /** The blob opens, but Windows says the password is wrong (1326): it was changed outside Cordon. */
    record Stale(String sealedAt, String detail) implements CredentialState {
        public String name() {
            return "stale";
        }
    }

    /** The unsealed password logged the account on at {@code at}. */
    record Verified(String sealedAt, Instant at) implements CredentialState {
        public String name() {
            return "verified";
        }

        public String detail() {
            return "logged on at " + at;
        }
    }
}
