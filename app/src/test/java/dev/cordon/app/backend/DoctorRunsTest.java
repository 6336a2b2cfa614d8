package dev.cordon.app.backend;

import dev.cordon.doctor.DoctorReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DoctorRunsTest {
    private static DoctorReport report(int n) {
        return new DoctorReport("t", "run " + n, "v", "linux", List.of());
    }

    @Test
    void aSecondCallerDuringARunGetsThatRunsReport() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DoctorRuns doctor = new DoctorRuns(() -> {
            int n = runs.incrementAndGet();
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return report(n);
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<DoctorReport> overview = pool.submit(doctor::run);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Future<DoctorReport> doctorPage = pool.submit(doctor::run);
            Thread.sleep(50); // the second caller is waiting on the first run, not starting one
            release.countDown();
            assertThat(overview.get(10, TimeUnit.SECONDS)).isSameAs(doctorPage.get(10, TimeUnit.SECONDS));
            assertThat(runs.get()).isEqualTo(1);
            assertThat(doctor.run().time()).isEqualTo("run 2"); // a later call runs anew
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedRunFailsItsCallersAndTheNextCallRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        DoctorRuns doctor = new DoctorRuns(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("nft vanished");
            }
            return report(2);
        });
        assertThatThrownBy(doctor::run).isInstanceOf(IllegalStateException.class).hasMessage("nft vanished");
        assertThat(doctor.run().time()).isEqualTo("run 2");
    }
}
