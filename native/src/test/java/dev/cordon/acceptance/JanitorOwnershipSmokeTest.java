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
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.CleanProgress;
import dev.cordon.leftovers.Leftovers;
import dev.cordon.leftovers.PlannedAction;

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
                        JanitorOwnershipSmokeTest::othersFilesNeverTaken),
                new Row("[R27] janitor.restore-swapped-parent: a directory above a quarantined leftover, owned by another "
                        + "user, swapped for a symlink to a root directory before `leftovers restore`: refused (non-zero, "
                        + "naming the path and why), nothing written through it; restored once the directory is back",
                        JanitorOwnershipSmokeTest::restoreThroughSwappedParent),
                new Row("[R27] janitor.clean-swapped-parent: the directory above a leftover swapped for a symlink to a "
                        + "root 0700 directory between the clean's check and its move (deterministic: at the check): "
                        + "root's file of the same name stays in place, untouched, and never enters the quarantine",
                        JanitorOwnershipSmokeTest::cleanRacingSwap),
                new Row("[R27] janitor.purge-swapped-parent: the directory above a sandbox-made directory swapped for a "
                        + "symlink to a root directory of the same layout during uninstall's purge-all (after its last "
                        + "scan): root's files stay, the purge reports the leftover as not deleted",
                        JanitorOwnershipSmokeTest::purgeThroughSwappedParent),
                new Row("[R27] janitor.clean-exchange-race: `leftovers clean` (the CLI) while the directory's owner "
                        + "swaps it with a symlink to a root 0700 directory in a loop of renameat2(RENAME_EXCHANGE), "
                        + RACE_ATTEMPTS + " attempts: root's file of the same name is never moved, deleted or "
                        + "quarantined, and no sandbox file is lost", JanitorOwnershipSmokeTest::cleanExchangeRace),
                new Row("[R34] janitor.copy-swap-other-account: a leftover in /dev/shm (another filesystem than the "
                        + "quarantine's) whose subdirectory the sandbox exchanges with a symlink at root's first read of "
                        + "it (renameat2(RENAME_EXCHANGE)) during `leftovers clean`: the online account's files (0700 "
                        + "directory) and the offline account's behind a developer's 0700 home never enter the "
                        + "quarantine nor the restored tree", JanitorOwnershipSmokeTest::copySwapOtherAccount),
                new Row("[R35] janitor.copy-swap-proc: the same swap to /proc/<pid> of another process of the sandbox "
                        + "account: its environ never enters the quarantine nor the restored tree",
                        JanitorOwnershipSmokeTest::copySwapProc)));
    }

    // ------------------------------------------------------------------ R27: the janitor through directories others own

    /**
     * (1) of R27: the sandbox's {@code zz.sh} in {@code <developer dir>/m/profile.d/}, quarantined by `leftovers clean`; the
     * developer (who owns {@code <developer>}) renames {@code m} away and puts a symlink to a root-owned {@code x-etc}
     * (standing in for {@code /etc}) in its place; `leftovers restore` must not write {@code x-etc/profile.d/zz.sh}.
     */
    private static Outcome restoreThroughSwappedParent() throws Exception {
        Path mine = attackerDirectory("r27-restore");
        Path m = mine.resolve("m");
        Path rootEtc = rootDirectory("r27-restore-etc", "rwxr-xr-x");
        Files.createDirectory(rootEtc.resolve("profile.d"));
        asDeveloper("mkdir -m 777 -p " + m + "/profile.d");
        Path leftover = m.resolve("profile.d/zz.sh");
        asSandbox("echo 'echo ran as $(id -un)' > " + leftover + " && chmod 644 " + leftover);
        CliRun clean = CliRun.of("leftovers", "clean", instanceOption(), "--match", "r27-restore", "--json");
        String id = null;
        for (JsonNode a : clean.json().path("actions")) {
            if (a.path("item").path("path").asText().equals(leftover.toString())) {
                id = a.path("quarantineId").asText(null);
            }
        }
        if (id == null || Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.fail("setup: clean did not quarantine " + leftover + ": exit " + clean.exit() + " "
                    + clean.out() + clean.err());
        }
        asDeveloper("mv " + m + " " + mine.resolve("m.old") + " && ln -s " + rootEtc + " " + m);
        CliRun restore = CliRun.of("leftovers", "restore", instanceOption(), id);
        Path written = rootEtc.resolve("profile.d/zz.sh");
        boolean wroteThrough = Files.exists(written, LinkOption.NOFOLLOW_LINKS);
        boolean stillQuarantined = CliRun.of("leftovers", "quarantine", instanceOption(), "--json").out().contains(id);
        String message = (restore.out() + restore.err()).strip().replace('\n', ' ');
        boolean clear = restore.exit() != 0 && message.contains(leftover.toString()) && message.contains("symlink");
        // the legitimate case stays: the developer puts the directory back, the restore then succeeds
        asDeveloper("rm " + m + " && mv " + mine.resolve("m.old") + " " + m);
        CliRun again = CliRun.of("leftovers", "restore", instanceOption(), id);
        boolean restoredBack = again.exit() == 0 && Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)
                && ownerOf(leftover).equals(String.valueOf(sandboxUid()));
        return Outcome.expect(!wroteThrough && stillQuarantined && clear && restoredBack,
                "restore through the symlink: exit " + restore.exit() + " \"" + message + "\"; written to "
                        + written + ": " + wroteThrough + (wroteThrough ? " (owner " + ownerOf(written) + ")" : "")
                        + "; entry still quarantined: " + stillQuarantined + "; after the directory is back: exit "
                        + again.exit() + ", restored: " + restoredBack);
    }

    /**
     * (2) of R27, made deterministic: the swap happens right after the clean's last check of the leftover (the
     * janitor's own leftover sources, wrapped, do it as the developer when the clean inspects the path), where the
     * reviewer's loop of {@code renameat2(RENAME_EXCHANGE)} won the race. Root's {@code x-root/profile.d/zz.sh}
     * ({@code 0700} directory) must stay where it is.
     */
    private static Outcome cleanRacingSwap() throws Exception {
        Path mine = attackerDirectory("r27-clean");
        Path t = mine.resolve("t");
        Path rootDir = rootDirectory("r27-clean-root", "rwx------");
        Files.createDirectory(rootDir.resolve("profile.d"));
        Path rootsFile = Files.writeString(rootDir.resolve("profile.d/zz.sh"), "root's own\n");
        asDeveloper("mkdir -m 777 -p " + t + "/profile.d");
        Path leftover = t.resolve("profile.d/zz.sh");
        asSandbox("echo sandbox > " + leftover);
        String swap = "mv " + t + " " + mine.resolve("t.old") + " && ln -s " + rootDir + " " + t;
        Hooked hooked = new Hooked();
        Leftovers janitor = hookedBackend(hooked).leftovers();
        List<PlannedAction> plan = janitor.plan(janitor.scan().items().stream()
                .filter(l -> leftover.toString().equals(l.path())).toList());
        if (plan.size() != 1) {
            return Outcome.fail("setup: the scan did not find " + leftover + " once: " + plan);
        }
        hooked.onInspect(leftover, () -> asDeveloper(swap));
        List<CleanOutcome> outcomes = janitor.apply(plan, CleanProgress.NONE);
        boolean swapped = Files.isSymbolicLink(t);
        boolean rootsInPlace = Files.exists(rootsFile, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(rootsFile).equals("root's own\n") && ownerOf(rootsFile).equals("0");
        boolean rootsInQuarantine = quarantineHolds("root's own");
        boolean sandboxsKept = Files.exists(mine.resolve("t.old/profile.d/zz.sh"), LinkOption.NOFOLLOW_LINKS);
        CleanOutcome o = outcomes.get(0);
        return Outcome.expect(swapped && rootsInPlace && !rootsInQuarantine && sandboxsKept
                        && o.result() != CleanOutcome.Result.QUARANTINED,
                "swapped at the check: " + swapped + "; clean: " + o.result().label() + " " + o.detail()
                        + "; root's file in place and unchanged: " + rootsInPlace + "; root's file in the quarantine: "
                        + rootsInQuarantine + "; the sandbox's file still at t.old: " + sandboxsKept);
    }

    /**
     * (3) of R27: the sandbox's {@code dd/} below the developer's {@code v/}; after purge-all's last scan (the
     * wrapped sources' last call of a scan) the developer swaps {@code v} for a symlink to a root directory holding a
     * {@code dd/} of root's files. Root's files must stay.
     */
    private static Outcome purgeThroughSwappedParent() throws Exception {
        Path mine = attackerDirectory("r27-purge");
        Path v = mine.resolve("v");
        Path rootOpt = rootDirectory("r27-purge-opt", "rwxr-xr-x");
        Path rootDd = Files.createDirectory(rootOpt.resolve("dd"));
        Files.writeString(rootDd.resolve("keep1"), "root 1\n");
        Files.writeString(rootDd.resolve("keep2"), "root 2\n");
        asDeveloper("mkdir -m 777 " + v);
        asSandbox("mkdir " + v + "/dd && echo s1 > " + v + "/dd/keep1 && echo s2 > " + v + "/dd/keep2");
        Hooked hooked = new Hooked();
        hooked.onSecondScanEnd(() -> asDeveloper("mv " + v + " " + mine.resolve("v.old") + " && ln -s " + rootOpt + " "
                + v));
        PurgeAllReport report = hookedBackend(hooked).leftovers().purgeAll();
        boolean swapped = Files.isSymbolicLink(v);
        List<String> rootsLeft = new ArrayList<>();
        for (String f : List.of("keep1", "keep2")) {
            if (Files.exists(rootDd.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                rootsLeft.add(f);
            }
        }
        String ddPath = v.resolve("dd").toString();
        boolean claimedDeleted = report.deleted().contains(ddPath);
        boolean reported = report.failures().stream().anyMatch(f -> f.contains(ddPath));
        return Outcome.expect(swapped && rootsLeft.size() == 2 && Files.isDirectory(rootDd) && !claimedDeleted
                        && reported,
                "swapped after the last scan: " + swapped + "; root's dd/ left: " + rootsLeft + " of [keep1, keep2]"
                        + "; purge-all says deleted: " + claimedDeleted + "; reports it: " + reported + " "
                        + report.failures());
    }

    private static final int RACE_ATTEMPTS = 8;
    /** The system's python3 (root's PATH may lead to a copy the developer cannot run). */
    private static final String PYTHON = "/usr/bin/python3";

    /** Swaps argv[1] and argv[2] with renameat2(RENAME_EXCHANGE) for argv[3] seconds; leaves argv[1] a directory. */
    private static final String EXCHANGE_LOOP = String.join("\n",
            "import ctypes, os, sys, time",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "a, b = sys.argv[1].encode(), sys.argv[2].encode()",
            "end = time.time() + float(sys.argv[3])",
            "n = 0",
            "while time.time() < end:",
            "    libc.renameat2(-100, a, -100, b, 2)",
            "    n += 1",
            "if os.path.islink(sys.argv[1]):",
            "    libc.renameat2(-100, a, -100, b, 2)",
            "print(n)");

    /**
     * (2) of R27 as the reviewer raced it: each attempt a new sandbox leftover in {@code t/profile.d/}, the developer's
     * loop exchanging {@code t} with a symlink to root's {@code 0700} directory holding {@code profile.d/zz.sh}, one
     * `leftovers clean` through the CLI meanwhile. What the sandbox wrote must be either where it was or in the
     * quarantine; root's file must stay.
     */
    private static Outcome cleanExchangeRace() throws Exception {
        Path mine = attackerDirectory("r27-race");
        Path t = mine.resolve("t");
        Path s = mine.resolve("s");
        Path rootDir = rootDirectory("r27-race-root", "rwx------");
        Files.createDirectory(rootDir.resolve("profile.d"));
        Path rootsFile = Files.writeString(rootDir.resolve("profile.d/zz.sh"), "root's own\n");
        asDeveloper("mkdir -m 777 -p " + t + "/profile.d && ln -s " + rootDir + " " + s);
        Path leftover = t.resolve("profile.d/zz.sh");
        List<String> results = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        boolean rootsIntact = true;
        for (int attempt = 1; attempt <= RACE_ATTEMPTS && rootsIntact; attempt++) {
            String content = "sandbox " + attempt + "\n";
            asSandbox("printf '" + content.strip() + "\\n' > " + leftover);
            Process loop = new ProcessBuilder(Exec.require("setpriv", "util-linux").toString(), "--reuid=" + developerUid,
                    "--regid=" + gidOf(developer), "--clear-groups", "--", PYTHON, "-c", EXCHANGE_LOOP, t.toString(),
                    s.toString(), "3").redirectErrorStream(true).start();
            started.add(loop);
            Thread.sleep(200);
            CliRun clean = CliRun.of("leftovers", "clean", instanceOption(), "--match", "r27-race", "--json");
            boolean ended = loop.waitFor(20, TimeUnit.SECONDS);
            String swaps = new String(loop.getInputStream().readAllBytes()).strip();
            List<String> acted = new ArrayList<>();
            clean.json().path("actions").forEach(a -> acted.add(a.path("result").asText()));
            results.add(attempt + ": " + acted + " (" + swaps + " swaps" + (ended ? "" : ", loop did not end") + ")");
            if (!swaps.matches("[1-9][0-9]*")) {
                return Outcome.fail("setup: the developer's exchange loop did not run: " + results);
            }
            rootsIntact = Files.exists(rootsFile, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(rootsFile).equals("root's own\n") && !quarantineHolds("root's own");
            boolean inPlace = Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(leftover).equals(content);
            if (!inPlace && !quarantineHolds(content)) {
                lost.add(content.strip());
            }
            Files.deleteIfExists(leftover);
        }
        return Outcome.expect(rootsIntact && lost.isEmpty(), "attempts (clean results, swaps): " + results
                + "; root's file in place, unchanged, not in the quarantine: " + rootsIntact + "; sandbox files lost: "
                + lost);
    }

    // ------------------------------------------------------------------ R34/R35: the copy across filesystems

    /**
     * Waits (up to argv[3] s) for the first read of a file in directory argv[1] (inotify {@code IN_ACCESS}, which the
     * kernel reports whatever the atime rules; with {@code argv[4]} only of that file) and then exchanges argv[1] with
     * argv[2] ({@code renameat2(RENAME_EXCHANGE)}, once). Prints {@code ready}, then {@code swapped} or why not.
     */
    private static final String SWAP_AT_FIRST_READ = String.join("\n",
            "import ctypes, os, select, struct, sys",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "a, b = sys.argv[1].encode(), sys.argv[2].encode()",
            "only = sys.argv[4].encode() if len(sys.argv) > 4 else None",
            "fd = libc.inotify_init1(0)",
            "if fd < 0 or libc.inotify_add_watch(fd, a, 0x1) < 0:",
            "    print('inotify failed', ctypes.get_errno(), flush=True); sys.exit(1)",
            "print('ready', flush=True)",
            "while True:",
            "    if not select.select([fd], [], [], float(sys.argv[3]))[0]:",
            "        print('no read seen', flush=True); sys.exit(0)",
            "    data, at, hit = os.read(fd, 65536), 0, False",
            "    while at < len(data):",
            "        wd, mask, cookie, n = struct.unpack_from('iIII', data, at)",
            "        name = data[at + 16:at + 16 + n].rstrip(b'\\0')",
            "        at += 16 + n",
            "        if name and not mask & 0x40000000 and (only is None or name == only):",
            "            hit = True",
            "    if hit:",
            "        break",
            "rc = libc.renameat2(-100, a, -100, b, 2)",
            "print('swapped' if rc == 0 else 'swap failed ' + str(ctypes.get_errno()), flush=True)");

    /**
     * R34: each attempt a leftover {@code /dev/shm/<name>/L} of the offline account ({@code L/sub} holding a large
     * {@code big}, read first, then {@code f0}..{@code f199}; {@code L/lnk} a symlink to the target), the swapper as
     * that account exchanging {@code L/sub} and {@code L/lnk} at root's first read of {@code sub}'s files, `leftovers
     * clean` then `leftovers restore` through the CLI. Targets: a {@code 0700} directory of the online account with
     * {@code 0644} files of its own, and the offline account's files behind the developer's {@code 0700} home (what a
     * session of another member leaves there). Neither the quarantine nor the restored tree may hold a target's file.
     */
    private static Outcome copySwapOtherAccount() throws Exception {
        String online = testInstance.instance.onlineAccount();
        String offline = testInstance.instance.offlineAccount();
        Path onlineDir = rootDirectory("r34-online", "rwx------");
        Path onlineSecret = Files.createDirectory(onlineDir.resolve("secret"));
        Path home = rootDirectory("r34-home", "rwx------");
        Path homeSecret = Files.createDirectories(home.resolve("ws/secret"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(onlineSecret.resolve("f" + i), "ONLINE-ONLY-" + i + "\n");
            Files.writeString(homeSecret.resolve("f" + i), "MEMBER-ONLY-" + i + "\n");
        }
        Exec.run(List.of("chown", "-R", online + ":", onlineDir.toString())).orThrow("chown");
        Exec.run(List.of("chown", "-R", offline + ":", homeSecret.toString())).orThrow("chown");
        Exec.run(List.of("chown", developer + ":", home.toString(), home.resolve("ws").toString())).orThrow("chown");
        List<String> attempts = new ArrayList<>();
        boolean leaked = false;
        boolean allKept = true;
        String[][] targets = {{onlineSecret.toString(), "ONLINE-ONLY"}, {homeSecret.toString(), "MEMBER-ONLY"}};
        for (int attempt = 0; attempt < 4; attempt++) {
            String[] target = targets[attempt % 2];
            StringBuilder files = new StringBuilder("head -c 64000000 /dev/zero > $L/sub/big");
            for (int i = 0; i < 200; i++) {
                files.append(" && echo SANDBOX-").append(i).append(" > $L/sub/f").append(i);
            }
            CopySwap r = copySwap("r34-" + attempt, files.toString(), target[0], null, target[1]);
            leaked |= r.leaked() > 0;
            allKept &= r.sandboxKept();
            attempts.add(target[1] + ": " + r);
        }
        boolean swapped = attempts.stream().allMatch(a -> a.contains("swapper swapped"));
        return swapped ? Outcome.expect(!leaked && allKept, "attempts: " + attempts)
                : Outcome.fail("setup: the swap did not happen in every attempt: " + attempts);
    }

    /**
     * R35: the same with {@code L/lnk} a symlink to {@code /proc/<pid>} of a process of the offline account with a
     * secret in its environment, {@code L/sub} holding {@code big} (read first) then {@code environ}, {@code cmdline}
     * and {@code status}. Neither the quarantine nor the restored tree may hold the secret.
     */
    private static Outcome copySwapProc() throws Exception {
        List<String> attempts = new ArrayList<>();
        boolean leaked = false;
        boolean allKept = true;
        // three attempts in which the swap happened; one the swapper lost to the janitor (ENOENT: the name already
        // moved) is not an attack and is tried again, at most five times over
        int swappedAttempts = 0;
        for (int attempt = 0; swappedAttempts < 3 && attempt < 8; attempt++) {
            String token = "VICTIM-" + testInstance.name() + "-" + attempt;
            Process victim = new ProcessBuilder(Exec.require("setpriv", "util-linux").toString(), "--reuid="
                    + sandboxUid(), "--regid=" + gidOf(testInstance.instance.offlineAccount()), "--clear-groups", "--",
                    "env", "API_TOKEN=" + token, "sleep", "120").redirectErrorStream(true).start();
            started.add(victim);
            try {
                Thread.sleep(300);
                CopySwap r = copySwap("r35-" + attempt, "head -c 64000000 /dev/zero > $L/sub/big && echo mine-e > "
                        + "$L/sub/environ && echo mine-c > $L/sub/cmdline && echo mine-s > $L/sub/status",
                        "/proc/" + victim.pid(), "big", token);
                leaked |= r.leaked() > 0;
                allKept &= r.sandboxKept();
                attempts.add(r.toString());
                if (r.toString().contains("swapper swapped")) {
                    swappedAttempts++;
                }
            } finally {
                victim.destroyForcibly();
                victim.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return swappedAttempts == 3 ? Outcome.expect(!leaked && allKept, "attempts: " + attempts)
                : Outcome.fail("setup: the swap happened in " + swappedAttempts + " of " + attempts.size()
                        + " attempts, not 3: " + attempts);
    }

    /**
     * What one attempt gave: the clean's result, the swapper's word, how many files holding the marker the quarantine
     * and the restored tree held, and whether the sandbox's own files were kept (in place, quarantined or restored).
     */
    private record CopySwap(String clean, String swapper, String restore, int inQuarantine, int restored,
                            boolean sandboxKept) {
        int leaked() {
            return inQuarantine + restored;
        }

        @Override
        public String toString() {
            return "clean " + clean + ", swapper " + swapper + ", restore " + restore + ", marker files in the "
                    + "quarantine " + inQuarantine + ", restored " + restored + ", sandbox's files kept " + sandboxKept;
        }
    }

    /** One attempt of R34/R35: see {@link #copySwapOtherAccount}. {@code make} is a script of $L's files. */
    private static CopySwap copySwap(String name, String make, String target, String firstRead, String marker)
            throws Exception {
        Path dir = Path.of("/dev/shm", testInstance.name() + "-" + name);
        Path l = dir.resolve("L");
        try {
            asSandbox("mkdir -m 755 " + dir + " " + l + " && mkdir -m 777 " + l + "/sub && L=" + l + " && " + make
                    + " && ln -s " + target + " " + l + "/lnk");
            long sandboxFiles = countHolding(l, "SANDBOX-") + countHolding(l, "mine-");
            List<String> argv = new ArrayList<>(List.of(Exec.require("setpriv", "util-linux").toString(), "--reuid="
                    + sandboxUid(), "--regid=" + gidOf(testInstance.instance.offlineAccount()), "--clear-groups", "--",
                    PYTHON, "-c", SWAP_AT_FIRST_READ, l.resolve("sub").toString(), l.resolve("lnk").toString(), "60"));
            if (firstRead != null) {
                argv.add(firstRead);
            }
            Process swapper = new ProcessBuilder(argv).redirectErrorStream(true).start();
            started.add(swapper);
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(swapper.getInputStream()));
            String ready = out.readLine();
            if (!"ready".equals(ready)) {
                return new CopySwap("not run", "not ready: " + ready, "-", 0, 0, true);
            }
            CliRun clean = CliRun.of("leftovers", "clean", instanceOption(), "--match", dir.getFileName().toString(),
                    "--json");
            String id = null;
            String result = "none for L";
            for (JsonNode a : clean.json().path("actions")) {
                if (a.path("item").path("path").asText().equals(dir.toString())) {
                    id = a.path("quarantineId").asText(null);
                    result = a.path("result").asText() + " " + a.path("detail").asText();
                }
            }
            swapper.waitFor(70, TimeUnit.SECONDS);
            String said = out.readLine();
            swapper.destroyForcibly();
            int inQuarantine = (int) countHolding(testInstance.instance.quarantineDir(), marker);
            String restore = "-";
            int restored = 0;
            boolean kept;
            if (id != null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                CliRun r = CliRun.of("leftovers", "restore", instanceOption(), id);
                restore = "exit " + r.exit();
                restored = (int) countHolding(dir, marker);
                kept = countHolding(dir, "SANDBOX-") + countHolding(dir, "mine-") >= sandboxFiles;
            } else {
                kept = countHolding(dir, "SANDBOX-") + countHolding(dir, "mine-") >= sandboxFiles;
            }
            return new CopySwap(result.length() > 300 ? result.substring(0, 300) + "…" : result, said, restore,
                    inQuarantine, restored, kept);
        } finally {
            FileTrees.deleteTree(dir);
            CliRun.of("leftovers", "clean", "--purge-older-than", "0", instanceOption()); // the next attempt counts anew
        }
    }

    /** The regular files below {@code top} (no symlink followed) whose content holds {@code text}. */
    private static long countHolding(Path top, String text) throws IOException {
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (var files = Files.walk(top)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !f.endsWith("big"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains(text);
                        } catch (IOException e) {
                            return false;
                        }
                    }).count();
        }
    }

    /**
     * The janitor's leftover sources, wrapped: runs a hook as the clean inspects a path (after the scan), or at the end
     * of purge-all's second scan (its system objects are the last thing a scan reads). Everything else is the real
     * sources'. A dynamic proxy, so it wraps whatever the interface holds.
     */
    private static final class Hooked {
        private volatile Path inspectPath;
        private volatile ThrowingRunnable inspectHook;
        private volatile ThrowingRunnable secondScanHook;
        private int scans;

        void onInspect(Path path, ThrowingRunnable hook) {
            inspectPath = path;
            inspectHook = hook;
        }

        void onSecondScanEnd(ThrowingRunnable hook) {
            secondScanHook = hook;
        }

        dev.cordon.platform.LeftoverSources wrap(dev.cordon.platform.LeftoverSources real) {
            return (dev.cordon.platform.LeftoverSources) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {dev.cordon.platform.LeftoverSources.class},
                    (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("inspect") && inspectHook != null && args[0].equals(inspectPath)) {
                            ThrowingRunnable hook = inspectHook;
                            inspectHook = null;
                            hook.run();
                        }
                        if (method.getName().equals("systemObjects") && secondScanHook != null && ++scans == 2) {
                            ThrowingRunnable hook = secondScanHook;
                            secondScanHook = null;
                            hook.run();
                        }
                        return result;
                    });
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A backend of the test instance whose platform's leftover sources are {@code hooked}'s wrapper. */
    private static Backend hookedBackend(Hooked hooked) {
        dev.cordon.platform.Platform real = backend.platform();
        dev.cordon.platform.LeftoverSources sources = hooked.wrap(real.leftoverSources());
        dev.cordon.platform.Platform platform = (dev.cordon.platform.Platform) java.lang.reflect.Proxy.newProxyInstance(
                JanitorOwnershipSmokeTest.class.getClassLoader(), new Class<?>[] {dev.cordon.platform.Platform.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("leftoverSources")) {
                        return sources;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new Backend(testInstance.instance, platform);
    }

    /** A directory under the test's base owned by the developer ({@code 0755}): the one they swap things in. */
    private static Path attackerDirectory(String name) throws IOException {
        return developerWorkspace(name);
    }

    /** A root-owned directory under the test's base with {@code mode}: what root's own directories stand for. */
    private static Path rootDirectory(String name, String mode) throws IOException {
        Path d = Files.createDirectory(base.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
        return d;
    }

    private static void asDeveloper(String script) {
        Exec.run(List.of(Exec.require("setpriv", "util-linux").toString(), "--reuid=" + developerUid,
                "--regid=" + gidOf(developer), "--clear-groups", "--", "sh", "-c", script)).orThrow("as the developer: " + script);
    }

    private static void asSandbox(String script) throws IOException {
        int uid = sandboxUid();
        Exec.run(List.of(Exec.require("setpriv", "util-linux").toString(), "--reuid=" + uid, "--regid="
                + gidOf(testInstance.instance.offlineAccount()), "--clear-groups", "--", "sh", "-c", "umask 022; " + script)).orThrow("as the sandbox: " + script);
    }

    private static String gidOf(String account) {
        return Exec.run(List.of("id", "-g", account)).orThrow("id -g").stdout().strip();
    }

    private static int sandboxUid() throws IOException {
        return PosixIds.uid(backend.platform().accounts().user(testInstance.instance.offlineAccount()).orElseThrow());
    }

    /** Whether any file in the quarantine holds {@code text}. */
    private static boolean quarantineHolds(String text) throws IOException {
        Path q = testInstance.instance.quarantineDir();
        if (!Files.isDirectory(q)) {
            return false;
        }
        try (var files = Files.walk(q)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).anyMatch(f -> {
                try {
                    return Files.readString(f).contains(text);
                } catch (IOException e) {
                    return false;
                }
            });
        }
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
