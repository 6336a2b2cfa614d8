package dev.cordon.host;

import dev.cordon.core.CordonException;
import dev.cordon.core.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code umask} a client sends with {@code session.start} and {@code run} (review R2). */
class HostApiUmaskTest {
    @Test
    void theClientsUmaskOr022WhenItSendsNone() throws Exception {
        assertThat(HostApi.umask(Json.parse("{\"umask\": 63}"))).isEqualTo(077);
        assertThat(HostApi.umask(Json.parse("{\"umask\": 0}"))).isZero();
        assertThat(HostApi.umask(Json.parse("{}"))).isEqualTo(022);
        assertThat(HostApi.umask(Json.parse("{\"umask\": null}"))).isEqualTo(022);
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"{\"umask\": 512}", "{\"umask\": -1}", "{\"umask\": \"077\"}", "{\"umask\": 1.5}"}) {
            assertThatThrownBy(() -> HostApi.umask(Json.parse(bad))).as(bad).isInstanceOf(CordonException.class)
                    .hasMessageContaining("umask");
        }
    }
}
