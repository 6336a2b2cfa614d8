package dev.cordon.session;

import dev.cordon.platform.linux.PosixFileSecurity;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runners' staged classpath is made once even when sessions start at the same moment: the panel starting a
 * session while its doctor starts a probe session failed with "Cannot stage the runner's classpath … .partial/1-classes
 * .jar" (both copied into, and deleted, the one partial directory).
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "stages under a real instance's state directory")
class RuntimeStageTest {
    @Test
    void sessionsStartingAtOnceShareOneStage() throws Exception {
        try (TestInstance t = new TestInstance()) {
            Files.createDirectories(t.instance.stateDir());
            int starts = 4;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(starts);
            try {
                List<Future<RuntimeStage>> stages = new ArrayList<>();
                for (int i = 0; i < starts; i++) {
                    stages.add(pool.submit(() -> {
                        go.await();
                        return RuntimeStage.prepare(t.instance, new PosixFileSecurity());
                    }));
                }
                go.countDown();
                Path dir = null;
                for (Future<RuntimeStage> f : stages) {
                    RuntimeStage stage = f.get(3, TimeUnit.MINUTES); // none fails
                    dir = dir == null ? stage.dir() : dir;
                    assertThat(stage.dir()).isEqualTo(dir);
                }
                try (var left = Files.list(t.instance.stateDir().resolve("runtime"))) {
                    assertThat(left.map(p -> p.getFileName().toString()).toList())
                            .containsExactly(dir.getFileName().toString()); // no partial copy left behind
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
