package dev.cordon.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputBatchTest {
    @Test
    void sinksThatJoinAreFlushedOnceEachInOrderWhenTheBatchCloses() {
        List<String> flushed = new ArrayList<>();
        OutputBatch.Sink a = () -> flushed.add("a");
        OutputBatch.Sink b = () -> flushed.add("b");
        assertThat(OutputBatch.join(a)).as("no batch open: write at once").isFalse();
        try (OutputBatch batch = OutputBatch.open()) {
            assertThat(OutputBatch.join(b)).isTrue();
            assertThat(OutputBatch.join(a)).isTrue();
            assertThat(OutputBatch.join(b)).isTrue();
            assertThat(flushed).isEmpty();
        }
        assertThat(flushed).containsExactly("b", "a");
        assertThat(OutputBatch.join(a)).as("closed").isFalse();
    }

    @Test
    void aBatchIsPerThreadAndNotNested() throws Exception {
        try (OutputBatch batch = OutputBatch.open()) {
            assertThatThrownBy(OutputBatch::open).isInstanceOf(IllegalStateException.class);
            boolean[] other = {true};
            Thread t = new Thread(() -> other[0] = OutputBatch.join(() -> { }));
            t.start();
            t.join();
            assertThat(other[0]).as("another thread has no batch").isFalse();
        }
    }
}
