package dev.cordon.session;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StdinWindowTest {
    @Test
    void aSenderWaitsUntilTheCommandHasReadEnoughAndIsLetGoWhenItEnds() throws Exception {
        StdinWindow window = new StdinWindow();
        assertThat(window.acquire(StdinWindow.BYTES - 10)).isTrue();
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> acquire(window, 64 * 1024));
        Thread.sleep(100);
        assertThat(next).isNotDone();
        window.release(64 * 1024);
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> acquire(window, 64 * 1024));
        Thread.sleep(100);
        assertThat(blocked).isNotDone();
        window.close();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(window.acquire(1)).isFalse();
    }

    @Test
    void aChunkLargerThanTheWindowWaitsForAFreeWindowOnly() throws Exception {
        StdinWindow window = new StdinWindow();
        assertThat(window.acquire(StdinWindow.BYTES * 3)).isTrue(); // not a deadlock: the whole window was free
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> acquire(window, 1));
        Thread.sleep(100);
        assertThat(next).isNotDone();
        window.release(StdinWindow.BYTES * 3L);
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean acquire(StdinWindow window, int bytes) {
        try {
            return window.acquire(bytes);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
