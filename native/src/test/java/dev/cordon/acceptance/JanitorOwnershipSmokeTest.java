package dev.cordon.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.Backend;
import dev.cordon.acceptance.SandboxSmokeTest.Outcome;
import dev.cordon.acceptance.SandboxSmokeTest.Row;
import dev.cordon.acceptance.SandboxSmokeTest.Run;
import dev.cordon.cli.CordonCli;
import dev.cordon.core.Exec;
import dev.cordon.core.FileTrees;
import dev.cordon.leftovers.PurgeAllReport;
import dev.cordon.platform.linux.LinuxPlatform;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.provision.SetupRequest;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionManager;
import dev.cordon.session.SessionSpec;
import dev.cordon.testing.CliRun;
import dev.cordon.testing.TestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The leftovers janitor against a developer's workspace lent under {@code /var/tmp} and against the sessions of a
 * {@code cordon serve} (review findings F6, F7a, F7b): a live session's runner and commands are never leftovers, nothing
 * inside a live session's lent workspace is one, and a sandbox-owned directory holding the developer's files is never
 * quarantined, purged or deleted whole. Prints {@code Janitor ownership smoke tests: N/M passed}.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "needs root: real accounts, "
        + "sessions and a developer account")
class JanitorOwnershipSmokeTest {
    private static TestInstance testInstance;
    private static Backend backend;
    private static SessionManager sessions;
    private static String developer;
    private static int developerUid;
    private static Path base;
    private static final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        testInstance = new TestInstance();
        backend = new Backend(testInstance.instance, new LinuxPlatform(testInstance.instance));
        backend.provisioner().setup(new SetupRequest(List.of()), false, line -> { });
        developer = testInstance.name() + "-dev";
        Exec.run(List.of("useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", developer)).orThrow("useradd");
        developerUid = PosixIds.uid(backend.platform().accounts().user(developer).orElseThrow());
        base = Files.createTempDirectory(Path.of("/var/tmp"), "cordon-janitor-own-").toRealPath();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        sessions = backend.sessions();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (sessions != null) {
            sessions.close();
        }
        if (backend != null) {
            backend.provisioner().uninstall(false, line -> { });
        }
        if (developer != null) {
            Exec.run(List.of("userdel", developer)).orThrow("userdel");
        }
        if (base != null) {
            FileTrees.deleteTree(base);
        }
        if (testInstance != null) {
            testInstance.close();
        }
    }

    @Test
    void rows() {
        SmokeRows.runAndReport("Janitor ownership smoke tests", List.of(
                new Row("F6 janitor.serve: profiles clean (for real) while `cordon serve` runs a session with a command "
                        + "in it: no process planned, runner and command survive, the session is not failed",
                        JanitorOwnershipSmokeTest::serveSessionSurvivesClean),
                new Row("F7a janitor.lent-live: files the sandbox makes in a live session's lent workspace under "
                        + "/var/tmp are no leftovers; clean leaves them", JanitorOwnershipSmokeTest::liveLentWorkspaceUntouched),
                new Row("F7b janitor.others-files: a sandbox-made .git holding the developer's files is skipped by "
                        + "clean, kept by --purge-older-than 0 and by uninstall's purge-all",
                        JanitorOwnershipSmokeTest::othersFilesNeverTaken)));
    }

    private static Outcome serveSessionSurvivesClean() throws Exception {
        Path w = developerWorkspace("serve");
        Path socket = testInstance.instance.hostSocket();
        Process serve = cli("serve", instanceOption());
        if (!waitFor(() -> Files.exists(socket))) {
            return Outcome.fail("cordon serve did not open " + socket);
        }
        String id = null;
        try {
            CliRun start = CliRun.of("session", "start", instanceOption(), "--workspace=" + w, "--json");
            if (start.exit() != 0) {
                return Outcome.fail("session start: exit " + start.exit() + " " + start.err());
            }
            id = start.json().path("id").asText();
            long runner = start.json().path("runnerPid").asLong();
            Process command = cli("session", "exec", instanceOption(), id, "--", "sleep", "120");
            boolean running = waitFor(() -> ProcessHandle.allProcesses().anyMatch(p -> p.parent()
                    .map(pp -> pp.pid() == runner).orElse(false)));
            CliRun dry = CliRun.of("profiles", "clean", "--dry-run", instanceOption(), "--json");
            CliRun clean = CliRun.of("profiles", "clean", instanceOption(), "--json");
            List<String> processActions = new ArrayList<>();
            for (CliRun c : List.of(dry, clean)) {
                c.json().path("actions").forEach(a -> {
                    if (a.path("item").path("kind").asText().equals("process")) {
                        processActions.add(a.path("item").path("pid").asText() + " " + a.path("action").asText() + " "
                                + a.path("result").asText());
                    }
                });
            }
            Thread.sleep(2500); // a killed runner takes its session down within the janitor's grace
            boolean runnerAlive = ProcessHandle.of(runner).map(ProcessHandle::isAlive).orElse(false);
            boolean commandAlive = command.isAlive();
            CliRun list = CliRun.of("session", "list", instanceOption(), "--json");
            String state = "?";
            for (JsonNode s : list.json().path("sessions")) {
                if (s.path("id").asText().equals(id)) {
                    state = s.path("state").asText();
                }
            }
            return Outcome.expect(running && processActions.isEmpty() && runnerAlive && commandAlive
                            && !state.equalsIgnoreCase("failed") && clean.exit() == 0,
                    "command running: " + running + "; process actions (dry run, clean): " + processActions
                            + "; runner alive: " + runnerAlive + "; command alive: " + commandAlive + "; state: " + state
                            + "; clean exit " + clean.exit());
        } finally {
            if (id != null) {
                CliRun.of("session", "stop", instanceOption(), id);
            }
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static Outcome liveLentWorkspaceUntouched() throws Exception {
        Path w = developerWorkspace("live");
        SessionInfo s = sessions.start(spec(w));
        try {
            Run made = SmokeRows.sh(sessions, s, "echo new > made.txt && mkdir -p d/e && echo x > d/e/f && mkdir .git");
            CliRun clean = CliRun.of("profiles", "clean", instanceOption(), "--json");
            List<String> touched = new ArrayList<>();
            clean.json().path("actions").forEach(a -> {
                if (a.path("item").path("path").asText().startsWith(w + "/")) {
                    touched.add(a.path("item").path("path").asText() + " " + a.path("action").asText() + " "
                            + a.path("result").asText());
                }
            });
            boolean kept = Files.exists(w.resolve("made.txt")) && Files.exists(w.resolve("d/e/f"))
                    && Files.isDirectory(w.resolve(".git"), LinkOption.NOFOLLOW_LINKS);
            return Outcome.expect(made.ok() && touched.isEmpty() && kept, "made: " + made.describe() + "; clean acted on "
                    + touched + "; files still in place: " + kept);
        } finally {
            sessions.stop(s.id());
        }
    }

    private static Outcome othersFilesNeverTaken() throws Exception {
        Path w = developerWorkspace("others");
        Path secret = Files.writeString(w.resolve("secret.txt"), "developer secret\n");
        Files.createDirectory(w.resolve("d"));
        Files.writeString(w.resolve("d/notes.txt"), "notes\n");
        for (Path p : List.of(secret, w.resolve("d"), w.resolve("d/notes.txt"))) {
            Exec.run(List.of("chown", developer + ":", p.toString())).orThrow("chown");
        }
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        SessionInfo s = sessions.start(spec(w));
        Run moved;
        try {
            moved = SmokeRows.sh(sessions, s, "mkdir .git && mv secret.txt d .git/");
        } finally {
            sessions.stop(s.id());
        }
        Path inGit = w.resolve(".git/secret.txt");
        String gitOwner = ownerOf(w.resolve(".git"));
        CliRun clean = CliRun.of("profiles", "clean", instanceOption(), "--json");
        List<String> gitActions = new ArrayList<>();
        clean.json().path("actions").forEach(a -> {
            if (a.path("item").path("path").asText().startsWith(w.toString())) {
                gitActions.add(a.path("item").path("path").asText() + " " + a.path("action").asText() + " "
                        + a.path("result").asText() + " otherOwners=" + a.path("item").path("otherOwners"));
            }
        });
        boolean afterClean = isDevelopers(inGit) && isDevelopers(w.resolve(".git/d/notes.txt"));
        CliRun purge = CliRun.of("profiles", "clean", "--purge-older-than", "0", instanceOption(), "--json");
        boolean afterPurge = isDevelopers(inGit) && isDevelopers(w.resolve(".git/d/notes.txt"));
        PurgeAllReport all = backend.leftovers().purgeAll();
        boolean afterPurgeAll = isDevelopers(inGit) && isDevelopers(w.resolve(".git/d/notes.txt"));
        boolean reported = all.failures().stream().anyMatch(f -> f.contains(w.resolve(".git").toString()));
        // what the developer does with it: take the directory back (then it is no leftover, and uninstall can run)
        Exec.run(List.of("chown", developer + ":", w.resolve(".git").toString())).orThrow("chown");
        boolean skipped = gitActions.size() == 1 && gitActions.get(0).contains(" skip skipped")
                && gitActions.get(0).contains(Integer.toString(developerUid));
        return Outcome.expect(moved.ok() && skipped && afterClean && afterPurge && afterPurgeAll && reported,
                "moved: " + moved.describe() + "; .git owner: " + gitOwner + "; clean: " + gitActions
                        + "; developer's files in .git after clean: " + afterClean + ", after purge (exit "
                        + purge.exit() + "): " + afterPurge + ", after purge-all: " + afterPurgeAll
                        + "; purge-all reports .git: " + reported);
    }

    // ------------------------------------------------------------------ helpers

    private static String instanceOption() {
        return "--instance=" + testInstance.name();
    }

    private static SessionSpec spec(Path w) {
        return new SessionSpec(w, NetworkMode.OFFLINE, List.of(), Map.of(), List.of(), SessionSpec.Limits.DEFAULT);
    }

    /** A workspace owned by the developer, {@code 0755}, under /var/tmp (a root the janitor scans). */
    private static Path developerWorkspace(String name) throws IOException {
        Path w = Files.createDirectory(base.resolve(name));
        Exec.run(List.of("chown", developer + ":", w.toString())).orThrow("chown");
        Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
        return w;
    }

    private static boolean isDevelopers(Path p) throws IOException {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                && (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) == developerUid;
    }

    private static String ownerOf(Path p) throws IOException {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                ? String.valueOf(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) : "gone";
    }

    /** The CLI in its own JVM (another host process when it is `serve`). */
    private static Process cli(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), CordonCli.class.getName()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        started.add(p);
        return p;
    }

    private static boolean waitFor(Callable<Boolean> condition) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
