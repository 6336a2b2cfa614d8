package dev.cordon.platform.linux.confine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ConfinedWorkers#callConfined}: the runner's frame thread (which spawns commands in place) is confined exactly
 * as the workers are, and so is every thread it starts; the caller's thread is not. Runs as root: the directories are
 * 0777, so each denial is Landlock's, and each has an allowed control.
 */
class ConfinedWorkersTest {
    @TempDir
    Path tmp;
    private Path work;
    private Path outside;
    private Path hidden;
    private LandlockPolicy policy;

    @BeforeEach
    void dirs() throws IOException {
        tmp = tmp.toRealPath();
        work = open777(tmp.resolve("work"));
        outside = open777(tmp.resolve("outside"));
        hidden = open777(tmp.resolve("state"));
        Files.writeString(hidden.resolve("secret"), "the-secret");
        policy = new LandlockPolicy(List.of(work), List.of(hidden));
    }

    private static Path open777(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    @Test
    void theCalledWorkRunsConfinedAndSoDoThreadsItStarts() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ConfinedWorkers workers = new ConfinedWorkers(policy)) {
            String caller = Thread.currentThread().getName();
            String ran = workers.callConfined("test-frames", () -> {
                seen.add(attempt(() -> Files.writeString(work.resolve("inside"), "ok")));
                seen.add(attempt(() -> Files.writeString(outside.resolve("from-confined"), "no")));
                seen.add(attempt(() -> Files.readString(hidden.resolve("secret"))));
                AtomicReference<String> child = new AtomicReference<>();
                Thread t = new Thread(() -> child.set(attempt(() -> Files.writeString(outside.resolve("from-child"), "no"))));
                t.start();
                t.join();
                seen.add(child.get());
                assertThat(Files.readString(Path.of("/proc/thread-self/status"))).contains("NoNewPrivs:\t1")
                        .doesNotContain("Seccomp:\t0");
                return Thread.currentThread().getName();
            });
            assertThat(ran).isEqualTo("test-frames").isNotEqualTo(caller);
        }
        assertThat(seen).containsExactly("ok", "denied", "denied", "denied");
        assertThat(work.resolve("inside")).hasContent("ok");
        assertThat(outside.resolve("from-confined")).doesNotExist();
        assertThat(outside.resolve("from-child")).doesNotExist();
        // the caller's thread stays unrestricted (control for the denials above)
        Files.writeString(outside.resolve("from-caller"), "ok");
        assertThat(outside.resolve("from-caller")).hasContent("ok");
        assertThat(Files.readString(Path.of("/proc/thread-self/status"))).contains("NoNewPrivs:\t0", "Seccomp:\t0");
    }

    @Test
    void theWorksFailureReachesTheCaller() {
        try (ConfinedWorkers workers = new ConfinedWorkers(policy)) {
            assertThatThrownBy(() -> workers.callConfined("test-frames", () -> {
                throw new IOException("the frame channel broke");
            })).isInstanceOf(IOException.class).hasMessage("the frame channel broke");
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private static String attempt(Io io) {
        try {
            io.run();
            return "ok";
        } catch (AccessDeniedException e) {
            return "denied";
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
