package dev.cordon.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class CommandFramesTest {
    @Test
    void startedCarriesThePid() {
        ObjectNode f = CommandFrames.started("c7", 1234);
        assertThat(f.toString()).isEqualTo("{\"type\":\"started\",\"cmd\":\"c7\",\"pid\":1234}");
    }

    @Test
    void outputCarriesOnlyTheBytesReadOfTheBufferInBase64() {
        byte[] buffer = "hello, world".getBytes(StandardCharsets.UTF_8);
        ObjectNode f = CommandFrames.output("c7", 2, buffer, 5);
        assertThat(f.path("type").asText()).isEqualTo("out");
        assertThat(f.path("fd").asInt()).isEqualTo(2);
        assertThat(Base64.getDecoder().decode(f.path("data").asText())).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        ObjectNode whole = CommandFrames.output("c7", 1, buffer, buffer.length);
        assertThat(Base64.getDecoder().decode(whole.path("data").asText())).isEqualTo(buffer);
    }

    @Test
    void stdinAckCountsTheBytesWritten() {
        assertThat(CommandFrames.stdinAck("c7", 4096).toString())
                .isEqualTo("{\"type\":\"stdin-ack\",\"cmd\":\"c7\",\"bytes\":4096}");
    }

    @Test
    void anExitSaysWhetherAndWhyTheCommandWasKilled() {
        assertThat(CommandFrames.exit("c7", 0, null).toString())
                .isEqualTo("{\"type\":\"exit\",\"cmd\":\"c7\",\"started\":true,\"code\":0,\"timedOut\":false}");
        assertThat(CommandFrames.exit("c7", 137, "timeout").toString()).isEqualTo(
                "{\"type\":\"exit\",\"cmd\":\"c7\",\"started\":true,\"code\":137,\"timedOut\":true,\"killed\":\"timeout\"}");
        ObjectNode killed = CommandFrames.exit("c7", 137, "killed on request");
        assertThat(killed.path("timedOut").asBoolean()).isFalse();
        assertThat(killed.path("killed").asText()).isEqualTo("killed on request");
    }

    @Test
    void aCommandThatNeverStartedSaysWhy() {
        assertThat(CommandFrames.notStarted("c7", 127, "not found").toString()).isEqualTo(
                "{\"type\":\"exit\",\"cmd\":\"c7\",\"code\":127,\"started\":false,\"error\":\"not found\"}");
    }
}
