package dev.cordon.platform.windows;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RandomPasswordsTest {
    /** A "random" source that returns scripted bytes, to watch the rejection happen. */
    private static final class Scripted extends SecureRandom {
        private final int[] bytes;
        private int next;

        Scripted(int... bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) bytes[next++ % bytes.length];
            }
        }
    }

    @Test
    void theAlphabetHasFourClassesNoRepeatsAndNothingAShellReinterprets() {
        assertThat(RandomPasswords.ALPHABET).hasSize(70);
        assertThat(RandomPasswords.ALPHABET.chars().distinct().count()).isEqualTo(70);
        assertThat(RandomPasswords.ALPHABET).doesNotContain("\"", "'", "\\", " ", "%", "^", "&", "|", "<", ">");
        assertThat(RandomPasswords.LIMIT).isEqualTo(210);
        assertThat(RandomPasswords.LIMIT % RandomPasswords.ALPHABET.length()).isZero();
    }

    @Test
    void bytesAtOrAboveTheLastFullMultipleAreDrawnAgain() {
        RandomPasswords p = new RandomPasswords(new Scripted(255, 210, 209, 5));
        assertThat(p.index()).isEqualTo(209 % 70);
        assertThat(p.index()).isEqualTo(5);
        assertThat(new RandomPasswords(new Scripted(211, 70)).index()).isZero();
    }

    @Test
    void passwordsAreThirtyTwoCharactersOfTheAlphabetWithEveryClassAndDistinct() {
        RandomPasswords p = new RandomPasswords();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            char[] pw = p.next();
            assertThat(pw).hasSize(32);
            assertThat(RandomPasswords.hasEveryClass(pw)).isTrue();
            assertThat(new String(pw).chars().allMatch(c -> RandomPasswords.ALPHABET.indexOf(c) >= 0)).isTrue();
            assertThat(seen.add(new String(pw))).isTrue();
            RandomPasswords.zero(pw);
            assertThat(new String(pw)).isEqualTo("\0".repeat(32));
        }
    }

    @Test
    void aPasswordMissingAClassIsDrawnAgainWhole() {
        // first draw: 32 times index 0 ('A', upper case only); second: 'A', 'a', '2', '!' then 28 times 'A'
        int[] script = new int[64];
        script[33] = 24;
        script[34] = 49;
        script[35] = 57;
        char[] pw = new RandomPasswords(new Scripted(script)).next();
        assertThat(new String(pw)).isEqualTo("Aa2!" + "A".repeat(28));
    }

    @Test
    void everyCharacterIsEquallyLikely() {
        SecureRandom seeded;
        try {
            seeded = SecureRandom.getInstance("SHA1PRNG");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        seeded.setSeed(20261202L);
        RandomPasswords p = new RandomPasswords(seeded);
        int n = RandomPasswords.ALPHABET.length();
        int draws = 140_000;
        long[] counts = new long[n];
        for (int i = 0; i < draws; i++) {
            counts[p.index()]++;
        }
        double expected = (double) draws / n;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 69 degrees of freedom: the 0.1% critical value is 111.0. A `byte % 70` generator puts 4/256 on the
        // first 46 characters and 3/256 on the rest, a chi-square of several thousand at this sample size.
        assertThat(chi2).isLessThan(111.0);
    }
}
