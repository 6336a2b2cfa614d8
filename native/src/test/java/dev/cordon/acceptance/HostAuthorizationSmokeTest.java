package dev.cordon.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.Backend;
import dev.cordon.acceptance.SandboxSmokeTest.Outcome;
import dev.cordon.acceptance.SandboxSmokeTest.Row;
import dev.cordon.cli.CordonCli;
import dev.cordon.core.AgentConfigs;
import dev.cordon.core.CordonException;
import dev.cordon.core.Exec;
import dev.cordon.core.Json;
import dev.cordon.platform.Account;
import dev.cordon.platform.linux.PosixIds;
import dev.cordon.platform.linux.sys.MountInfo;
import dev.cordon.testing.ExampleClient;
import dev.cordon.testing.InstalledInstance;
import dev.cordon.testing.TestInstance;
import dev.cordon.testing.ThrowawayUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 8, section 2: the socket API as real throwaway users. One instance set up for real, a real {@code cordon serve}
 * (a child JVM) on a socket {@code 0660 root:<users group>}, two fresh accounts alice and bob in that group (each
 * with a {@code 0700} home and a project in it), and the example Python client run as each of them through
 * {@code setpriv --init-groups}, exactly as a member's agent would talk to the host. Rows print PASS/FAIL like
 * {@link SmokeRows} and end with {@code Host authorization smoke tests: N/M passed}.
 *
 * <p>A refusal is exit code 5 ({@code forbidden}) with a message naming what and why. On the code before the fix
 * every "refused" row below was served; such a session is stopped at once so the run leaves nothing lent.
 */
@EnabledIfSystemProperty(named = "user.name", matches = "root", disabledReason = "creates users, an instance and a host")
class HostAuthorizationSmokeTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int FORBIDDEN = 5;
    /** `cordon serve --member-max-sessions`, by default. */
    private static final int MEMBER_MAX_SESSIONS = 8;
    private static final String SECRET = "CZ_SMOKE_SECRET";
    private static final String SECRET_VALUE = "s3cr3t-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    private static final ThrowawayUsers users = new ThrowawayUsers();
    private static final List<Path> madeForTheTest = new ArrayList<>();
    private static InstalledInstance installed;
    private static Backend backend;
    private static Account alice;
    private static Account bob;
    private static Path hostDir;
    private static Path socket;
    private static Path client;
    private static Path scratch;
    /** Outside the directories every runner gets privately (/tmp, /var/tmp, …): what one session lends, others could see. */
    private static Path shared;
    private static Process host;
    private static Path aliceProject;
    private static Path bobProject;
    private static String aliceSession;
    /** R49's member, whose passwd home goes through a symlink (made by the first R49 row). */
    private static Account symlinkedMember;
    /** R53's member, whose home is bind-mounted at {@link #boundHome} (made by the first R53 row). */
    private static Account boundMember;
    /** A run-unique directory in /srv with {@link #boundMember}'s home bind-mounted on it; unmounted in clean-up. */
    private static Path boundHome;

    // ------------------------------------------------------------------ set-up and clean-up

    @BeforeAll
    static void setUp() throws Exception {
        installed = InstalledInstance.create("cordon-authz-ws-");
        backend = installed.backend();
        String group = installed.test().instance.usersGroup();
        alice = users.create("czaa", group);
        bob = users.create("czab", group);
        aliceProject = ownedDir(ThrowawayUsers.home(alice).resolve("project"), alice);
        ownedFile(aliceProject.resolve("README"), alice, "alice's project\n", "rw-r--r--");
        ownedFile(aliceProject.resolve("secret.txt"), alice, "ALICE-PRIVATE\n", "rw-------");
        ownedFile(ThrowawayUsers.home(alice).resolve("notes.txt"), alice, "ALICE-NOTES\n", "rw-r--r--");
        bobProject = ownedDir(ThrowawayUsers.home(bob).resolve("project"), bob);
        ownedFile(bobProject.resolve("private.txt"), bob, "bob's private notes\n", "rw-------");

        scratch = Files.createTempDirectory(Path.of("/tmp"), "cordon-authz-").toRealPath();
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        shared = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-authz-").toRealPath();
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        hostDir = Files.createTempDirectory(Path.of("/tmp"), "cordon-authz-host-").toRealPath();
        Files.setPosixFilePermissions(hostDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = hostDir.resolve("host.sock");
        client = hostDir.resolve("cordon_client.py");
        Files.copy(ExampleClient.script(), client);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));

        backend.vault().set(SECRET, SECRET_VALUE.getBytes(StandardCharsets.UTF_8));
        host = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), CordonCli.class.getName(), "serve",
                "--instance=" + installed.test().name(), "--socket=" + socket)
                .redirectErrorStream(true).redirectOutput(new File(hostDir.resolve("host.log").toString())).start();
        for (int i = 0; i < 600 && !Files.exists(socket); i++) {
            Thread.sleep(50);
        }
        if (!Files.exists(socket)) {
            throw new IllegalStateException("cordon serve did not listen at " + socket + " within 30 s: "
                    + Files.readString(hostDir.resolve("host.log")));
        }
        Reply started = call(alice, "session.start", workspace(aliceProject));
        if (started.code() != 0) {
            throw new IllegalStateException("alice could not start a session in her own project: " + started.describe());
        }
        aliceSession = started.result().path("id").asText();
    }

    @AfterAll
    static void cleanUp() {
        List<Throwable> failures = new ArrayList<>();
        step(failures, () -> {
            if (host != null) {
                host.destroy(); // SIGTERM: the host stops its sessions and gives their grants back
                if (!host.waitFor(60, TimeUnit.SECONDS)) {
                    host.destroyForcibly().waitFor();
                    throw new IllegalStateException("cordon serve did not stop within 60 s of SIGTERM");
                }
            }
        });
        step(failures, () -> {
            if (boundHome != null) { // before anything is deleted: a tree deleted through it would be the home's
                Exec.Result u = Exec.run(List.of("umount", boundHome.toString()));
                if (!u.ok()) {
                    Exec.run(List.of("umount", "-l", boundHome.toString())).orThrow("umount -l " + boundHome);
                }
                Files.delete(boundHome);
            }
        });
        step(failures, () -> {
            for (Path p : madeForTheTest) {
                TestInstance.deleteTree(p);
            }
        });
        step(failures, users::close);
        step(failures, () -> TestInstance.deleteTree(scratch));
        step(failures, () -> {
            if (shared != null) {
                TestInstance.deleteTree(shared);
            }
        });
        step(failures, () -> TestInstance.deleteTree(hostDir));
        step(failures, () -> {
            if (installed != null) {
                installed.close();
            }
        });
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("Clean-up of the authorization smoke test failed: "
                    + failures.get(0));
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static void step(List<Throwable> failures, Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            failures.add(e);
        }
    }

    // ------------------------------------------------------------------ the test

    @Test
    void hostAuthorizationSmokeTests() {
        SmokeRows.runAndReport("Host authorization smoke tests", rows());
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // --- what a member may lend
        rows.add(new Row("[8.2] member lends its own project in its 0700 home and runs in it", this::ownProjectLent));
        rows.add(new Row("[8.2] member cannot lend another member's project (0700 home)", () -> lendRefused(alice,
                workspace(bobProject), "cannot be reached by " + alice.name())));
        rows.add(new Row("[8.2] member cannot lend another member's project as --writable", () -> {
            ObjectNode p = workspace(aliceProject);
            p.putArray("writable").add(bobProject.toString());
            return lendRefused(alice, p, "--writable " + bobProject + " cannot be reached by " + alice.name());
        }));
        rows.add(new Row("[8.2] member cannot lend /etc/cron.d", () -> lendRefused(alice, workspace(Path.of("/etc/cron.d")),
                "inside the system directory /etc")));
        rows.add(new Row("[8.2] member cannot lend /root/.ssh", () -> lendRefused(alice, workspace(existing(Path.of("/root/.ssh"))),
                "cannot be reached by " + alice.name())));
        rows.add(new Row("[8.2] member cannot lend /usr/local/bin", () -> lendRefused(alice,
                workspace(Path.of("/usr/local/bin")), "inside the system directory /usr")));
        rows.add(new Row("[8.2] member cannot lend /var/lib/<anything>", () -> lendRefused(alice,
                workspace(existing(Path.of("/var/lib/cordon-authz-" + installed.test().name()))),
                "inside the system directory /var")));
        rows.add(new Row("[8.2] member cannot lend a root-owned directory outside the system trees", () -> lendRefused(alice,
                workspace(existing(scratch.resolve("root-owned"))), "may not read and write it")));
        rows.add(new Row("[8.2] member cannot lend its project holding a file it may not write", this::foreignFileRefused));
        rows.add(new Row("[8.2] sandbox files go back to the lending member, not the directory's owner", this::handedBackToMember));
        rows.add(new Row("[8.2] root cannot lend a system tree either (/etc/cron.d)", () -> lendRefused(null,
                workspace(Path.of("/etc/cron.d")), "inside the system directory /etc")));
        rows.add(new Row("[R43] member cannot lend ~/.config: the sandbox does not append to ~/.config/git/config",
                () -> configDirRefused(".config", "git/config", "[core]")));
        rows.add(new Row("[R43] member cannot lend ~/.codex: the sandbox does not rewrite ~/.codex/config.toml",
                () -> configDirRefused(".codex", "config.toml", "approval_policy = \"never\"")));
        rows.add(new Row("[R43] member cannot lend ~/.ssh: the sandbox does not add to authorized_keys",
                () -> configDirRefused(".ssh", "authorized_keys", "ssh-ed25519 AAAA-R43 sandbox")));
        rows.add(new Row("[R43] member cannot lend ~/.local/bin: the sandbox does not put a program on the PATH",
                () -> configDirRefused(".local/bin", "git", "#!/bin/sh")));
        rows.add(new Row("[R43] member cannot lend ~/bin (on a login shell's PATH): no planted sudo wrapper",
                () -> configDirRefused("bin", "sudo", "#!/bin/sh")));
        rows.add(new Row("[R43] allowConfigDirs (--allow-config-dir) lends ~/.config: audited and shown",
                this::configDirAllowed));
        rows.add(new Row("[R49] a member whose passwd home goes through a symlink cannot lend the home's real path:"
                + " the sandbox does not append to ~/.profile", this::symlinkedHomeRefused));
        rows.add(new Row("[R49] a member whose passwd home goes through a symlink cannot lend <real home>/.config:"
                + " the sandbox does not append to ~/.config/git/config", this::symlinkedHomeConfigRefused));
        rows.add(new Row("[R49] a member whose passwd home goes through a symlink lends a project inside the home's real"
                + " path", this::symlinkedHomeProjectLent));
        rows.add(new Row("[R53] a member cannot lend their home through a bind mount of it: the sandbox does not append"
                + " to ~/.profile", this::boundHomeRefused));
        rows.add(new Row("[R53] a member cannot lend <bind mount of home>/.config: the sandbox does not append to"
                + " ~/.config/git/config", this::boundHomeConfigRefused));
        rows.add(new Row("[R53] a member lends a project inside the bind mount of their home", this::boundHomeProjectLent));
        rows.add(new Row("[R57] a member's x/objects symlink naming a root-only path that exists or not: the run ends"
                + " alike (no existence oracle)", () -> memberStartAlike("objects")));
        rows.add(new Row("[R57] a member's x/.git file naming a root-only path that exists or not: the run ends alike"
                + " (no existence oracle)", () -> memberStartAlike("gitfile")));
        rows.add(new Row("[R57] (the workspace guard's sibling) a member's workspace with a HEAD, refs/ and an objects symlink"
                + " naming a root-only path that exists or not: the run ends alike (no existence oracle)",
                () -> memberStartAlike("workspace")));
        rows.add(new Row("[R58] a member's x/.git symlink to a root-only file (gitdir: <a secret name>) or to a missing one:"
                + " the run ends alike, nothing of the file in the answer", this::memberGitSymlinkToRootOnlyFile));
        rows.add(new Row("[R59] another member's home (0755, a 0644 file) bind-mounted at /srv/cordon-r53-…: alice's"
                + " session reads the file neither by the home's path nor through the bind mount", this::foreignBoundHomeHidden));
        rows.add(new Row("[R59] a subdirectory of another member's home bind-mounted at /srv/cordon-r59-…: alice's session"
                + " does not read its 0644 file through the bind mount", this::foreignBoundSubdirectoryHidden));
        rows.add(new Row("[R62] a tmpfs whose source is not UTF-8 at /srv/cordon-r62-…, and one whose mount point is not"
                + " (below it): alice's session starts and its command writes a file", this::nonUtf8MountsDoNotStopAStart));
        rows.add(new Row("[R63] a root socket (0777) whose name is not UTF-8, in /srv/cordon-r63-…: alice's offline"
                + " session's connect gets no answer from it", this::nonUtf8SocketCovered));
        rows.add(new Row("[R60] / bind-mounted at /srv/cordon-r60-…: alice's session does not read another member's 0644"
                + " file through it (a granted sibling of /home is the same inode as its alias inside the bind)",
                () -> foreignHomeThroughRootBindHidden(Path.of("/srv"))));
        rows.add(new Row("[R60] / bind-mounted at /mnt/cordon-r60-…: alice's session does not read another member's 0644"
                + " file through it", () -> foreignHomeThroughRootBindHidden(Path.of("/mnt"))));
        rows.add(new Row("[R61] an overlay at /srv/cordon-r61-… whose lowerdir is a subdirectory of another member's home:"
                + " alice's session does not read its 0644 file through the overlay", () -> foreignHomeThroughOverlayHidden(true)));
        rows.add(new Row("[R61] an overlay at /srv/cordon-r61-… whose upperdir is a subdirectory of another member's home:"
                + " alice's session does not read its 0644 file through the overlay", () -> foreignHomeThroughOverlayHidden(false)));
        rows.add(new Row("[R61f] a real bindfs (allow_other; mount type plain fuse) of a subdirectory of another member's home at"
                + " /srv/cordon-r61f-…: alice's session does not read its 0644 file through it", this::foreignHomeThroughBindfsHidden));
        rows.add(new Row("[R64] an overlay B at /srv/cordon-r64-b-… whose only lowerdir is overlay A's mount point, A's lowerdir a"
                + " subdirectory of another member's home: alice's session does not read its 0644 file through B",
                this::foreignHomeThroughStackedOverlaysHidden));
        rows.add(new Row("[R66] another member's home is an overlay mounted on it, its lower layer /srv/cordon-r66-…/l:"
                + " alice's session does not read the home's 0644 file in that layer", this::foreignHomeInAnOverlayHiddenInItsLayers));
        rows.add(new Row("[R69] an overlay at /srv/cordon-r69-… whose lowerdir is named by a path holding a comma (a symlink"
                + " to a subdirectory of another member's home): alice's session does not read its 0644 file through the"
                + " overlay", this::foreignHomeThroughCommaNamedLayerHidden));
        rows.add(new Row("[R69] bindfs run by root at /srv/cordon-r69-… of /srv/cordon-r69-p:q-…, a bind mount of a"
                + " subdirectory of another member's home: alice's session does not read its 0644 file through either",
                this::foreignHomeThroughBindfsOfAColonPathHidden));
        rows.add(new Row("[R72] a member's FUSE mount (allow_other, user_id theirs) of their home at /srv/cordon-r72-…/\\377m, a"
                + " name that is no valid file name: alice's session starts and its command writes a file",
                this::membersFuseMountStopsNoStart));
        rows.add(new Row("[R92] root's bindfs (one thread) of / at /srv/cordon-r92-…, which shows its own mount point:"
                + " alice's session starts, its command writes a file, and root's bindfs still answers",
                this::bindfsShowingItselfStopsNoStart));
        rows.add(new Row("[R92] root's bindfs --multithreaded of / at /srv/cordon-r92m-…: alice's session reads another"
                + " member's 0644 file neither by its path nor one loop down through the mount",
                this::foreignHomeTwoLoopsDownInABindfsOfRootHidden));
        rows.add(new Row("[R94] root's mergerfs (allow_other) of /srv/cordon-r94-a-…:/home at /srv/cordon-r94-…, named in"
                + " the table without the branches' common prefix: alice's session does not read another member's 0644"
                + " file through it", this::foreignHomeThroughAMergerfsPoolHidden));
        rows.add(new Row("[R95] root's bindfs at /srv/cordon-r95-…, its daemon stopped: alice's start fails within the"
                + " runner's start bound, naming a FUSE mount that does not answer, instead of hanging",
                this::stoppedFuseDaemonFailsTheStartNamingIt));
        rows.add(new Row("[R96] root binds a directory of its mergerfs pool of /srv/cordon-r96-a-…:/home, then takes the"
                + " pool's root off: alice's session does not read another member's 0644 file through the bind",
                this::foreignHomeThroughABindOfAPoolSubdirectoryHidden));
        rows.add(new Row("[R97] root's mergerfs pool with its own mount point as a branch: alice's session starts and its"
                + " command writes a file", this::poolWithItsOwnMountPointAsABranchStopsNoStart));
        rows.add(new Row("[R103] root's bindfs over the directory holding another member's home, of that directory, and the"
                + " root file system bound at /srv/cordon-r103-… after: alice's session does not read the member's 0644 file"
                + " beneath the bindfs through the bind", () -> foreignHomeBeneathAMountOverItsOwnLayerHidden(1, false)));
        rows.add(new Row("[R103] the same with two such bindfs stacked",
                () -> foreignHomeBeneathAMountOverItsOwnLayerHidden(2, false)));
        rows.add(new Row("[R103] the same with an overlay over that directory whose lower layer it is",
                () -> foreignHomeBeneathAMountOverItsOwnLayerHidden(1, true)));
        rows.add(new Row("[R105] root's bindfs (default options, allow_other) of a tree holding alice's workspace: alice's"
                + " session swaps a directory it just looked up through the mount for a symlink and reads neither a 0644"
                + " file in another member's 0700 home nor one in a root-only 0700 directory",
                () -> swapThroughServedReadsNothing((src, b, m, u, made) -> {
                    mount(made, m, "bindfs", "-o", "allow_other", src.toString());
                    return m.resolve("ws");
                })));
        rows.add(new Row("[R105] the same with the tree bound at /srv/cordon-r105b-… first and root's bindfs made of that"
                + " bind (the workspace by another path)", () -> swapThroughServedReadsNothing((src, b, m, u, made) -> {
                    mount(made, b, "mount", "--bind", src.toString());
                    mount(made, m, "bindfs", "-o", "allow_other", b.toString());
                    return m.resolve("ws");
                })));
        rows.add(new Row("[R111] the same through root's bindfs of root's bindfs of the tree",
                () -> swapThroughServedReadsNothing((src, b, m, u, made) -> {
                    mount(made, b, "bindfs", "-o", "allow_other", src.toString());
                    mount(made, m, "bindfs", "-o", "allow_other", b.toString());
                    return m.resolve("ws");
                })));
        rows.add(new Row("[R111] the same through root's overlay whose lower layer is root's bindfs of the tree",
                () -> swapThroughServedReadsNothing((src, b, m, u, made) -> {
                    mount(made, b, "bindfs", "-o", "allow_other", src.toString());
                    Files.createDirectories(u.resolve("u"));
                    Files.createDirectories(u.resolve("w"));
                    mount(made, m, "mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + b + ",upperdir=" + u.resolve("u")
                            + ",workdir=" + u.resolve("w"));
                    return m.resolve("ws");
                })));
        rows.add(new Row("[R111] the same through root's mergerfs of …/ws of root's bindfs of the tree",
                () -> mergerfsInstalled() ? swapThroughServedReadsNothing((src, b, m, u, made) -> {
                    mount(made, b, "bindfs", "-o", "allow_other", src.toString());
                    mount(made, m, "mergerfs", "-o", "allow_other", b.resolve("ws").toString());
                    return m;
                }) : NO_MERGERFS));
        rows.add(new Row("[R106] root's mergerfs pool with a branch in alice's workspace: alice's session swaps the branch"
                + " (and a directory in it) for a symlink to another member's directory and does not read its 0644 file"
                + " through the pool", this::swapOfAPoolsBranchReadsNothing));
        rows.add(new Row("[R108] root's bindfs (one thread) of /home at /srv/cordon-r108-…, alice's home 0755: alice's"
                + " session swaps a file it read through the bindfs for a FIFO and opens it there; bob's start then ends"
                + " within 60 s", () -> withAlicesHome("rwxr-xr-x", this::fifoThroughRootsBindfsStallsNoStart)));
        rows.add(new Row("[R107] another member's directory bound at /srv/cordon-r107o-…/low, then root's overlay at"
                + " /srv/cordon-r107o-… of lowerdir=…/low: alice's session does not read its 0644 file",
                () -> layerBoundUnderOwnPointHidden(false, false)));
        rows.add(new Row("[R107] the same with root's bindfs of …/low at /srv/cordon-r107b-…",
                () -> layerBoundUnderOwnPointHidden(true, false)));
        rows.add(new Row("[R113] the same overlay, then a tmpfs on …/low on top of it: alice's session does not read the"
                + " file", () -> layerBoundUnderOwnPointHidden(false, true)));
        rows.add(new Row("[R109] root's bindfs of a directory in alice's home at /srv/cordon-r109-…; alice (as herself,"
                + " outside any session) swaps that directory for a symlink to one whose name is not UTF-8: bob's session"
                + " still starts", this::memberMakesALayerUnnamableStopsNoStart));
        rows.add(new Row("[R112] root's bindfs of a tree holding alice's workspace S/ws, and another session of hers in her"
                + " home: started after the S/ws session, it cannot reach the bindfs; [R130] a session of bob's started"
                + " before: the S/ws session still starts, and bob's cannot reach it either",
                this::servedRootUnreachableFromOtherSessions));
        rows.add(new Row("[R131] root's mergerfs (allow_other, blkdev: fstype fuseblk.mergerfs) of /srv/cordon-r131-a-…:/home:"
                + " alice's session does not read another member's 0644 file through it",
                this::foreignHomeThroughAFuseblkPoolHidden));
        rows.add(new Row("[R132] root's bindfs of S, a bind of M/alice/sub; alice renames sub through M to a name that is not"
                + " UTF-8: bob's start still goes through", this::unnamableBindRootOfAServedMountRefusesNoStart));
        rows.add(new Row("[R124] root's bindfs -o allow_other of alice's S/alice/pub; alice (as herself) renames pub to ws and"
                + " lends it: her swap through the bindfs reads neither another member's file nor a root-only one",
                this::renamedServedSourceReadsNothing));
        rows.add(new Row("[R125] root's bindfs of /srv/cordon-r125 s-… (a space: the table names it `bindfs`) holding"
                + " alice's workspace: her swap through it reads nothing", this::servedSourceWithASpaceReadsNothing));
        rows.add(new Row("[R126] root's bindfs of S (holding alice's workspace) at A, root's bindfs of A at M, umount -l A:"
                + " her swap through M reads nothing", this::servedThroughADaemonTakenOffReadsNothing));
        rows.add(new Row("[R127] root's bindfs of S; alice's session on ~/proj (a runner prepared ahead); alice moves ~/proj"
                + " into S: her swap through the bindfs reads nothing", this::rootMovedIntoAServedTreeReadsNothing));
        rows.add(new Row("[R129] root's bindfs of bob's S/bob/pub; bob's session, then bob swaps pub for a symlink to /:"
                + " alice's start on a workspace in her home is not refused", this::membersSymlinkAtAServedSourceRefusesNoStart));
        rows.add(new Row("[R78] an overlay at /srv/cordon-r78-… whose lowerdir is another member's home written with a"
                + " trailing backslash (the kernel drops it): alice's session does not read its 0644 file through it",
                this::foreignHomeThroughLayerWithTrailingBackslashHidden));
        rows.add(new Row("[R80] bob lends a directory of an overlay at /srv/cordon-r80-… whose lower layer lies in another"
                + " member's home: alice's session does not read bob's 0644 file in the overlay's upper layer",
                () -> lentTreeInOverlayHiddenInItsUpperLayer(true)));
        rows.add(new Row("[R80b] the same with the overlay's lower layer in /srv: alice's session does not read bob's file in"
                + " the upper layer", () -> lentTreeInOverlayHiddenInItsUpperLayer(false)));
        rows.add(new Row("[R81] an empty directory bound onto another member's home and /home bound at /srv/cordon-r81-…:"
                + " alice's session does not read the home's 0644 file underneath, through the bind of /home",
                () -> filesUnderMountsOnTheHomeHidden(1, false)));
        rows.add(new Row("[R82] two empty directories bound one on the other onto another member's home and /home bound at"
                + " /srv/cordon-r81-…: alice's session does not read the home's 0644 file underneath",
                () -> filesUnderMountsOnTheHomeHidden(2, false)));
        rows.add(new Row("[R83] an empty directory bound onto another member's home and an overlay whose lowerdir is /home at"
                + " /srv/cordon-r81-…: alice's session does not read the home's 0644 file underneath, through the overlay",
                () -> filesUnderMountsOnTheHomeHidden(1, true)));
        // --- other members' sessions
        rows.add(new Row("[8.2] member's session.list shows only its own sessions", this::listShowsOnlyOwn));
        rows.add(new Row("[8.2] member cannot see another member's session", () -> sessionRefused("session.show", idParams())));
        rows.add(new Row("[8.2] member cannot exec in another member's session", this::execRefused));
        rows.add(new Row("[8.2] member cannot list another member's session processes",
                () -> sessionRefused("session.ps", idParams())));
        rows.add(new Row("[8.2] member cannot switch another member's session online", () -> {
            ObjectNode p = idParams();
            p.put("network", "online");
            return sessionRefused("session.set-network", p);
        }));
        rows.add(new Row("[8.2] member's own session cannot read another member's lent project or home",
                this::otherMembersLentFilesUnreadable));
        rows.add(new Row("[F4] root's session cannot read a member's lent project or home", this::rootsSessionCannotReadLent));
        rows.add(new Row("[F4] a member's session started before another member's lend cannot read it",
                this::earlierSessionCannotReadLaterLend));
        rows.add(new Row("[R41] a lent tree its lender renames during the session stays hidden from later sessions of"
                + " another member and of root", () -> renamedLentTreeStaysHidden(false)));
        rows.add(new Row("[R41] a lent tree another member renames in a shared non-sticky directory stays hidden from"
                + " that member's later sessions and root's", () -> renamedLentTreeStaysHidden(true)));
        rows.add(new Row("[8.2] member cannot stop another member's session", this::stopRefused));
        // --- secrets
        rows.add(new Row("[8.2] member cannot read root's secret through an online session", this::secretRefused));
        rows.add(new Row("[8.2] refusals are audited with the peer, the method and the target", this::refusalsAudited));
        // --- the review's minors (docs/security-review-2026-12-02.md)
        rows.add(new Row("[minor] socket actions are audited with the peer as the actor", this::peerIsTheActor));
        rows.add(new Row("[minor] a member's sessions are capped: the next start is refused naming the limit",
                this::sessionsPerMemberCapped));
        rows.add(new Row("[minor] a member's tmpSize is capped: 64G is refused naming the limit", () -> {
            ObjectNode p = workspace(ownedDir(scratch.resolve("alice-tmp-size"), alice)); // not lent to any session
            p.put("tmpSize", "64G");
            return lendRefused(alice, p, "--member-max-tmp-size");
        }));
        rows.add(new Row("[R39] a member holding 400 connections (the host's descriptor limit lowered to 300 above what"
                + " it uses) cannot lock others out: its extra connections are refused naming the limit, another"
                + " member's run and root's session list still work", this::connectionFloodCapped));
        // --- the mount helper binds what the member named, not what a swapped directory above it names (R29)
        rows.add(new Row("[R29] a directory swapped above an --allow-socket socket binds nothing of another user's",
                () -> swappedAboveKeptPath(true)));
        rows.add(new Row("[R29] a directory swapped above a --writable root binds nothing of another user's",
                () -> swappedAboveKeptPath(false)));
        rows.add(new Row("[R30] a tree a local user plants in the socket probe's workspace deletes nothing of root's",
                this::probeWorkspacePlanted));
        // --- root
        rows.add(new Row("[8.2] root sees, execs in, switches and stops a member's session", this::rootMayDoAll));
        rows.add(new Row("[8.2] root may attach its secret to an online session", this::rootReadsSecret));
        rows.add(new Row("[minor] ps: no secret in any process's command line while a session with one runs",
                this::noSecretInCommandLines));
        rows.add(new Row("[R224] (Y4) an offline session names sockets after a private file (abstract, and a path in its"
                + " TMPDIR): another member's online session does not read the file's bytes from /proc/net/unix",
                this::offlineToOnlineThroughSocketNames));
        rows.add(new Row("[R224b] (Y4b) an offline session listens on loopback TCP ports that spell a private file: another"
                + " member's online session does not read them in /proc/net/tcp, nor reach it with a UDP datagram",
                this::offlineThroughListeningPorts));
        rows.add(new Row("[R224c] (Y4c) an offline session listens on an abstract Unix socket: another local user (bob, no"
                + " session) cannot connect in", this::offlineAcceptsFromOutside));
        rows.add(new Row("[R224d] (Y4d) another member's online session cannot connect to the offline session's abstract"
                + " socket", this::onlineSessionConnectsIn));
        // --- the forty-seventh review (docs/security-review-2026-12-02.md)
        rows.add(new Row("[R225] (Y5) a member's session.set-network online with forSeconds 9223372036854775807 is refused"
                + " (usage, naming forSeconds and its range) before anything changes: the session stays offline, and no"
                + " switch goes unaudited", this::hugeForSecondsRefusedBeforeTheSwitch));
        rows.add(new Row("[R226] (Y1) a member's 30 session.start requests, each with a 1,000,000-character secret name,"
                + " are refused (usage, naming secrets and the limit) and grow the audit log by less than 1 MiB",
                this::longSecretNamesRefusedUnaudited));
        rows.add(new Row("[R226b] (Y1b) a member's 30 session.set-network calls on her own session with a"
                + " 1,000,000-character reason are refused (usage, naming reason and the limit) and grow the audit log"
                + " by less than 1 MiB", this::longReasonsRefusedUnaudited));
        // --- what one member may hold in the host
        rows.add(new Row("[R227] (Y3) a member's requests in flight over 60 connections (24 each, queued behind one"
                + " session.start) hold a bounded number of host threads; the rest are refused at once", this::requestsInFlightBounded));
        rows.add(new Row("[R228] (Y2) a member's live sessions' memory limits (memory.max) together stay within the"
                + " machine's memory: a start beyond --member-max-memory is refused", this::memberSessionsMemoryWithinHost));
        rows.add(new Row("[R224e] (Z3) a session started online and switched offline names an abstract socket: another"
                + " member's online session does not read the name in /proc/net/unix", this::switchedOfflineGetsANetworkOfItsOwn));
        rows.add(new Row("[R229] (Z4) one relative core.hooksPath and 60 included files of one ~1 MB core.worktree each (within"
                + " the read budgets) in a repository with 5 linked worktrees: a member's session start ends within 60 s",
                this::longWorktreeValuesResolvedForEveryWorktree));
        // --- the forty-ninth review: what one member's commands make the host keep
        rows.add(new Row("[R230] (V1) a member's session.exec with 200,001 arguments, and one with a 300,000-byte argument"
                + " (each request under 1 MiB), are refused (usage, naming argv and its bound) and nothing is recorded in"
                + " her session's history", this::longArgvRefusedUnrecorded));
        rows.add(new Row("[R230b] (V1) a member's 60 session.exec at the argv bound (16,384 arguments, 256 KiB each):"
                + " root's session.list still answers under the frame and the host's heap after a full GC grows by less"
                + " than 24 MiB", this::argvAtTheBoundKeepsTheHostBounded));
        // --- the forty-ninth review: a session being stopped still counts toward its owner's limits
        rows.add(new Row("[R231] (V4) a member at her session limit stops a session whose teardown is slow (200,000 files"
                + " the sandbox made, handed back): while that stop is in flight her next session.start is refused"
                + " (FORBIDDEN, naming the limit) and a second stop says the session is stopping", this::stoppingSessionCounts));
        // --- the forty-ninth review: what a session's stop does with what the sandbox planted by the thousand
        rows.add(new Row("[R232] (V2) 60,000 directories with a HEAD beside a commondir planted in a member's session: her"
                + " stop ends within 60 s, every HEAD renamed, and its report (at most 40 lines, counting the rest) is sent",
                this::plantedByTheThousandStopQuickly));
        rows.add(new Row("[R233] (V5) a member's one-shot run plants 5,000 such directories and exits 7: the run's"
                + " result says exit 7, and its gitPlanted event (at most 40 lines) arrives before it", this::plantedRunKeepsItsExitCode));
        // --- the audit log's bound: a member's flood cannot push root's records out quickly
        rows.add(new Row("[R234] (audit) a throwaway member's 3000 refused session.show requests add at most 32 records to"
                + " the audit log (the rest counted), which stays within its bound (5 files of 64 MiB), and root's record"
                + " from before the flood is still there", this::refusalFloodCountedNotRecorded));
        // --- V1b: what else of a session its owner shapes, in the replies that carry it
        rows.add(new Row("[R235] (V1b) alice's session on a workspace of 3,000 nested repositories with 64 writable paths"
                + " with 200 control characters each: her session.start and session.show and root's"
                + " session.list answer under the frame and count what they leave off", this::pathListsOfASessionBounded));
        rows.add(new Row("[R235b] (V1b) a process in alice's session with a 1.2 MB command line: root's session.ps"
                + " answers under the frame, the command line clipped", this::longCommandLineInPs));
        // --- the fiftieth review: the stop's renames against a sandbox that makes them fail
        rows.add(new Row("[R236] (W1) a planted .claude whose renamed path would pass PATH_MAX, then alice's own directory"
                + " the sandbox moved to a deeper .claude and 600 more planted .claude (the host's write of the pairs meets"
                + " a closed pipe): her stop renames alice's .claude or a COULD NOT line names it",
                () -> overlongRenameTarget(true, false, false)));
        rows.add(new Row("[R236b] (W1b) the same without the 600 planted .claude: alice's .claude after the overlong entry"
                + " is renamed, or a COULD NOT line names it", () -> overlongRenameTarget(false, false, false)));
        rows.add(new Row("[R236c] (W1c) R236's planting, then a network switch (which neutralizes before the new runner):"
                + " alice's .claude is renamed at the switch, or the switch says COULD NOT naming it",
                () -> overlongRenameTarget(true, true, false)));
        rows.add(new Row("[R236d] (W1d) R236 with no deep tree: six directory names of 240 bytes 0xFF (1,446 bytes,"
                + " tripled in the host's UTF-8 form of the path) hold a .claude: alice's deeper .claude is renamed, or a"
                + " COULD NOT line names it", () -> overlongRenameTarget(true, false, true)));
        rows.add(new Row("[R237] (W2) 45 planted .claude in directories the sandbox made read-only to itself (the stop's"
                + " renames fail there), then alice's docs moved to a deeper .claude: a line of the stop's report, or of the"
                + " audit log, names alice's .claude", this::couldNotDecoysHideTheRealOne));
        rows.add(new Row("[R238] (W3) 20,000 directories each holding the 40 agent names (800,000 planted entries): her"
                + " stop succeeds, the host's peak RSS grows by less than 1 GiB, and its report (at most 40 lines) is sent;"
                + " every entry renamed, or a COULD NOT line says some were left", this::agentNamesByTheHundredThousand));
        // --- the fifty-first review: the stop's renames of nested planted entries, and stops racing switches
        rows.add(new Row("[R239] (rev51 F2) alice's docs moved by the sandbox to w/.codex/q/.claude (hooks in it) under a"
                + " planted .codex: after her stop no .claude of hers is left, or a line (report or audit) says COULD NOT",
                () -> nestedUnderPlantedAncestor(".codex")));
        rows.add(new Row("[R239b] (rev51 F1) R239 with w and w/.codex/q made 555 by the sandbox (both stop renames fail, the"
                + " hand-back renames .codex as root): no .claude of alice's left, or a line says COULD NOT",
                () -> nestedUnderPlantedAncestor(".codex-ro")));
        rows.add(new Row("[R239c] (rev51 F2) R239's planting, then alice's set-network online: the switch succeeds or says"
                + " COULD NOT, and a later stop leaves no named ACL and no listed session", this::u1AtSwitch));
        rows.add(new Row("[R240] (rev51 U3) 4 rounds of alice's stop racing her set-network and an exec (and root's stop):"
                + " each session ends gone from root's list, no process names it, no named ACL entry is left on her"
                + " directory, and a new start is not refused by her limit", this::stopRacesSwitchAndExec));
        return rows;
    }

    // ------------------------------------------------------------------ rows

    private Outcome u1AtSwitch() throws Exception {
        Path dir = aliceDirWithDocs("u4");
        String id = aliceStartsIn(dir);
        StringBuilder said = new StringBuilder();
        boolean ok = true;
        try {
            String script = "set -e; mkdir -p w/.codex/q; mv docs w/.codex/q/.claude; exit 7";
            String failed = plantFails(id, script, 120);
            if (failed != null) {
                return Outcome.fail("the planting did not finish: " + failed);
            }
            ObjectNode online = idParams(id);
            online.put("network", "online");
            Reply sw = call(alice, "session.set-network", online, 120);
            said.append("switch: ").append(abbreviated(sw.describe()));
            Reply show = call(alice, "session.show", idParams(id), 60);
            said.append("; show state ").append(show.result().path("state")).append(" network ")
                    .append(show.result().path("network"));
            ObjectNode exec = idParams(id);
            exec.putArray("argv").add("sh").add("-c").add("id -un; ls");
            Reply ran = call(alice, "session.exec", exec, 60);
            said.append("; exec after: ").append(ran.code()).append(" ").append(abbreviated(ran.stdout()));
            Reply stop = call(alice, "session.stop", idParams(id), 120);
            said.append("; stop: ").append(stop.code()).append(" ").append(abbreviated(String.valueOf(gitPlanted(stop))));
            Reply list = call(null, "session.list", Json.object());
            boolean listed = list.result().toString().contains(id);
            String acl = Exec.run(List.of("getfacl", "-cp", dir.toString()), null, Map.of(), 30).stdout();
            boolean named = acl.lines().anyMatch(l -> (l.startsWith("group:") && !l.startsWith("group::"))
                    || (l.startsWith("user:") && !l.startsWith("user::")));
            said.append("; listed after stop: ").append(listed).append(", named ACL: ").append(named);
            ok = !listed && !named && (sw.code() == 0 || sw.describe().contains("COULD NOT"));
        } finally {
            stopAndRemove(id, null, dir);
        }
        return Outcome.expect(ok, said.toString());
    }

    private Outcome stopRacesSwitchAndExec() throws Exception {
        StringBuilder said = new StringBuilder();
        boolean ok = true;
        for (int round = 0; round < 4; round++) {
            Path dir = aliceDirWithDocs("u3r" + round);
            String id = aliceStartsIn(dir);
            try {
                ObjectNode bg = idParams(id);
                bg.putArray("argv").add("sh").add("-c").add("(sleep 300 &) ; echo started");
                call(alice, "session.exec", bg, 60);
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
                try {
                    ObjectNode online = idParams(id);
                    online.put("network", round % 2 == 0 ? "online" : "offline");
                    ObjectNode exec = idParams(id);
                    exec.putArray("argv").add("sh").add("-c").add("sleep 1; echo x > late-" + round);
                    var f1 = pool.submit(() -> call(alice, "session.set-network", online, 120));
                    var f2 = pool.submit(() -> call(alice, "session.stop", idParams(id), 120));
                    var f3 = pool.submit(() -> call(alice, "session.exec", exec, 120));
                    var f4 = pool.submit(() -> call(null, "session.stop", idParams(id), 120));
                    Reply r1 = f1.get(), r2 = f2.get(), r3 = f3.get(), r4 = f4.get();
                    said.append("round ").append(round).append(": switch ").append(r1.code()).append(" alice-stop ")
                            .append(r2.code()).append(" exec ").append(r3.code()).append(" root-stop ").append(r4.code());
                    if (r2.code() != 0 && r4.code() != 0) {
                        said.append(" [no stop succeeded: ").append(abbreviated(r2.describe())).append(" / ")
                                .append(abbreviated(r4.describe())).append("]");
                    }
                } finally {
                    pool.shutdownNow();
                }
                Thread.sleep(1500);
                Reply list = call(null, "session.list", Json.object());
                boolean listed = list.stdout().contains(id) || list.result().toString().contains(id);
                String procs = Exec.run(List.of("sh", "-c", "ps -eo pid,user,args | grep -F -- '" + id
                        + "' | grep -v grep; ps -eo user,args | grep 'sleep 300' | grep -v grep"), null, Map.of(), 30).stdout();
                String acl = Exec.run(List.of("getfacl", "-cp", dir.toString()), null, Map.of(), 30).stdout();
                boolean named = acl.lines().anyMatch(l -> (l.startsWith("group:") && !l.startsWith("group::"))
                        || (l.startsWith("user:") && !l.startsWith("user::")));
                said.append(" listed after: ").append(listed).append(" procs: [").append(procs.strip())
                        .append("] named ACL: ").append(named).append("; ");
                ok &= !listed && procs.isBlank() && !named;
            } finally {
                stopAndRemove(id, null, dir);
            }
        }
        Path dir = aliceDirWithDocs("u3end");
        try {
            ObjectNode spec = Json.object();
            String again = null;
            try {
                again = aliceStartsIn(dir);
            } catch (Exception e) {
                said.append(" final start refused: ").append(e.getMessage());
                ok = false;
            }
            if (again != null) {
                call(alice, "session.stop", idParams(again), 120);
            }
        } finally {
            Exec.run(List.of("rm", "-rf", "--", dir.toString()), null, Map.of(), 60);
        }
        return Outcome.expect(ok, said.toString());
    }

    /**
     * Rev51 F1, F2: a developer's entry the sandbox moved below a planted ancestor (read-only to the sandbox with
     * {@code -ro}): after the stop it is renamed, or a line names it with COULD NOT (the stop renamed the ancestor first and
     * the inner rename met a gone path; a line was dropped because its path was gone).
     */
    private Outcome nestedUnderPlantedAncestor(String given) throws Exception {
        boolean readOnly = given.endsWith("-ro");
        String ancestor = readOnly ? given.substring(0, given.length() - 3) : given;
        Path dir = aliceDirWithDocs("u1" + given.replace('.', '-'));
        String id = aliceStartsIn(dir);
        Reply stop = null;
        try {
            String head = ancestor.equals(".git") ? " mkdir -p w/.git/objects w/.git/refs; echo 'ref: refs/heads/main' > w/.git/HEAD;" : "";
            String script = "set -e; mkdir -p w/" + ancestor + "/q;" + head
                    + " echo '{\"hooks\":{\"SessionStart\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"touch /tmp/pwned\"}]}]}}' > docs/settings.json;"
                    + " mv docs w/" + ancestor + "/q/.claude;" + (readOnly ? " chmod 555 w/" + ancestor + "/q w;" : "")
                    + " exit 7";
            String failed = plantFails(id, script, 120);
            if (failed != null) {
                return Outcome.fail("the planting did not finish: " + failed);
            }
            stop = call(alice, "session.stop", idParams(id), 300);
            JsonNode lines = gitPlanted(stop);
            List<Path> left = new ArrayList<>();
            try (var st = Files.walk(dir)) {
                st.filter(p -> p.getFileName().toString().equals(".claude")).forEach(left::add);
            }
            boolean named = false;
            boolean couldNot = false;
            for (JsonNode l : lines) {
                named |= l.asText().contains("q/.claude");
                couldNot |= l.asText().contains("COULD NOT");
            }
            boolean audited = backend.audit().read(0).stream().anyMatch(a -> a.toString().contains("q/.claude")
                    && a.toString().contains("COULD NOT"));
            StringBuilder owners = new StringBuilder();
            for (Path p : left) {
                owners.append(p).append(" owner ").append(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS)).append(" settings ")
                        .append(Files.exists(p.resolve("settings.json"))).append("; ");
            }
            return Outcome.expect(stop.code() == 0 && (left.isEmpty() || couldNot || audited),
                    "stop " + stopSaid(stop) + "; .claude left: " + owners + "named: " + named + ", a COULD NOT line: "
                            + couldNot + ", audited COULD NOT: " + audited + "; report " + lines);
        } finally {
            stopAndRemove(id, stop, dir);
        }
    }

    private Outcome ownProjectLent() throws Exception {
        ObjectNode exec = idParams();
        exec.putArray("argv").add("sh").add("-c").add("echo made > made.txt && cat README");
        Reply r = call(alice, "session.exec", exec);
        return Outcome.expect(r.code() == 0 && r.result().path("exitCode").asInt() == 0
                && r.stdout().contains("alice's project") && Files.exists(aliceProject.resolve("made.txt")), r.describe());
    }

    private Outcome foreignFileRefused() throws Exception {
        Path project = ownedDir(scratch.resolve("alice-with-bobs-file"), alice);
        ownedFile(project.resolve("bobs.txt"), bob, "bob's\n", "rw-r--r--");
        return lendRefused(alice, workspace(project), project.resolve("bobs.txt") + " belongs to uid " + PosixIds.uid(bob));
    }

    /**
     * Review finding R43: alice's `run` in a configuration directory of her own home, whose command appends {@code line}
     * to {@code file} in it; refused (nothing runs), the file is unchanged.
     */
    private Outcome configDirRefused(String place, String file, String line) throws Exception {
        Path dir = ownedDirs(ThrowawayUsers.home(alice), place, alice);
        Path target = dir.resolve(file);
        ownedDirs(dir, Path.of(file).getParent() == null ? "" : Path.of(file).getParent().toString(), alice);
        ownedFile(target, alice, "# alice's " + file + "\n", "rw-------");
        String before = Files.readString(target);
        ObjectNode p = workspace(dir);
        p.putArray("argv").add("sh").add("-c").add("echo '" + line + "' >> " + target);
        Reply r = call(alice, "run", p);
        String after = Files.readString(target);
        boolean written = !after.equals(before);
        return Outcome.expect(!written && r.code() == FORBIDDEN && r.stderr().contains("the configuration directory "
                + ThrowawayUsers.home(alice).resolve(Path.of(place).getName(0))) && r.stderr().contains("--allow-config-dir"),
                (written ? "the sandbox wrote " + target + ": " + after.strip().replace('\n', '|') + "; " : "unchanged; ")
                        + r.describe());
    }

    /** With the explicit exception a member's ~/.config is lent; the start is audited with it and session.show shows it. */
    private Outcome configDirAllowed() throws Exception {
        Path dir = ownedDirs(ThrowawayUsers.home(alice), ".config", alice);
        ObjectNode p = workspace(dir);
        p.put("allowConfigDirs", true);
        Reply started = call(alice, "session.start", p);
        if (started.code() != 0) {
            return Outcome.fail("not started: " + started.describe());
        }
        String id = started.result().path("id").asText();
        try {
            Reply shown = call(alice, "session.show", idParams(id));
            boolean shownAllowed = shown.result().path("allowConfigDirs").asBoolean(false);
            boolean audited = backend.audit().read(0).stream().anyMatch(e -> e.path("action").asText().equals("session.start")
                    && e.path("args").path("session").asText().equals(id) && e.path("args").path("allowConfigDirs").asBoolean(false)
                    && e.path("args").path("configDirs").toString().contains(dir.toString()));
            return Outcome.expect(shownAllowed && audited, "session.show allowConfigDirs: " + shownAllowed
                    + "; audited with it and " + dir + ": " + audited);
        } finally {
            call(null, "session.stop", idParams(id));
        }
    }

    /**
     * Review finding R49: carol's passwd home is {@code <T>/home/<carol>} with {@code <T>/home -> var/home} (a moved
     * {@code /home}); she names the home's real path {@code <T>/var/home/<carol>} and runs a command appending to her
     * {@code .profile}: refused naming her home, the file unchanged. Before the fix the root was lent and written.
     */
    private Outcome symlinkedHomeRefused() throws Exception {
        Path home = symlinkedHome().resolve(symlinkedMember.name());
        Path profile = home.resolve(".profile");
        if (!Files.exists(profile)) {
            ownedFile(profile, symlinkedMember, "# carol's profile\n", "rw-r--r--");
        }
        String before = Files.readString(profile);
        ObjectNode p = workspace(home);
        p.putArray("argv").add("sh").add("-c").add("echo 'sudo() { echo pwned; }' >> " + profile);
        Reply r = call(symlinkedMember, "run", p);
        String after = Files.readString(profile);
        boolean written = !after.equals(before);
        return Outcome.expect(!written && r.code() != 0 && r.stderr().contains(home + " is the home directory of "
                        + symlinkedMember.name()),
                (written ? "the sandbox appended to " + profile + ": " + appended(before, after) + "; " : "unchanged; ")
                        + r.describe());
    }

    /** R49 with R43: {@code <T>/var/home/<carol>/.config} is refused as a configuration directory, nothing written. */
    private Outcome symlinkedHomeConfigRefused() throws Exception {
        Path home = symlinkedHome().resolve(symlinkedMember.name());
        Path dir = ownedDirs(home, ".config/git", symlinkedMember);
        Path target = dir.resolve("config");
        if (!Files.exists(target)) {
            ownedFile(target, symlinkedMember, "# carol's git config\n", "rw-------");
        }
        String before = Files.readString(target);
        ObjectNode p = workspace(home.resolve(".config"));
        p.putArray("argv").add("sh").add("-c").add("printf '[core]\\n\\tfsmonitor = id\\n' >> " + target);
        Reply r = call(symlinkedMember, "run", p);
        String after = Files.readString(target);
        boolean written = !after.equals(before);
        return Outcome.expect(!written && r.code() == FORBIDDEN && r.stderr().contains("the configuration directory "
                        + home.resolve(".config")) && r.stderr().contains("--allow-config-dir"),
                (written ? "the sandbox appended to " + target + ": " + appended(before, after) + "; " : "unchanged; ")
                        + r.describe());
    }

    /** R49's other side: a project inside the real home is still lent to its member, and the sandbox writes there. */
    private Outcome symlinkedHomeProjectLent() throws Exception {
        Path home = symlinkedHome().resolve(symlinkedMember.name());
        Path project = ownedDirs(home, "project", symlinkedMember);
        ObjectNode p = workspace(project);
        p.putArray("argv").add("sh").add("-c").add("echo made > made.txt");
        Reply r = call(symlinkedMember, "run", p);
        boolean made = Files.exists(project.resolve("made.txt"));
        return Outcome.expect(r.code() == 0 && made, "made.txt " + (made ? "written" : "NOT written") + "; " + r.describe());
    }

    /**
     * Review finding R53: dave's home is bind-mounted at a run-unique {@code /srv/cordon-r53-…} (a home reached through a
     * data volume's mount); he names the bind mount and runs a command appending to {@code $PWD/.profile}: refused
     * naming his home, his {@code ~/.profile} unchanged. Before the fix the bind mount was lent and the file written.
     */
    private Outcome boundHomeRefused() throws Exception {
        Path bound = boundHome();
        Path profile = Path.of(boundMember.home()).resolve(".profile");
        if (!Files.exists(profile)) {
            ownedFile(profile, boundMember, "# dave's profile\n", "rw-r--r--");
        }
        String before = Files.readString(profile);
        ObjectNode p = workspace(bound);
        p.putArray("argv").add("sh").add("-c").add("printf '# r53 was here\\n' >> \"$PWD/.profile\"");
        Reply r = call(boundMember, "run", p);
        String after = Files.readString(profile);
        boolean written = !after.equals(before);
        return Outcome.expect(!written && r.code() != 0 && r.stderr().contains(bound + " is the home directory of "
                        + boundMember.name()),
                (written ? "the sandbox appended to " + profile + ": " + appended(before, after) + "; " : "unchanged; ")
                        + r.describe());
    }

    /** R53 with R43: {@code <bind mount>/.config} is refused as a configuration directory, the git config unchanged. */
    private Outcome boundHomeConfigRefused() throws Exception {
        Path bound = boundHome();
        Path dir = ownedDirs(Path.of(boundMember.home()), ".config/git", boundMember);
        Path target = dir.resolve("config");
        if (!Files.exists(target)) {
            ownedFile(target, boundMember, "# dave's git config\n", "rw-------");
        }
        String before = Files.readString(target);
        ObjectNode p = workspace(bound.resolve(".config"));
        p.putArray("argv").add("sh").add("-c").add("printf '[core]\\n\\tfsmonitor = id\\n' >> \"$PWD/git/config\"");
        Reply r = call(boundMember, "run", p);
        String after = Files.readString(target);
        boolean written = !after.equals(before);
        return Outcome.expect(!written && r.code() == FORBIDDEN && r.stderr().contains("the configuration directory "
                        + bound.resolve(".config")) && r.stderr().contains("--allow-config-dir"),
                (written ? "the sandbox appended to " + target + ": " + appended(before, after) + "; " : "unchanged; ")
                        + r.describe());
    }

    /** R53's other side: a project inside the bind-mounted home is still lent to its member, and the sandbox writes there. */
    private Outcome boundHomeProjectLent() throws Exception {
        Path bound = boundHome();
        ownedDirs(Path.of(boundMember.home()), "project", boundMember);
        Path project = bound.resolve("project");
        ObjectNode p = workspace(project);
        p.putArray("argv").add("sh").add("-c").add("echo made > made.txt");
        Reply r = call(boundMember, "run", p);
        boolean made = Files.exists(Path.of(boundMember.home()).resolve("project/made.txt"));
        return Outcome.expect(r.code() == 0 && made, "made.txt " + (made ? "written" : "NOT written") + "; " + r.describe());
    }

    /**
     * Review finding R57: the protection search judged a member's tree as root at runner start: {@code x/objects}, a
     * symlink to a root-only {@code …/exists/objects}, made {@code x} a protected bare repository (to
     * {@code …/nope/objects}: writable); a {@code .git} file naming {@code …/exists} refused the run ("Cannot read the git
     * config …/exists/config") where {@code …/nope} ran. Alice's run on each layout: the answer (its refusal, or what
     * the command printed and whether {@code x/probe} was written) must be the same for both targets.
     */
    private Outcome memberStartAlike(String form) throws Exception {
        return SmokeRows.withRootOnlyDirectory("cordon-r57-", secret -> {
            SmokeRows.existsAndNope(secret);
            List<String> answers = new ArrayList<>();
            for (String target : List.of("exists", "nope")) {
                Path proj = ownedDir(ThrowawayUsers.home(alice).resolve("r57-" + form + "-" + target + "-" + runTag()), alice);
                Path x = ownedDir(proj.resolve("x"), alice);
                Path t = secret.resolve(target);
                if (form.equals("objects") || form.equals("workspace")) {
                    Path dir = form.equals("objects") ? x : proj; // the workspace itself: judged by the workspace guard
                    ownedFile(dir.resolve("HEAD"), alice, "ref: refs/heads/main\n", "rw-r--r--");
                    ownedDir(dir.resolve("refs"), alice);
                    Files.createSymbolicLink(dir.resolve("objects"), t.resolve("objects"));
                    Exec.run(List.of("chown", "-h", PosixIds.uid(alice) + ":" + PosixIds.gid(alice), dir.resolve("objects").toString()))
                            .orThrow("chown -h");
                } else {
                    ownedFile(x.resolve(".git"), alice, "gitdir: " + t + "\n", "rw-r--r--");
                }
                answers.add(probeRun(proj).replace(t.toString(), "<target>").replace(proj.toString(), "<proj>"));
            }
            boolean alike = answers.get(0).equals(answers.get(1));
            String own = "";
            boolean ownKept = true;
            if (form.equals("objects")) {
                // the same layout naming the member's own objects: a repository to the member, kept (not renamed)
                Path proj = ownedDir(ThrowawayUsers.home(alice).resolve("r57-own-" + runTag()), alice);
                Path x = ownedDir(proj.resolve("x"), alice);
                ownedFile(x.resolve("HEAD"), alice, "ref: refs/heads/main\n", "rw-r--r--");
                ownedDir(x.resolve("refs"), alice);
                Path objects = ownedDir(ownedDir(proj.resolve("shared"), alice).resolve("objects"), alice);
                Files.createSymbolicLink(x.resolve("objects"), objects);
                Exec.run(List.of("chown", "-h", PosixIds.uid(alice) + ":" + PosixIds.gid(alice), x.resolve("objects").toString()))
                        .orThrow("chown -h");
                own = probeRun(proj).replace(proj.toString(), "<proj>");
                ownKept = own.contains("x/HEAD there") && own.contains("READ-ONLY");
                own = " | the member's own objects: " + own + (ownKept ? "" : " — NOT KEPT AS A REPOSITORY");
            }
            return Outcome.expect(alike && ownKept, "…/exists: " + answers.get(0) + " | …/nope: " + answers.get(1)
                    + (alike ? "" : " — DIFFER") + own);
        });
    }

    /**
     * Review finding R58: root followed a member's {@code x/.git} symlink to a root-only file (mode 600) holding
     * {@code gitdir: <a secret name>} and the refusal echoed that name. Alice's run with the link to that file and with one
     * to a missing file beside it: the answers must be the same, and neither may hold the secret name.
     */
    private Outcome memberGitSymlinkToRootOnlyFile() throws Exception {
        String hidden = "Hidden-Name-" + runTag();
        return SmokeRows.withRootOnlyDirectory("cordon-r58-", secret -> {
            Files.createDirectories(secret.resolve(hidden));
            Files.writeString(secret.resolve("gitfile.txt"), "gitdir: " + secret.resolve(hidden) + "\n");
            Files.setPosixFilePermissions(secret.resolve("gitfile.txt"), PosixFilePermissions.fromString("rw-------"));
            List<String> answers = new ArrayList<>();
            for (String target : List.of("gitfile.txt", "nope.txt")) {
                Path proj = ownedDir(ThrowawayUsers.home(alice).resolve("r58-" + target + "-" + runTag()), alice);
                Path x = ownedDir(proj.resolve("x"), alice);
                Files.createSymbolicLink(x.resolve(".git"), secret.resolve(target));
                Exec.run(List.of("chown", "-h", PosixIds.uid(alice) + ":" + PosixIds.gid(alice), x.resolve(".git").toString()))
                        .orThrow("chown -h");
                answers.add(probeRun(proj).replace(secret.resolve(target).toString(), "<target>").replace(proj.toString(), "<proj>"));
            }
            boolean alike = answers.get(0).equals(answers.get(1));
            boolean leaked = answers.stream().anyMatch(a -> a.contains(hidden));
            return Outcome.expect(alike && !leaked, "root-only file: " + answers.get(0) + " | missing file: " + answers.get(1)
                    + (alike ? "" : " — DIFFER") + (leaked ? " — the secret name LEAKED" : ""));
        });
    }

    /**
     * Alice's run on {@code proj} writing {@code x/probe}: its exit code and refusal, or what the command printed and
     * whether the probe is there (session ids and times left out).
     */
    private static String probeRun(Path proj) throws IOException {
        ObjectNode p = workspace(proj);
        p.putArray("argv").add("sh").add("-c").add("touch x/probe 2>/dev/null && echo WROTE || echo READ-ONLY");
        Reply r = call(alice, "run", p);
        boolean probe = Files.exists(proj.resolve("x/probe"), LinkOption.NOFOLLOW_LINKS);
        // the hand-back's lend-time record of git directories (R57's sibling): a HEAD renamed for one target only tells
        boolean head = Files.exists(proj.resolve("x/HEAD"), LinkOption.NOFOLLOW_LINKS);
        return "exit " + r.code() + (r.code() == 0 ? ": " + r.stdout().strip() : ": " + r.stderr().strip().replace('\n', ' '))
                + ", x/probe " + (probe ? "written" : "not written") + ", x/HEAD " + (head ? "there" : "not there");
    }

    private static String runTag() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    }

    /**
     * Review finding R59: {@code ForeignPaths} hid other members' homes by their path only. R53's member's home (made
     * {@code 0755} for the row, a {@code 0644} file in it) is bind-mounted at {@code /srv/cordon-r53-…}; alice's command
     * cats the file by the home's path and through the bind mount: neither prints it. Before the fix the bind mount did.
     */
    private Outcome foreignBoundHomeHidden() throws Exception {
        Path bound = boundHome();
        Path home = Path.of(boundMember.home());
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(home);
        Path secret = home.resolve("r59-secret.txt");
        String value = "R59-SECRET-" + Long.toHexString(System.nanoTime());
        try {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            ownedFile(secret, boundMember, value + "\n", "rw-r--r--");
            return readsNeither(secret, bound.resolve(secret.getFileName()), value);
        } finally {
            Files.deleteIfExists(secret);
            Files.setPosixFilePermissions(home, mode);
        }
    }

    /**
     * R59's sibling: a subdirectory of the member's home ({@code 0755} home, the subdirectory and a {@code 0644} file in
     * it) bind-mounted at a run-unique {@code /srv/cordon-r59-…} exposes part of the home: alice's command does not read
     * the file by either path. Unmounted and removed even when the row fails.
     */
    private Outcome foreignBoundSubdirectoryHidden() throws Exception {
        boundHome();
        Path home = Path.of(boundMember.home());
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(home);
        Path sub = home.resolve("r59-shared");
        String value = "R59-SUB-SECRET-" + Long.toHexString(System.nanoTime());
        Path at = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-r59-").toRealPath();
        boolean mounted = false;
        try {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            ownedDir(sub, boundMember);
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
            ownedFile(sub.resolve("secret.txt"), boundMember, value + "\n", "rw-r--r--");
            Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
            Exec.run(List.of("mount", "--bind", sub.toString(), at.toString())).orThrow("mount --bind");
            mounted = true;
            return readsNeither(sub.resolve("secret.txt"), at.resolve("secret.txt"), value);
        } finally {
            if (mounted && !Exec.run(List.of("umount", at.toString())).ok()) {
                Exec.run(List.of("umount", "-l", at.toString())).orThrow("umount -l " + at);
            }
            Files.delete(at);
            TestInstance.deleteTree(sub);
            Files.setPosixFilePermissions(home, mode);
        }
    }

    /**
     * Review finding R62: mountinfo was read as strict UTF-8, so a mount unrelated to Cordon whose source (or mount
     * point) is not UTF-8 made every runner start fail ({@code Cannot read /proc/self/mountinfo: Input length = 1}). A
     * tmpfs with source {@code rev15\377x} at a run-unique {@code /srv/cordon-r62-…} and a tmpfs at {@code \377y} below
     * it: alice's command runs and writes a file in her workspace. Both unmounted and removed even when the row fails.
     */
    private Outcome nonUtf8MountsDoNotStopAStart() throws Exception {
        Path at = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-r62-").toRealPath();
        try {
            Exec.run(List.of("sh", "-c", "mount -t tmpfs \"$(printf 'rev15\\377x')\" \"$1\" && mkdir \"$1/$(printf '\\377y')\""
                    + " && mount -t tmpfs r62 \"$1/$(printf '\\377y')\"", "sh", at.toString())).orThrow("mount the non-UTF-8 tmpfs");
            return aliceRunsAndWrites("r62");
        } finally {
            Exec.run(List.of("umount", "-R", at.toString())); // nothing mounted when mounting failed: checked below
            if (!Exec.run(List.of("findmnt", "-rno", "TARGET", "-M", at.toString())).stdout().isBlank()) {
                Exec.run(List.of("umount", "-R", "-l", at.toString())).orThrow("umount -R -l " + at);
            }
            Exec.run(List.of("rm", "-rf", "--one-file-system", at.toString())).orThrow("rm " + at);
        }
    }

    /**
     * Review finding R63: the socket covers aimed at a socket's path decoded as UTF-8 (U+FFFD for what is not), so a
     * socket whose path is not valid UTF-8 was left reachable. A root socket {@code \377.sock} (mode 0777) in a
     * run-unique {@code /srv/cordon-r63-…} (0755), served by a tiny python3 server that answers a marker; alice's
     * command connects to it by its bytes: the marker must not come back. Server stopped and directory removed even
     * when the row fails.
     */
    private Outcome nonUtf8SocketCovered() throws Exception {
        Path at = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-r63-").toRealPath();
        Process server = null;
        try {
            Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
            String marker = "R63-SOCKET-REACHED-" + Long.toHexString(System.nanoTime());
            String hex = java.util.HexFormat.of().formatHex((at + "/").getBytes(StandardCharsets.UTF_8))
                    + java.util.HexFormat.of().formatHex(new byte[]{(byte) 0xff}) + java.util.HexFormat.of()
                    .formatHex(".sock".getBytes(StandardCharsets.UTF_8));
            server = new ProcessBuilder("python3", "-c", String.join("\n",
                    "import os, socket, sys",
                    "p = bytes.fromhex(sys.argv[1])",
                    "s = socket.socket(socket.AF_UNIX)",
                    "s.bind(p)",
                    "os.chmod(p, 0o777)",
                    "s.listen(8)",
                    "print('ready', flush=True)",
                    "while True:",
                    "    c, _ = s.accept()",
                    "    c.sendall(sys.argv[2].encode() + b'\\n')",
                    "    c.close()"), hex, marker).redirectErrorStream(true).start();
            String ready = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            if (!"ready".equals(ready)) {
                throw new IllegalStateException("the r63 socket server did not start: " + ready);
            }
            Path dir = ownedDir(ThrowawayUsers.home(alice).resolve("r63-" + Long.toHexString(System.nanoTime())), alice);
            ObjectNode p = workspace(dir);
            p.putArray("argv").add("python3").add("-c").add("import socket, sys\ns = socket.socket(socket.AF_UNIX)\n"
                    + "try:\n    s.connect(bytes.fromhex(sys.argv[1]))\n    print(s.recv(200).decode())\n"
                    + "except OSError as e:\n    print('connect errno', e.errno)").add(hex);
            Reply r = call(alice, "run", p);
            String out = r.stdout().strip().replace('\n', '|');
            boolean reached = out.contains(marker);
            boolean refused = out.contains("connect errno 111"); // ECONNREFUSED: /dev/null bound over it
            return Outcome.expect(!reached && refused, (reached ? "marker came back" : "no marker")
                    + "; exit " + r.code() + ", out: " + out);
        } finally {
            if (server != null) {
                server.destroyForcibly().waitFor();
            }
            Exec.run(List.of("rm", "-rf", "--one-file-system", at.toString())).orThrow("rm " + at);
        }
    }

    /**
     * Review finding R60: R59 named the alias a bind mount of {@code /} shows another member's home at, but hid it with
     * Landlock only, whose rules follow inodes: the granted sibling {@code /srv} (or {@code /mnt}) is the same directory
     * as {@code <bind>/srv}, and the whole root file system shows below it. A bind of {@code /} at a run-unique
     * {@code <parent>/cordon-r60-…}; alice's command cats R53's member's {@code 0644} file (in a {@code 0755}
     * subdirectory of a {@code 0755} home) by its path and through the bind: neither prints it. Unmounted (lazily if
     * busy) and removed even when the row fails; nothing is ever deleted through the bind.
     */
    private Outcome foreignHomeThroughRootBindHidden(Path parent) throws Exception {
        return withForeignSecret("r60", (sub, value) -> {
            Path at = Files.createTempDirectory(Files.createDirectories(parent), "cordon-r60-").toRealPath();
            boolean mounted = false;
            try {
                Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
                Exec.run(List.of("mount", "--bind", "/", at.toString())).orThrow("mount --bind / " + at);
                mounted = true;
                return readsNeither(sub.resolve("secret.txt"), at.resolve(sub.toString().substring(1)).resolve("secret.txt"), value);
            } finally {
                unmountAndRemove(at, mounted);
            }
        });
    }

    /**
     * Review finding R64 (sixteenth review): R61 matched an overlay's layers only against the places and the aliases found
     * by device, so overlay B, whose only {@code lowerdir} is overlay A's mount point (A built on a subdirectory of R53's
     * member's home), was not found and its file was read through B (2 of 2). Alice's command reads it neither by its
     * path nor through B. Both unmounted (B first) and removed even when the row fails.
     */
    private Outcome foreignHomeThroughStackedOverlaysHidden() throws Exception {
        return withForeignSecret("r64", (sub, value) -> {
            Path srv = Files.createDirectories(Path.of("/srv"));
            Path a = Files.createTempDirectory(srv, "cordon-r64-a-").toRealPath();
            Path b = Files.createTempDirectory(srv, "cordon-r64-b-").toRealPath();
            Path layers = Files.createTempDirectory(srv, "cordon-r64-layers-").toRealPath();
            boolean mountedA = false;
            boolean mountedB = false;
            try {
                for (Path p : List.of(a, b)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                for (String d : List.of("u1", "w1", "u2", "w2")) {
                    Files.createDirectories(layers.resolve(d));
                }
                Exec.run(List.of("mount", "-t", "overlay", "cordon-r64a", "-o", "lowerdir=" + sub + ",upperdir="
                        + layers.resolve("u1") + ",workdir=" + layers.resolve("w1"), a.toString())).orThrow("mount overlay A");
                mountedA = true;
                Exec.run(List.of("mount", "-t", "overlay", "cordon-r64b", "-o", "lowerdir=" + a + ",upperdir="
                        + layers.resolve("u2") + ",workdir=" + layers.resolve("w2"), b.toString())).orThrow("mount overlay B");
                mountedB = true;
                return readsNeither(sub.resolve("secret.txt"), b.resolve("secret.txt"), value);
            } finally {
                try {
                    unmountAndRemove(b, mountedB);
                } finally {
                    unmountAndRemove(a, mountedA);
                    Exec.run(List.of("rm", "-rf", "--one-file-system", "--", layers.toString())).orThrow("rm " + layers);
                }
            }
        });
    }

    /**
     * Review finding R69 (seventeenth review): the kernel writes a comma in an overlay's layer name as {@code \054}, and
     * the super options were unescaped before they were split, so the mounter's {@code \,} stayed in the layer's name
     * and the layer was not found. An overlay at a run-unique {@code /srv/cordon-r69-…} whose {@code lowerdir} is
     * {@code /srv/cordon-r69-layers-…/a,b} (given as {@code a\,b}), a symlink to a {@code 0755} subdirectory of R53's
     * member's home holding a {@code 0644} file: alice's command reads it neither by its path nor through the overlay.
     * Unmounted and removed even when the row fails.
     */
    private Outcome foreignHomeThroughCommaNamedLayerHidden() throws Exception {
        return withForeignSecret("r69", (sub, value) -> withOverlay("r69", layers -> "lowerdir="
                + Files.createSymbolicLink(layers.resolve("a,b"), sub).toString().replace(",", "\\,") + ",upperdir="
                + layers.resolve("u") + ",workdir=" + layers.resolve("w"),
                (at, layers) -> readsNeither(sub.resolve("secret.txt"), at.resolve("secret.txt"), value)));
    }

    /**
     * R69's sibling: a FUSE mount's source was split at every {@code :} (meant for mergerfs's branches), so a bindfs of
     * a path holding one was judged by pieces that are no directory. bindfs takes its source's real path (a symlink
     * would be resolved away, measured), so the {@code :} is in a mount point: a bind of a {@code 0755} subdirectory of
     * R53's member's home (holding a {@code 0644} file) at a run-unique {@code /srv/cordon-r69-p:q-…}, and bindfs of
     * that at {@code /srv/cordon-r69-…} (as root: type plain {@code fuse}, {@code allow_other}). alice's command reads
     * the file neither by its path nor through bindfs (the bind itself is R59's). Both unmounted (bindfs first) and
     * removed even when the row fails.
     */
    private Outcome foreignHomeThroughBindfsOfAColonPathHidden() throws Exception {
        return withForeignSecret("r69", (sub, value) -> {
            Path srv = Files.createDirectories(Path.of("/srv"));
            Path bind = Files.createTempDirectory(srv, "cordon-r69-p:q-").toRealPath();
            Path at = Files.createTempDirectory(srv, "cordon-r69-").toRealPath();
            boolean bound = false;
            boolean mounted = false;
            try {
                for (Path p : List.of(bind, at)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Exec.run(List.of("mount", "--bind", sub.toString(), bind.toString())).orThrow("mount --bind " + sub);
                bound = true;
                Exec.run(List.of("bindfs", bind.toString(), at.toString())).orThrow("bindfs " + bind + " " + at);
                mounted = true;
                return readsNeither(sub.resolve("secret.txt"), at.resolve("secret.txt"), value);
            } finally {
                try {
                    unmountAndRemove(at, mounted);
                } finally {
                    unmountAndRemove(bind, bound);
                }
            }
        });
    }

    /**
     * Review finding R61: an overlay has a device of its own, so R59's same-device match did not see one built on another
     * member's home. An overlay at a run-unique {@code /srv/cordon-r61-…} whose {@code lowerdir} (or {@code upperdir},
     * its {@code workdir} beside it) is a {@code 0755} subdirectory of R53's member's {@code 0755} home holding a
     * {@code 0644} file: alice's command reads it neither by its path nor through the overlay. Unmounted and removed
     * even when the row fails.
     */
    private Outcome foreignHomeThroughOverlayHidden(boolean lower) throws Exception {
        return withForeignSecret("r61", (sub, value) -> {
            Path work = sub.resolveSibling(sub.getFileName() + "-work");
            try {
                return withOverlay("r61", layers -> {
                    if (lower) {
                        return "lowerdir=" + sub + ",upperdir=" + layers.resolve("u") + ",workdir=" + layers.resolve("w");
                    }
                    Files.createDirectories(work);
                    return "lowerdir=" + layers.resolve("l") + ",upperdir=" + sub + ",workdir=" + work;
                }, (at, layers) -> readsNeither(sub.resolve("secret.txt"), at.resolve("secret.txt"), value));
            } finally {
                if (!lower) {
                    Exec.run(List.of("rm", "-rf", "--one-file-system", "--", work.toString())).orThrow("rm " + work);
                }
            }
        });
    }

    /**
     * Review finding R66 (seventeenth review): a place whose own mount is an overlay was not looked for in that overlay's
     * layers, which hold its files with their own permissions. An overlay mounted on R53's member's home itself, its
     * lower layer a run-unique {@code /srv/cordon-r66-…/l} holding a {@code 0755} directory with the member's {@code 0644}
     * file: alice's command reads it neither by the home's path nor in the layer. Unmounted (before the member's home is
     * used again) and removed even when the row fails.
     */
    private Outcome foreignHomeInAnOverlayHiddenInItsLayers() throws Exception {
        boundHome();
        Path home = Path.of(boundMember.home()).toRealPath();
        String value = "R66-SECRET-" + runTag();
        Path layers = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-r66-").toRealPath();
        boolean mounted = false;
        try {
            Files.setPosixFilePermissions(layers, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path shared = ownedDirs(layers, "l/shared", boundMember);
            for (Path d = shared; !d.equals(layers); d = d.getParent()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            ownedFile(shared.resolve("secret.txt"), boundMember, value + "\n", "rw-r--r--");
            Files.createDirectories(layers.resolve("u"));
            Files.createDirectories(layers.resolve("w"));
            Exec.run(List.of("mount", "-t", "overlay", "cordon-r66", "-o", "lowerdir=" + layers.resolve("l") + ",upperdir="
                    + layers.resolve("u") + ",workdir=" + layers.resolve("w"), home.toString())).orThrow("mount overlay on " + home);
            mounted = true;
            return readsNeither(home.resolve("shared/secret.txt"), shared.resolve("secret.txt"), value);
        } finally {
            if (mounted && !Exec.run(List.of("umount", home.toString())).ok()) {
                Exec.run(List.of("umount", "-l", home.toString())).orThrow("umount -l " + home);
            }
            Exec.run(List.of("rm", "-rf", "--one-file-system", "--", layers.toString())).orThrow("rm " + layers);
        }
    }

    /**
     * A sibling of R61 found by R70's work: bindfs 1.14 (Debian 12) mounts through libfuse 3 as plain {@code fuse}, with no
     * {@code fuse.bindfs} subtype, and only {@code fuse.*} mounts were read, so R61's bindfs case never held for a real
     * one. A bindfs ({@code allow_other}) of a subdirectory of R53's member's home at a run-unique {@code
     * /srv/cordon-r61f-…}: alice's command reads its file neither by its path nor through the bindfs. Unmounted and
     * removed even when the row fails.
     */
    private Outcome foreignHomeThroughBindfsHidden() throws Exception {
        return withForeignSecret("r61f", (sub, value) -> {
            Path at = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-r61f-").toRealPath();
            boolean mounted = false;
            try {
                Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
                Exec.run(List.of("bindfs", "-o", "allow_other", sub.toString(), at.toString())).orThrow("bindfs " + sub);
                mounted = true;
                return readsNeither(sub.resolve("secret.txt"), at.resolve("secret.txt"), value);
            } finally {
                unmountAndRemove(at, mounted);
            }
        });
    }

    /**
     * Review finding R72 (eighteenth review, RV18-3): a member's FUSE mount was judged by the source it names, so one of
     * their own home at a mount point that is no valid file name refused every other member's start (R62's refusal).
     * Made here as fusermount makes it for a member ({@code user_id}/{@code group_id} theirs, {@code allow_other}), by
     * {@code mount(2)} from python3 with its connection closed at once (nothing serves it; nothing reads it) at a
     * run-unique {@code /srv/cordon-r72-…/\377m}: alice's command writes a file. Unmounted and removed even when the row
     * fails.
     */
    private Outcome membersFuseMountStopsNoStart() throws Exception {
        boundHome();
        Path at = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-r72-").toRealPath();
        try {
            byte[] name = {(byte) 0xff, 'm'};
            membersFuseMount(at, name, "fuse.cordonr72");
            return aliceRunsAndWrites("r72");
        } finally {
            // not mounted when mounting failed; a mount left would make the removal below fail, naming it
            Exec.run(List.of("sh", "-c", "umount \"$1/$(printf '\\377m')\" || umount -l \"$1/$(printf '\\377m')\"", "sh",
                    at.toString()));
            Exec.run(List.of("rm", "-rf", "--one-file-system", at.toString())).orThrow("rm " + at);
        }
    }

    /**
     * Review finding R92 (twenty-second review, V14): root's {@code bindfs -o allow_other / /srv/cordon-r92-…} shows its
     * own mount point inside itself; the runner resolved {@code /srv/cordon-r92-…/srv/cordon-r92-…} while building its
     * Landlock rules, and bindfs (one thread) looked itself up for it and waited on itself for ever: alice's start never
     * ended, and root's mount answered no one again, not even {@code umount}. Alice's command writes a file, and root's
     * bindfs still answers afterwards. Unmounted (its connection aborted first when it answers nothing) even when the row
     * fails.
     */
    private Outcome bindfsShowingItselfStopsNoStart() throws Exception {
        boundHome(); // a place below /srv: the runner's rules list /srv/cordon-r92-…/srv, where the loop is
        return withRootsBindfsOfRoot("r92", List.of(), at -> {
            Outcome ran = aliceRunsAndWrites("r92");
            boolean answers = answers(at.resolve("usr"));
            return Outcome.expect(ran.verdict() == SandboxSmokeTest.Verdict.PASS && answers, ran.detail() + "; root's bindfs "
                    + (answers ? "still answers" : "answers NOTHING (stuck on itself)"));
        });
    }

    /**
     * The sibling of R92 with a FUSE bind that serves itself ({@code bindfs --multithreaded}; mergerfs is so by default):
     * nothing waits, but every place shows again one loop down ({@code /srv/cordon-r92-…/srv/cordon-r92-…/home/…}),
     * where only the first level was hidden. Alice's command reads another member's 0644 file neither by its path nor
     * two levels down through the mount.
     */
    private Outcome foreignHomeTwoLoopsDownInABindfsOfRootHidden() throws Exception {
        return withForeignSecret("r92m", (sub, value) -> withRootsBindfsOfRoot("r92m", List.of("--multithreaded"), at -> {
            Path twoDown = at.resolve(at.toString().substring(1)).resolve(sub.toString().substring(1)).resolve("secret.txt");
            return readsNeither(sub.resolve("secret.txt"), twoDown, value);
        }));
    }

    /**
     * Review finding R94 (twenty-third review, RV23-2): root's {@code mergerfs -o allow_other /srv/cordon-r94-a-…:/home
     * /srv/cordon-r94-…}: mergerfs names a pool in the table by its branches without their common prefix
     * ({@code srv/cordon-r94-a-…:home}), which was no path, so the pool was not judged: alice read another member's 0644
     * file through it. Alice's command reads it neither by its path nor through the pool. Unmounted and removed even when
     * the row fails.
     */
    private Outcome foreignHomeThroughAMergerfsPoolHidden() throws Exception {
        if (!mergerfsInstalled()) {
            return NO_MERGERFS;
        }
        return withForeignSecret("r94", (sub, value) -> {
            Path branch = srvDirs("r94-a-").get(0);
            Path home = sub.getParent();
            try {
                return withRootsFuse("r94", List.of("mergerfs", "-o", "allow_other", branch + ":" + home.getParent()),
                        pool -> readsNeither(sub.resolve("secret.txt"), pool.resolve(home.getFileName().toString())
                                .resolve(sub.getFileName().toString()).resolve("secret.txt"), value));
            } finally {
                Files.delete(branch);
            }
        });
    }

    /**
     * Review finding R131 (thirty-first review, Y2b): R94's layout mounted with {@code blkdev} ({@code mergerfs -o
     * allow_other,blkdev,fsname=/dev/loopN /srv/cordon-r131-a-…:/home P}): the kernel names it {@code fuseblk.mergerfs},
     * which was not taken for FUSE, so it was neither searched nor covered and alice read another member's 0644 file
     * through it. Alice reads it neither by its path nor through the pool. Pool, loop device and image taken off and
     * removed even when the row fails.
     */
    private Outcome foreignHomeThroughAFuseblkPoolHidden() throws Exception {
        if (!mergerfsInstalled()) {
            return NO_MERGERFS;
        }
        return withForeignSecret("r131", (sub, value) -> {
            Path branch = srvDirs("r131-a-").get(0);
            Path home = sub.getParent();
            Path img = Files.createTempFile(Path.of("/tmp"), "cordon-r131-", ".img");
            String loop = null;
            try {
                Exec.run(List.of("truncate", "-s", "1M", img.toString())).orThrow("truncate");
                loop = Exec.run(List.of("losetup", "-f", "--show", img.toString())).orThrow("losetup").stdout().strip();
                return withRootsFuse("r131", List.of("mergerfs", "-o", "allow_other,blkdev,fsname=" + loop, branch + ":"
                        + home.getParent()), pool -> readsNeither(sub.resolve("secret.txt"), pool.resolve(home.getFileName()
                        .toString()).resolve(sub.getFileName().toString()).resolve("secret.txt"), value));
            } finally {
                try {
                    if (loop != null) {
                        Exec.run(List.of("losetup", "-d", loop)).orThrow("losetup -d " + loop);
                    }
                } finally {
                    Files.deleteIfExists(img);
                    Files.delete(branch);
                }
            }
        });
    }

    /**
     * Review finding R132 (thirty-first review, Y5): root's bindfs of S at M (alice owns S/alice/sub), root binds
     * M/alice/sub at B; alice, as herself, renames {@code sub} through M to a name that is not UTF-8: the bind's root was
     * no valid name, and every start was refused though only B's point needs a name to be covered. Bob's start on his
     * home goes through. Bind and mount taken off, directories removed even when the row fails.
     */
    private Outcome unnamableBindRootOfAServedMountRefusesNoStart() throws Exception {
        List<Path> d = srvDirs("r132s-", "r132b-");
        Path s = d.get(0);
        Path b = d.get(1);
        Path bobs = ownedDir(ThrowawayUsers.home(bob).resolve("r132-" + runTag()), bob);
        Path mine = ownedDir(s.resolve("alice"), alice);
        ownedDir(mine.resolve("sub"), alice);
        try {
            return withRootsFuse("r132", List.of("bindfs", "-o", "allow_other", s.toString()), m -> {
                Exec.run(List.of("mount", "--bind", m.resolve("alice/sub").toString(), b.toString())).orThrow("bind");
                try {
                    asMember(alice, "cd \"$1\" && mv sub \"$(printf 'su\\377b')\"", m.resolve("alice").toString());
                    Reply r = call(bob, "session.start", workspace(bobs), 120);
                    if (r.code() == 0) {
                        call(null, "session.stop", idParams(r.result().path("id").asText()));
                    }
                    return Outcome.expect(r.code() == 0, "bob's start after the rename: " + r.describe().replace('\n', ' '));
                } finally {
                    Exec.run(List.of("umount", "-l", b.toString())).orThrow("umount -l " + b);
                }
            });
        } finally {
            TestInstance.deleteTree(b);
            TestInstance.deleteTree(s);
            TestInstance.deleteTree(bobs);
        }
    }

    /**
     * Review finding R95 (twenty-third review, RV23-3): root's {@code bindfs -o allow_other /usr/share/doc} at a
     * run-unique {@code /srv/cordon-r95-…}, its daemon stopped ({@code SIGSTOP}): the runner's mount helper waited on it
     * and alice's start never ended. Now it fails within the runner's start bound ({@code cordon.runner.startMillis},
     * 60 s), naming a FUSE mount that does not answer. The daemon is continued and the mount taken off even when the
     * row fails.
     */
    private Outcome stoppedFuseDaemonFailsTheStartNamingIt() throws Exception {
        boundHome(); // a place below /srv, covered by the runner's mount helper beside the stopped mount
        Path at = Files.createTempDirectory(Path.of("/srv"), "cordon-r95-").toRealPath();
        Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
        String daemon = null;
        boolean mounted = false;
        try {
            Exec.run(List.of("bindfs", "-o", "allow_other", "/usr/share/doc", at.toString())).orThrow("bindfs");
            mounted = true;
            daemon = Exec.run(List.of("pgrep", "-f", "-n", "^bindfs -o allow_other /usr/share/doc " + at + "$"))
                    .orThrow("find the bindfs daemon").stdout().strip();
            Exec.run(List.of("kill", "-STOP", daemon)).orThrow("stop the bindfs daemon");
            ObjectNode p = workspace(ownedDir(ThrowawayUsers.home(alice).resolve("r95-" + runTag()), alice));
            p.putArray("argv").add("true");
            long t0 = System.nanoTime();
            Reply r = call(alice, "run", p, 150);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            String said = (r.stdout() + r.stderr()).strip().replace('\n', '|');
            return Outcome.expect(r.code() != 0 && said.contains("FUSE mount"), "exit " + r.code() + " after " + seconds
                    + " s: " + said);
        } finally {
            if (daemon != null) {
                Exec.run(List.of("kill", "-CONT", daemon));
            }
            unmountAndRemove(at, mounted);
        }
    }

    /**
     * Review finding R103 (twenty-sixth review, RV26-2): root mounts over the directory holding R49's member's home
     * ({@code <T>/var/home}) a file system built on that very directory ({@code bindfs <T>/var/home <T>/var/home}, or an
     * overlay whose lower layer it is), then binds {@code /} at a run-unique {@code /srv/cordon-r103-…}: the member's
     * files lie beneath the mount, in the root file system, which the bind shows at {@code /srv/cordon-r103-…/<T>/var/
     * home/<member>}; the layer's path leads through the mount itself, so it was not followed, and alice read the 0644
     * file there. Alice's command reads it neither by its path nor through the bind. Both unmounted (the bind first) and
     * removed even when the row fails. {@code stacked} bindfs mounts, one over the other (the lower one's layer lies
     * beneath both).
     */
    private Outcome foreignHomeBeneathAMountOverItsOwnLayerHidden(int stacked, boolean overlay) throws Exception {
        Path homes = symlinkedHome().toRealPath();
        return withSecretIn(symlinkedMember, homes.resolve(symlinkedMember.name()), "r103", (sub, value) -> {
            List<Path> dirs = srvDirs("r103-", "r103-layers-");
            Path at = dirs.get(0);
            Path layers = dirs.get(1);
            int over = 0;
            boolean bound = false;
            try {
                if (overlay) {
                    Files.createDirectories(layers.resolve("upper"));
                    Files.createDirectories(layers.resolve("work"));
                    Exec.run(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + homes + ",upperdir="
                            + layers.resolve("upper") + ",workdir=" + layers.resolve("work"), homes.toString()))
                            .orThrow("overlay over " + homes);
                    over++;
                } else {
                    for (int i = 0; i < stacked; i++) {
                        Exec.run(List.of("bindfs", "-o", "allow_other", homes.toString(), homes.toString()))
                                .orThrow("bindfs over " + homes);
                        over++;
                    }
                }
                Exec.run(List.of("mount", "--bind", "/", at.toString())).orThrow("mount --bind / " + at);
                bound = true;
                return readsNeither(sub.resolve("secret.txt"), at.resolve(sub.toString().substring(1))
                        .resolve("secret.txt"), value);
            } finally {
                try {
                    unmountAndRemove(at, bound);
                } finally {
                    for (; over > 0; over--) {
                        if (!Exec.run(List.of("umount", homes.toString())).ok()) {
                            Exec.run(List.of("umount", "-l", homes.toString())).orThrow("umount -l " + homes);
                        }
                    }
                    TestInstance.deleteTree(layers);
                }
            }
        });
    }

    /** Root's mounts for a swap row: made on S (holding the workspace) with spare directories; where ws shows. */
    private interface ServedLayout {
        /** Mounts (each point pushed on {@code made}, to be taken off last first); returns where ws is reached. */
        Path mount(Path src, Path b, Path m, Path u, Deque<Path> made) throws Exception;
    }

    private static void mount(Deque<Path> made, Path at, String... command) {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.add(at.toString());
        Exec.run(argv).orThrow(String.join(" ", argv));
        made.push(at);
    }

    /**
     * Review finding R105 (twenty-seventh review, RV27-1), and the twenty-eighth review's siblings (R111): root's
     * {@code bindfs -o allow_other S M}, alice's workspace {@code S/ws}. bindfs answers each call by looking the path up
     * again, as root; the kernel checks only the directory it cached: alice's command looked {@code d} up through M,
     * swapped it for a symlink and read, through M, a 0644 file in another member's 0700 home and one in a root-only 0700
     * directory (2 of 2). Now M is covered in her session, and so is every mount that serves S by another path (a bind of
     * it), through another served mount (a bindfs or an overlay of M, a mergerfs of M/ws): she reads neither. Everything
     * taken off (last first; a FUSE mount aborted if stuck) and removed even when the row fails.
     */
    private Outcome swapThroughServedReadsNothing(ServedLayout layout) throws Exception {
        List<Path> dirs = srvDirs("r105s-", "r105b-", "r105-", "r105u-");
        Path src = dirs.get(0);
        Deque<Path> made = new ArrayDeque<>();
        try {
            Path ws = ownedDir(src.resolve("ws"), alice);
            return swapReadsNothing(ws, ws, layout.mount(src, dirs.get(1), dirs.get(2), dirs.get(3), made), null);
        } finally {
            try {
                while (!made.isEmpty()) {
                    Path at = made.pop();
                    String device = deviceAt(at);
                    if (MountInfo.current().stream().anyMatch(m -> m.mountPoint().equals(at) && m.fstype().startsWith("fuse"))) {
                        takeOffFuse(at, device);
                    } else {
                        Exec.run(List.of("umount", "-l", at.toString())).orThrow("umount -l " + at);
                    }
                }
                for (Path d : dirs.subList(1, 4)) {
                    TestInstance.deleteTree(d);
                }
            } finally {
                TestInstance.deleteTree(src);
            }
        }
    }

    /**
     * Alice's command (a one-shot run on {@code ws}, or an exec in her session {@code sessionId}) makes the R105 swap in
     * {@code swapIn} through {@code via} (where {@code swapIn} shows) towards a 0644 file in another member's 0700 home
     * and one in a root-only 0700 directory: it reads neither. Both put back and removed even when the row fails.
     */
    private Outcome swapReadsNothing(Path ws, Path swapIn, Path via, String sessionId) throws Exception {
        boundHome();
        Path daveHome = Path.of(boundMember.home());
        Set<PosixFilePermission> daveMode = Files.getPosixFilePermissions(daveHome);
        String tag = runTag();
        String daveValue = "R105-DAVE-" + tag;
        String rootValue = "R105-ROOT-" + tag;
        Path daveFile = daveHome.resolve("r105-" + tag + ".txt");
        Path priv = srvDirs("r105p-").get(0);
        try {
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(daveHome, PosixFilePermissions.fromString("rwx------"));
            ownedFile(daveFile, boundMember, daveValue + "\n", "rw-r--r--");
            Files.writeString(priv.resolve("secret.txt"), rootValue + "\n");
            Files.setPosixFilePermissions(priv.resolve("secret.txt"), PosixFilePermissions.fromString("rw-r--r--"));
            ObjectNode p = sessionId == null ? workspace(ws) : idParams(sessionId);
            p.putArray("argv").add("sh").add("-c").add("echo DAVE; " + swapThenCat(swapIn, via, daveHome,
                    daveFile.getFileName().toString()) + "; echo ROOT; " + swapThenCat(swapIn, via, priv, "secret.txt")
                    + "; echo END");
            Reply r = call(alice, sessionId == null ? "run" : "session.exec", p);
            String out = r.stdout();
            boolean dave = out.contains(daveValue);
            boolean root = out.contains(rootValue);
            return Outcome.expect(r.code() == 0 && out.contains("END") && !dave && !root, "dave's 0644 file in his 0700"
                    + " home " + (dave ? "READ" : "not read") + ", root's 0644 file in a 0700 directory " + (root ? "READ"
                    : "not read") + "; exit " + r.code() + ", out: " + (out + r.stderr()).strip().replace('\n', '|'));
        } finally {
            Files.deleteIfExists(daveFile);
            Files.setPosixFilePermissions(daveHome, daveMode);
            TestInstance.deleteTree(priv);
        }
    }

    /** Runs {@code script} (with {@code args} as $1…) as {@code who}, outside any session, as that member would. */
    private static void asMember(Account who, String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + PosixIds.uid(who), "--regid="
                + PosixIds.gid(who), "--init-groups", "--", "sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        Exec.run(argv).orThrow(who.name() + ": " + script);
    }

    /**
     * Review finding R124 (thirtieth review, X1): root's {@code bindfs -o allow_other S/alice/pub M}; alice, as herself,
     * renames {@code pub} to {@code ws} (and makes a new {@code pub}) and lends {@code ws}: bindfs holds the directory it
     * was given open, the table keeps its old name, so M was not taken to serve her root, and her swap through M read
     * both files. Now every root FUSE mount others may use is covered: she reads neither.
     */
    private Outcome renamedServedSourceReadsNothing() throws Exception {
        Path s = srvDirs("r124s-").get(0);
        try {
            Path mine = ownedDir(s.resolve("alice"), alice);
            Path pub = ownedDir(mine.resolve("pub"), alice);
            return withRootsFuse("r124", List.of("bindfs", "-o", "allow_other", pub.toString()), m -> {
                asMember(alice, "cd \"$1\" && mv pub ws && mkdir pub", mine.toString());
                return swapReadsNothing(mine.resolve("ws"), mine.resolve("ws"), m, null);
            });
        } finally {
            TestInstance.deleteTree(s);
        }
    }

    /**
     * Review finding R125 (thirtieth review, X4): root's bindfs of {@code /srv/cordon-r125 s-…} (a space in its path)
     * holding alice's workspace: the table names its source {@code bindfs}, so it was not judged; her swap read both
     * files. She reads neither now.
     */
    private Outcome servedSourceWithASpaceReadsNothing() throws Exception {
        Path s = srvDirs("r125 s-").get(0);
        try {
            Path ws = ownedDir(s.resolve("ws"), alice);
            return withRootsFuse("r125", List.of("bindfs", "-o", "allow_other", s.toString()),
                    m -> swapReadsNothing(ws, ws, m.resolve("ws"), null));
        } finally {
            TestInstance.deleteTree(s);
        }
    }

    /**
     * Review finding R126 (thirtieth review, X7): root's bindfs of S (holding alice's workspace) at A, root's bindfs of A
     * at M, then {@code umount -l A}: M still serves S through A's daemon, but the table shows only M, built on an empty
     * directory; her swap read both files. She reads neither now. Taken off and removed even when the row fails.
     */
    private Outcome servedThroughADaemonTakenOffReadsNothing() throws Exception {
        List<Path> d = srvDirs("r126s-", "r126a-");
        Path s = d.get(0);
        Path a = d.get(1);
        try {
            Path ws = ownedDir(s.resolve("ws"), alice);
            Exec.run(List.of("bindfs", "-o", "allow_other", s.toString(), a.toString())).orThrow("bindfs inner");
            boolean inner = true;
            try {
                return withRootsFuse("r126", List.of("bindfs", "-o", "allow_other", a.toString()), m -> {
                    Exec.run(List.of("umount", "-l", a.toString())).orThrow("umount -l " + a);
                    return swapReadsNothing(ws, ws, m.resolve("ws"), null);
                });
            } finally {
                if (MountInfo.current().stream().anyMatch(m -> m.mountPoint().equals(a))) {
                    takeOffFuse(a, deviceAt(a));
                }
            }
        } finally {
            TestInstance.deleteTree(a);
            TestInstance.deleteTree(s);
        }
    }

    /**
     * Review finding R127 (thirtieth review, X14): root's bindfs of S (alice owns S/mine) at M; alice's session on
     * {@code ~/proj} (not served) starts with a runner prepared ahead; alice, as herself, moves {@code ~/proj} into
     * S/mine: the runner's writable bind moves with it, its covers stay as they were, and her swap through M read both
     * files. M is covered at the start now, whatever it serves: she reads neither.
     */
    private Outcome rootMovedIntoAServedTreeReadsNothing() throws Exception {
        Path s = srvDirs("r127s-").get(0);
        Path proj = ownedDir(ThrowawayUsers.home(alice).resolve("r127-" + runTag()), alice);
        Path mine = ownedDir(s.resolve("mine"), alice);
        Path moved = mine.resolve("proj");
        try {
            boundHome();
            Thread.sleep(10_000); // a runner prepared ahead by then (the read needed one: a fresh runner's root moved was not writable)
            return withRootsFuse("r127", List.of("bindfs", "-o", "allow_other", s.toString()), m -> {
                String id = startedId(call(alice, "session.start", workspace(proj)));
                try {
                    asMember(alice, "mv \"$1\" \"$2\" && mkdir \"$1\"", proj.toString(), moved.toString());
                    return swapReadsNothing(moved, moved, m.resolve("mine/proj"), id);
                } finally {
                    call(null, "session.stop", idParams(id));
                }
            });
        } finally {
            TestInstance.deleteTree(s);
            TestInstance.deleteTree(proj);
        }
    }

    /**
     * Review finding R129 (thirtieth review, X2): root's bindfs of bob's {@code S/bob/pub} made before bob's session;
     * bob, as himself, swaps {@code pub} for a symlink to {@code /}: the table's name then led to every root, bob's
     * session had not covered it, and R112's refusal stopped alice's start on a workspace in her home while bob's session
     * lived. Covered in every session now, with no refusal: alice's start goes through.
     */
    private Outcome membersSymlinkAtAServedSourceRefusesNoStart() throws Exception {
        Path s = srvDirs("r129s-").get(0);
        String tag = runTag();
        Path ws = ownedDir(ThrowawayUsers.home(alice).resolve("a-r129-" + tag), alice);
        Path bobs = ownedDir(ThrowawayUsers.home(bob).resolve("r129-" + tag), bob);
        try {
            Path mine = ownedDir(s.resolve("bob"), bob);
            ownedDir(mine.resolve("pub"), bob);
            return withRootsFuse("r129", List.of("bindfs", "-o", "allow_other", mine.resolve("pub").toString()), m -> {
                String b = startedId(call(bob, "session.start", workspace(bobs)));
                try {
                    asMember(bob, "cd \"$1\" && mv pub pub.o && ln -s / pub", mine.toString());
                    Reply r = call(alice, "session.start", workspace(ws));
                    if (r.code() == 0) {
                        call(null, "session.stop", idParams(r.result().path("id").asText()));
                    }
                    return Outcome.expect(r.code() == 0, "alice's start: " + r.describe().replace('\n', ' '));
                } finally {
                    call(null, "session.stop", idParams(b));
                }
            });
        } finally {
            TestInstance.deleteTree(s);
            TestInstance.deleteTree(ws);
            TestInstance.deleteTree(bobs);
        }
    }

    /**
     * Review finding R112 (twenty-eighth review, X16): root's {@code bindfs -o allow_other S M} was covered only in the
     * session whose workspace is {@code S/ws} (A); another session (B, in alice's home) read through M what A's swaps
     * exposed. Now a session started after A covers M too (B reads nothing of it). R130 (thirtieth review, X3b): a
     * session started before A — another member's, idle — made A's start refuse (R112's refusal, naming a session alice
     * cannot stop); every session covers every root FUSE mount now, so A starts and bob's session reads nothing through
     * M either. Sessions stopped, mount taken off, directories removed even when the row fails.
     */
    private Outcome servedRootUnreachableFromOtherSessions() throws Exception {
        String tag = runTag();
        Path src = srvDirs("r112s-").get(0);
        Path home = ownedDir(ThrowawayUsers.home(alice).resolve("r112-" + tag), alice);
        try {
            Path ws = ownedDir(src.resolve("ws"), alice);
            ownedFile(ws.resolve("seen.txt"), alice, "R112-SEEN\n", "rw-r--r--");
            return withRootsFuse("r112", List.of("bindfs", "-o", "allow_other", src.toString()), m -> {
                String after;
                String a = startedId(call(alice, "session.start", workspace(ws)));
                try {
                    String b = startedId(call(alice, "session.start", workspace(home)));
                    try {
                        ObjectNode exec = idParams(b);
                        exec.putArray("argv").add("sh").add("-c").add("cat " + m.resolve("ws/seen.txt") + " 2>&1; echo END");
                        Reply r = call(alice, "session.exec", exec);
                        after = r.stdout().contains("R112-SEEN") ? "B (started after A) READ through the bindfs"
                                : r.stdout().contains("END") ? null : "B's command did not end: " + r.describe();
                    } finally {
                        call(null, "session.stop", idParams(b));
                    }
                } finally {
                    call(null, "session.stop", idParams(a));
                }
                // R130: a session of bob's started before A: A is not refused, and bob's commands read nothing of A's
                Path bobs = ownedDir(ThrowawayUsers.home(bob).resolve("r130-" + tag), bob);
                String before;
                try {
                    String b = startedId(call(bob, "session.start", workspace(bobs)));
                    try {
                        Reply started = call(alice, "session.start", workspace(ws));
                        if (started.code() != 0) {
                            before = "A started after bob's session: refused: " + started.describe().replace('\n', ' ');
                        } else {
                            call(null, "session.stop", idParams(started.result().path("id").asText()));
                            ObjectNode exec = idParams(b);
                            exec.putArray("argv").add("sh").add("-c").add("cat " + m.resolve("ws/seen.txt") + " 2>&1; echo END");
                            Reply r = call(bob, "session.exec", exec);
                            before = r.stdout().contains("R112-SEEN") ? "bob's session (started before A) READ through the"
                                    + " bindfs" : r.stdout().contains("END") ? null : "bob's command did not end: " + r.describe();
                        }
                    } finally {
                        call(null, "session.stop", idParams(b));
                    }
                } finally {
                    TestInstance.deleteTree(bobs);
                }
                return Outcome.expect(after == null && before == null, (after == null ? "B (started after A) reads nothing"
                        + " through the bindfs" : after) + "; " + (before == null ? "A started after bob's session, which"
                        + " reads nothing through the bindfs either" : before));
            });
        } finally {
            TestInstance.deleteTree(src);
            TestInstance.deleteTree(home);
        }
    }

    private static String startedId(Reply started) throws IOException {
        if (started.code() != 0) {
            throw new IllegalStateException("a session did not start: " + started.describe());
        }
        return started.result().path("id").asText();
    }

    /** The swap a session's command makes: looks {@code ws}/d up through {@code via}, then swaps d for a symlink. */
    private static String swapThenCat(Path ws, Path via, Path target, String file) {
        return "cd " + ws + " && rm -rf d d.o && mkdir d && ls " + via.resolve("d") + " >/dev/null 2>&1; mv d d.o && ln -s "
                + target + " d && cat " + via.resolve("d").resolve(file) + " 2>&1; rm -f d; rm -rf d.o";
    }

    /**
     * Review finding R106 (twenty-seventh review, RV27-2): root's {@code mergerfs -o allow_other S/ws/branch P}, alice's
     * workspace {@code S/ws}: mergerfs looks its branches up by path at every call, so alice's command swapped the branch
     * (and, as in R105, a directory in it) for a symlink to a directory of another member's and read its 0644 file
     * through P. Now P is covered in her session. Taken off and removed even when the row fails.
     */
    private Outcome swapOfAPoolsBranchReadsNothing() throws Exception {
        if (!mergerfsInstalled()) {
            return NO_MERGERFS;
        }
        return withForeignSecret("r106", (sub, value) -> {
            Path src = srvDirs("r106s-").get(0);
            try {
                Path ws = ownedDir(src.resolve("ws"), alice);
                Path branch = ownedDir(ws.resolve("branch"), alice);
                return withRootsFuse("r106", List.of("mergerfs", "-o", "allow_other", branch.toString()), pool -> {
                    ObjectNode p = workspace(ws);
                    p.putArray("argv").add("sh").add("-c").add("echo INNER; " + swapThenCat(branch, pool, sub, "secret.txt")
                            + "; echo BRANCH; cd " + ws + " && mv branch branch.o && ln -s " + sub + " branch && cat "
                            + pool.resolve("secret.txt") + " 2>&1; rm -f branch; mv branch.o branch; echo END");
                    Reply r = call(alice, "run", p);
                    String out = r.stdout();
                    boolean read = out.contains(value);
                    return Outcome.expect(r.code() == 0 && out.contains("END") && !read, (read ? "READ" : "not read")
                            + "; exit " + r.code() + ", out: " + (out + r.stderr()).strip().replace('\n', '|'));
                });
            } finally {
                TestInstance.deleteTree(src);
            }
        });
    }

    /**
     * Review finding R108 (twenty-seventh review, RV27-11): root's one-thread {@code bindfs -o allow_other /home
     * /srv/cordon-r108-…}, alice's home 0755: alice's command read a file {@code x} of her workspace through the bindfs,
     * swapped it for a FIFO and opened it there; the daemon waited in {@code open} for ever, and bob's start (which looks
     * at the mount: another member's home lies in it) got no answer within 90 s. Now the mount is covered in alice's
     * session, so nothing of hers reaches the daemon: bob's start ends within 60 s. A writer on the FIFO ends a stuck
     * open, then the mount is taken off (aborted if it still hangs), even when the row fails.
     */
    private Outcome fifoThroughRootsBindfsStallsNoStart() throws Exception {
        String tag = runTag();
        Path ws = ownedDir(ThrowawayUsers.home(alice).resolve("r108-" + tag), alice);
        boundHome(); // another member's home, so bob's start has an alias inside the bindfs
        try {
            return withRootsFuse("r108", List.of("bindfs", "-o", "allow_other", "/home"), at -> {
                try {
                    Path via = at.resolve(Path.of("/home").relativize(ws.toRealPath()).toString());
                    ObjectNode p = workspace(ws);
                    p.putArray("argv").add("sh").add("-c").add("cd " + ws + " && echo hi > x && cat " + via.resolve("x")
                            + " 2>&1; rm -f x && mkfifo x && timeout 3 cat " + via.resolve("x") + " 2>&1; echo rc=$?; echo END");
                    String[] alices = {"no answer yet"};
                    Thread staller = new Thread(() -> {
                        try {
                            alices[0] = call(alice, "run", p, 150).describe();
                        } catch (RuntimeException e) {
                            alices[0] = "NO ANSWER within 150 s";
                        }
                    });
                    staller.start();
                    Thread.sleep(10000); // alice's command has opened the FIFO (through the bindfs, before); caches expire
                    ObjectNode q = workspace(ownedDir(ThrowawayUsers.home(bob).resolve("r108-" + tag), bob));
                    q.putArray("argv").add("true");
                    long t0 = System.nanoTime();
                    String bobs;
                    try {
                        bobs = call(bob, "run", q, 90).describe();
                    } catch (RuntimeException e) {
                        bobs = "NO ANSWER within 90 s";
                    }
                    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
                    staller.join(20_000);
                    return Outcome.expect(seconds < 60 && !bobs.startsWith("NO ANSWER"), "alice's run: " + alices[0]
                            + "; bob's run after " + seconds + " s: " + bobs + "; root's stat of the bindfs "
                            + (answers(at) ? "answers" : "answers NOTHING"));
                } finally {
                    // a writer on the FIFO ends a daemon's open stuck on it, before the mount is taken off
                    Exec.run(List.of("timeout", "5", "sh", "-c", "echo bye > \"$1\"", "sh", ws.resolve("x").toString()));
                }
            });
        } finally {
            TestInstance.deleteTree(ws);
        }
    }

    /**
     * Review finding R107 (twenty-seventh review, RV27-3, RV27-4): another member's directory bound at {@code P/low},
     * then root's overlay at {@code P} of {@code lowerdir=P/low} (or root's {@code bindfs -o nonempty P/low P}): the bind
     * is an alias of the place, but it lies under the mount's own point, and paths there were taken as seen through the
     * mount: {@code P} was not found and alice read the file at {@code P/secret.txt}. She reads it neither by its path nor
     * there. Everything taken off and removed even when the row fails. {@code tmpfsOnTop} (R113, twenty-eighth review,
     * X13): a tmpfs mounted on {@code P/low} after the overlay, on top of it, hid the bind beneath from the search.
     */
    private Outcome layerBoundUnderOwnPointHidden(boolean bindfs, boolean tmpfsOnTop) throws Exception {
        return withForeignSecret(bindfs ? "r107b" : "r107o", (sub, value) -> {
            List<Path> dirs = srvDirs(bindfs ? "r107b-" : "r107o-", "r107l-");
            Path at = dirs.get(0);
            Path layers = dirs.get(1);
            Path low = Files.createDirectories(at.resolve("low"));
            boolean bound = false;
            String device = null;
            boolean overlaid = false;
            boolean onTop = false;
            try {
                Exec.run(List.of("mount", "--bind", sub.toString(), low.toString())).orThrow("bind");
                bound = true;
                if (bindfs) {
                    Exec.run(List.of("bindfs", "-o", "allow_other,nonempty", low.toString(), at.toString())).orThrow("bindfs");
                    device = deviceAt(at);
                } else {
                    Files.createDirectories(layers.resolve("u"));
                    Files.createDirectories(layers.resolve("w"));
                    Exec.run(List.of("mount", "-t", "overlay", "-o", "lowerdir=" + low + ",upperdir=" + layers.resolve("u")
                            + ",workdir=" + layers.resolve("w"), "overlay", at.toString())).orThrow("overlay");
                    overlaid = true;
                }
                if (tmpfsOnTop) {
                    Files.createDirectories(at.resolve("low")); // in the overlay's upper layer
                    Exec.run(List.of("mount", "-t", "tmpfs", "tmpfs", at.resolve("low").toString())).orThrow("tmpfs");
                    onTop = true;
                }
                return readsNeither(sub.resolve("secret.txt"), at.resolve("secret.txt"), value);
            } finally {
                try {
                    if (onTop) {
                        Exec.run(List.of("umount", "-l", at.resolve("low").toString())).orThrow("umount -l tmpfs");
                    }
                    if (device != null) {
                        takeOffFuse(at, device);
                    }
                    if (overlaid) {
                        Exec.run(List.of("umount", "-l", at.toString())).orThrow("umount -l overlay");
                    }
                    if (bound) {
                        Exec.run(List.of("umount", "-l", low.toString())).orThrow("umount -l bind");
                    }
                } finally {
                    Files.delete(low);
                    Files.delete(at);
                    TestInstance.deleteTree(layers);
                }
            }
        });
    }

    /**
     * Review finding R109 (twenty-seventh review, RV27-10): root's {@code bindfs -o allow_other <alice's home>/src
     * /srv/cordon-r109-…}; alice, as herself, swaps {@code src} for a symlink to a directory whose name is not UTF-8: the
     * layer's real path is then no valid name, and every other member's start was refused. Bob's session starts (the
     * mount, which shows alice's home, is hidden whole). Taken off and removed even when the row fails.
     */
    private Outcome memberMakesALayerUnnamableStopsNoStart() throws Exception {
        Path aliceHome = ThrowawayUsers.home(alice);
        String tag = runTag();
        Path src = ownedDir(aliceHome.resolve("r109-src-" + tag), alice);
        try {
            return withRootsFuse("r109", List.of("bindfs", "-o", "allow_other", src.toString()), at -> {
                Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(alice), "--regid=" + PosixIds.gid(alice),
                        "--init-groups", "--", "sh", "-c", "cd \"$1\" && mv \"$2\" \"$2.o\" && mkdir \"$(printf 'u\\377')\""
                                + " && ln -s \"$(printf 'u\\377')\" \"$2\"", "sh", aliceHome.toString(),
                        src.getFileName().toString())).orThrow("alice's swap");
                ObjectNode p = workspace(ownedDir(ThrowawayUsers.home(bob).resolve("r109-" + tag), bob));
                p.putArray("argv").add("true");
                Reply r = call(bob, "run", p);
                return Outcome.expect(r.code() == 0, r.describe());
            });
        } finally {
            Exec.run(List.of("sh", "-c", "cd \"$1\" && rm -rf -- \"$2\" \"$2.o\" \"$(printf 'u\\377')\"", "sh",
                    aliceHome.toString(), src.getFileName().toString()));
        }
    }

    private interface OutcomeRow {
        Outcome run() throws Exception;
    }

    /** Runs {@code row} with alice's home in {@code mode} (0755: Debian's default before 12); restored even on failure. */
    private static Outcome withAlicesHome(String mode, OutcomeRow row) throws Exception {
        Path home = ThrowawayUsers.home(alice);
        Set<PosixFilePermission> was = Files.getPosixFilePermissions(home);
        try {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(mode));
            return row.run();
        } finally {
            Files.setPosixFilePermissions(home, was);
        }
    }

    private interface AtMount {
        Outcome run(Path at) throws Exception;
    }

    /**
     * Runs {@code row} with root's {@code bindfs -o allow_other [options] / /srv/cordon-<label>-…}; unmounts and removes
     * it even when the row fails.
     */
    private static Outcome withRootsBindfsOfRoot(String label, List<String> options, AtMount row) throws Exception {
        List<String> command = new ArrayList<>(List.of("bindfs", "-o", "allow_other"));
        command.addAll(options);
        command.add("/");
        return withRootsFuse(label, command, row);
    }

    /**
     * Runs {@code row} with root's FUSE mount {@code command} (its mount point appended) at a run-unique
     * {@code /srv/cordon-<label>-…}; unmounts and removes it even when the row fails — a daemon that answers nothing
     * (stuck on itself) first has its connection aborted (fusectl), so that umount ends.
     */
    private static Outcome withRootsFuse(String label, List<String> command, AtMount row) throws Exception {
        Path at = srvDirs(label + "-").get(0);
        List<String> mount = new ArrayList<>(command);
        mount.add(at.toString());
        String device;
        try {
            Exec.run(mount).orThrow(String.join(" ", mount));
            device = deviceAt(at);
        } catch (RuntimeException e) {
            Files.delete(at);
            throw e;
        }
        try {
            return row.run(at);
        } finally {
            takeOffFuse(at, device);
            Files.delete(at);
        }
    }

    private static final Outcome NO_MERGERFS =
            Outcome.skip("mergerfs is not installed (`apt-get install mergerfs`; .ci/run installs it)");

    private static boolean mergerfsInstalled() {
        return Exec.run(List.of("sh", "-c", "command -v mergerfs")).ok();
    }

    /** Directories at run-unique {@code /srv/cordon-<prefix>…} paths, {@code 0755} (a pool's root takes its first branch's). */
    private static List<Path> srvDirs(String... prefixes) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String prefix : prefixes) {
            Path d = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-" + prefix).toRealPath();
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            out.add(d);
        }
        return out;
    }

    /** The device ({@code major:minor}) of the topmost mount at {@code at}. */
    private static String deviceAt(Path at) {
        return MountInfo.current().stream().filter(m -> m.mountPoint().equals(at)).reduce((a, b) -> b).orElseThrow()
                .device();
    }

    /**
     * Unmounts the FUSE mount at {@code at} of {@code device}; a daemon stuck on itself answers nothing, umount
     * included: its connection is aborted first (fusectl).
     */
    private static void takeOffFuse(Path at, String device) throws IOException {
        boolean off;
        try {
            off = Exec.run(List.of("umount", "-c", at.toString()), null, Map.of(), 20).ok();
        } catch (CordonException stuck) {
            off = false;
        }
        if (!off) {
            Path connections = Path.of("/sys/fs/fuse/connections");
            if (!Exec.run(List.of("mountpoint", "-q", connections.toString())).ok()) {
                Exec.run(List.of("mount", "-t", "fusectl", "fusectl", connections.toString())).orThrow("mount fusectl");
            }
            Files.writeString(connections.resolve(device.substring(device.indexOf(':') + 1)).resolve("abort"), "1");
            Exec.run(List.of("umount", "-l", "-c", at.toString())).orThrow("umount -l " + at);
        }
    }

    /**
     * Review finding R96 (twenty-fourth review, RV24-1): root binds a subdirectory of its mergerfs pool of
     * {@code /srv/cordon-r96-a-…:/home} (another member's home) at {@code /srv/cordon-r96-q-…}, then takes the pool's
     * root off ({@code umount -l}): the bind tells no branches and its table name is no path, so it was not judged and
     * alice read the member's 0644 file through it. Alice's command reads it neither by its path nor through the bind.
     */
    private Outcome foreignHomeThroughABindOfAPoolSubdirectoryHidden() throws Exception {
        if (!mergerfsInstalled()) {
            return NO_MERGERFS;
        }
        return withForeignSecret("r96", (sub, value) -> {
            List<Path> dirs = srvDirs("r96-a-", "r96-p-", "r96-q-");
            Path branch = dirs.get(0);
            Path pool = dirs.get(1);
            Path bind = dirs.get(2);
            Path home = sub.getParent();
            boolean pooled = false, bound = false;
            try {
                Exec.run(List.of("mergerfs", "-o", "allow_other", branch + ":" + home.getParent(), pool.toString()))
                        .orThrow("mergerfs");
                pooled = true;
                Exec.run(List.of("mount", "--bind", pool.resolve(home.getFileName().toString()).toString(),
                        bind.toString())).orThrow("bind a directory of the pool");
                bound = true;
                Exec.run(List.of("umount", "-l", pool.toString())).orThrow("umount -l the pool");
                pooled = false;
                return readsNeither(sub.resolve("secret.txt"), bind.resolve(sub.getFileName().toString())
                        .resolve("secret.txt"), value);
            } finally {
                try {
                    unmountAndRemove(bind, bound);
                } finally {
                    try {
                        unmountAndRemove(pool, pooled);
                    } finally {
                        Files.delete(branch);
                    }
                }
            }
        });
    }

    /**
     * Review finding R97 (twenty-fourth review, RV24-2): root's mergerfs pool at {@code /srv/cordon-r97-…} with its own
     * mount point as one of its branches ({@code /srv/cordon-r97-a-…:/srv/cordon-r97-…:/home}; a glob such as
     * {@code /srv/*} does it by accident): mergerfs looks its branches up by path at every call, so it loops, and
     * alice's start did not end within 120 s. Alice's command writes a file. Taken off (its connection aborted first
     * when it answers nothing) even when the row fails.
     */
    private Outcome poolWithItsOwnMountPointAsABranchStopsNoStart() throws Exception {
        if (!mergerfsInstalled()) {
            return NO_MERGERFS;
        }
        boundHome(); // a place below /srv, beside the pool
        List<Path> dirs = srvDirs("r97-a-", "r97-");
        Path branch = dirs.get(0);
        Path pool = dirs.get(1);
        String device = null;
        try {
            Exec.run(List.of("mergerfs", "-o", "allow_other", branch + ":" + pool + ":/home", pool.toString()))
                    .orThrow("mergerfs");
            device = deviceAt(pool);
            return aliceRunsAndWrites("r97");
        } finally {
            try {
                if (device != null) {
                    takeOffFuse(pool, device);
                }
                Files.delete(pool);
            } finally {
                Files.delete(branch);
            }
        }
    }

    /** Whether a {@code stat} of {@code path} as root ends within 10 s. */
    private static boolean answers(Path path) {
        try {
            return Exec.run(List.of("stat", path.toString()), null, Map.of(), 10).ok();
        } catch (CordonException stuck) {
            return false;
        }
    }

    /**
     * Mounts a FUSE file system as fusermount does for R53's member ({@code user_id}/{@code group_id} theirs,
     * {@code allow_other}, its source their home), by {@code mount(2)} from python3, at {@code dir/name} ({@code dir}
     * itself when {@code name} is empty; made when missing), its connection closed at once: nothing serves it.
     */
    private static void membersFuseMount(Path dir, byte[] name, String type) throws Exception {
        Exec.run(List.of("python3", "-c", String.join("\n",
                "import ctypes, os, sys",
                "libc = ctypes.CDLL(None, use_errno=True)",
                "at = os.fsencode(sys.argv[1]) + (b'/' + bytes.fromhex(sys.argv[5]) if sys.argv[5] else b'')",
                "os.path.isdir(at) or os.mkdir(at)",
                "fd = os.open('/dev/fuse', os.O_RDWR)",
                "opts = 'fd=%d,rootmode=40000,user_id=%s,group_id=%s,allow_other' % (fd, sys.argv[3], sys.argv[4])",
                "if libc.mount(os.fsencode(sys.argv[2]), at, sys.argv[6].encode(), 0, opts.encode()) != 0:",
                "    sys.exit('mount: ' + os.strerror(ctypes.get_errno()))",
                "os.close(fd)"), dir.toString(), boundMember.home(), String.valueOf(PosixIds.uid(boundMember)),
                String.valueOf(PosixIds.gid(boundMember)), java.util.HexFormat.of().formatHex(name), type))
                .orThrow("mount the member's FUSE file system at " + dir);
    }

    /**
     * Review finding R78 (nineteenth review, RV19-2): an overlay's {@code lowerdir} written with a backslash at its end
     * (R53's member's home, {@code …\\}, the last option): the kernel drops it and uses the home; the table shows
     * {@code \\134}, which was kept, so the layer judged was a path that does not exist. Alice's command reads the home's
     * file neither by its path nor through the overlay. Unmounted and removed even when the row fails.
     */
    private Outcome foreignHomeThroughLayerWithTrailingBackslashHidden() throws Exception {
        return withForeignSecret("r78", (sub, value) -> withOverlay("r78", layers -> "upperdir=" + layers.resolve("u")
                + ",workdir=" + layers.resolve("w") + ",lowerdir=" + sub.getParent() + "\\", (at, layers) -> readsNeither(
                sub.resolve("secret.txt"), at.resolve(sub.getFileName().toString()).resolve("secret.txt"), value)));
    }

    /**
     * Review finding R80 (nineteenth review, RV19-4): the search's "partial" file systems (a mount that shows a place as
     * one of its layers) were one set for all places, so root's overlay at {@code /srv/cordon-r80-…} whose lower layer
     * lies in another member's home switched off R66's search through its layers for bob's tree lent in that overlay:
     * alice read bob's file in the overlay's upper layer. With {@code lowerInAHome} false (the lower layer in /srv) the
     * control. Bob's session stopped, the overlay unmounted and removed even when the row fails.
     */
    private Outcome lentTreeInOverlayHiddenInItsUpperLayer(boolean lowerInAHome) throws Exception {
        String bobValue = "R80-BOB-" + runTag();
        return withForeignSecret("r80", (sub, value) -> withOverlay("r80", layers -> {
            Files.setPosixFilePermissions(layers.resolve("u"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path proj = ownedDir(layers.resolve("u/proj"), bob);
            ownedFile(proj.resolve("secret.txt"), bob, bobValue + "\n", "rw-r--r--");
            return "lowerdir=" + (lowerInAHome ? sub : layers.resolve("l")) + ",upperdir=" + layers.resolve("u")
                    + ",workdir=" + layers.resolve("w");
        }, (at, layers) -> {
            Reply lent = call(bob, "session.start", workspace(at.resolve("proj")));
            try {
                if (lent.code() != 0) {
                    return Outcome.expect(false, "bob could not lend " + at.resolve("proj") + ": " + lent.describe());
                }
                return readsNeither(at.resolve("proj/secret.txt"), layers.resolve("u/proj/secret.txt"), bobValue);
            } finally {
                if (lent.code() == 0) {
                    call(null, "session.stop", idParams(lent.result().path("id").asText()));
                }
            }
        }));
    }

    /**
     * Review findings R81 (nineteenth review, RV19-5) and R82, R83 (twentieth, RV20-1, RV20-2): a mount made on a place
     * itself (here {@code stacked} empty directories bound onto R53's member's home, one on the other; a member's FUSE
     * mount on their own home does the same) made the search look only at what the top one shows, so what shows the
     * member's files underneath was not found: a bind of the home's parent ({@code /home} at a run-unique {@code
     * /srv/cordon-r81-…}), or with {@code throughOverlay} a read-only overlay whose layer is {@code /home} (a layer shows
     * its own file system, under the mounts on it). Alice's command reads the file neither by its path (an empty
     * directory now) nor there. Everything unmounted and removed even when the row fails.
     */
    private Outcome filesUnderMountsOnTheHomeHidden(int stacked, boolean throughOverlay) throws Exception {
        return withForeignSecret("r81", (sub, value) -> {
            Path srv = Files.createDirectories(Path.of("/srv"));
            Path at = Files.createTempDirectory(srv, "cordon-r81-").toRealPath();
            List<Path> empty = new ArrayList<>();
            Path home = Path.of(boundMember.home()).toRealPath();
            int onHome = 0;
            boolean mounted = false;
            try {
                Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
                for (int i = 0; i <= stacked; i++) {
                    empty.add(Files.createTempDirectory(srv, "cordon-r81-empty-").toRealPath());
                }
                for (int i = 0; i < stacked; i++) {
                    Exec.run(List.of("mount", "--bind", empty.get(i).toString(), home.toString())).orThrow("mount --bind onto "
                            + home);
                    onHome++;
                }
                Exec.run(throughOverlay ? List.of("mount", "-t", "overlay", "cordon-r83", "-o", "lowerdir=" + home.getParent()
                        + ":" + empty.get(stacked), at.toString()) : List.of("mount", "--bind", home.getParent().toString(),
                        at.toString())).orThrow("mount " + home.getParent() + " at " + at);
                mounted = true;
                return readsNeither(sub.resolve("secret.txt"), at.resolve(home.getFileName().toString())
                        .resolve(sub.getFileName().toString()).resolve("secret.txt"), value);
            } finally {
                try {
                    unmountAndRemove(at, mounted);
                } finally {
                    for (; onHome > 0; onHome--) {
                        if (!Exec.run(List.of("umount", home.toString())).ok()) {
                            Exec.run(List.of("umount", "-l", home.toString())).orThrow("umount -l " + home);
                        }
                    }
                    for (Path e : empty) {
                        Files.delete(e);
                    }
                }
            }
        });
    }

    /** The options an overlay row mounts with, made of its layers directory (in which it may make what they name). */
    private interface OverlayOptions {
        String of(Path layers) throws Exception;
    }

    /** A row's work with the overlay's mount point and its layers directory. */
    private interface OverlayRow {
        Outcome run(Path at, Path layers) throws Exception;
    }

    /**
     * Runs {@code row} with an overlay at a run-unique {@code /srv/cordon-<label>-…} (0755), mounted with the options
     * {@code options} makes of a run-unique {@code /srv/cordon-<label>-layers-…} (0755, with empty {@code l}, {@code u} and
     * {@code w} in it); unmounted and both removed even when the row fails.
     */
    private static Outcome withOverlay(String label, OverlayOptions options, OverlayRow row) throws Exception {
        Path srv = Files.createDirectories(Path.of("/srv"));
        Path at = Files.createTempDirectory(srv, "cordon-" + label + "-").toRealPath();
        Path layers = Files.createTempDirectory(srv, "cordon-" + label + "-layers-").toRealPath();
        boolean mounted = false;
        try {
            for (Path p : List.of(at, layers)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            for (String d : List.of("l", "u", "w")) {
                Files.createDirectories(layers.resolve(d));
            }
            Exec.run(List.of("mount", "-t", "overlay", "cordon-" + label, "-o", options.of(layers), at.toString()))
                    .orThrow("mount overlay at " + at);
            mounted = true;
            return row.run(at, layers);
        } finally {
            unmountAndRemove(at, mounted);
            Exec.run(List.of("rm", "-rf", "--one-file-system", "--", layers.toString())).orThrow("rm " + layers);
        }
    }

    /** alice's session starts and its command writes a file in her workspace: passes when the file holds what it wrote. */
    private Outcome aliceRunsAndWrites(String label) throws Exception {
        Path dir = ownedDir(ThrowawayUsers.home(alice).resolve(label + "-" + Long.toHexString(System.nanoTime())), alice);
        String value = label.toUpperCase(java.util.Locale.ROOT) + "-RAN-" + Long.toHexString(System.nanoTime());
        ObjectNode p = workspace(dir);
        p.putArray("argv").add("sh").add("-c").add("echo " + value + " > " + dir.resolve("probe"));
        Reply r = call(alice, "run", p);
        Path probe = dir.resolve("probe");
        boolean wrote = Files.exists(probe) && Files.readString(probe).strip().equals(value);
        return Outcome.expect(r.code() == 0 && wrote, "probe " + (wrote ? "written" : "NOT written") + "; exit "
                + r.code() + ", out: " + (r.stdout() + r.stderr()).strip().replace('\n', '|'));
    }

    /** A row's work with a {@code 0755} subdirectory of R53's member's home (made {@code 0755}) holding a {@code 0644} file. */
    private interface ForeignSecretRow {
        Outcome run(Path sub, String value) throws Exception;
    }

    /** Runs {@code row} on a fresh subdirectory and secret of R53's member; removes them and restores the home's mode. */
    private Outcome withForeignSecret(String label, ForeignSecretRow row) throws Exception {
        boundHome();
        return withSecretIn(boundMember, Path.of(boundMember.home()), label, row);
    }

    /**
     * Runs {@code row} with a {@code 0644} file holding a run-unique value in a {@code 0755} subdirectory of
     * {@code member}'s {@code home} (made {@code 0755} for the row); removed, and the home's mode restored, even when
     * the row fails.
     */
    private Outcome withSecretIn(Account member, Path home, String label, ForeignSecretRow row) throws Exception {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(home);
        String tag = runTag();
        Path sub = home.resolve(label + "-shared-" + tag);
        String value = label.toUpperCase(java.util.Locale.ROOT) + "-SECRET-" + tag;
        try {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            ownedDir(sub, member);
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
            ownedFile(sub.resolve("secret.txt"), member, value + "\n", "rw-r--r--");
            return row.run(sub, value);
        } finally {
            TestInstance.deleteTree(sub);
            Files.setPosixFilePermissions(home, mode);
        }
    }

    /** Takes the mount on {@code at} off (lazily when busy) if {@code mounted}, then removes the empty directory. */
    private static void unmountAndRemove(Path at, boolean mounted) throws IOException {
        if (mounted && !Exec.run(List.of("umount", at.toString())).ok()) {
            Exec.run(List.of("umount", "-l", at.toString())).orThrow("umount -l " + at);
        }
        Files.delete(at);
    }

    /** alice's command cats {@code byPath} and {@code byMount} (the same file); passes when neither printed {@code value}. */
    private Outcome readsNeither(Path byPath, Path byMount, String value) throws Exception {
        ObjectNode p = workspace(ownedDir(ThrowawayUsers.home(alice).resolve("r59-" + Long.toHexString(System.nanoTime())), alice));
        p.putArray("argv").add("sh").add("-c").add("echo BYPATH; cat " + byPath + " 2>&1; echo BYMOUNT; cat " + byMount + " 2>&1; echo END");
        Reply r = call(alice, "run", p);
        String out = r.stdout();
        int split = out.indexOf("BYMOUNT");
        boolean byPathRead = split >= 0 && out.substring(0, split).contains(value);
        boolean byMountRead = split >= 0 && out.substring(split).contains(value);
        return Outcome.expect(r.code() == 0 && split >= 0 && out.contains("END") && !byPathRead && !byMountRead,
                "by the home's path " + (byPathRead ? "READ" : "not read") + ", through the bind mount "
                        + (byMountRead ? "READ" : "not read") + "; exit " + r.code() + ", out: " + out.strip().replace('\n', '|'));
    }

    /**
     * A member (dave) and a run-unique {@code /srv/cordon-r53-…} with his home bind-mounted on it (as root: a member
     * cannot make such a mount the host sees): made once; unmounted first in clean-up, even when a row failed.
     */
    private static Path boundHome() throws IOException {
        if (boundMember == null) {
            boundMember = users.create("czad", installed.test().instance.usersGroup());
            Path at = Files.createTempDirectory(Files.createDirectories(Path.of("/srv")), "cordon-r53-").toRealPath();
            Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
            Exec.run(List.of("mount", "--bind", boundMember.home(), at.toString())).orThrow("mount --bind");
            boundHome = at;
        }
        return boundHome;
    }

    /** What a command added to a file, on one line (the whole file when it did not only append). */
    private static String appended(String before, String after) {
        return (after.startsWith(before) ? after.substring(before.length()) : after).strip().replace('\n', '|');
    }

    /**
     * {@code <T>/var/home} of a run-unique {@code <T>} in /var/tmp, with {@code <T>/home -> var/home}, and a member
     * (carol) whose passwd home is {@code <T>/home/<carol>}: made once; removed with the test's accounts and files.
     */
    private static Path symlinkedHome() throws IOException {
        if (symlinkedMember == null) {
            Path t = Files.createTempDirectory(Path.of("/var/tmp"), "cordon-r49-").toRealPath();
            madeForTheTest.add(t);
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path real = Files.createDirectories(t.resolve("var/home"));
            Files.setPosixFilePermissions(t.resolve("var"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createSymbolicLink(t.resolve("home"), Path.of("var/home"));
            symlinkedMember = users.createIn(t.resolve("home"), "czac", installed.test().instance.usersGroup());
        }
        return Path.of(symlinkedMember.home()).getParent().toRealPath();
    }

    /** {@code relative} made below {@code base}, each new directory {@code owner}'s ({@code 0700}). */
    private static Path ownedDirs(Path base, String relative, Account owner) throws IOException {
        Path dir = base;
        for (Path part : relative.isEmpty() ? List.<Path>of() : List.of(Path.of(relative).toString().split("/")).stream()
                .map(Path::of).toList()) {
            dir = dir.resolve(part);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                ownedDir(dir, owner);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        return dir;
    }

    /** A directory root owns and alice's group may write: the files the sandbox makes there become alice's. */
    private Outcome handedBackToMember() throws Exception {
        Path shared = existing(scratch.resolve("group-shared"));
        Exec.run(List.of("chgrp", Integer.toString(PosixIds.gid(alice)), shared.toString())).orThrow("chgrp");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        ObjectNode p = workspace(shared);
        p.putArray("argv").add("sh").add("-c").add("echo x > handed.txt");
        Reply r = call(alice, "run", p);
        Path handed = shared.resolve("handed.txt");
        if (r.code() != 0 || !Files.exists(handed, LinkOption.NOFOLLOW_LINKS)) {
            return Outcome.fail("the run failed: " + r.describe());
        }
        int owner = (Integer) Files.getAttribute(handed, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return Outcome.expect(owner == PosixIds.uid(alice), "handed.txt belongs to uid " + owner + " (alice is " + PosixIds.uid(alice) + ")");
    }

    private Outcome listShowsOnlyOwn() throws Exception {
        Reply asBob = call(bob, "session.list", Json.object());
        Reply asAlice = call(alice, "session.list", Json.object());
        boolean bobSeesIt = asBob.stdout().contains(aliceSession);
        boolean aliceSeesIt = asAlice.stdout().contains(aliceSession);
        return Outcome.expect(asBob.code() == 0 && !bobSeesIt && aliceSeesIt,
                "bob sees alice's session: " + bobSeesIt + "; alice sees it: " + aliceSeesIt + "; bob got "
                        + asBob.result().path("sessions").size() + " session(s)");
    }

    private Outcome execRefused() throws Exception {
        ObjectNode p = idParams();
        p.putArray("argv").add("sh").add("-c").add("cat README; echo bob-was-here > bob.txt");
        Outcome refused = sessionRefused("session.exec", p);
        boolean wrote = Files.exists(aliceProject.resolve("bob.txt"));
        return wrote ? Outcome.fail("bob ran a command in alice's session (it wrote bob.txt); " + refused.detail()) : refused;
    }

    /**
     * alice's project is lent to her session (a group ACL for the sandbox accounts, traverse on her 0700 home); bob's
     * session runs as the same sandbox account, so only the session's own confinement keeps it out.
     */
    private Outcome otherMembersLentFilesUnreadable() throws Exception {
        Path bobsOwn = bobProject.resolveSibling("own");
        ownedDir(bobsOwn, bob);
        ObjectNode p = workspace(bobsOwn);
        p.putArray("argv").add("sh").add("-c").add("cat " + aliceProject.resolve("secret.txt") + "; cat "
                + ThrowawayUsers.home(alice).resolve("notes.txt") + "; ls " + aliceProject);
        Reply r = call(bob, "run", p);
        String out = r.stdout();
        boolean leaked = out.contains("ALICE-PRIVATE") || out.contains("ALICE-NOTES") || out.contains("secret.txt");
        return Outcome.expect(r.code() == 0 && !leaked && r.result().path("exitCode").asInt() != 0,
                (leaked ? "bob's session read: " + out.strip().replace('\n', ' ') : "nothing of alice's read") + "; " + r.describe());
    }

    /** R39's flood: N connections, each sending host.hello, held until the release file appears. */
    private static final String FLOOD = String.join("\n",
            "import json, os, resource, socket, struct, sys, time",
            "path, n, ready, release = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]",
            "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)",
            "resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))",
            "body = json.dumps({'v': 1, 'id': 1, 'method': 'host.hello', 'params': {}}).encode()",
            "frame = struct.pack('>I', len(body)) + body",
            "socks, failed = [], 0",
            "for i in range(n):",
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "    s.setblocking(False)",
            "    end = time.time() + (3 if failed < 3 else 0)",  // the host's backlog full: wait for its accepts
            "    while True:",
            "        try:",
            "            s.connect(path); break",
            "        except BlockingIOError:",
            "            if time.time() > end: break",
            "            time.sleep(0.005)",
            "        except OSError:",
            "            break",
            "    try:",
            "        s.setblocking(True); s.settimeout(1); s.sendall(frame)",
            "    except OSError:",
            "        failed += 1",
            "    socks.append(s)",
            "time.sleep(2)",
            "served, refused, silent, message = 0, 0, 0, ''",
            "for s in socks:",
            "    s.setblocking(False)",
            "    try:",
            "        data = s.recv(65536)",
            "    except BlockingIOError:",
            "        data = None",
            "    except OSError:",
            "        data = b''",
            "    if data and b'\"type\":\"result\"' in data:",
            "        served += 1",
            "    elif data and b'\"type\":\"error\"' in data:",
            "        refused += 1",
            "        message = message or json.loads(data[4:])['error']['message']",
            "    else:",
            "        silent += 1",
            "with open(ready + '.part', 'w') as f:",
            "    json.dump({'served': served, 'refused': refused, 'silent': silent, 'connectFailed': failed,",
            "               'message': message}, f)",
            "os.rename(ready + '.part', ready)",
            "end = time.time() + 300",
            "while not os.path.exists(release) and time.time() < end:",
            "    time.sleep(0.2)");

    /**
     * R39: the host took any number of connections, a thread and a descriptor each; at its descriptor limit every other
     * caller was refused. As the reviewer did, the host's limit is lowered (prlimit) to 300 above what it holds, and
     * alice opens 400 connections (each says hello, so no idle timeout closes them) and holds them while bob runs a
     * command that writes a file and root lists sessions.
     */
    private Outcome connectionFloodCapped() throws Exception {
        long hostPid = host.pid();
        String limitBefore = Exec.run(List.of("prlimit", "--pid", Long.toString(hostPid), "--nofile", "--raw",
                "--noheadings", "--output=SOFT,HARD")).orThrow("prlimit").stdout().strip();
        String[] softHard = limitBefore.split("\\s+");
        long open;
        try (var fds = Files.list(Path.of("/proc", Long.toString(hostPid), "fd"))) {
            open = fds.count();
        }
        Path flood = hostDir.resolve("flood.py");
        Files.writeString(flood, FLOOD);
        Files.setPosixFilePermissions(flood, PosixFilePermissions.fromString("rw-r--r--"));
        Path ready = ownedDir(scratch.resolve("flood-" + System.nanoTime()), alice).resolve("ready.json");
        Path release = ready.resolveSibling("release");
        Path bobs = ownedDir(bobProject.resolveSibling("flood-run"), bob);
        Process flooder = null;
        Exec.run(List.of("prlimit", "--pid", Long.toString(hostPid), "--nofile=" + (open + 300) + ":" + softHard[1]))
                .orThrow("prlimit");
        try {
            flooder = new ProcessBuilder("setpriv", "--reuid=" + PosixIds.uid(alice), "--regid=" + PosixIds.gid(alice),
                    "--init-groups", "--", PYTHON, flood.toString(), socket.toString(), "400", ready.toString(),
                    release.toString()).redirectErrorStream(true)
                    .redirectOutput(new File(hostDir.resolve("flood.log").toString())).start();
            for (int i = 0; i < 1200 && !Files.exists(ready) && flooder.isAlive(); i++) {
                Thread.sleep(100);
            }
            if (!Files.exists(ready)) {
                return Outcome.fail("the flood did not report within 120 s: " + Files.readString(hostDir.resolve("flood.log")));
            }
            JsonNode seen = Json.parse(Files.readString(ready));
            ObjectNode p = workspace(bobs);
            p.putArray("argv").add("sh").add("-c").add("echo ran > ran.txt");
            Reply bobRun = call(bob, "run", p, 60);
            boolean bobRan = Files.exists(bobs.resolve("ran.txt"));
            Reply rootList = call(null, "session.list", Json.object(), 60);
            boolean rootListed = rootList.code() == 0 && rootList.out().contains(aliceSession);
            int served = seen.path("served").asInt();
            String message = seen.path("message").asText();
            return Outcome.expect(bobRun.code() == 0 && bobRan && rootListed && served <= 64
                            && seen.path("refused").asInt() > 0 && message.contains("--member-max-connections"),
                    "alice's 400 connections: " + seen + "; bob's run: " + (bobRan ? "wrote ran.txt" : "wrote NOTHING")
                            + ", " + bobRun.describe() + "; root's session list: " + (rootListed ? "listed alice's session"
                            : "FAILED: " + rootList.describe()));
        } finally {
            Files.writeString(release, "");
            if (flooder != null && !flooder.waitFor(30, TimeUnit.SECONDS)) {
                flooder.destroyForcibly().waitFor();
            }
            Exec.run(List.of("prlimit", "--pid", Long.toString(hostPid), "--nofile=" + softHard[0] + ":" + softHard[1]))
                    .orThrow("prlimit (restoring the host's descriptor limit)");
        }
    }

    /**
     * Review finding F4: alice's project is lent to her session; a session root starts (the CLI, the panel, a root
     * peer) runs as the same sandbox account and had no hiding of other owners' paths, so it read her 0600 file.
     */
    private Outcome rootsSessionCannotReadLent() throws Exception {
        ObjectNode p = workspace(existing(scratch.resolve("root-reader")));
        p.putArray("argv").add("sh").add("-c").add("cat " + aliceProject.resolve("secret.txt") + "; cat "
                + ThrowawayUsers.home(alice).resolve("notes.txt") + "; ls " + aliceProject);
        Reply r = call(null, "run", p);
        String out = r.stdout();
        boolean leaked = out.contains("ALICE-PRIVATE") || out.contains("ALICE-NOTES") || out.contains("secret.txt");
        return Outcome.expect(r.code() == 0 && !leaked && r.result().path("exitCode").asInt() != 0,
                (leaked ? "root's session read: " + out.strip().replace('\n', ' ') : "nothing of alice's read") + "; "
                        + r.describe());
    }

    /**
     * Review finding F4, the sibling for members: what a member's session may not read is fixed when its runner starts,
     * so a tree another member lends later (outside any home) was readable through the sandbox group's entry.
     */
    private Outcome earlierSessionCannotReadLaterLend() throws Exception {
        Path bobsEarly = ownedDir(bobProject.resolveSibling("early"), bob);
        Reply early = call(bob, "session.start", workspace(bobsEarly));
        if (early.code() != 0) {
            return Outcome.fail("bob's session did not start: " + early.describe());
        }
        String bobSession = early.result().path("id").asText();
        Path late = ownedDir(shared.resolve("alice-late"), alice);
        Files.setPosixFilePermissions(late, PosixFilePermissions.fromString("rwx------"));
        ownedFile(late.resolve("late.txt"), alice, "ALICE-LATE\n", "rw-------");
        Reply lent = call(alice, "session.start", workspace(late));
        try {
            if (lent.code() != 0) {
                return Outcome.fail("alice's session did not start: " + lent.describe());
            }
            ObjectNode exec = idParams(bobSession);
            exec.putArray("argv").add("sh").add("-c").add("cat " + late.resolve("late.txt") + "; ls " + late);
            Reply r = call(bob, "session.exec", exec);
            String out = r.stdout();
            boolean leaked = out.contains("ALICE-LATE") || out.contains("late.txt");
            return Outcome.expect(r.code() == 0 && !leaked && r.result().path("exitCode").asInt() != 0,
                    (leaked ? "bob's earlier session read: " + out.strip().replace('\n', ' ') : "nothing of alice's read")
                            + "; " + r.describe());
        } finally {
            if (lent.code() == 0) {
                call(null, "session.stop", idParams(lent.result().path("id").asText()));
            }
            call(null, "session.stop", idParams(bobSession));
        }
    }

    /**
     * Review finding R41: what a session hides of trees lent to others was the lent root's recorded path, while the
     * hand-back finds a root by identity (R18). bob lends a tree outside any home (0755); his sandbox writes a 0600 file
     * there (the shared offline account's); bob renames the tree during the session: a later session of alice's, and
     * one of root's, must still not read that file at its new name.
     */
    private Outcome renamedLentTreeStaysHidden(boolean byAlice) throws Exception {
        String tag = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        // bob's own directory (0755), as /srv/<b>; or a team's (0777, not sticky): alice may rename what is in it
        Path bobs = byAlice ? existing(shared.resolve("team-r41-" + tag)) : ownedDir(shared.resolve("bob-r41-" + tag), bob);
        if (byAlice) {
            Files.setPosixFilePermissions(bobs, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Path lent = ownedDir(bobs.resolve("proj"), bob);
        Path renamed = bobs.resolve("proj-renamed");
        Reply started = call(bob, "session.start", workspace(lent));
        if (started.code() != 0) {
            return Outcome.fail("bob's session did not start: " + started.describe());
        }
        String bobSession = started.result().path("id").asText();
        try {
            ObjectNode write = idParams(bobSession);
            write.putArray("argv").add("sh").add("-c").add("umask 077; echo B-SANDBOX-SECRET-OUTPUT > out.secret");
            Reply wrote = call(bob, "session.exec", write);
            if (wrote.code() != 0 || !Files.exists(lent.resolve("out.secret"))) {
                return Outcome.fail("bob's sandbox did not write out.secret: " + wrote.describe());
            }
            String before = readAs(alice, lent.resolve("out.secret"), "alice-r41-" + tag);
            Account mover = byAlice ? alice : bob;
            Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(mover), "--regid=" + PosixIds.gid(mover), "--init-groups",
                    "--", "mv", lent.toString(), renamed.toString())).orThrow(mover.name() + "'s mv of bob's lent tree");
            String alicesAfter = readAs(alice, renamed.resolve("out.secret"), "alice-r41-" + tag);
            String rootsAfter = readAs(null, renamed.resolve("out.secret"), "root-r41-" + tag);
            boolean leaked = before.contains("B-SANDBOX") || alicesAfter.contains("B-SANDBOX") || rootsAfter.contains("B-SANDBOX");
            return Outcome.expect(!leaked, "before the rename alice's session read: " + before + "; after it alice's: "
                    + alicesAfter + "; root's: " + rootsAfter);
        } finally {
            call(null, "session.stop", idParams(bobSession));
            TestInstance.deleteTree(bobs);
        }
    }

    /** What a fresh session of {@code as} (root when null), in a workspace of its own, reads of {@code file}. */
    private static String readAs(Account as, Path file, String workspaceName) throws Exception {
        Path own = as == null ? existing(scratch.resolve(workspaceName)) : ownedDir(scratch.resolve(workspaceName), as);
        ObjectNode p = workspace(own);
        p.putArray("argv").add("sh").add("-c").add("cat " + file + " 2>&1");
        Reply r = call(as, "run", p);
        return (r.code() == 0 ? "" : "(" + r.describe() + ") ") + r.stdout().strip().replace('\n', ' ');
    }

    private Outcome stopRefused() throws Exception {
        Outcome refused = sessionRefused("session.stop", idParams());
        Reply still = call(alice, "session.show", idParams());
        return still.code() == 0 ? refused : Outcome.fail("alice's session is gone: " + still.describe() + "; " + refused.detail());
    }

    private Outcome secretRefused() throws Exception {
        ObjectNode p = workspace(aliceProject);
        p.put("network", "online");
        p.putArray("secrets").add(SECRET);
        p.putArray("argv").add("printenv").add(SECRET);
        Reply r = call(alice, "run", p);
        if (r.stdout().contains(SECRET_VALUE)) {
            return Outcome.fail("alice read root's secret: " + r.describe());
        }
        return Outcome.expect(r.code() == FORBIDDEN && r.stderr().contains(SECRET), r.describe());
    }

    private Outcome refusalsAudited() {
        List<JsonNode> refused = backend.audit().read(0).stream()
                .filter(e -> e.path("action").asText().equals("host.refused")).toList();
        boolean bobsExec = refused.stream().anyMatch(e -> e.path("args").path("method").asText().equals("session.exec")
                && e.path("args").path("peer").asText().startsWith(bob.name() + " ")
                && e.path("args").path("target").asText().equals("session " + aliceSession)
                && e.path("result").asText().equals("refused"));
        boolean alicesLend = refused.stream().anyMatch(e -> e.path("args").path("method").asText().equals("session.start")
                && e.path("args").path("peer").asText().startsWith(alice.name() + " ")
                && e.path("args").path("target").asText().contains("workspace " + bobProject));
        return Outcome.expect(bobsExec && alicesLend, refused.size() + " host.refused record(s); bob's exec in alice's"
                + " session: " + bobsExec + "; alice's lend of bob's project: " + alicesLend);
    }

    private Outcome peerIsTheActor() {
        List<JsonNode> entries = backend.audit().read(0);
        List<String> alicesStarts = entries.stream().filter(e -> e.path("action").asText().equals("session.start")
                && e.path("args").path("owner").asText().startsWith(alice.name() + " ")).map(e -> e.path("actor").asText()).toList();
        List<String> bobsRefusals = entries.stream().filter(e -> e.path("action").asText().equals("host.refused")
                && e.path("args").path("peer").asText().startsWith(bob.name() + " ")).map(e -> e.path("actor").asText()).toList();
        boolean alicesOwn = !alicesStarts.isEmpty()
                && alicesStarts.stream().allMatch(a -> a.startsWith(alice.name() + " (uid " + PosixIds.uid(alice) + ")"));
        boolean bobsOwn = !bobsRefusals.isEmpty()
                && bobsRefusals.stream().allMatch(a -> a.startsWith(bob.name() + " (uid " + PosixIds.uid(bob) + ")"));
        return Outcome.expect(alicesOwn && bobsOwn, "actors of alice's session.start: " + alicesStarts.stream().distinct().toList()
                + "; of bob's refusals: " + bobsRefusals.stream().distinct().toList());
    }

    /**
     * bob (no session yet) starts sessions, each on a project of his own, until one is refused; all are stopped. The
     * cap is --member-max-sessions, or fewer where the sessions' memory limits (4 GiB each) reach --member-max-memory
     * first (three quarters of MemTotal by default: 4 sessions on 24 GiB, Y2); the refusal names the limit reached.
     */
    private Outcome sessionsPerMemberCapped() throws Exception {
        long fit = Math.max(1, dev.cordon.host.MemberLimits.DEFAULT.maxMemoryBytes()
                / dev.cordon.session.SessionSpec.Limits.DEFAULT.maxMemoryBytes());
        int cap = (int) Math.min(MEMBER_MAX_SESSIONS, fit);
        String limit = cap == MEMBER_MAX_SESSIONS ? "--member-max-sessions " + cap
                : "--member-max-memory " + dev.cordon.core.ByteSize.asInput(dev.cordon.host.MemberLimits.DEFAULT.maxMemoryBytes());
        List<String> started = new ArrayList<>();
        Reply refused = null;
        try {
            for (int i = 0; i <= cap && refused == null; i++) {
                Reply r = call(bob, "session.start", workspace(ownedDir(scratch.resolve("bob-cap-" + i), bob)));
                if (r.code() == 0) {
                    started.add(r.result().path("id").asText());
                } else {
                    refused = r;
                }
            }
        } finally {
            for (String id : started) {
                call(null, "session.stop", idParams(id));
            }
        }
        boolean ok = started.size() == cap && refused != null && refused.code() == FORBIDDEN
                && refused.stderr().contains(limit) && refused.stderr().contains("session stop");
        return Outcome.expect(ok, started.size() + " started (cap " + cap + ", " + limit + "); then "
                + (refused == null ? "none refused" : refused.describe()));
    }

    private Outcome rootMayDoAll() throws Exception {
        Reply list = call(null, "session.list", Json.object());
        ObjectNode exec = idParams();
        exec.putArray("argv").add("cat").add("README");
        Reply ran = call(null, "session.exec", exec);
        ObjectNode online = idParams();
        online.put("network", "online");
        Reply switched = call(null, "session.set-network", online);
        Reply ps = call(null, "session.ps", idParams());
        Reply stopped = call(null, "session.stop", idParams());
        boolean ok = list.code() == 0 && list.stdout().contains(aliceSession) && ran.code() == 0
                && ran.stdout().contains("alice's project") && switched.code() == 0
                && switched.result().path("network").asText().equals("online") && ps.code() == 0 && stopped.code() == 0;
        return Outcome.expect(ok, "list " + list.code() + ", exec " + ran.code() + ", set-network " + switched.code()
                + ", ps " + ps.code() + ", stop " + stopped.code() + (ok ? "" : "; " + switched.describe()));
    }

    private Outcome rootReadsSecret() throws Exception {
        ObjectNode p = workspace(existing(scratch.resolve("root-project")));
        p.put("network", "online");
        p.putArray("secrets").add(SECRET);
        p.putArray("argv").add("printenv").add(SECRET);
        Reply r = call(null, "run", p);
        return Outcome.expect(r.code() == 0 && r.stdout().strip().equals(SECRET_VALUE), "exit " + r.code()
                + (r.code() == 0 ? "" : ": " + r.describe()));
    }

    /**
     * Every process's command line, read from /proc every few milliseconds while an online session with the secret
     * starts, runs a command that reads it and stops: the value must appear in none. The detail lists what shows the
     * session's workspace (the mount helper while the runner starts) for docs/architecture.md.
     */
    private Outcome noSecretInCommandLines() throws Exception {
        Path project = existing(scratch.resolve("root-ps-project"));
        java.util.Set<String> withSecret = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> withWorkspace = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();
        Thread scanner = new Thread(() -> {
            while (!done.get()) {
                try (var procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                    for (Path proc : procs) {
                        String line;
                        try {
                            line = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                        } catch (IOException gone) {
                            continue;
                        }
                        if (line.contains(SECRET_VALUE)) {
                            withSecret.add(line);
                        }
                        if (line.contains(project.toString()) && !line.contains("cordon_client.py")) {
                            String[] words = line.split(" ");
                            withWorkspace.add(words[0].replaceAll(".*/", "") + (words.length > 1 ? " " + words[1] : ""));
                        }
                    }
                    scans.incrementAndGet();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "cmdline-scanner");
        scanner.start();
        Reply r;
        try {
            ObjectNode p = workspace(project);
            p.put("network", "online");
            p.putArray("secrets").add(SECRET);
            p.putArray("argv").add("sh").add("-c").add("sleep 1; printenv " + SECRET + " | wc -c; sleep 1");
            r = call(null, "run", p);
        } finally {
            done.set(true);
            scanner.join();
        }
        boolean ran = r.code() == 0 && r.stdout().strip().equals(Integer.toString(SECRET_VALUE.length() + 1));
        return Outcome.expect(ran && withSecret.isEmpty() && scans.get() > 10, (ran ? "" : r.describe() + "; ")
                + scans.get() + " scans; command lines with the secret: " + withSecret.size()
                + "; showing the workspace: " + withWorkspace);
    }

    /**
     * Review finding R29: the runner's mount helper binds each kept path under /tmp (an {@code --allow-socket} socket,
     * a writable root) back into the runner's fresh /tmp by its path, as root, at every runner start. alice names a
     * socket (or lends a directory) of her own under a directory of hers, then swaps that directory for a symlink to
     * a 0755 directory inside bob's 0700 home where a file of the same name lies, and switches the network (a runner
     * start, planned with the paths recorded at the session's start). The mount helper must refuse the symlink on the
     * way (the runner does not start) rather than bind bob's file into alice's runner, where her commands would read
     * what neither she nor the sandbox account can reach.
     */
    private Outcome swappedAboveKeptPath(boolean socketKept) throws Exception {
        String tag = socketKept ? "sock" : "root";
        Path base = ownedDir(scratch.resolve("alice-swap-" + tag), alice);
        Path mine = ownedDir(base.resolve("m"), alice);
        Path project = ownedDir(scratch.resolve("alice-swap-ws-" + tag), alice);
        Path bobs = ownedDir(ThrowawayUsers.home(bob).resolve("pub-" + tag), bob);
        String secret = "BOB-BEHIND-0700-" + tag;
        ObjectNode params = workspace(project);
        Path kept;
        if (socketKept) {
            kept = mine.resolve("leak");
            Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(alice), "--regid=" + PosixIds.gid(alice), "--init-groups",
                    "--", PYTHON, "-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", kept.toString()))
                    .orThrow("bind a socket as alice");
            ownedFile(bobs.resolve("leak"), bob, secret + "\n", "rw-r--r--");
            params.putArray("allowSockets").add(kept.toString());
        } else {
            kept = ownedDir(mine.resolve("w"), alice);
            ownedDir(bobs.resolve("w"), bob);
            ownedFile(bobs.resolve("w").resolve("leak"), bob, secret + "\n", "rw-r--r--");
            params.putArray("writable").add(kept.toString());
        }
        Path read = socketKept ? kept : kept.resolve("leak");
        Exec.Result direct = Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(alice), "--regid=" + PosixIds.gid(alice),
                "--init-groups", "--", "cat", bobs.resolve(socketKept ? "leak" : "w/leak").toString()));
        if (direct.exitCode() == 0) {
            return Outcome.fail("set-up: alice reads bob's file directly: " + direct.stdout().strip());
        }
        Reply started = call(alice, "session.start", params);
        if (started.code() != 0) {
            return Outcome.fail("alice could not start the session: " + started.describe());
        }
        String id = started.result().path("id").asText();
        try {
            Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(alice), "--regid=" + PosixIds.gid(alice), "--init-groups",
                    "--", "sh", "-c", "mv \"$1\" \"$1.old\" && ln -s \"$2\" \"$1\"", "swap", mine.toString(), bobs.toString()))
                    .orThrow("swap as alice");
            ObjectNode online = idParams(id);
            online.put("network", "online");
            Reply switched = call(alice, "session.set-network", online);
            ObjectNode exec = idParams(id);
            exec.putArray("argv").add("cat").add(read.toString());
            Reply ran = call(alice, "session.exec", exec);
            boolean leaked = ran.stdout().contains(secret) || ran.out().contains(secret);
            return Outcome.expect(!leaked, "set-network " + switched.describe() + "; cat " + read + ": " + ran.describe()
                    + (leaked ? " (bob's file, bound into alice's runner)" : ""));
        } finally {
            call(null, "session.stop", idParams(id));
            TestInstance.deleteTree(bobs);
        }
    }

    /**
     * Review finding R30 (sibling of R27's purge): the socket probe of {@code cordon doctor} and {@code cordon network
     * prove} lends a throw-away workspace under /tmp to its session and deletes it by path afterwards, as root. When
     * any local user may write in it (it was 0777), that user (bob here: no group of Cordon's is needed) moves in a
     * directory of 3000 files and, once root's deletion has begun in it (its mtime moves), swaps it for a symlink to a
     * root directory holding files of the same names: each later unlink by path then goes through the symlink. Root's
     * files must all be there after the probe.
     */
    private Outcome probeWorkspacePlanted() throws Exception {
        int files = 3000;
        Path victim = existing(shared.resolve("probe-victim"));
        for (int i = 0; i < files; i++) {
            Files.writeString(victim.resolve(String.format("f%05d", i)), "root's\n");
        }
        Path stage = ownedDir(scratch.resolve("bob-probe-stage"), bob);
        Path attacker = hostDir.resolve("probe-plant.py");
        Files.writeString(attacker, String.join("\n",
                "import os, sys, time",
                "stage, victim, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
                "d = os.path.join(stage, 'd')",
                "os.mkdir(d)",
                "for i in range(n):",
                "    open(os.path.join(d, 'f%05d' % i), 'w').close()",
                "print('ready', flush=True)",
                "ws = sys.stdin.readline().strip()",
                "try:",
                "    os.rename(d, os.path.join(ws, 'd'))",
                "except OSError as e:",
                "    print('plant refused:', e, flush=True); sys.exit(0)",
                "print('planted', flush=True)",
                "planted = os.path.join(ws, 'd')",
                "m = os.stat(planted).st_mtime_ns",
                "end = time.time() + 90",
                "while time.time() < end:",
                "    try:",
                "        if os.stat(planted).st_mtime_ns != m:",
                "            os.rename(planted, os.path.join(ws, 'd.old')); os.symlink(victim, planted)",
                "            print('swapped', flush=True); break",
                "    except OSError as e:",
                "        print('lost:', e, flush=True); break",
                ""));
        Files.setPosixFilePermissions(attacker, PosixFilePermissions.fromString("rw-r--r--"));
        Process plant = new ProcessBuilder("setpriv", "--reuid=" + PosixIds.uid(bob), "--regid=" + PosixIds.gid(bob),
                "--init-groups", "--", PYTHON, attacker.toString(), stage.toString(), victim.toString(), Integer.toString(files))
                .redirectErrorStream(true).start();
        java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(plant.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder(said.readLine()).append(' ');
        dev.cordon.platform.NetworkProbe real = backend.platform().networkProbe();
        dev.cordon.platform.NetworkProbe planting = new dev.cordon.platform.NetworkProbe() {
            @Override
            public List<Attempt> probe(String account, List<Target> targets) {
                return real.probe(account, targets);
            }

            @Override
            public LocalListener listenLocal(Path path) {
                return real.listenLocal(path);
            }

            @Override
            public List<String> stageClient(Path dir) throws IOException {
                List<String> command = real.stageClient(dir);
                plant.getOutputStream().write((dir.getParent() + "\n").getBytes(StandardCharsets.UTF_8));
                plant.getOutputStream().flush();
                log.append(said.readLine()).append(' ');
                return command;
            }
        };
        try {
            String probed;
            try {
                probed = String.valueOf(dev.cordon.session.SocketProbe.run(backend::sessions, planting,
                        backend.platform().fileSecurity(), dev.cordon.session.NetworkMode.OFFLINE).attempt());
            } catch (RuntimeException e) {
                probed = "probe failed: " + e.getMessage();
            }
            if (!plant.waitFor(30, TimeUnit.SECONDS)) {
                plant.destroyForcibly();
            }
            log.append(new String(plant.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().replace('\n', ' '));
            long left;
            try (var listing = Files.list(victim)) {
                left = listing.count();
            }
            return Outcome.expect(left == files, "bob: " + log + "; root's files left " + left + "/" + files + "; probe: "
                    + probed);
        } finally {
            plant.destroyForcibly();
            TestInstance.deleteTree(victim);
        }
    }

    private Outcome offlineToOnlineThroughSocketNames() throws Exception {
        String secretHex = HexFormat.of().formatHex("ALICE-PRIVATE\n".getBytes(StandardCharsets.UTF_8));
        Path out = hostDir.resolve("r224-y4.out");
        Process offline = aliceOfflineInBackground(String.join("\n",
                "import os, socket, time",
                "d = open('" + aliceProject.resolve("secret.txt") + "', 'rb').read().hex()",
                "a = socket.socket(socket.AF_UNIX); a.bind('\\0Y4A-' + d)",
                "p = socket.socket(socket.AF_UNIX); p.bind(os.environ['TMPDIR'] + '/Y4P-' + d); p.listen(1)",
                "print('bound', d, flush=True)",
                "time.sleep(20)"), out);
        try {
            Thread.sleep(6000);
            Reply r = bobOnline("r224", "sh", "grep -o 'Y4[AP]-[0-9a-f]*' /proc/net/unix | sort -u");
            String seen = r.stdout().strip().replace('\n', ' ');
            boolean leaked = seen.contains(secretHex);
            String decoded = leaked ? new String(HexFormat.of().parseHex(secretHex), StandardCharsets.UTF_8).strip() : "-";
            Reply show = call(alice, "session.show", idParams(aliceSession));
            return Outcome.expect(!leaked, "alice's session " + aliceSession + " (network "
                    + show.result().path("network").asText() + ") bound sockets named after " + aliceProject.resolve("secret.txt")
                    + " (0600); bob's online session read in /proc/net/unix: " + seen + " (" + r.describe()
                    + ") = \"" + decoded + "\"");
        } finally {
            awaitOrKill(offline);
        }
    }

    private Outcome offlineThroughListeningPorts() throws Exception {
        Path out = hostDir.resolve("r224-y4b.out");
        Process offline = aliceOfflineInBackground(String.join("\n",
                "import socket",
                "d = open('" + aliceProject.resolve("secret.txt") + "', 'rb').read()[:8]",
                "ls = []",
                "for i, b in enumerate(d):",
                "    s = socket.socket(); s.bind(('127.0.0.1', 47000 + i * 256 + b)); s.listen(1); ls.append(s)",
                "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 46999)); u.settimeout(25)",
                "print('listening', flush=True)",
                "try:",
                "    print('offline got:', u.recvfrom(100)[0].decode(), flush=True)",
                "except Exception as x:",
                "    print('offline got nothing:', x, flush=True)"), out);
        String bobSaw;
        try {
            Thread.sleep(6000);
            Reply r = bobOnline("r224b", "/usr/bin/python3", String.join("\n",
                    "import socket",
                    "got = {}",
                    "for line in open('/proc/net/tcp').read().splitlines()[1:]:",
                    "    f = line.split()",
                    "    port = int(f[1].split(':')[1], 16)",
                    "    if f[3] == '0A' and 47000 <= port < 47000 + 8 * 256:",
                    "        got[(port - 47000) // 256] = (port - 47000) % 256",
                    "print('bob read:', bytes(got[i] for i in sorted(got)).decode('latin-1'))",
                    "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'Y4C-FROM-BOB', ('127.0.0.1', 46999))"));
            bobSaw = r.stdout().strip() + " (" + r.describe() + ")";
        } finally {
            awaitOrKill(offline);
        }
        String offlineSaw = new Reply(0, Files.readString(out), "").stdout().strip().replace('\n', ' ');
        boolean leaked = bobSaw.contains("bob read: ALICE-PR");
        boolean ingress = offlineSaw.contains("offline got: Y4C-FROM-BOB");
        return Outcome.expect(!leaked && !ingress, "alice's offline session " + aliceSession + ": " + offlineSaw
                + "; bob's online session: " + bobSaw);
    }

    private Outcome offlineAcceptsFromOutside() throws Exception {
        String name = "r224c-" + runTag();
        Path out = hostDir.resolve("r224-y4c.out");
        Process offline = aliceOfflineInBackground(String.join("\n",
                "import socket",
                "s = socket.socket(socket.AF_UNIX); s.bind('\\0" + name + "'); s.listen(1); s.settimeout(25)",
                "print('listening', flush=True)",
                "try:",
                "    c, _ = s.accept()",
                "    c.sendall(open('" + aliceProject.resolve("secret.txt") + "', 'rb').read())",
                "    print('offline got:', c.recv(100).decode(), flush=True)",
                "except Exception as x:",
                "    print('offline: nobody came:', x, flush=True)"), out);
        Exec.Result bobs;
        try {
            Thread.sleep(6000);
            bobs = Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(bob), "--regid=" + PosixIds.gid(bob),
                    "--init-groups", "--", PYTHON, "-c", String.join("\n",
                            "import socket",
                            "c = socket.socket(socket.AF_UNIX); c.connect('\\0" + name + "')",
                            "print('bob got:', c.recv(100).decode().strip())",
                            "c.sendall(b'Y4C-REPLY-FROM-BOB')")), null, Map.of("HOME", hostDir.toString()), 30);
        } finally {
            awaitOrKill(offline);
        }
        String offlineSaw = new Reply(0, Files.readString(out), "").stdout().strip().replace('\n', ' ');
        String bobSaw = (bobs.stdout() + " " + bobs.stderr()).strip().replace('\n', ' ');
        boolean open = bobSaw.contains("bob got: ALICE-PRIVATE") || offlineSaw.contains("Y4C-REPLY-FROM-BOB");
        return Outcome.expect(!open, "alice's offline session " + aliceSession + ": " + offlineSaw + "; bob (a local"
                + " user, no session): " + bobSaw);
    }

    private Outcome onlineSessionConnectsIn() throws Exception {
        String name = "r224d-" + runTag();
        Path out = hostDir.resolve("r224-y4d.out");
        Process offline = aliceOfflineInBackground(String.join("\n",
                "import socket",
                "s = socket.socket(socket.AF_UNIX); s.bind('\\0" + name + "'); s.listen(1); s.settimeout(20)",
                "try:",
                "    c, _ = s.accept(); c.sendall(b'Y4D-FROM-OFFLINE'); print('accepted', flush=True)",
                "except Exception as x:",
                "    print('offline: nobody came:', x, flush=True)"), out);
        String bobSaw;
        try {
            Thread.sleep(6000);
            Reply r = bobOnline("r224d", "/usr/bin/python3", String.join("\n",
                    "import socket",
                    "c = socket.socket(socket.AF_UNIX)",
                    "try:",
                    "    c.connect('\\0" + name + "'); print('bob got:', c.recv(100).decode())",
                    "except Exception as x:",
                    "    print('bob refused:', x)"));
            bobSaw = r.stdout().strip();
        } finally {
            awaitOrKill(offline);
        }
        String offlineSaw = new Reply(0, Files.readString(out), "").stdout().strip().replace('\n', ' ');
        return Outcome.expect(!bobSaw.contains("Y4D-FROM-OFFLINE"), "offline: " + offlineSaw + "; bob's online session: " + bobSaw);
    }

    // ------------------------------------------------------------------ the forty-seventh review (Y1, Y1b, Y5)

    /** Python for the rows that write frames themselves: imports, {@code frame(obj)}, {@code read_frame(sock)}. */
    private static final String FRAMING_PY = String.join("\n",
            "import json, socket, struct, sys, time",
            "def frame(obj):",
            "    b = json.dumps(obj).encode()",
            "    return struct.pack('>I', len(b)) + b",
            "def read_exactly(s, n):",
            "    buf = b''",
            "    while len(buf) < n:",
            "        c = s.recv(n - len(buf))",
            "        if not c: raise EOFError('host closed')",
            "        buf += c",
            "    return buf",
            "def read_frame(s):",
            "    return json.loads(read_exactly(s, struct.unpack('>I', read_exactly(s, 4))[0]))");

    /**
     * Pipelines N requests with one very long string on one connection (the example client takes params on its command
     * line, which cannot hold 1,000,000 characters) and prints {@code {"codes": {kind: count}, "message": first error}}.
     */
    private static final String BIG_REQUESTS_PY = String.join("\n", FRAMING_PY,
            "mode, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "if mode == 'secret':",
            "    method, params = 'session.start', {'workspace': sys.argv[4], 'secrets': ['S' * 1000000]}",
            "elif mode == 'show':",
            "    method, params = 'session.show', {'id': sys.argv[4]}",
            "elif mode == 'reason':",
            "    method, params = 'session.set-network', {'id': sys.argv[4], 'network': sys.argv[5], 'reason': 'R' * 1000000}",
            "else:",
            "    argv = {'argv-many': lambda: ['true'] + ['a'] * 200000, 'argv-long': lambda: ['sh', '-c', 'x' * 300000],",
            "            'argv-bound': lambda: ['true'] + ['a' * 14] * 16383}[mode]()",
            "    method, params = 'session.exec', {'id': sys.argv[4], 'argv': argv}",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path)",
            "codes, message, sent, got = {}, None, 0, 0",
            "while got < n:",
            "    while sent < n and sent - got < 32:",
            "        s.sendall(frame({'v': 1, 'id': sent + 1, 'method': method, 'params': params})); sent += 1",
            "    f = read_frame(s)",
            "    if f.get('type') in ('result', 'error'):",
            "        got += 1",
            "        k = f['error']['kind'] if f['type'] == 'error' else 'ok'",
            "        codes[k] = codes.get(k, 0) + 1",
            "        if message is None and f['type'] == 'error':",
            "            message = f['error']['message'][:300] + ' Fix: ' + str(f['error']['fix'])[:300]",
            "print(json.dumps({'codes': codes, 'message': message}))");

    /**
     * {@code mode} secret (session.start), show (session.show), reason (session.set-network) or argv-many, argv-long,
     * argv-bound (session.exec in the session {@code args[0]}), {@code n} times, as {@code as}.
     */
    private static Exec.Result bigRequests(Account as, String mode, int n, String... args) throws IOException {
        Path script = hostDir.resolve("big-requests.py");
        if (!Files.exists(script)) {
            Files.writeString(script, BIG_REQUESTS_PY);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + PosixIds.uid(as),
                "--regid=" + PosixIds.gid(as), "--init-groups", "--", PYTHON, script.toString(), mode, socket.toString(),
                Integer.toString(n)));
        command.addAll(List.of(args));
        return Exec.run(command, null, Map.of("HOME", hostDir.toString()), 600);
    }

    private static long auditBytes() throws IOException {
        Path f = backend.audit().file();
        return Files.exists(f) ? Files.size(f) : 0;
    }

    /** The session.set-network records of session {@code id} in the audit log. */
    private static List<JsonNode> switchesAudited(String id) {
        return backend.audit().read(0).stream().filter(a -> a.path("action").asText().equals("session.set-network"))
                .filter(a -> a.path("args").path("session").asText().equals(id)).toList();
    }

    /** A new session of alice's in a new directory of hers named after {@code row}; its id. */
    private static String aliceStartsIn(String row) throws Exception {
        return aliceStartsIn(ownedDir(scratch.resolve(row + "-" + runTag()), alice));
    }

    /** A new session of alice's in her directory {@code dir}; its id. */
    private static String aliceStartsIn(Path dir) throws Exception {
        Reply started = call(alice, "session.start", workspace(dir));
        if (started.code() != 0) {
            throw new IllegalStateException("alice could not start a session: " + started.describe());
        }
        return started.result().path("id").asText();
    }

    /**
     * Y5: online with forSeconds Long.MAX_VALUE relaunched the runner online, then overflowed computing the revert time
     * before the audit record: exit 70, the session online, no record. Now refused before anything changes.
     */
    private Outcome hugeForSecondsRefusedBeforeTheSwitch() throws Exception {
        String id = aliceStartsIn("r225");
        try {
            int before = switchesAudited(id).size();
            ObjectNode p = idParams(id);
            p.put("network", "online");
            p.put("forSeconds", Long.MAX_VALUE);
            Reply r = call(alice, "session.set-network", p);
            String network = call(alice, "session.show", idParams(id)).result().path("network").asText();
            int after = switchesAudited(id).size();
            ObjectNode e = idParams(id);
            e.putArray("argv").add("sh").add("-c").add("id -un");
            Reply ran = call(alice, "session.exec", e);
            boolean unaudited = network.equals("online") && after == before;
            boolean refused = r.code() == 2 && r.stderr().contains("forSeconds") && r.stderr().contains("31536000");
            return Outcome.expect(!unaudited && refused && network.equals("offline"), "set-network answered "
                    + r.describe() + "; session.show says network " + network + " (its command runs as "
                    + ran.stdout().strip() + "); session.set-network audit records of " + id + ": " + before
                    + " before, " + after + " after");
        } finally {
            call(null, "session.stop", idParams(id));
        }
    }

    /** Y1: each refused start with a 1,000,000-character secret name wrote it whole into the audit log (2 MiB each). */
    private Outcome longSecretNamesRefusedUnaudited() throws Exception {
        long before = auditBytes();
        long t0 = System.nanoTime();
        Exec.Result r = bigRequests(alice, "secret", 30, aliceProject.toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long grown = auditBytes() - before;
        String out = r.stdout().strip();
        boolean refused = out.contains("\"usage\": 30") && out.contains("'secrets'") && out.contains("at most 64");
        return Outcome.expect(r.ok() && refused && grown < 1L << 20, "alice's 30 session.start requests with a"
                + " 1,000,000-character secret name each: " + out + " " + r.stderr().strip() + "; the audit log "
                + backend.audit().file() + " grew by " + grown + " bytes in " + ms + " ms");
    }

    /** Y1b: each set-network with a 1,000,000-character reason wrote it whole into the audit log. */
    private Outcome longReasonsRefusedUnaudited() throws Exception {
        long before = auditBytes();
        Exec.Result r = bigRequests(alice, "reason", 30, aliceSession, "offline");
        long grown = auditBytes() - before;
        String out = r.stdout().strip();
        boolean refused = out.contains("\"usage\": 30") && out.contains("'reason'") && out.contains("at most 1024");
        return Outcome.expect(r.ok() && refused && grown < 1L << 20, "alice's 30 session.set-network calls on her own"
                + " offline session " + aliceSession + " (to offline: no switch) with a 1,000,000-character reason: " + out
                + " " + r.stderr().strip() + "; the audit log grew by " + grown + " bytes");
    }

    /**
     * R234: every refused request of a member was one audit record, so a member's flood of small refusals grew the log
     * without end and, with rotation, would push root's records out. Now beyond 30 a minute they are counted (one
     * host.refused.counted record when the minute ends) and the log is rotated at 64 MiB keeping 4 older files.
     */
    /**
     * alice's fixture session, started again in her project when an earlier row ended it: a row that needs a live
     * session of hers passes alone and in the whole suite alike.
     */
    private static String liveAliceSession() throws Exception {
        Reply show = call(alice, "session.show", idParams(aliceSession));
        String state = show.code() == 0 ? show.result().path("state").asText() : "";
        if (state.equals("IDLE") || state.equals("RUNNING")) {
            return aliceSession;
        }
        Reply started = call(alice, "session.start", workspace(aliceProject));
        if (started.code() != 0) {
            throw new IllegalStateException("alice could not start her session again: " + started.describe());
        }
        aliceSession = started.result().path("id").asText();
        return aliceSession;
    }

    private Outcome refusalFloodCountedNotRecorded() throws Exception {
        Account flooder = users.create("czaf", installed.test().instance.usersGroup());
        String mark = "r234-" + runTag();
        backend.audit().record("smoke.r234", Map.of("mark", mark), "ok", "root's record from before the flood");
        int n = 3000;
        Exec.Result r = bigRequests(flooder, "show", n, liveAliceSession());
        List<JsonNode> tail = backend.audit().read(n + 200);
        int at = -1;
        for (int i = 0; i < tail.size(); i++) {
            if (tail.get(i).path("args").path("mark").asText().equals(mark)) {
                at = i;
            }
        }
        String actor = flooder.name() + " (";
        long recorded = at < 0 ? -1 : tail.subList(at + 1, tail.size()).stream()
                .filter(e -> e.path("actor").asText().startsWith(actor)).count();
        Path file = backend.audit().file();
        long allFiles;
        try (var files = Files.list(file.getParent())) {
            allFiles = files.filter(f -> f.getFileName().toString().startsWith(file.getFileName().toString()))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        String out = r.stdout().strip();
        return Outcome.expect(r.ok() && out.contains("\"forbidden\": " + n) && at >= 0 && recorded <= 32
                        && allFiles <= 5L * (64L << 20),
                flooder.name() + "'s " + n + " session.show requests on alice's session: " + out + " " + r.stderr().strip()
                        + "; root's record " + (at >= 0 ? "still there" : "GONE") + "; records of " + flooder.name()
                        + " after it: " + recorded + "; the audit files hold " + allFiles + " bytes");
    }

    /** How many commands session {@code id} ran, as session.show tells its owner alice (kept and earlier); -1: no answer. */
    private static long commandsRun(String id) throws IOException {
        Reply show = call(alice, "session.show", idParams(id));
        JsonNode s = show.result();
        return show.code() != 0 ? -1 : s.path("earlierCommands").asLong(0) + s.path("commands").size();
    }

    /**
     * V1: the API bounded an argv only by the 1 MiB frame, and the session's history kept each whole. Now an argv
     * beyond 16,384 entries or 256 KiB is refused before anything runs or is recorded.
     */
    private Outcome longArgvRefusedUnrecorded() throws Exception {
        liveAliceSession();
        long before = commandsRun(aliceSession);
        Exec.Result many = bigRequests(alice, "argv-many", 1, aliceSession);
        Exec.Result longOne = bigRequests(alice, "argv-long", 1, aliceSession);
        long after = commandsRun(aliceSession);
        String m = many.stdout().strip();
        String l = longOne.stdout().strip();
        boolean refused = m.contains("\"usage\": 1") && m.contains("argv") && m.contains("at most 16384")
                && l.contains("\"usage\": 1") && l.contains("argv") && l.contains("at most 262144");
        return Outcome.expect(many.ok() && longOne.ok() && refused && before >= 0 && after == before, "200,001 arguments: " + m + " "
                + many.stderr().strip() + "; a 300,000-byte argument: " + l + " " + longOne.stderr().strip()
                + "; commands in alice's session " + aliceSession + " (session.show; -1: it failed): " + before + " before, "
                + after + " after");
    }

    /** The JVM that serves: the test's {@code cordon serve}, or the one it ran itself again as (ServeRelaunch). */
    private static long hostJvm() {
        return host.toHandle().children().filter(c -> c.info().arguments().map(a -> String.join(" ", a)
                .contains("cordon.serve.relaunched")).orElse(false)).mapToLong(ProcessHandle::pid).findFirst()
                .orElse(host.pid());
    }

    /** The serving JVM's peak resident set in KiB (VmHWM), after {@code reset} sets it to what is resident now. */
    private static long hostPeakRssKib(boolean reset) throws IOException {
        Path proc = Path.of("/proc", Long.toString(hostJvm()));
        if (reset) {
            Files.writeString(proc.resolve("clear_refs"), "5");
        }
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in " + proc.resolve("status"));
    }

    /** The host's live heap in KiB: {@code jcmd GC.run}, then the used size {@code GC.heap_info} reports. */
    private static long hostHeapAfterGcKib() throws IOException {
        String pid = Long.toString(hostJvm());
        Exec.run(List.of("jcmd", pid, "GC.run"), null, Map.of(), 120);
        String info = Exec.run(List.of("jcmd", pid, "GC.heap_info"), null, Map.of(), 120).stdout();
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info named no used size: " + info.strip());
        }
        return Long.parseLong(used.group(1));
    }

    /**
     * V1: 60 execs of 200,000 arguments took the host's live heap from 11 to 606 MiB (each argv kept whole in the
     * history), and root's session.list then failed ("too large to send"). Here 60 execs at the new bound in a session
     * of alice's: before the fix the history keeps about 1 MiB of objects per exec (60 MiB) and the list is beyond the
     * frame; after, 1 KiB of each.
     */
    private Outcome argvAtTheBoundKeepsTheHostBounded() throws Exception {
        String id = aliceStartsIn("r230b");
        try {
            long heapBefore = hostHeapAfterGcKib();
            Exec.Result execs = bigRequests(alice, "argv-bound", 60, id);
            long heapAfter = hostHeapAfterGcKib();
            Reply list = call(null, "session.list", Json.object());
            long grownMib = (heapAfter - heapBefore) / 1024;
            String out = execs.stdout().strip();
            return Outcome.expect(out.contains("\"ok\": 60") && list.code() == 0 && grownMib < 24, "alice's 60 execs"
                    + " of 16,384 arguments: " + out + " " + execs.stderr().strip() + "; the host's heap after a full GC "
                    + heapBefore / 1024 + " MiB before, " + heapAfter / 1024 + " MiB after (+" + grownMib + " MiB);"
                    + " root's session.list: " + (list.code() == 0 ? "exit 0, " + list.out().length() + " characters"
                    : list.describe()) + "; session " + id + " ran " + commandsRun(id) + " commands (session.show;"
                    + " -1: it failed)");
        } finally {
            call(null, "session.stop", idParams(id));
        }
    }

    /** The compact JSON bytes of a reply's result (as the frame carries it); -1 when it failed. */
    private static long resultBytes(Reply r) throws IOException {
        return r.code() != 0 ? -1 : Json.line(r.result()).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * V1b: a session's path lists and strings were sent whole: a protected path for each of thousands of nested
     * repositories, and 64 writable paths of thousands of control characters (six bytes each in JSON), made alice's
     * session.start and session.show and root's session.list too large to send. Now each reply is bounded
     * (SessionReplies) and counts what it leaves off.
     */
    private Outcome pathListsOfASessionBounded() throws Exception {
        Path base = ownedDir(scratch.resolve("r235-" + runTag()), alice);
        Path ws = Files.createDirectories(base.resolve("ws"));
        String esc = "\u001b".repeat(40);
        for (int i = 0; i < 3000; i++) {
            Path git = Files.createDirectories(ws.resolve("r" + i + "-" + esc).resolve(".git"));
            Files.createDirectories(git.resolve("objects"));
            Files.createDirectories(git.resolve("refs/heads"));
            Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        }
        // the request goes through one argument of the client's (at most 128 KiB): 64 paths of ~1,300 bytes of JSON
        Path deep = base.resolve("w").resolve("\u001b".repeat(200) + "d");
        ObjectNode params = workspace(ws);
        var writable = params.putArray("writable");
        for (int i = 0; i < 64; i++) {
            writable.add(Files.createDirectories(deep.resolve("w" + i)).toString());
        }
        Exec.run(List.of("chown", "-R", PosixIds.uid(alice) + ":" + PosixIds.gid(alice), base.toString()), null,
                Map.of(), 120).orThrow("chown");
        Reply started = call(alice, "session.start", params, 600);
        String id = started.code() == 0 ? started.result().path("id").asText() : startedIn(ws);
        try {
            Reply list = call(null, "session.list", Json.object());
            Reply show = call(alice, "session.show", idParams(id));
            JsonNode summary = Json.object();
            if (list.code() == 0) {
                for (JsonNode s : list.result().path("sessions")) {
                    if (s.path("id").asText().equals(id)) {
                        summary = s;
                    }
                }
            }
            JsonNode whole = show.code() == 0 ? show.result() : Json.object();
            long frame = 1L << 20;
            long listBytes = resultBytes(list);
            long showBytes = resultBytes(show);
            long startBytes = resultBytes(started);
            int shownWritable = whole.path("writable").size();
            int shownProtected = whole.path("protection").path("paths").size();
            boolean counted = summary.path("writable").size() + summary.path("writableNotListed").asLong() == 64
                    && summary.path("protection").path("paths").size()
                    + summary.path("protection").path("pathsNotListed").asLong() >= 3000
                    && shownWritable + whole.path("writableNotListed").asLong() == 64
                    && shownProtected + whole.path("protection").path("pathsNotListed").asLong() >= 3000
                    && whole.path("protection").path("pathsNotListed").asLong() > 0;
            return Outcome.expect(startBytes > 0 && startBytes < frame && listBytes > 0 && listBytes < frame
                            && showBytes > 0 && showBytes < frame && counted,
                    "alice's session.start: " + (startBytes >= 0 ? startBytes + " bytes" : started.describe())
                            + "; root's session.list: " + (listBytes >= 0 ? listBytes + " bytes, the session with "
                            + summary.path("writable").size() + " writable listed (" + summary.path("writableNotListed")
                            .asLong() + " not), " + summary.path("protection").path("paths").size() + " protected paths"
                            + " listed (" + summary.path("protection").path("pathsNotListed").asLong() + " not)"
                            : list.describe()) + "; alice's session.show " + id + ": " + (showBytes >= 0 ? showBytes
                            + " bytes, " + shownWritable + " writable listed (" + whole.path("writableNotListed").asLong()
                            + " not), " + shownProtected + " protected paths listed (" + whole.path("protection")
                            .path("pathsNotListed").asLong() + " not)" : show.describe()));
        } finally {
            if (id != null) {
                call(null, "session.stop", idParams(id), 600);
            }
        }
    }

    /** The id of the session the audit log says was started on {@code workspace} (its start's reply may be lost). */
    private static String startedIn(Path workspace) {
        return backend.audit().read(500).stream().filter(a -> a.path("action").asText().equals("session.start"))
                .filter(a -> a.path("args").path("workspace").asText().equals(workspace.toString()))
                .map(a -> a.path("args").path("session").asText(null)).filter(java.util.Objects::nonNull)
                .reduce((a, b) -> b).orElse(null);
    }

    /** V1b: session.ps sent each process's command line whole (up to ARG_MAX, pids.max of them). */
    private Outcome longCommandLineInPs() throws Exception {
        String id = aliceStartsIn("r235b");
        try {
            Process running = offlineInBackground(id, String.join("\n",
                    "import os",
                    "os.execv('/bin/sh', ['sh', '-c', 'sleep 20; :', 'r235b'] + ['x' * 100000] * 12)"),
                    hostDir.resolve("r235b.out"));
            Reply ps;
            try {
                Thread.sleep(4000);
                ps = call(null, "session.ps", idParams(id));
            } finally {
                awaitOrKill(running);
            }
            long bytes = resultBytes(ps);
            long longest = 0;
            if (ps.code() == 0) {
                for (JsonNode p : ps.result().path("processes")) {
                    longest = Math.max(longest, p.path("commandLine").asText().length());
                }
            }
            boolean clipped = ps.code() == 0 && ps.out().contains("clipped");
            return Outcome.expect(bytes > 0 && bytes < (1L << 20) && clipped, "root's session.ps of " + id + ": "
                    + (bytes >= 0 ? bytes + " bytes, its longest command line " + longest + " characters"
                    + (clipped ? " (clipped)" : "") : ps.describe()));
        } finally {
            call(null, "session.stop", idParams(id));
        }
    }

    private Outcome switchedOfflineGetsANetworkOfItsOwn() throws Exception {
        Path dir = ownedDir(ThrowawayUsers.home(alice).resolve("r224e-" + runTag()), alice);
        ObjectNode st = workspace(dir);
        st.put("network", "online");
        Reply started = call(alice, "session.start", st);
        String id = started.result().path("id").asText();
        try {
            ObjectNode sw = idParams(id);
            sw.put("network", "offline");
            sw.put("reason", "r224e");
            Reply switched = call(alice, "session.set-network", sw);
            String token = "Z3TOKEN-" + runTag();
            Process offline = offlineInBackground(id, String.join("\n",
                    "import socket, time",
                    "a = socket.socket(socket.AF_UNIX); a.bind('\\0" + token + "')",
                    "print('bound', flush=True)",
                    "time.sleep(20)"), hostDir.resolve("r224e.out"));
            String seen;
            try {
                Thread.sleep(6000);
                seen = bobOnline("r224e", "sh", "grep -c " + token + " /proc/net/unix").stdout().strip();
            } finally {
                awaitOrKill(offline);
            }
            Reply show = call(alice, "session.show", idParams(id));
            return Outcome.expect(seen.equals("0"), "switch: " + switched.describe() + "; session " + id + " network "
                    + show.result().path("network").asText() + "; bob's online session counted the name in /proc/net/unix: "
                    + seen);
        } finally {
            call(alice, "session.stop", idParams(id));
        }
    }

    private Outcome longWorktreeValuesResolvedForEveryWorktree() throws Exception {
        Path ws = ownedDir(ThrowawayUsers.home(alice).resolve("r229-" + runTag()), alice);
        Path git = Files.createDirectories(ws.resolve(".git"));
        Files.createDirectories(git.resolve("objects"));
        Files.createDirectories(git.resolve("refs/heads"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        // each config file at most 1 MiB, 64 MiB in all: 60 included files of one ~1 MB core.worktree each
        String value = "/usr/..".repeat(148_000) + "/"; // leads to /, which holds every worktree: no early refusal
        Path inc = Files.createDirectories(git.resolve("inc"));
        StringBuilder config = new StringBuilder("[core]\n\thooksPath = h\n[include]\n");
        for (int i = 0; i < 60; i++) {
            Files.writeString(inc.resolve("i" + i), "[core]\n\tworktree = " + value + "\n");
            config.append("\tpath = inc/i").append(i).append('\n');
        }
        Files.writeString(git.resolve("config"), config);
        for (int k = 0; k < 5; k++) {
            Path wt = Files.createDirectories(ws.resolve("w" + k));
            Path gd = Files.createDirectories(git.resolve("worktrees/w" + k));
            Files.writeString(gd.resolve("HEAD"), "ref: refs/heads/main\n");
            Files.writeString(gd.resolve("commondir"), "../..\n");
            Files.writeString(gd.resolve("gitdir"), wt.resolve(".git") + "\n");
            Files.writeString(wt.resolve(".git"), "gitdir: " + gd + "\n");
        }
        Exec.run(List.of("chown", "-R", alice.name() + ":", ws.toString()), null, Map.of(), 60);
        long t0 = System.nanoTime();
        Reply r = call(alice, "session.start", workspace(ws), 600);
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        if (r.code() == 0) {
            call(alice, "session.stop", idParams(r.result().path("id").asText()));
        }
        String d = r.describe();
        return Outcome.expect(secs < 60, "start took " + secs + " s: " + (d.length() > 400 ? d.substring(0, 400) : d));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Starts {@code program} with python3 in alice's offline session, through the socket as alice, in the background
     * (it listens while another party looks); what it prints goes to {@code out}.
     */
    private static Process aliceOfflineInBackground(String program, Path out) throws IOException {
        return offlineInBackground(aliceSession, program, out);
    }

    /** As {@link #aliceOfflineInBackground} in alice's session {@code id}. */
    private static Process offlineInBackground(String id, String program, Path out) throws IOException {
        ObjectNode e = idParams(id);
        e.putArray("argv").add("/usr/bin/python3").add("-c").add(program);
        e.put("timeoutSeconds", 40);
        List<String> command = List.of("setpriv", "--reuid=" + PosixIds.uid(alice), "--regid=" + PosixIds.gid(alice),
                "--init-groups", "--", PYTHON, client.toString(), "--socket", socket.toString(), "call", "session.exec",
                "--params", Json.line(e));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** bob's one-shot online {@code run} of {@code program -c script} on a workspace of his own, after the offline one set up. */
    private static Reply bobOnline(String tag, String program, String script) throws Exception {
        Path bobs = ownedDir(scratch.resolve(tag + "-bob-" + runTag()), bob);
        ObjectNode p = workspace(bobs);
        p.put("network", "online");
        p.putArray("argv").add(program).add("-c").add(script);
        return call(bob, "run", p);
    }

    private static void awaitOrKill(Process p) throws InterruptedException {
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }


    /** Refused with FORBIDDEN and {@code expected} in the message; a session that was started anyway is stopped. */
    /**
     * Y3's flood (the reviewer's, smaller): {@code nconn} connections of one member, each says hello; connection 0
     * starts a session in {@code slow}, and while that start holds the member's start lock every connection sends
     * {@code each} session.start requests in all for {@code busy}; then it reads every answer and prints the kinds, the
     * ids of the sessions started and one message per error kind, as one JSON line.
     */
    private static final String IN_FLIGHT_PY = String.join("\n", FRAMING_PY,
            "def kind(f):",
            "    return f['error']['kind'] if f.get('type') == 'error' else 'ok'",
            "path, slow, busy, nconn, each = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])",
            "conns = []",
            "for i in range(nconn):",
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path)",
            "    s.sendall(frame({'v': 1, 'id': 0, 'method': 'host.hello'})); f = read_frame(s)",
            "    if f.get('type') != 'result': raise SystemExit('connection %d was refused: %s' % (i, f))",
            "    conns.append(s)",
            "conns[0].sendall(frame({'v': 1, 'id': 1, 'method': 'session.start', 'params': {'workspace': slow}}))",
            "time.sleep(0.3)",
            "for i, s in enumerate(conns):",
            "    for j in range(each - 1 if i == 0 else each):",
            "        s.sendall(frame({'v': 1, 'id': 100 + j, 'method': 'session.start', 'params': {'workspace': busy}}))",
            "codes, started, messages = {}, [], {}",
            "for s in conns:",
            "    want = each",
            "    while want:",
            "        f = read_frame(s)",
            "        if f.get('type') in ('result', 'error'):",
            "            want -= 1; k = kind(f); codes[k] = codes.get(k, 0) + 1",
            "            if k == 'ok': started.append(f['result']['id'])",
            "            else: messages.setdefault(k, f['error']['message'])",
            "print(json.dumps({'codes': codes, 'started': started, 'messages': messages}))",
            "");

    /** The host's threads now, from /proc/PID/status. */
    private static int hostThreads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + host.pid() + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).strip());
            }
        }
        throw new IllegalStateException("/proc/" + host.pid() + "/status has no Threads: line");
    }

    /**
     * Review finding Y3 (sibling of R39): with R39's 64 connections of 64 session.start requests each, queued on her
     * start lock behind one real start, alice took the host from 36 to 4,196 threads, more than 1,000 above the
     * baseline for 420 s. Here 60 connections of 24 (1,440 requests; her connections bound is 64): the host's peak
     * thread count while they are in flight (sampled every 10 ms) must stay below 400 above the baseline (60
     * connection threads and at most 64 requests in flight, with room for the host's own), and the requests beyond the
     * bound must be refused with a message that names it. Before the fix: a thread per request, about +1,500.
     */
    private Outcome requestsInFlightBounded() throws Exception {
        Path slow = ownedDir(scratch.resolve("r227-" + runTag()), alice);
        Path script = hostDir.resolve("in-flight.py");
        Files.writeString(script, IN_FLIGHT_PY);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        int baseline = hostThreads();
        int[] peak = {baseline};
        java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<Exception> samplerFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread sampler = new Thread(() -> {
            try {
                while (sampling.get()) {
                    peak[0] = Math.max(peak[0], hostThreads());
                    Thread.sleep(10);
                }
            } catch (IOException | RuntimeException e) {
                samplerFailure.set(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "r227-sampler");
        sampler.start();
        Exec.Result flood;
        try {
            flood = Exec.run(List.of("setpriv", "--reuid=" + PosixIds.uid(alice), "--regid=" + PosixIds.gid(alice),
                    "--init-groups", "--", PYTHON, script.toString(), socket.toString(), slow.toString(),
                    aliceProject.toString(), "60", "24"), null, Map.of("HOME", hostDir.toString()), 900);
        } finally {
            sampling.set(false);
            sampler.join();
        }
        if (samplerFailure.get() != null) {
            throw samplerFailure.get();
        }
        String out = flood.stdout().strip();
        JsonNode j = Json.parse(out.lines().reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException(
                "alice's flood printed nothing: exit " + flood.exitCode() + ", " + flood.stderr().strip())));
        List<String> stopped = new ArrayList<>();
        for (JsonNode id : j.path("started")) {
            stopped.add(call(null, "session.stop", idParams(id.asText())).describe());
        }
        String refusal = "";
        for (JsonNode m : j.path("messages")) {
            refusal = m.asText().contains("requests in flight") ? m.asText() : refusal;
        }
        int added = peak[0] - baseline;
        return Outcome.expect(added < 400 && !refusal.isEmpty(), "host threads before " + baseline + ", peak while"
                + " alice's 1,440 requests were in flight " + peak[0] + " (+" + added + "); answers " + j.path("codes")
                + "; refusal naming the bound: " + (refusal.isEmpty() ? "none" : refusal) + "; her " + stopped.size()
                + " sessions started by them stopped: " + stopped);
    }

    private static long meminfo(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("/proc/meminfo has no " + key + ": line");
    }

    /** memory.max of the session's cgroup, as session.usage reports it to its owner alice. */
    private static long memoryMax(String id) throws IOException {
        Reply usage = call(alice, "session.usage", idParams(id));
        String max = usage.result().path("usage").path("memory.max").asText();
        if (!max.matches("[0-9]+")) {
            throw new IllegalStateException("session.usage of " + id + " gave no memory.max in bytes: " + usage.describe());
        }
        return Long.parseLong(max);
    }

    /**
     * Review finding Y2: a member's allowance was more memory than the host has: 8 sessions (--member-max-sessions)
     * of memory.max 4 GiB each, 32 GiB on a 24 GiB machine without swap (a session's HOME and TMPDIR pages count toward
     * its memory.max and stay after its commands end; the reviewer filled 3,500 MiB in one). Shown here by the
     * allowance, not by filling memory: alice, who holds her one session, starts sessions until a start is refused;
     * her live sessions' memory.max (session.usage) together must stay within MemTotal, and the refusal must name
     * --member-max-memory. Before the fix: 8 sessions, 32 GiB, refused only by --member-max-sessions.
     */
    private Outcome memberSessionsMemoryWithinHost() throws Exception {
        long total = meminfo("MemTotal");
        long together = 0; // her live sessions now (the fixture's, unless an earlier row ended it)
        List<String> held = new ArrayList<>();
        for (JsonNode s : call(alice, "session.list", Json.object()).result().path("sessions")) {
            held.add(s.path("id").asText());
            together += memoryMax(s.path("id").asText());
        }
        List<String> started = new ArrayList<>();
        String refusal = null;
        try {
            for (int i = 0; i < MEMBER_MAX_SESSIONS && refusal == null; i++) {
                Reply r = call(alice, "session.start", workspace(ownedDir(scratch.resolve("r228-" + i + "-" + runTag()), alice)));
                if (r.code() == 0) {
                    started.add(r.result().path("id").asText());
                    together += memoryMax(started.get(started.size() - 1));
                } else {
                    refusal = "exit " + r.code() + ": " + (r.err() + r.out()).strip().replace('\n', ' ');
                }
            }
        } finally {
            List<String> failed = new ArrayList<>();
            for (String id : started) {
                Reply stop = call(null, "session.stop", idParams(id));
                if (stop.code() != 0) {
                    failed.add(id + ": " + stop.describe());
                }
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException("root could not stop alice's R228 sessions: " + failed);
            }
        }
        String detail = "alice held " + held + " and started " + started.size() + " more; their memory.max together "
                + (together >> 20) + " MiB, MemTotal " + (total >> 20) + " MiB (swap " + (meminfo("SwapTotal") >> 20)
                + " MiB); the next start: " + (refusal == null ? "not refused" : refusal);
        return Outcome.expect(together <= total && refusal != null && refusal.contains("--member-max-memory"), detail);
    }

    /** A shell line that makes {@code count} directories {@code d1 …}, each with a HEAD beside a commondir, then exits 7. */
    private static String plantGitDirectories(int count) {
        return "i=0; while [ $i -lt " + count + " ]; do i=$((i+1)); echo d$i; done | xargs mkdir && for d in d*; do"
                + " echo 'ref: refs/heads/main' > $d/HEAD; echo ../elsewhere > $d/commondir; done; exit 7";
    }

    /** How many of {@code dir}'s {@code d*} directories still hold a {@code HEAD}. */
    private static long headsLeft(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.filter(d -> d.getFileName().toString().startsWith("d"))
                    .filter(d -> Files.exists(d.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS)).count();
        }
    }

    private static String reportShape(JsonNode lines) {
        return lines.size() + " line(s)" + (lines.isEmpty() ? "" : ", the last: "
                + abbreviated(lines.get(lines.size() - 1).asText()));
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private Outcome plantedByTheThousandStopQuickly() throws Exception {
        Path dir = ownedDir(scratch.resolve("r232-" + runTag()), alice);
        Reply start = call(alice, "session.start", workspace(dir));
        if (start.code() != 0) {
            return Outcome.fail("alice's session did not start: " + start.describe());
        }
        String id = start.result().path("id").asText();
        Reply stop = null;
        try {
            String failed = plantFails(id, plantGitDirectories(60_000), 300);
            if (failed != null) {
                return Outcome.fail("the planting did not finish: " + failed);
            }
            long t0 = System.nanoTime();
            stop = call(alice, "session.stop", idParams(id), 120);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            long left = headsLeft(dir);
            JsonNode lines = gitPlanted(stop);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).asText();
            return Outcome.expect(stop.code() == 0 && seconds < 60 && left == 0 && lines.size() <= 40
                            && last.contains("more entries renamed to NAME.cordon-planted-" + id),
                    "stop " + stop.describe() + " after " + seconds + " s; HEADs left " + left + "; report "
                            + reportShape(lines));
        } finally {
            if (stop == null || stop.code() != 0) {
                call(null, "session.stop", idParams(id), 600);
            }
        }
    }

    private Outcome plantedRunKeepsItsExitCode() throws Exception {
        Path dir = ownedDir(scratch.resolve("r233-" + runTag()), alice);
        ObjectNode p = workspace(dir);
        p.putArray("argv").add("sh").add("-c").add(plantGitDirectories(5_000));
        Reply r = call(alice, "run", p, 120);
        JsonNode lines = Json.MAPPER.createArrayNode();
        for (String line : r.out().lines().toList()) {
            if (line.startsWith("{\"data\"") && Json.parse(line).path("event").asText().equals("gitPlanted")) {
                lines = Json.parse(line).path("data").path("lines");
            }
        }
        long left = headsLeft(dir);
        return Outcome.expect(r.code() == 0 && r.result().path("exitCode").asInt() == 7 && left == 0
                        && lines.size() >= 1 && lines.size() <= 40,
                r.describe() + "; exitCode " + r.result().path("exitCode") + "; HEADs left " + left + "; gitPlanted "
                        + reportShape(lines));
    }

    /** The stop's report of a session alice stopped (none if the stop failed). */
    private static JsonNode gitPlanted(Reply stop) throws IOException {
        return stop.code() == 0 ? stop.result().path("gitPlanted") : Json.MAPPER.createArrayNode();
    }

    /** How the stop ended: exit 0, or its whole answer. */
    private static String stopSaid(Reply stop) {
        return stop.code() == 0 ? "exit 0" : abbreviated(stop.describe());
    }

    /**
     * Root stops alice's session {@code id} unless {@code stop} did, then removes {@code dir} with rm -rf: the fixture's
     * deleteTree cannot remove paths longer than PATH_MAX nor names that are not UTF-8.
     */
    private static void stopAndRemove(String id, Reply stop, Path dir) throws IOException {
        if (stop == null || stop.code() != 0) {
            call(null, "session.stop", idParams(id), 600);
        }
        Exec.run(List.of("rm", "-rf", "--", dir.toString()), null, Map.of(), 600).orThrow("rm -rf " + dir);
    }

    /** A new directory of alice's named after {@code row}, holding her {@code docs} directory with a notes file. */
    private static Path aliceDirWithDocs(String row) throws IOException {
        Path dir = ownedDir(scratch.resolve(row + "-" + runTag()), alice);
        ownedFile(ownedDir(dir.resolve("docs"), alice).resolve("notes.md"), alice, "alice's notes\n", "rw-r--r--");
        return dir;
    }

    /** Runs {@code sh -c script} in alice's session {@code id}: null when it exits 7 (all planted), else the answer. */
    private static String plantFails(String id, String script, int timeoutSeconds) throws IOException {
        ObjectNode exec = idParams(id);
        exec.putArray("argv").add("sh").add("-c").add(script);
        Reply planted = call(alice, "session.exec", exec, timeoutSeconds);
        return planted.result().path("exitCode").asInt() == 7 ? null : planted.describe();
    }

    /** Directories {@code b/b/…} twenty deep: what is planted below them comes after shallower entries in the walk. */
    private static final String DEEP = "b/".repeat(19) + "b";

    /**
     * Review finding W1: the sandbox makes a {@code .claude} whose path is about 4080 bytes, so its renamed path (+25
     * for {@code .cordon-planted-<id>}) passes PATH_MAX and cordon-rename exits at that pair. The walk puts it before
     * everything deeper: alice's own {@code docs} directory (a SessionStart hook in it) that the sandbox moved to
     * {@code b/…/zz/.claude}, not the sandbox's, so the hand-back does not rename it, and, with {@code padding}, 600
     * planted {@code .claude} so the host's write of the pairs meets a closed pipe. {@code notUtf8}: six directory names
     * of 240 bytes 0xFF instead of the deep tree (W1d). {@code atSwitch}: a network switch neutralizes instead of the
     * stop (W1c).
     */
    private Outcome overlongRenameTarget(boolean padding, boolean atSwitch, boolean notUtf8) throws Exception {
        Path dir = aliceDirWithDocs("r236");
        String id = aliceStartsIn(dir);
        Reply stop = null;
        try {
            StringBuilder longDir = new StringBuilder();
            int len = dir.toString().length();
            for (int i = 0; i < 16; i++) {
                longDir.append(i == 0 ? "" : "/").append("x".repeat(240));
                len += 241;
            }
            longDir.append("/").append("y".repeat(4080 - (len + "/.claude".length()) - 1));
            String overlong = notUtf8 ? "n=$(printf '\\377%.0s' $(seq 240)); mkdir -p \"$n/$n/$n/$n/$n/$n/.claude\"; "
                    : "mkdir -p " + longDir + "/.claude; ";
            String script = "set -e; " + overlong + "mkdir -p " + DEEP + "/zz; "
                    + "echo '{\"hooks\":{\"SessionStart\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"touch /tmp/pwned-r236\"}]}]}}'"
                    + " > docs/settings.json; mv docs " + DEEP + "/zz/.claude; "
                    + (padding ? "i=0; while [ $i -lt 600 ]; do i=$((i+1)); mkdir -p " + DEEP + "/p$i/.claude; done; " : "")
                    + "exit 7";
            String failed = plantFails(id, script, 300);
            if (failed != null) {
                return Outcome.fail("the planting did not finish: " + failed);
            }
            Path victim = dir.resolve(DEEP).resolve("zz/.claude");
            if (atSwitch) {
                ObjectNode online = idParams(id);
                online.put("network", "online");
                Reply switched = call(alice, "session.set-network", online, 300);
                if (switched.code() != 0) {
                    switched = call(null, "session.set-network", online, 300);
                }
                boolean left = Files.exists(victim, LinkOption.NOFOLLOW_LINKS);
                return Outcome.expect(!left || (switched.code() != 0 && switched.stderr().contains(victim.toString())),
                        "switch " + abbreviated(switched.describe()) + "; alice's .claude left after the switch: " + left);
            }
            long t0 = System.nanoTime();
            stop = call(alice, "session.stop", idParams(id), 300);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            JsonNode lines = gitPlanted(stop);
            boolean named = false;
            for (JsonNode l : lines) {
                named |= l.asText().contains("COULD NOT rename " + victim);
            }
            boolean left = Files.exists(victim, LinkOption.NOFOLLOW_LINKS);
            return Outcome.expect(stop.code() == 0 && (!left || named), "stop " + stopSaid(stop) + " after "
                    + seconds + " s; alice's .claude left in place: " + left + ", named in a COULD NOT line: " + named
                    + "; report " + reportShape(lines));
        } finally {
            stopAndRemove(id, stop, dir);
        }
    }

    /**
     * Review finding W2: 45 planted {@code .claude} in directories the sandbox made read-only to itself (the stop's
     * renames fail there; the hand-back renames them after, as the sandbox's own), then alice's {@code docs} moved to
     * a deeper {@code .claude}, not the sandbox's: the decoys' COULD NOT lines pushed the line naming hers out of the
     * stop's report and of the audit record.
     */
    private Outcome couldNotDecoysHideTheRealOne() throws Exception {
        Path dir = aliceDirWithDocs("r237");
        String id = aliceStartsIn(dir);
        Reply stop = null;
        try {
            String script = "set -e; i=0; while [ $i -lt 45 ]; do i=$((i+1)); mkdir -p d$i/.claude; chmod 555 d$i; done;"
                    + " mkdir -p z/q; echo '{}' > docs/settings.json; mv docs z/q/.claude; chmod 555 z/q; exit 7";
            String failed = plantFails(id, script, 300);
            if (failed != null) {
                return Outcome.fail("the planting did not finish: " + failed);
            }
            Path victim = dir.resolve("z/q/.claude");
            stop = call(alice, "session.stop", idParams(id), 300);
            JsonNode lines = gitPlanted(stop);
            boolean named = false;
            for (JsonNode l : lines) {
                named |= l.asText().contains(victim.toString());
            }
            boolean audited = backend.audit().read(0).stream().anyMatch(a -> a.toString().contains(victim.toString()));
            boolean left = Files.exists(victim, LinkOption.NOFOLLOW_LINKS);
            long decoysLeft = 0;
            for (int i = 1; i <= 45; i++) {
                decoysLeft += Files.exists(dir.resolve("d" + i + "/.claude"), LinkOption.NOFOLLOW_LINKS) ? 1 : 0;
            }
            return Outcome.expect(!left || named || audited, "alice's .claude left: " + left + "; named in the report: "
                    + named + ", in the audit log: " + audited + "; decoys still at .claude after the stop: " + decoysLeft
                    + "; report " + reportShape(lines));
        } finally {
            stopAndRemove(id, stop, dir);
        }
    }

    /**
     * Review finding W3: 20,000 directories each holding the 40 agent names as empty files, 800,000 planted entries
     * within the walk's 100,000-directory bound; the host kept every pair and line of the stop in memory (+2.4 GiB peak
     * RSS). The stop may rename only so many itself, saying COULD NOT for the rest (the hand-back renames the sandbox's
     * own).
     */
    private Outcome agentNamesByTheHundredThousand() throws Exception {
        Path dir = ownedDir(scratch.resolve("r238-" + runTag()), alice);
        String id = aliceStartsIn(dir);
        Reply stop = null;
        try {
            String script = "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); echo d$i; done | xargs mkdir && for d in d*;"
                    + " do for n in " + String.join(" ", AgentConfigs.NAMES) + "; do echo $d/$n; done;"
                    + " done | xargs touch; exit 7";
            long p0 = System.nanoTime();
            String failed = plantFails(id, script, 600);
            long plantSeconds = (System.nanoTime() - p0) / 1_000_000_000L;
            if (failed != null) {
                return Outcome.fail("the planting did not finish: " + failed);
            }
            long peak0 = hostPeakRssKib(true);
            long t0 = System.nanoTime();
            stop = call(alice, "session.stop", idParams(id), 420);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            long peak1 = hostPeakRssKib(false);
            long left;
            try (var s = Files.walk(dir, 2)) {
                left = s.filter(f -> AgentConfigs.isNamed(f.getFileName().toString())).count();
            }
            JsonNode lines = gitPlanted(stop);
            boolean couldNot = false;
            for (JsonNode l : lines) {
                couldNot |= l.asText().contains("COULD NOT");
            }
            return Outcome.expect(stop.code() == 0 && peak1 - peak0 < 1024 * 1024 && lines.size() <= 40
                            && (left == 0 || couldNot),
                    "planted in " + plantSeconds + " s; stop " + stopSaid(stop) + " after " + seconds
                            + " s; host peak RSS " + peak0 / 1024 + " -> " + peak1 / 1024 + " MiB; agent entries left "
                            + left + "; a COULD NOT line: " + couldNot + "; report " + reportShape(lines));
        } finally {
            stopAndRemove(id, stop, dir);
        }
    }

    /**
     * Review finding V4: a member's limits (--member-max-sessions, --member-max-memory) counted the sessions in the
     * host's list, and `session stop` took a session off that list before its teardown, which holds its HOME and TMPDIR
     * (tmpfs) and its cgroup until it ends. alice starts a session whose command makes 200,000 files in its workspace
     * (handed back to her at the stop: seconds), then sessions until a start is refused; she stops the slow one on its
     * own connection and, once it is stopping (listed so, or gone from her list), asks for one more session and stops
     * the stopping one a second time. Before the fix: the start was served while the stop ran, and the second stop said
     * there was no session.
     */
    private Outcome stoppingSessionCounts() throws Exception {
        List<String> started = new ArrayList<>();
        Thread stopper = null;
        try {
            Path slowDir = ownedDir(scratch.resolve("r231-slow-" + runTag()), alice);
            Reply slowStart = call(alice, "session.start", workspace(slowDir));
            if (slowStart.code() != 0) {
                return Outcome.fail("alice's session for the slow stop did not start: " + slowStart.describe());
            }
            String slow = slowStart.result().path("id").asText();
            started.add(slow);
            ObjectNode fill = idParams(slow);
            fill.putArray("argv").add("/usr/bin/python3").add("-c").add("import os\n"
                    + "for d in range(20):\n os.mkdir('d%d' % d)\n for f in range(10000):\n  open('d%d/f%d' % (d, f), 'w').close()");
            Reply filled = call(alice, "session.exec", fill, 600);
            if (filled.code() != 0 || filled.result().path("exitCode").asInt() != 0) {
                return Outcome.fail("the slow session's command did not make its files: " + filled.describe());
            }
            String refusal = null;
            for (int i = 0; i < MEMBER_MAX_SESSIONS && refusal == null; i++) {
                Reply r = call(alice, "session.start", workspace(ownedDir(scratch.resolve("r231-" + i + "-" + runTag()), alice)));
                if (r.code() == 0) {
                    started.add(r.result().path("id").asText());
                } else {
                    refusal = r.describe();
                }
            }
            if (refusal == null || !refusal.contains("--member-max-")) {
                return Outcome.fail("alice's starts were not refused by a member limit: " + started.size() + " started, then "
                        + refusal);
            }
            AtomicReference<Reply> firstStop = new AtomicReference<>();
            long t0 = System.nanoTime();
            stopper = new Thread(() -> firstStop.set(call(alice, "session.stop", idParams(slow), 600)), "r231-stop");
            stopper.start();
            String seen = null;
            while (seen == null && stopper.isAlive()) {
                seen = "gone from her list";
                for (JsonNode s : call(alice, "session.list", Json.object()).result().path("sessions")) {
                    if (s.path("id").asText().equals(slow)) {
                        seen = s.path("state").asText().equals("STOPPING") ? "listed as STOPPING" : null;
                    }
                }
            }
            Reply beyond = call(alice, "session.start", workspace(ownedDir(scratch.resolve("r231-beyond-" + runTag()), alice)));
            if (beyond.code() == 0) {
                started.add(beyond.result().path("id").asText());
            }
            boolean inFlight = stopper.isAlive();
            Reply again = call(alice, "session.stop", idParams(slow));
            boolean stillInFlight = stopper.isAlive();
            stopper.join(600_000);
            long stopMillis = (System.nanoTime() - t0) / 1_000_000;
            Reply first = firstStop.get();
            if (first != null && first.code() == 0) {
                started.remove(slow);
            }
            String detail = "alice started " + (started.size() - (beyond.code() == 0 ? 1 : 0)) + " session(s) beside the"
                    + " fixture's, then was refused (" + refusal + "); the slow session " + slow + " once its stop began: " + seen + "; the start then: "
                    + beyond.describe() + " (the stop still in flight: " + inFlight + "); the second stop: "
                    + again.describe() + " (still in flight: " + stillInFlight + "); the first stop took " + stopMillis
                    + " ms: " + (first == null ? "no answer" : first.describe());
            if (!inFlight && beyond.code() != FORBIDDEN) {
                return Outcome.fail("the stop ended before the start was asked (make its tree bigger): " + detail);
            }
            return Outcome.expect(seen != null && beyond.code() == FORBIDDEN && beyond.stderr().contains("--member-max-")
                    && again.code() != 0 && again.stderr().contains("is stopping") && first != null && first.code() == 0,
                    detail);
        } finally {
            if (stopper != null) {
                stopper.join(600_000);
            }
            List<String> failed = new ArrayList<>();
            for (String id : started) {
                Reply stop = call(null, "session.stop", idParams(id), 600);
                if (stop.code() != 0 && !stop.stderr().contains("There is no session")) {
                    failed.add(id + ": " + stop.describe());
                }
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException("root could not stop alice's R231 sessions: " + failed);
            }
        }
    }

    private static Outcome lendRefused(Account as, ObjectNode params, String expected) throws Exception {
        Reply r = call(as, "session.start", params);
        if (r.code() == 0) {
            String id = r.result().path("id").asText();
            call(null, "session.stop", idParams(id));
            return Outcome.fail("served: session " + id + " started (stopped again at once)");
        }
        return Outcome.expect(r.code() == FORBIDDEN && r.stderr().contains(expected), r.describe());
    }

    /** bob's request on alice's session is refused with FORBIDDEN, naming the session. */
    private static Outcome sessionRefused(String method, ObjectNode params) throws Exception {
        Reply r = call(bob, method, params);
        return Outcome.expect(r.code() == FORBIDDEN && r.stderr().contains("session " + aliceSession)
                && r.stderr().contains("only its owner and root"), r.describe());
    }

    private static ObjectNode workspace(Path dir) {
        ObjectNode p = Json.object();
        p.put("workspace", dir.toString());
        return p;
    }

    private static ObjectNode idParams() {
        return idParams(aliceSession);
    }

    private static ObjectNode idParams(String id) {
        ObjectNode p = Json.object();
        p.put("id", id);
        return p;
    }

    /** The directory, made (root's, 0755) and removed after the test when it did not exist. */
    private static Path existing(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(dir.startsWith("/root") ? "rwx------" : "rwxr-xr-x"));
            madeForTheTest.add(dir);
        }
        return dir;
    }

    private static Path ownedDir(Path dir, Account owner) throws IOException {
        Files.createDirectories(dir);
        Exec.run(List.of("chown", PosixIds.uid(owner) + ":" + PosixIds.gid(owner), dir.toString())).orThrow("chown");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static void ownedFile(Path file, Account owner, String content, String mode) throws IOException {
        Files.writeString(file, content);
        Exec.run(List.of("chown", PosixIds.uid(owner) + ":" + PosixIds.gid(owner), file.toString())).orThrow("chown");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** The example client's answer: exit code (the error's code), stdout (events, then the result) and stderr. */
    record Reply(int code, String out, String err) {
        /** The result object: the pretty-printed JSON after the one-line events. */
        JsonNode result() throws IOException {
            int start = out.startsWith("{\n") ? 0 : out.indexOf("\n{\n");
            return start < 0 ? Json.object() : Json.parse(out.substring(start));
        }

        /** The command's stdout, decoded from the {@code stdout} events of exec and run. */
        String stdout() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String line : out.lines().toList()) {
                if (line.startsWith("{\"data\"")) {
                    JsonNode e = Json.parse(line);
                    if (e.path("event").asText().equals("stdout")) {
                        sb.append(new String(Base64.getDecoder().decode(e.path("data").path("data").asText()),
                                StandardCharsets.UTF_8));
                    }
                }
            }
            return sb.isEmpty() ? out : sb.toString();
        }

        String stderr() {
            return err;
        }

        String describe() {
            String text = (err.isBlank() ? out : err).strip().replace('\n', ' ');
            return "exit " + code + ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    /** The example client as {@code as} (with its login groups), or as root when {@code as} is null. */
    private static Reply call(Account as, String method, ObjectNode params) {
        return call(as, method, params, 120);
    }

    private static Reply call(Account as, String method, ObjectNode params, int timeoutSeconds) {
        List<String> command = new ArrayList<>();
        if (as != null) {
            command.addAll(List.of("setpriv", "--reuid=" + PosixIds.uid(as), "--regid=" + PosixIds.gid(as), "--init-groups", "--"));
        }
        command.addAll(List.of(PYTHON, client.toString(), "--socket", socket.toString(), "call", method, "--params",
                Json.line(params)));
        Exec.Result r = Exec.run(command, null, Map.of("HOME", hostDir.toString()), timeoutSeconds);
        return new Reply(r.exitCode(), r.stdout(), r.stderr());
    }
}
