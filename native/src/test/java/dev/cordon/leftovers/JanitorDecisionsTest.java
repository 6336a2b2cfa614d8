package dev.cordon.leftovers;

import dev.cordon.audit.Actor;
import dev.cordon.audit.AuditLog;
import dev.cordon.core.Instance;
import dev.cordon.core.Principal;
import dev.cordon.platform.Account;
import dev.cordon.platform.LeftoverSources.SystemObject;
import dev.cordon.platform.ProcessInfo;
import dev.cordon.testing.FakeLeftoverSources;
import dev.cordon.testing.FakePlatform;
import dev.cordon.testing.FakeProcessTable;
import dev.cordon.testing.FakeProcessTable.Temper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The janitor's decisions on the fake platform (its process table and leftover sources, the two sandbox accounts in
 * its accounts): no root, no accounts, no /proc. What it
 * finds, what it plans, and that a clean acts only on what it planned and only on exactly the scanned objects. The
 * same decisions on the real system as root: {@link LeftoversTest}.
 */
class JanitorDecisionsTest {
    private static final Principal OFFLINE = Principal.uid(5001);
    private static final Principal ONLINE = Principal.uid(5002);
    private static final Principal DEVELOPER = Principal.uid(1000);

    @TempDir
    Path base;

    private Instance instance;
    private Path tmp;
    private FakePlatform platform;
    private FakeProcessTable processes;
    private FakeLeftoverSources sources;
    private final Set<Integer> liveSessionPids = new HashSet<>();

    @BeforeEach
    void setUp() throws IOException {
        instance = new Instance("jd", base.resolve("state"));
        Files.createDirectories(instance.stateDir());
        tmp = Files.createDirectory(base.resolve("tmp"));
        platform = new FakePlatform();
        for (String name : List.of(instance.offlineAccount(), instance.onlineAccount())) {
            platform.accounts.add(new Account(name, name.equals(instance.offlineAccount()) ? OFFLINE : ONLINE,
                    Principal.gid(5000), "/", "/sbin/nologin", List.of()));
        }
        processes = platform.processTable;
        sources = platform.leftoverSources.scanning(List.of(tmp, base.resolve("absent")));
    }

    private Leftovers janitor() {
        LiveSessions live = LiveSessions.of(liveSessionPids); // asked at each decision: a pid added later counts
        return new Leftovers(instance, platform, live, StaleSessions.NONE,
                LentWorkspaces.NONE, new AuditLog(instance.auditFile(), new Actor(platform.accounts()), platform.fileSecurity));
    }

    private Path file(String name, Principal owner) throws IOException {
        Path p = Files.writeString(tmp.resolve(name), name);
        sources.own(p, owner);
        return p;
    }

    private static Leftover item(ScanResult scan, String describeEnd) {
        return scan.items().stream().filter(l -> l.describe().endsWith(describeEnd)).findFirst()
                .orElseThrow(() -> new AssertionError("no leftover " + describeEnd + " in " + scan.items()));
    }

    @Test
    void scanFindsWhatTheSandboxAccountsOwnAndNothingElse() throws IOException {
        file("mine", OFFLINE);
        file("also-mine", ONLINE);
        file("developers", DEVELOPER);
        Path dir = Files.createDirectory(tmp.resolve("built"));
        sources.own(dir, OFFLINE);
        sources.own(Files.writeString(dir.resolve("inner"), "x"), OFFLINE); // inside a leftover: not one of its own
        processes.start(100, 1, OFFLINE, "sleep 100", Temper.POLITE);
        processes.start(101, 1, ONLINE, Principal.uid(0), "passwd", 'S', Temper.POLITE); // set-user-id: real owner counts
        processes.start(102, 1, OFFLINE, OFFLINE, "defunct", 'Z', Temper.POLITE); // a zombie holds nothing
        processes.start(103, 1, OFFLINE, "runner", Temper.POLITE);
        processes.start(104, 1, DEVELOPER, "vim", Temper.POLITE);
        liveSessionPids.add(103);
        sources.addObject(SystemObject.Kind.IPC_SHM, "7:1234", OFFLINE, false);
        sources.addObject(SystemObject.Kind.IPC_MSG, "8:99", DEVELOPER, false);

        ScanResult scan = janitor().scan();

        assertThat(scan.sandboxIds()).containsExactlyInAnyOrder(OFFLINE, ONLINE);
        assertThat(scan.roots()).containsExactly(tmp.toRealPath(), instance.stateDir().toRealPath());
        assertThat(scan.items()).extracting(Leftover::describe).containsExactlyInAnyOrder(
                tmp.resolve("mine").toString(), tmp.resolve("also-mine").toString(), dir.toString(),
                "pid 100 (sleep 100)", "pid 101 (passwd)", "fake IPC_SHM 7:1234");
        assertThat(item(scan, "(passwd)").principal()).isEqualTo(ONLINE);
        assertThat(item(scan, "(passwd)").owner()).isEqualTo("jd-cordon-online");
        assertThat(item(scan, "also-mine").principal()).isEqualTo(ONLINE);
        assertThat(scan.items()).allSatisfy(l -> assertThat(l.principal()).isIn(OFFLINE, ONLINE));
    }

    @Test
    void planSkipsWhatIsInUseOrHoldsSomeoneElsesFilesAndActsOnTheRest() throws IOException {
        Path held = file("held", OFFLINE);
        file("free", OFFLINE);
        Path git = Files.createDirectory(tmp.resolve(".git"));
        sources.own(git, OFFLINE);
        sources.own(Files.writeString(git.resolve("HEAD"), "ref"), DEVELOPER); // moved in by the sandbox
        sources.hold(held, 4242);
        processes.start(100, 1, OFFLINE, "sleep 100", Temper.POLITE);
        sources.addObject(SystemObject.Kind.IPC_SHM, "7:1", OFFLINE, true);
        sources.addObject(SystemObject.Kind.IPC_SEM, "9:2", OFFLINE, false);
        Leftovers janitor = janitor();

        List<PlannedAction> plan = janitor.plan(janitor.scan().items());

        assertThat(plan).extracting(a -> a.item().describe().replace(tmp + "/", "") + " " + a.action().label())
                .containsExactlyInAnyOrder("held skip", "free quarantine", ".git skip", "pid 100 (sleep 100) kill",
                        "fake IPC_SHM 7:1 skip", "fake IPC_SEM 9:2 remove");
        assertThat(plan.stream().filter(a -> a.item().describe().endsWith("held")).findFirst().orElseThrow().reason())
                .isEqualTo("in use by pid 4242");
        assertThat(plan.stream().filter(a -> a.item().describe().endsWith(".git")).findFirst().orElseThrow().reason())
                .startsWith("holds files of other owners (uid 1000)");
    }

    @Test
    void cleanQuarantinesEndsAndRemovesAndKillsWhatIgnoresARequestToEnd() throws IOException {
        Path free = file("free", OFFLINE);
        ProcessInfo polite = processes.start(100, 1, OFFLINE, "sleep 100", Temper.POLITE);
        ProcessInfo stubborn = processes.start(101, 1, OFFLINE, "trap", Temper.STUBBORN);
        SystemObject sem = sources.addObject(SystemObject.Kind.IPC_SEM, "9:2", OFFLINE, false);
        Leftovers janitor = janitor();

        List<CleanOutcome> outcomes = janitor.clean(janitor.scan().items(), CleanProgress.NONE);

        assertThat(outcomes).extracting(o -> o.item().describe().replace(tmp + "/", "") + " " + o.result().label())
                .containsExactlyInAnyOrder("free quarantined", "pid 100 (sleep 100) killed", "pid 101 (trap) killed",
                        "fake IPC_SEM 9:2 removed");
        assertThat(free).doesNotExist();
        assertThat(janitor.quarantine()).singleElement().satisfies(q -> {
            assertThat(q.originalPath()).isEqualTo(free);
            assertThat(q.ownerId()).isEqualTo(OFFLINE);
            assertThat(q.payload()).hasContent("free");
        });
        assertThat(processes.actions()).containsExactly("100:terminate", "101:terminate", "101:kill");
        assertThat(processes.isRunning(polite)).isFalse();
        assertThat(processes.isRunning(stubborn)).isFalse();
        assertThat(sources.objects()).doesNotContain(sem);

        // restore puts the item back where it was, with what it held
        janitor.restore(janitor.quarantine().get(0).id());
        assertThat(free).hasContent("free");
    }

    @Test
    void cleanNeverActsOnAPidReusedSinceTheScan() {
        processes.start(100, 1, OFFLINE, "sleep 100", Temper.POLITE);
        Leftovers janitor = janitor();
        List<PlannedAction> plan = janitor.plan(janitor.scan().items());
        ProcessInfo newcomer = processes.reuse(100, OFFLINE, "another");

        List<CleanOutcome> outcomes = janitor.apply(plan, CleanProgress.NONE);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.result()).isEqualTo(CleanOutcome.Result.GONE));
        assertThat(processes.actions()).isEmpty();
        assertThat(processes.isRunning(newcomer)).isTrue();
    }

    @Test
    void aProcessThatJoinedALiveSessionSinceTheScanIsSpared() {
        ProcessInfo p = processes.start(100, 1, OFFLINE, "runner", Temper.POLITE);
        Leftovers janitor = janitor();
        List<PlannedAction> plan = janitor.plan(janitor.scan().items());
        liveSessionPids.add(100);

        assertThat(janitor.apply(plan, CleanProgress.NONE)).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(CleanOutcome.Result.SKIPPED);
            assertThat(o.detail()).isEqualTo("belongs to a live session now");
        });
        assertThat(processes.isRunning(p)).isTrue();
        assertThat(processes.actions()).isEmpty();
    }

    @Test
    void whatCannotBeEndedOrRemovedIsReportedAsFailedOrChanged() {
        processes.start(100, 1, OFFLINE, "stuck", Temper.UNKILLABLE);
        processes.start(101, 1, OFFLINE, "not ours to signal", Temper.FOREIGN);
        sources.addObject(SystemObject.Kind.IPC_MSG, "8:1", OFFLINE, false);
        Leftovers janitor = janitor();
        List<PlannedAction> plan = janitor.plan(janitor.scan().items());
        sources.objects().forEach(o -> sources.remove(o)); // gone before the clean
        sources.addObject(SystemObject.Kind.IPC_MSG, "8:1", DEVELOPER, false); // the id now names another's object

        List<CleanOutcome> outcomes = janitor.apply(plan, CleanProgress.NONE);

        assertThat(outcomes).extracting(o -> o.item().describe() + " " + o.result().label()).containsExactlyInAnyOrder(
                "pid 100 (stuck) failed", "pid 101 (not ours to signal) failed", "fake IPC_MSG 8:1 skipped");
        assertThat(outcomes).filteredOn(CleanOutcome::failed).allSatisfy(o -> assertThat(o.detail()).isNotBlank());
        assertThat(sources.objects()).extracting(SystemObject::owner).containsExactly(DEVELOPER);
    }

    @Test
    void aFileIsNotMovedWhenTheHoldersCannotBeReadOrWhenItWasReplaced() throws IOException {
        Path a = file("a", OFFLINE);
        Path b = file("b", OFFLINE);
        Leftovers janitor = janitor();
        List<PlannedAction> plan = janitor.plan(janitor.scan().items());
        Files.move(Files.writeString(tmp.resolve("b.new"), "new"), b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        sources.own(b, OFFLINE);
        sources.failHolderReadsWith("/proc/77: Permission denied");

        List<CleanOutcome> outcomes = janitor.apply(plan, CleanProgress.NONE);

        assertThat(outcomes).allSatisfy(o -> assertThat(o.result()).isEqualTo(CleanOutcome.Result.SKIPPED));
        assertThat(outcomes).extracting(CleanOutcome::detail)
                .allSatisfy(d -> assertThat(d).startsWith("cannot tell whether it is in use: /proc/77"));
        assertThat(a).exists();
        assertThat(b).hasContent("new");
        assertThat(janitor.quarantine()).isEmpty();
    }

    @Test
    void aFileReplacedSinceTheScanIsSkippedAndTheNewOneStays() throws IOException {
        Path b = file("b", OFFLINE);
        Leftovers janitor = janitor();
        List<PlannedAction> plan = janitor.plan(janitor.scan().items());
        // a new inode: both existed at once, so the number cannot have been reused
        Files.move(Files.writeString(tmp.resolve("b.new"), "new"), b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        sources.own(b, OFFLINE);

        assertThat(janitor.apply(plan, CleanProgress.NONE)).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(CleanOutcome.Result.SKIPPED);
            assertThat(o.detail()).contains("replaced or changed owner since the scan");
        });
        assertThat(b).hasContent("new");
    }
}
