package dev.cordon.acceptance;

import dev.cordon.acceptance.SandboxSmokeTest.Outcome;
import dev.cordon.acceptance.SandboxSmokeTest.Recorder;
import dev.cordon.acceptance.SandboxSmokeTest.Row;
import dev.cordon.acceptance.SandboxSmokeTest.RowResult;
import dev.cordon.acceptance.SandboxSmokeTest.Run;
import dev.cordon.acceptance.SandboxSmokeTest.Verdict;
import dev.cordon.core.Exec;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cordon.acceptance.SandboxSmokeTest.EXIT_GRACE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every smoke test class shares: running a list of rows, printing their table and {@code <title>: N/M passed},
 * failing when a row failed; and running one command in a session with bounded waits. The row types live in
 * {@link SandboxSmokeTest}, the acceptance list these classes extend.
 */
final class SmokeRows {
    private SmokeRows() {
    }

    /**
     * Runs every row (a row that throws is a FAIL, not an abort), prints the table and fails if any row failed. With the
     * system property {@code smoke.rows} (comma-separated parts of row names, e.g. {@code -Dsmoke.rows=[F3],[F5]}) only
     * the rows whose names contain one of them run: to show a new row failing on an older commit without the whole list.
     */
    static List<RowResult> runAndReport(String title, List<Row> rows) {
        List<RowResult> results = new ArrayList<>();
        String only = System.getProperty("smoke.rows", "").strip();
        List<String> parts = only.isEmpty() ? List.of() : List.of(only.split(","));
        for (Row row : rows) {
            if (!parts.isEmpty() && parts.stream().noneMatch(part -> row.name().contains(part.strip()))) {
                continue;
            }
            results.add(new RowResult(row.name(), runRow(row)));
        }
        long passed = results.stream().filter(r -> r.outcome().verdict() == Verdict.PASS).count();
        int width = results.stream().mapToInt(r -> r.name().length()).max().orElse(10);
        StringBuilder table = new StringBuilder("\n");
        for (RowResult r : results) {
            table.append(String.format("%-" + width + "s  %s%n", r.name(), r.outcome().label()));
            if (r.outcome().verdict() != Verdict.SKIP && !r.outcome().detail().isBlank()) {
                table.append(String.format("%-" + width + "s    %s%n", "", r.outcome().detail()));
            }
        }
        System.out.print(table);
        System.out.println(title + ": " + passed + "/" + results.size() + " passed");
        List<String> failed = results.stream().filter(r -> r.outcome().verdict() == Verdict.FAIL)
                .map(r -> r.name() + ": " + r.outcome().detail()).toList();
        assertThat(failed).as("smoke rows that failed").isEmpty();
        return results;
    }

    private static Outcome runRow(Row row) {
        try {
            return row.body().run();
        } catch (Exception | AssertionError e) {
            System.out.println("Row '" + row.name() + "' threw:");
            e.printStackTrace(System.out);
            return Outcome.fail("threw " + e);
        }
    }

    /** Runs {@code argv} in {@code session} and waits for its exit, at most its timeout plus a grace period. */
    static Run run(SessionManager sessions, SessionInfo session, Map<String, String> env, Duration timeout, String... argv)
            throws Exception {
        Recorder recorder = new Recorder();
        SessionManager.CommandHandle handle = sessions.exec(session.id(), List.of(argv), env, timeout, recorder);
        if (!recorder.awaitExit(timeout.plus(EXIT_GRACE))) {
            handle.kill();
            boolean exitedAfterKill = recorder.awaitExit(EXIT_GRACE);
            throw new IllegalStateException("`" + String.join(" ", argv) + "` did not report an exit within "
                    + timeout.plus(EXIT_GRACE) + " although its timeout was " + timeout
                    + (exitedAfterKill ? "; it exited after an explicit kill" : "; not even after an explicit kill"));
        }
        return recorder.toRun();
    }

    /** {@code /bin/sh -c script} in {@code session}, with the default timeout. */
    static Run sh(SessionManager sessions, SessionInfo session, String script) throws Exception {
        return run(sessions, session, Map.of(), SandboxSmokeTest.COMMAND_TIMEOUT, "/bin/sh", "-c", script);
    }

    /** A row run with a fresh directory under {@code /root} (mode 0700: beyond the sandbox's and any member's rights). */
    @FunctionalInterface
    interface WithSecret {
        Outcome run(Path secret) throws Exception;
    }

    /** Runs {@code row} with a fresh root-only directory named {@code prefix…} under {@code /root}, removed afterwards. */
    static Outcome withRootOnlyDirectory(String prefix, WithSecret row) throws Exception {
        Path secret = Files.createTempDirectory(Path.of("/root"), prefix);
        try {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
            return row.run(secret);
        } finally {
            Exec.run(List.of("rm", "-rf", secret.toString())).orThrow("removing " + secret);
        }
    }

    /**
     * A git directory at {@code secret/exists} ({@code HEAD}, {@code objects/}, {@code refs/}), {@code secret/nope} left
     * absent: the pair an existence oracle would tell apart.
     */
    static void existsAndNope(Path secret) throws IOException {
        Files.createDirectories(secret.resolve("exists/objects"));
        Files.createDirectories(secret.resolve("exists/refs"));
        Files.writeString(secret.resolve("exists/HEAD"), "ref: refs/heads/main\n");
    }
}
