package dev.cordon.doctor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    private final Redactor r = new Redactor(List.of("alice", "bob"), List.of("/home/alice", "/root"), "build-box-7");

    @Test
    void replacesNamesHomesAndHost() {
        assertThat(r.apply("root (sudo from alice, login alice) on build-box-7 wrote /home/alice/src and /root/.m2"))
                .isEqualTo("root (sudo from <user>, login <user>) on <host> wrote <home>/src and <home>/.m2");
    }

    @Test
    void leavesLookalikesAlone() {
        assertThat(r.apply("bobcat malice /rootfs cordon-offline build-box-70"))
                .isEqualTo("bobcat malice /rootfs cordon-offline build-box-70");
    }
}
