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

    @Test
    void aRunStopsOnceEveryCallerWaitingForItHasCancelled() throws Exception {
        List<String> ids = List.of("a", "b", "c", "d");
        AtomicInteger checked = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean pageCancelled = new java.util.concurrent.atomic.AtomicBoolean();
        DoctorRuns doctor = new DoctorRuns(each -> {
            for (String id : ids) {
                checked.incrementAndGet();
                if (id.equals("b")) {
                    pageCancelled.set(true); // the person clicks Cancel while check b runs
                }
                each.accept(dev.cordon.doctor.Check.pass(id, id, ""));
            }
            return report(1);
        });
        // alone: the run stops after the check under way
        assertThatThrownBy(() -> doctor.runReporting(c -> { }, pageCancelled::get))
                .isInstanceOf(java.util.concurrent.CancellationException.class).hasMessageContaining("after b");
        assertThat(checked.get()).isEqualTo(2);
        // a caller that has not cancelled keeps the run going to its end
        pageCancelled.set(false);
        checked.set(0);
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch joined = new CountDownLatch(1);
        DoctorRuns shared = new DoctorRuns(each -> {
            inRun.countDown();
            try {
                joined.await(10, TimeUnit.SECONDS);
                Thread.sleep(50); // the joining caller is registered
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (String id : ids) {
                checked.incrementAndGet();
                each.accept(dev.cordon.doctor.Check.pass(id, id, ""));
            }
            return report(2);
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<DoctorReport> page = pool.submit(() -> shared.runReporting(c -> { }, () -> true));
            assertThat(inRun.await(10, TimeUnit.SECONDS)).isTrue();
            Future<DoctorReport> overview = pool.submit(() -> shared.runReporting(c -> { }, () -> false));
            joined.countDown();
            assertThat(overview.get(10, TimeUnit.SECONDS).time()).isEqualTo("run 2");
            assertThat(page.get(10, TimeUnit.SECONDS).time()).isEqualTo("run 2");
            assertThat(checked.get()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }
}
