package dev.cordon.leftovers;

import dev.cordon.core.Principal;
import dev.cordon.core.Exec;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Instance;
import dev.cordon.core.Json;
import dev.cordon.platform.LeftoverSources;
import dev.cordon.platform.linux.LinuxLeftoverSources;
import dev.cordon.platform.linux.ProcFsProcessTable;
import dev.cordon.provision.Change;
import dev.cordon.provision.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real leftovers of a real throwaway account, as root. */
class LeftoversTest {
    private static final LeftoverSources IPC = new LinuxLeftoverSources();
    private SandboxFixture box;
    private Leftovers janitor;

    @BeforeEach
    void setUp() throws Exception {
        box = SandboxFixture.create();
        janitor = SandboxFixture.janitor(box.instance);
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    private Leftover item(ScanResult scan, Path path) {
        return scan.items().stream().filter(l -> path.toString().equals(l.path())).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not found in " + scan.items()));
    }

    private List<Leftover> ours(ScanResult scan) {
        // not the keys a reused uid may hold from an earlier account (a doctor probe's): this test made none
        return scan.items().stream().filter(l -> l.isProcess() || l.isIpc() || l.path() != null && l.path().contains(box.name))
                .toList();
    }

    @Test
    void scanFindsTopMostSandboxItemsWithSizeAndAgeButNotRootFiles() throws Exception {
        Path dir = box.path("/tmp", "dir");
        Path shm = box.path("/dev/shm", "f");
        Path link = box.path("/tmp", "link");
        Path fifo = box.path("/var/tmp", "fifo");
        Path rootFile = box.path("/tmp", "root");
        box.runAs("mkdir -p " + dir + "/sub && head -c 3000 /dev/zero > " + dir + "/a && head -c 2000 /dev/zero > "
                + dir + "/sub/b && printf 12345 > " + shm + " && touch -d '2 days ago' " + shm
                + " && ln -s /etc/hostname " + link + " && mkfifo " + fifo);
        Files.writeString(rootFile, "root's own");

        ScanResult scan = janitor.scan();

        assertThat(scan.sandboxIds()).containsExactly(Principal.uid(box.uid));
        Leftover d = item(scan, dir);
        assertThat(d.kind()).isEqualTo(Leftover.Kind.DIRECTORY);
        assertThat(d.sizeBytes()).isEqualTo(5000);
        assertThat(d.owner()).isEqualTo(box.instance.offlineAccount());
        assertThat(d.principal()).isEqualTo(Principal.uid(box.uid));
        assertThat(d.inUse()).isFalse();
        assertThat(d.since()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        Leftover f = item(scan, shm);
        assertThat(f.kind()).isEqualTo(Leftover.Kind.FILE);
        assertThat(f.sizeBytes()).isEqualTo(5);
        assertThat(Duration.between(f.since(), Instant.now()).toHours()).isBetween(47L, 49L);
        Leftover l = item(scan, link);
        assertThat(l.kind()).isEqualTo(Leftover.Kind.SYMLINK);
        assertThat(l.sizeBytes()).isEqualTo("/etc/hostname".length());
        assertThat(item(scan, fifo).kind()).isEqualTo(Leftover.Kind.FIFO);
        assertThat(ours(scan)).extracting(Leftover::path)
                .containsExactlyInAnyOrder(dir.toString(), shm.toString(), link.toString(), fifo.toString());
        assertThat(scan.items()).extracting(Leftover::id).doesNotHaveDuplicates();
        assertThat(janitor.scan().items()).extracting(Leftover::id).containsAll(List.of(d.id(), f.id(), l.id()));
    }

    @Test
    void fileHeldOpenIsInUseAndSkippedWhileItsProcessIsKilled() throws Exception {
        Path open = box.path("/tmp", "open");
        Process sleeper = box.startAs("exec 3>" + open + "; exec sleep 30");
        SandboxFixture.awaitOpen(sleeper, open);
        waitForExec((int) sleeper.pid(), "sleep 30");

        ScanResult scan = janitor.scan();
        Leftover file = item(scan, open);
        assertThat(file.inUse()).isTrue();
        assertThat(file.usedBy()).contains((int) sleeper.pid());
        Leftover proc = scan.items().stream().filter(Leftover::isProcess).filter(p -> p.pid() == sleeper.pid())
                .findFirst().orElseThrow();
        assertThat(proc.command()).isEqualTo("sleep 30");
        assertThat(proc.owner()).isEqualTo(box.instance.offlineAccount());
        assertThat(janitor.plan(List.of(file, proc))).extracting(PlannedAction::action)
                .containsExactly(PlannedAction.Action.SKIP, PlannedAction.Action.KILL);

        List<CleanOutcome> outcomes = janitor.clean(List.of(file, proc), CleanProgress.NONE);

        assertThat(outcomes).extracting(CleanOutcome::result)
                .containsExactly(CleanOutcome.Result.SKIPPED, CleanOutcome.Result.KILLED);
        assertThat(outcomes.get(0).detail()).contains("in use by pid " + sleeper.pid());
        assertThat(open).exists();
        assertThat(sleeper.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(janitor.quarantine()).isEmpty();

        // the next clean takes the file, which nothing holds any more
        Leftover again = item(janitor.scan(), open);
        assertThat(again.inUse()).isFalse();
        assertThat(janitor.clean(List.of(again), CleanProgress.NONE)).extracting(CleanOutcome::result)
                .containsExactly(CleanOutcome.Result.QUARANTINED);
        assertThat(open).doesNotExist();
    }

    /** As older Cordon versions let commands do: SysV IPC objects in the host's namespace, which outlive processes. */
    @Test
    void sysvIpcObjectsOfTheAccountAreFoundAndRemovedButNotWhileAttached() throws Exception {
        String attach = "import ctypes, sys, time\n"
                + "libc = ctypes.CDLL(None)\n"
                + "libc.shmat.restype = ctypes.c_void_p\n"
                + "i = libc.shmget(0, 4096, 0o1600)\n"
                + "libc.shmat(i, None, 0)\n"
                + "print(i, flush=True)\n"
                + "time.sleep(60)\n";
        Process holder = box.startAs("exec python3 -c '" + attach + "'");
        try {
            String attachedId = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine();
            box.runAs("ipcmk -M 8192 -p 0600 && ipcmk -Q -p 0600 && ipcmk -S 2 -p 0600");
            ScanResult scan = janitor.scan();
            List<Leftover> ipc = scan.items().stream().filter(Leftover::isIpc).filter(l -> l.principal().equals(Principal.uid(box.uid))).toList();
            assertThat(ipc).extracting(Leftover::kind).containsExactlyInAnyOrder(Leftover.Kind.IPC_SHM, Leftover.Kind.IPC_SHM,
                    Leftover.Kind.IPC_MSG, Leftover.Kind.IPC_SEM);
            assertThat(ipc).allSatisfy(l -> assertThat(l.owner()).isEqualTo(box.instance.offlineAccount()));
            Leftover attached = ipc.stream().filter(l -> l.fileKey().startsWith(attachedId + ":")).findFirst().orElseThrow();
            assertThat(attached.inUse()).isTrue();
            assertThat(attached.describe()).startsWith("sysv shm " + attachedId + " (key 0x");
            assertThat(janitor.plan(ipc)).allSatisfy(a -> assertThat(a.action()).isEqualTo(a.item() == attached
                    ? PlannedAction.Action.SKIP : PlannedAction.Action.REMOVE));

            // a plan that asks for the wrong action on an IPC object (an edited plan file) is refused for that item
            Leftover free = ipc.stream().filter(l -> l != attached).findFirst().orElseThrow();
            assertThat(janitor.apply(List.of(new PlannedAction(free, PlannedAction.Action.QUARANTINE, null)), CleanProgress.NONE))
                    .singleElement().satisfies(o -> assertThat(o.result()).isEqualTo(CleanOutcome.Result.SKIPPED));

            List<CleanOutcome> outcomes = janitor.clean(ipc, CleanProgress.NONE);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.result()).as(o.item().describe() + " " + o.detail())
                    .isEqualTo(o.item() == attached ? CleanOutcome.Result.SKIPPED : CleanOutcome.Result.REMOVED));
            assertThat(IPC.systemObjects(Set.of(Principal.uid(box.uid)), w -> { }))
                    .filteredOn(e -> e.kind() != LeftoverSources.SystemObject.Kind.KEY) // a reused uid may hold old keys
                    .extracting(e -> e.kind() + " " + e.key().split(":")[0]).containsExactly("IPC_SHM " + attachedId);
        } finally {
            holder.destroyForcibly().waitFor();
            for (LeftoverSources.SystemObject e : IPC.systemObjects(Set.of(Principal.uid(box.uid)), w -> { })) {
                if (e.kind() == LeftoverSources.SystemObject.Kind.KEY) {
                    continue;
                }
                Exec.run(List.of("ipcrm", e.kind() == LeftoverSources.SystemObject.Kind.IPC_SHM ? "-m"
                        : e.kind() == LeftoverSources.SystemObject.Kind.IPC_MSG ? "-q" : "-s", e.key().split(":")[0]));
            }
        }
    }

    /**
     * The doctor's keyring probe, where a session let it, left a {@code cordon-doctor-*} key in the account's user
     * keyring: not namespaced, it outlives every process and the account, and is listed in {@code /proc/keys} of every
     * later session of that uid. The janitor finds it (as the uid: root is shown none) and invalidates it.
     */
    @Test
    void keysTheDoctorLeftInTheAccountsKeyringAreFoundAndRemoved() throws Exception {
        String name = LeftoverSources.SystemObject.DOCTOR_KEY_PREFIX + box.name;
        dev.cordon.testing.KernelKeys.addAs(box.uid, name);
        try {
            assertThat(dev.cordon.testing.KernelKeys.doctorKeysOf(box.uid)).contains(name);
            Leftover key = janitor.scan().items().stream().filter(l -> l.kind() == Leftover.Kind.KEY
                    && l.fileKey().endsWith(":" + name)).findFirst().orElseThrow(() -> new AssertionError(name + " not found"));
            assertThat(key.principal()).isEqualTo(Principal.uid(box.uid));
            assertThat(key.owner()).isEqualTo(box.instance.offlineAccount());
            assertThat(key.describe()).contains(name).contains("uid " + box.uid);
            assertThat(janitor.plan(List.of(key))).singleElement()
                    .satisfies(a -> assertThat(a.action()).isEqualTo(PlannedAction.Action.REMOVE));
            assertThat(janitor.clean(List.of(key), CleanProgress.NONE)).singleElement()
                    .satisfies(o -> assertThat(o.result()).as(o.detail()).isEqualTo(CleanOutcome.Result.REMOVED));
            awaitNoKey(box.uid, name);
            assertThat(janitor.scan().items()).noneMatch(l -> l.kind() == Leftover.Kind.KEY && l.fileKey().endsWith(":" + name));
        } finally {
            for (LeftoverSources.SystemObject o : IPC.systemObjects(Set.of(Principal.uid(box.uid)), w -> { })) {
                if (o.kind() == LeftoverSources.SystemObject.Kind.KEY && o.key().endsWith(":" + name)) {
                    IPC.remove(o);
                }
            }
        }
    }

    /** An invalidated key leaves {@code /proc/keys} when the kernel's key collector has run: shortly after. */
    static void awaitNoKey(int uid, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dev.cordon.testing.KernelKeys.doctorKeysOf(uid).contains(name) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(dev.cordon.testing.KernelKeys.doctorKeysOf(uid)).as("cordon-doctor keys of uid " + uid).doesNotContain(name);
    }

    @Test
    void applyCarriesOutOnlyTheShownPlanRecheckingEachItem() throws Exception {
        Path held = box.path("/tmp", "held");
        Path moved = box.path("/tmp", "moved");
        Process holder = box.startAs("exec 3>" + held + "; exec sleep 30");
        SandboxFixture.awaitOpen(holder, held);
        box.runAs("echo a > " + moved);
        ScanResult scan = janitor.scan();
        List<PlannedAction> shown = janitor.plan(List.of(item(scan, held), item(scan, moved)));
        assertThat(shown).extracting(PlannedAction::action)
                .containsExactly(PlannedAction.Action.SKIP, PlannedAction.Action.QUARANTINE);

        // after the plan was shown: the holder lets go, the planned file is replaced, a new leftover appears
        holder.destroyForcibly().waitFor();
        box.runAs("echo b > " + moved + ".new && mv " + moved + ".new " + moved); // a new inode: both existed at once
        Path fresh = box.path("/tmp", "fresh");
        box.runAs("echo c > " + fresh);

        List<CleanOutcome> outcomes = janitor.apply(shown, CleanProgress.NONE);

        assertThat(outcomes).extracting(CleanOutcome::result)
                .containsExactly(CleanOutcome.Result.SKIPPED, CleanOutcome.Result.SKIPPED);
        assertThat(outcomes.get(1).detail()).contains("replaced or changed owner since the scan");
        assertThat(held).exists();
        assertThat(moved).hasContent("b");
        assertThat(fresh).exists();
        assertThat(janitor.quarantine()).isEmpty();
    }

    @Test
    void processOfALiveSessionIsNotALeftover() throws Exception {
        Process session = box.startAs("exec sleep 30");
        int pid = (int) session.pid();
        waitForExec(pid, "sleep 30");
        assertThat(janitor.scan().items()).extracting(Leftover::pid).contains(pid);

        Leftovers withSession = SandboxFixture.janitor(box.instance, LiveSessions.of(Set.of(pid)));
        assertThat(withSession.scan().items()).extracting(Leftover::pid).doesNotContain(pid);
    }

    private static void waitForExec(int pid, String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (new ProcFsProcessTable().snapshot().process(pid).map(p -> p.commandLine().equals(command)).orElse(false)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pid " + pid + " never ran " + command);
    }

    @Test
    void cleanMovesFromTmpfsIntoQuarantineWithManifestAndRestorePutsItBackIntact() throws Exception {
        Path file = box.path("/dev/shm", "q");
        Path dir = box.path("/dev/shm", "qd");
        box.runAs("printf secret > " + file + " && chmod 640 " + file + " && touch -d '2020-01-02 03:04:05' " + file
                + " && mkdir " + dir + " && printf x > " + dir + "/inner && chmod 600 " + dir + "/inner && ln -s inner "
                + dir + "/link && chmod 750 " + dir);
        Map<String, Object> before = SandboxFixture.lstat(file);
        Map<String, Object> innerBefore = SandboxFixture.lstat(dir.resolve("inner"));
        ScanResult scan = janitor.scan();
        Leftover f = item(scan, file);
        Leftover d = item(scan, dir);

        List<CleanOutcome> outcomes = janitor.clean(List.of(f, d), CleanProgress.NONE);

        assertThat(outcomes).extracting(CleanOutcome::result)
                .containsExactly(CleanOutcome.Result.QUARANTINED, CleanOutcome.Result.QUARANTINED);
        assertThat(file).doesNotExist();
        assertThat(dir).doesNotExist();
        Path entry = box.instance.quarantineDir().resolve(outcomes.get(0).quarantineId());
        Path moved = entry.resolve(Quarantine.ITEM);
        assertThat(SandboxFixture.lstat(moved)).isEqualTo(before);
        assertThat(Files.readString(moved)).isEqualTo("secret");
        Path movedDir = box.instance.quarantineDir().resolve(outcomes.get(1).quarantineId()).resolve(Quarantine.ITEM);
        assertThat(SandboxFixture.lstat(movedDir.resolve("inner"))).isEqualTo(innerBefore);
        assertThat(Files.isSymbolicLink(movedDir.resolve("link"))).isTrue();
        assertThat((Integer) SandboxFixture.lstat(box.instance.quarantineDir()).get("mode") & 0777).isEqualTo(0700);

        JsonNode manifest = Json.parse(Files.readString(entry.resolve(Quarantine.MANIFEST)));
        assertThat(manifest.path("id").asText()).isEqualTo(outcomes.get(0).quarantineId());
        assertThat(manifest.path("originalPath").asText()).isEqualTo(file.toString());
        assertThat(manifest.path("kind").asText()).isEqualTo("file");
        assertThat(manifest.path("uid").asInt()).isEqualTo(box.uid);
        assertThat(manifest.path("gid").asInt()).isEqualTo(box.gid);
        assertThat(manifest.path("mode").asText()).isEqualTo("0640");
        assertThat(manifest.path("sizeBytes").asLong()).isEqualTo(6);
        assertThat(Instant.parse(manifest.path("quarantinedAt").asText())).isBetween(Instant.now().minusSeconds(60),
                Instant.now());
        assertThat(janitor.quarantine()).extracting(QuarantineEntry::originalPath).containsExactly(file, dir);
        // a quarantined item is not reported as a leftover again
        assertThat(ours(janitor.scan())).isEmpty();

        QuarantineEntry restored = janitor.restore(outcomes.get(0).quarantineId());
        janitor.restore(outcomes.get(1).quarantineId());

        assertThat(restored.originalPath()).isEqualTo(file);
        assertThat(SandboxFixture.lstat(file)).isEqualTo(before);
        assertThat(((FileTime) SandboxFixture.lstat(file).get("lastModifiedTime")).toInstant())
                .isBefore(Instant.parse("2020-01-03T00:00:00Z"));
        assertThat(SandboxFixture.lstat(dir.resolve("inner"))).isEqualTo(innerBefore);
        assertThat((Integer) SandboxFixture.lstat(dir).get("mode") & 07777).isEqualTo(0750);
        assertThat(janitor.quarantine()).isEmpty();
        assertThat(entry).doesNotExist();
        assertThat(new AuditLog(box.instance.auditFile()).read(0)).extracting(e -> e.path("action").asText())
                .containsExactly("leftovers.clean", "leftovers.restore", "leftovers.restore");
    }

    @Test
    void restoreRefusesAnOccupiedPathAndAnUnknownId() throws Exception {
        Path file = box.path("/tmp", "busy");
        box.runAs("printf a > " + file);
        CleanOutcome o = janitor.clean(List.of(item(janitor.scan(), file)), CleanProgress.NONE).get(0);
        Files.writeString(file, "someone else's");

        assertThatThrownBy(() -> janitor.restore(o.quarantineId())).isInstanceOfSatisfying(CordonException.class,
                e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                    assertThat(e.getMessage()).contains(file.toString());
                });
        assertThat(Files.readString(file)).isEqualTo("someone else's");
        assertThat(janitor.quarantine()).extracting(QuarantineEntry::id).containsExactly(o.quarantineId());

        assertThatThrownBy(() -> janitor.restore("0123456789ab")).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("0123456789ab");
            assertThat(e.fix()).contains("cordon leftovers quarantine --instance " + box.name);
        });

        Files.delete(file);
        janitor.restore(o.quarantineId());
        assertThat(Files.readString(file)).isEqualTo("a");
    }

    @Test
    void restoreGoesOnlyIntoTheDirectoryTheItemCameFromAndReadsOlderManifests() throws Exception {
        Path dir = box.path("/var/tmp", "home");
        Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = dir.resolve("f");
        box.runAs("printf a > " + file);
        CleanOutcome o = janitor.clean(List.of(item(janitor.scan(), file)), CleanProgress.NONE).get(0);
        Path manifest = box.instance.quarantineDir().resolve(o.quarantineId()).resolve(Quarantine.MANIFEST);
        JsonNode m = Json.parse(Files.readString(manifest));
        assertThat(m.path("v").asInt()).isEqualTo(2);
        assertThat(m.path("parentIdentity").asText()).isNotBlank();

        // another real directory in its place (no symlink anywhere): refused, nothing written there
        Files.move(dir, box.path("/var/tmp", "home.old"));
        Files.createDirectory(dir);
        assertThatThrownBy(() -> janitor.restore(o.quarantineId())).isInstanceOfSatisfying(CordonException.class,
                e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFLICT);
                    assertThat(e.getMessage()).contains(file.toString(), "not the directory", "Nothing was restored");
                    assertThat(e.fix()).contains("restore " + o.quarantineId());
                });
        assertThat(file).doesNotExist();
        assertThat(janitor.quarantine()).extracting(QuarantineEntry::id).containsExactly(o.quarantineId());

        // an entry of an older Cordon (format 1, no identities) is restored into what is there, no symlink on the way
        ((com.fasterxml.jackson.databind.node.ObjectNode) m).put("v", 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) m).remove(List.of("identity", "parentIdentity"));
        Files.writeString(manifest, Json.pretty(m));
        janitor.restore(o.quarantineId());
        assertThat(Files.readString(file)).isEqualTo("a");
        assertThat((Integer) SandboxFixture.lstat(file).get("uid")).isEqualTo(box.uid);
    }

    @Test
    void purgeDeletesOnlyEntriesOldEnough() throws Exception {
        Path file = box.path("/var/tmp", "old");
        box.runAs("printf a > " + file);
        CleanOutcome o = janitor.clean(List.of(item(janitor.scan(), file)), CleanProgress.NONE).get(0);

        assertThat(janitor.purgeOlderThan(Duration.ofDays(1)).purged()).isEmpty();
        assertThat(janitor.quarantine()).hasSize(1);
        assertThatThrownBy(() -> janitor.purgeOlderThan(Duration.ofDays(-1))).isInstanceOfSatisfying(
                CordonException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));

        PurgeReport report = janitor.purgeOlderThan(Duration.ZERO);

        assertThat(report.purged()).extracting(QuarantineEntry::id).containsExactly(o.quarantineId());
        assertThat(report.failed()).isEmpty();
        assertThat(janitor.quarantine()).isEmpty();
        assertThat(box.instance.quarantineDir().resolve(o.quarantineId())).doesNotExist();
        assertThat(file).doesNotExist();
    }

    @Test
    void cleanRefusesWhenTheInstanceIsNotSetUp() throws Exception {
        try (SandboxFixture bare = SandboxFixture.withoutStateDir()) {
            Path file = bare.path("/tmp", "x");
            bare.runAs("printf a > " + file);
            Leftovers j = SandboxFixture.janitor(bare.instance);
            List<Leftover> items = j.scan().items();
            assertThat(items).extracting(Leftover::path).contains(file.toString());

            assertThatThrownBy(() -> j.clean(items, CleanProgress.NONE)).isInstanceOfSatisfying(CordonException.class,
                    e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_SET_UP);
                        assertThat(e.fix()).contains("cordon setup --instance " + bare.name);
                    });
            assertThat(file).exists();
        }
    }

    @Test
    void cancelLeavesTheRemainingItemsAlone() throws Exception {
        Path a = box.path("/tmp", "a");
        Path b = box.path("/tmp", "b");
        box.runAs("printf a > " + a + " && printf b > " + b);
        ScanResult scan = janitor.scan();
        AtomicInteger done = new AtomicInteger();
        CleanProgress stopAfterOne = new CleanProgress() {
            @Override
            public void done(CleanOutcome outcome) {
                done.incrementAndGet();
            }

            @Override
            public boolean cancelRequested() {
                return done.get() >= 1;
            }
        };

        List<CleanOutcome> outcomes = janitor.clean(List.of(item(scan, a), item(scan, b)), stopAfterOne);

        assertThat(outcomes).extracting(CleanOutcome::result)
                .containsExactly(CleanOutcome.Result.QUARANTINED, CleanOutcome.Result.CANCELLED);
        assertThat(a).doesNotExist();
        assertThat(b).exists();
        assertThat(done.get()).isEqualTo(2);
    }

    @Test
    void filesOfAUidTheLedgerRecordsAsRemovedAreLeftoversButNotOfAReusedUid() throws Exception {
        int removedUid = 3_900_000 + new java.util.Random().nextInt(90_000);
        assertThat(dev.cordon.platform.linux.Passwd.load().user(removedUid)).isEmpty();
        Path orphan = box.path("/tmp", "orphan");
        Files.writeString(orphan, "from an account that is gone");
        Files.setAttribute(orphan, "unix:uid", removedUid, LinkOption.NOFOLLOW_LINKS);
        Ledger ledger = Ledger.open(box.instance.ledgerFile(), new dev.cordon.platform.linux.PosixFileSecurity());
        for (var entry : Map.of(box.name + "-cordon-online", removedUid, "nobody-reused", 65534).entrySet()) {
            Change user = Change.of(Change.Kind.USER, entry.getKey()).with("uid", entry.getValue());
            ledger.append(Ledger.Phase.intent, user);
            ledger.append(Ledger.Phase.done, user);
            ledger.append(Ledger.Phase.undo, user);
            ledger.append(Ledger.Phase.undone, user);
        }

        ScanResult scan = janitor.scan();

        assertThat(scan.sandboxIds()).containsExactlyInAnyOrder(Principal.uid(box.uid), Principal.uid(removedUid));
        Leftover l = item(scan, orphan);
        assertThat(l.owner()).isEqualTo(Integer.toString(removedUid));
        assertThat(l.principal()).isEqualTo(Principal.uid(removedUid));
    }

    @Test
    void purgeAllKillsAndDeletesEverythingIncludingTheQuarantine() throws Exception {
        Path quarantined = box.path("/tmp", "gone-soon");
        box.runAs("printf q > " + quarantined);
        janitor.clean(List.of(item(janitor.scan(), quarantined)), CleanProgress.NONE);
        Path held = box.path("/dev/shm", "held");
        Path dir = box.path("/var/tmp", "tree");
        box.runAs("mkdir -p " + dir + "/a/b && printf z > " + dir + "/a/b/c");
        Process p = box.startAs("exec 3>" + held + "; exec sleep 30");
        SandboxFixture.awaitOpen(p, held);

        PurgeAllReport report = janitor.purgeAll();

        assertThat(report.clean()).as(report.toString()).isTrue();
        assertThat(report.processes()).extracting(CleanOutcome::result).containsOnly(CleanOutcome.Result.KILLED);
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(report.deleted()).contains(held.toString(), dir.toString());
        assertThat(held).doesNotExist();
        assertThat(dir).doesNotExist();
        assertThat(report.quarantine().purged()).hasSize(1);
        assertThat(janitor.quarantine()).isEmpty();
        assertThat(janitor.scan().items()).isEmpty();
    }

    @Test
    void scanOfAnInstanceWithoutAccountsFindsNothing() {
        ScanResult scan = SandboxFixture.janitor(new Instance(SandboxFixture.randomName(), Path.of("/var/lib"))).scan();
        assertThat(scan.sandboxIds()).isEmpty();
        assertThat(scan.items()).isEmpty();
    }
}
