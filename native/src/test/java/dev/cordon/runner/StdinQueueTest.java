package dev.cordon.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class StdinQueueTest {
    private final List<Integer> acks = new ArrayList<>();
    private final StdinQueue queue = new StdinQueue(acks::add);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chunksComeOutInOrderThenTheEndOfInput() throws Exception {
        queue.put(bytes("ab"), false);
        queue.put(bytes("c"), true);
        assertThat(queue.take()).isEqualTo(bytes("ab"));
        assertThat(queue.take()).isEqualTo(bytes("c"));
        assertThat(queue.take()).isNull();
    }

    @Test
    void anEmptyChunkIsNoChunkAndAnEmptyEndOfInputIsTheEnd() throws Exception {
        queue.put(new byte[0], false);
        queue.put(new byte[0], true);
        assertThat(queue.take()).isNull();
    }

    @Test
    void writtenBytesAreAcknowledged() {
        queue.written(3);
        queue.written(65536);
        assertThat(acks).containsExactly(3, 65536);
    }

    @Test
    void closingDropsWhatIsPendingAndWhatComesAfterAndEndsAWaitingTake() throws Exception {
        queue.put(bytes("pending"), false);
        queue.close();
        queue.put(bytes("late"), true);
        assertThat(queue.take()).isNull();

        StdinQueue other = new StdinQueue(n -> { });
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            other.close();
        });
        closer.start();
        assertThat(other.take()).as("a take waiting for input ends when the queue closes").isNull();
        closer.join();
    }
}
