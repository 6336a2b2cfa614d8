package dev.cordon.vault;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {
    @Test
    void thirtyTwoCharactersOfEveryClassFromTheWholeAlphabetNeverTheSameTwice() {
        Set<String> seen = new HashSet<>();
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            char[] p = Passwords.generate();
            assertThat(p).hasSize(32);
            assertThat(Passwords.complex(p)).isTrue();
            assertThat(seen.add(new String(p))).isTrue();
            for (char c : p) {
                used.add(c);
                assertThat(c).isBetween('!', '~');
            }
        }
        assertThat(used).as("every character of the alphabet is drawn").hasSize(Passwords.alphabetSize());
    }

    @Test
    void complexityNeedsAllFourClasses() {
        assertThat(Passwords.complex("Aa1!".toCharArray())).isTrue();
        assertThat(Passwords.complex("Aa1a".toCharArray())).isFalse();
        assertThat(Passwords.complex("aa1!".toCharArray())).isFalse();
        assertThat(Passwords.complex("AA1!".toCharArray())).isFalse();
        assertThat(Passwords.complex("Aaa!".toCharArray())).isFalse();
    }
}
