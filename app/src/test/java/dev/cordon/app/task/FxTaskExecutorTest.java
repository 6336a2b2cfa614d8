package dev.cordon.app.task;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class FxTaskExecutorTest {
    @Test
    void aTaskAskedForWhileThePanelClosesIsDroppedNotRejected() {
        FxTaskExecutor executor = new FxTaskExecutor();
        executor.close();
        AtomicBoolean ran = new AtomicBoolean();
        assertThatCode(() -> BackgroundTask.of("late refresh", () -> ran.getAndSet(true))
                .onSuccess(v -> { })
                .onFailure(e -> { })
                .executeWith(executor)).doesNotThrowAnyException();
        assertThat(ran).isFalse();
    }
}
