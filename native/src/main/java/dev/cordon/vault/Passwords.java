package dev.cordon.vault;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Passwords for the sandbox accounts: 32 characters drawn uniformly from 82 with {@link SecureRandom} (about 203 bits;
 * the reference sandbox drew 24 from a non-cryptographic generator with a modulo bias), always with an upper-case
 * letter, a lower-case letter, a digit and a symbol, so any Windows complexity policy accepts them. Nobody types them:
 * they exist sealed in the vault and for the instant a logon needs them.
 */
public final class Passwords {
    public static final int LENGTH = 32;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!@#%^*+=?:()[]{}".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** A new password; the caller wipes it ({@code Arrays.fill(p, '\0')}) when done. */
    public static char[] generate() {
        return generate(RANDOM);
    }

    static char[] generate(SecureRandom random) {
        char[] p = new char[LENGTH];
        while (true) {
            for (int i = 0; i < LENGTH; i++) {
                p[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            if (complex(p)) {
                return p;
            }
            Arrays.fill(p, '\0');
        }
    }

    /** Upper case, lower case, digit and symbol, each at least once. */
    static boolean complex(char[] p) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean symbol = false;
        for (char c : p) {
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            symbol |= !Character.isLetterOrDigit(c);
        }
        return upper && lower && digit && symbol;
    }

    static int alphabetSize() {
        return ALPHABET.length;
    }
}
