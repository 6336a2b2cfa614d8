package dev.cordon.platform.windows;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Passwords for the sandbox accounts: {@value #LENGTH} characters drawn uniformly from {@link #ALPHABET} by a
 * {@link SecureRandom}, each by rejection sampling (a random byte at or above the largest multiple of the alphabet's
 * size is drawn again, so no character is likelier than another; the reference sandbox used {@code byte % 76} from a
 * non-cryptographic generator). A password that lacks one of the four classes Windows' complexity rule counts (upper,
 * lower, digit, symbol) is drawn again as a whole, which keeps the result uniform over the passwords that have all
 * four. Returned as {@code char[]}: the caller zeroes it ({@link #zero}) after use.
 */
public final class RandomPasswords {
    public static final int LENGTH = 32;
    static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    static final String DIGITS = "23456789";
    /** No quote, backslash, space, percent or caret: nothing a command line or cmd.exe would reinterpret. */
    static final String SYMBOLS = "!#$*+-.:=?@_~";
    public static final String ALPHABET = UPPER + LOWER + DIGITS + SYMBOLS;
    /** The largest multiple of the alphabet's size that fits in a byte: bytes from here up are drawn again. */
    static final int LIMIT = 256 - 256 % ALPHABET.length();

    private final SecureRandom random;

    public RandomPasswords(SecureRandom random) {
        this.random = random;
    }

    public RandomPasswords() {
        this(new SecureRandom());
    }

    /** A new password of {@value #LENGTH} characters; zero it with {@link #zero} when done. */
    public char[] next() {
        while (true) {
            char[] password = new char[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                password[i] = ALPHABET.charAt(index());
            }
            if (hasEveryClass(password)) {
                return password;
            }
            zero(password);
        }
    }

    /** One uniform index into the alphabet: bytes at or above {@link #LIMIT} are rejected. */
    int index() {
        byte[] one = new byte[1];
        while (true) {
            random.nextBytes(one);
            int b = one[0] & 0xFF;
            if (b < LIMIT) {
                one[0] = 0;
                return b % ALPHABET.length();
            }
        }
    }

    static boolean hasEveryClass(char[] password) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean symbol = false;
        for (char c : password) {
            upper |= UPPER.indexOf(c) >= 0;
            lower |= LOWER.indexOf(c) >= 0;
            digit |= DIGITS.indexOf(c) >= 0;
            symbol |= SYMBOLS.indexOf(c) >= 0;
        }
        return upper && lower && digit && symbol;
    }

    public static void zero(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
