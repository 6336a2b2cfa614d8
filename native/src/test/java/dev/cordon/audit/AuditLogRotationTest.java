package dev.cordon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.platform.linux.PosixFileSecurity;
import dev.cordon.testing.FakePlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log is rotated at its bound, keeps a bounded number of files, and its tail is read without the whole file. */
class AuditLogRotationTest {
    @TempDir
    Path dir;

    private AuditLog log(long maxBytes, int kept) {
        FakePlatform platform = new FakePlatform();
        return new AuditLog(dir.resolve("audit.log"), new Actor(platform.accounts()), new PosixFileSecurity(), maxBytes, kept);
    }

    private static void record(AuditLog log, String who, int seq) {
        log.record("test.step", Map.of("who", who, "seq", seq), "ok", "x".repeat(100));
    }

    /** The seq of each test.step entry of {@code who}, in the order read. */
    private static List<Integer> seqs(List<JsonNode> entries, String who) {
        return entries.stream().filter(e -> e.path("action").asText().equals("test.step"))
                .filter(e -> e.path("args").path("who").asText().equals(who))
                .map(e -> e.path("args").path("seq").asInt()).toList();
    }

    @Test
    void rotatesAtTheBoundKeepsNFilesOwnerOnlyAndDropsTheOldest() throws Exception {
        AuditLog log = log(2000, 3);
        for (int i = 0; i < 100; i++) {
            record(log, "root", i);
            assertThat(Files.size(log.file())).isLessThanOrEqualTo(2000);
        }
        for (int n = 0; n <= 3; n++) {
            Path f = log.rotated(n);
            assertThat(f).exists();
            assertThat(Files.size(f)).isLessThanOrEqualTo(2000);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            JsonNode first = dev.cordon.core.Json.parse(Files.readAllLines(f).get(0));
            assertThat(first.path("action").asText()).isEqualTo(AuditLog.ROTATED);
            assertThat(first.path("args").path("previous").asText()).isEqualTo("audit.log.1");
        }
        assertThat(log.rotated(4)).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.lockFile()))).isEqualTo("rw-------");
        List<Integer> kept = seqs(log.read(0), "root");
        assertThat(kept).last().isEqualTo(99);
        assertThat(kept.get(0)).isGreaterThan(0); // the oldest were dropped
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i)).isEqualTo(kept.get(i - 1) + 1); // nothing missing in between
        }
    }

    @Test
    void aRecordThatFitsIsNotRotatedAndAnEmptyFileIsNeverRotatedAway() throws Exception {
        AuditLog log = log(100, 2); // every record is bigger than the bound
        record(log, "root", 0);
        assertThat(log.rotated(1)).doesNotExist(); // the first record of an empty file is written whatever its size
        record(log, "root", 1);
        assertThat(log.rotated(1)).exists();
        assertThat(seqs(log.read(0), "root")).containsExactly(0, 1);
    }

    @Test
    void readsTheTailAcrossARotation() throws Exception {
        AuditLog log = log(2000, 4);
        for (int i = 0; i < 30; i++) {
            record(log, "root", i);
        }
        long inCurrent = Files.readAllLines(log.file()).size();
        assertThat(inCurrent).isLessThan(10);
        List<JsonNode> tail = log.read(12);
        assertThat(tail).hasSize(12);
        assertThat(tail.stream().map(e -> e.path("action").asText())).contains(AuditLog.ROTATED);
        List<Integer> seqs = seqs(tail, "root");
        assertThat(seqs).last().isEqualTo(29);
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
        // a filter reads back until enough match, through the rotated files
        List<JsonNode> steps = log.read(15, e -> e.path("action").asText().equals("test.step"));
        assertThat(seqs(steps, "root")).hasSize(15).first().isEqualTo(15);
    }

    @Test
    void twoLogsOnTwoThreadsLoseNoRecordAcrossRotations() throws Exception {
        AuditLog a = log(4096, 1000);
        AuditLog b = log(4096, 1000);
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (var who : List.of(Map.entry("a", a), Map.entry("b", b))) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 500; i++) {
                        record(who.getValue(), who.getKey(), i);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        List<JsonNode> all = a.read(0);
        assertThat(seqs(all, "a")).hasSize(500).isSorted().doesNotHaveDuplicates();
        assertThat(seqs(all, "b")).hasSize(500).isSorted().doesNotHaveDuplicates();
        assertThat(a.rotated(10)).exists();
        for (int n = 0; Files.exists(a.rotated(n)); n++) {
            assertThat(Files.size(a.rotated(n))).isLessThanOrEqualTo(4096);
        }
    }

    @Test
    void readsTheTailOfAFileOf50MegabytesWithoutReadingItAll() throws Exception {
        Path file = dir.resolve("audit.log");
        String pad = "p".repeat(400);
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (Files.size(file) < 50L << 20 || lines % 1000 != 0) {
                for (int i = 0; i < 1000; i++, lines++) {
                    w.write("{\"action\":\"bulk\",\"args\":{\"seq\":" + lines + "},\"detail\":\"" + pad + "\"}\n");
                }
                w.flush();
            }
            // a line longer than the blocks read backwards, and a multi-byte character across a block boundary
            w.write("{\"action\":\"long\",\"detail\":\"" + "é".repeat(100_000) + "\"}\n");
            w.write("{\"action\":\"last\"}\n");
        }
        List<JsonNode> tail = new AuditLog(file).read(100);
        assertThat(tail).hasSize(100);
        assertThat(tail.get(99).path("action").asText()).isEqualTo("last");
        assertThat(tail.get(98).path("detail").asText()).isEqualTo("é".repeat(100_000));
        for (int i = 0; i < 98; i++) {
            assertThat(tail.get(i).path("args").path("seq").asLong()).isEqualTo(lines - 98 + i);
        }
    }

    @Test
    void anUnparseableLineIsReportedWithItsFile() throws Exception {
        Path file = dir.resolve("audit.log");
        Files.writeString(file, "{\"action\":\"a\"}\nnot json\n{\"action\":\"b\"}\n");
        assertThat(new AuditLog(file).read(1)).hasSize(1);
        assertThatThrownBy(() -> new AuditLog(file).read(0))
                .isInstanceOfSatisfying(CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_ERROR))
                .hasMessageContaining(file.toString()).hasMessageContaining("line 2 counted from its end");
    }

    @Test
    void noFileReadsEmpty() {
        assertThat(new AuditLog(dir.resolve("audit.log")).read(10)).isEmpty();
    }
}
