package dev.cordon.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AgeTest {
    /** The panel's (moved from its own copy, Formats.age). */
    @Test
    void words() {
        assertThat(Age.words(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(Age.words(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(Age.words(Duration.ofHours(30))).isEqualTo("30 h");
        assertThat(Age.words(Duration.ofDays(9))).isEqualTo("9 d");
        assertThat(Age.words(Duration.ofSeconds(-5))).isEqualTo("0 s"); // a clock step: never negative
    }

    /** The CLI's tables. */
    @Test
    void compact() {
        assertThat(Age.compact(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Age.compact(Duration.ofMinutes(17))).isEqualTo("17m");
        assertThat(Age.compact(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Age.compact(Duration.ofDays(3))).isEqualTo("3d");
    }
}
