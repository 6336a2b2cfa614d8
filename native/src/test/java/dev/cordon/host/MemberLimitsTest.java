package dev.cordon.host;

import dev.cordon.core.Caller;
import dev.cordon.core.Principal;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionSpec;
import dev.cordon.session.SessionState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The host's bounds on one member: sessions held at once, HOME/TMPDIR size, and the sessions' memory limits together;
 * root is not bounded.
 */
class MemberLimitsTest {
    private static final Caller ALICE = new Caller(Principal.uid(1001), Principal.gid(1001), List.of(Principal.gid(1001)), "alice");
    private static final Caller BOB = new Caller(Principal.uid(1002), Principal.gid(1002), List.of(Principal.gid(1002)), "bob");
    /** For the rows about other limits: more than any number of sessions' memory limits here. */
    private static final long NO_MEMORY_BOUND = 1L << 50;
    private final List<SessionInfo> sessions = new ArrayList<>();

    private static SessionSpec spec(long tmpSize) {
        return new SessionSpec(Path.of("/srv/p"), NetworkMode.OFFLINE, List.of(), Map.of(), List.of(),
                SessionSpec.Limits.DEFAULT.withTmpSize(tmpSize));
    }

    private SessionInfo session(Caller owner, SessionState state) {
        SessionInfo s = new SessionInfo("s" + sessions.size(), state, "offline", "off", 1L, null, Path.of("/srv/p"),
                List.of(), null, null, null, null, null, List.of(), "native", null, 1L << 30,
                new SessionInfo.Owner(owner.id(), owner.user()));
        sessions.add(s);
        return s;
    }

    private static SessionInfo stopped(SessionInfo s) {
        return new SessionInfo(s.id(), SessionState.STOPPED, s.network(), s.account(), s.runnerPid(), s.cgroup(),
                s.workspace(), s.writable(), s.home(), s.tmp(), s.started(), s.networkRevertsAt(), s.failure(),
                s.commands(), s.spawn(), s.protection(), s.tmpSizeBytes(), s.owner());
    }

    private SessionInfo start(MemberLimits limits, Caller caller, long tmpSize) {
        return limits.start(caller, spec(tmpSize), () -> List.copyOf(sessions), () -> session(caller, SessionState.IDLE));
    }

    @Test
    void aMemberMayHoldUpToTheLimitAndIsThenRefusedNamingItAndTheFix() {
        MemberLimits limits = new MemberLimits(2, 4L << 30, NO_MEMORY_BOUND);
        start(limits, ALICE, 1L << 30);
        start(limits, ALICE, 1L << 30);
        start(limits, BOB, 1L << 30); // another member's sessions do not count
        assertThatThrownBy(() -> start(limits, ALICE, 1L << 30)).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("alice (uid 1001) already has 2 session(s)", "--member-max-sessions 2");
            assertThat(e.fix()).contains("cordon session stop", "--member-max-sessions N");
        });
        assertThat(sessions).hasSize(3);
    }

    /** V4: a session being torn down still holds its HOME, TMPDIR and cgroup; the refusal says it is stopping. */
    @Test
    void stoppedAndFailedSessionsDoNotCountButStoppingOnesDo() {
        MemberLimits limits = new MemberLimits(2, 4L << 30, NO_MEMORY_BOUND);
        session(ALICE, SessionState.STOPPED);
        session(ALICE, SessionState.FAILED);
        session(ALICE, SessionState.STOPPING);
        start(limits, ALICE, 1L << 30);
        assertThatThrownBy(() -> start(limits, ALICE, 1L << 30)).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.getMessage()).contains("already has 2 session(s) (1 of them still stopping",
                        "--member-max-sessions 2"));
        long each = SessionSpec.Limits.DEFAULT.maxMemoryBytes();
        MemberLimits memory = new MemberLimits(8, 4L << 30, 2 * each);
        assertThatThrownBy(() -> start(memory, ALICE, 1L << 30)).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.getMessage()).contains("has 2 session(s) (1 of them still stopping",
                        "--member-max-memory 8G"));
    }

    @Test
    void aStuckSessionCounts() { // its workspace is still lent (review finding R3)
        MemberLimits limits = new MemberLimits(1, 4L << 30, NO_MEMORY_BOUND);
        session(ALICE, SessionState.STUCK);
        assertThatThrownBy(() -> start(limits, ALICE, 1L << 30)).isInstanceOf(CordonException.class);
    }

    @Test
    void aTmpSizeOverTheLimitIsRefusedBeforeAnythingStarts() {
        MemberLimits limits = new MemberLimits(8, 2L << 30, NO_MEMORY_BOUND);
        assertThatThrownBy(() -> start(limits, ALICE, 3L << 30)).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("asked for 3.0 GiB (--tmp-size 3G", "at most 2.0 GiB",
                    "--member-max-tmp-size 2G");
            assertThat(e.fix()).contains("--tmp-size 2G", "cordon serve --member-max-tmp-size 3G");
        });
        assertThat(sessions).isEmpty();
        start(limits, ALICE, 2L << 30); // the limit itself is allowed
    }

    @Test
    void aTmpSizeJustOverTheLimitShowsTheDifference() { // --tmp-size 4097M printed "4.0 GiB … at most 4.0 GiB"
        MemberLimits limits = new MemberLimits(8, 4L << 30, NO_MEMORY_BOUND);
        long asked = SessionSpec.Limits.parseTmpSize("4097M", "--tmp-size");
        assertThatThrownBy(() -> start(limits, ALICE, asked)).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.getMessage()).contains("asked for 4097 MiB (--tmp-size 4097M, or tmpSize \"4097M\"",
                    "at most 4 GiB (cordon serve --member-max-tmp-size 4G)").doesNotContain("4.0 GiB");
            assertThat(e.fix()).contains("--tmp-size 4G", "`cordon serve --member-max-tmp-size 4097M`");
        });
    }

    @Test
    void rootIsNotBounded() {
        MemberLimits limits = new MemberLimits(1, 1L << 30, NO_MEMORY_BOUND);
        start(limits, Caller.ROOT, 8L << 30);
        start(limits, Caller.ROOT, 8L << 30);
        assertThat(sessions).hasSize(2);
    }

    @Test
    void parallelStartsOfOneMemberCannotPassTheLimitTogether() throws Exception {
        MemberLimits limits = new MemberLimits(3, 4L << 30, NO_MEMORY_BOUND);
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    limits.start(ALICE, spec(1L << 30), () -> {
                        synchronized (sessions) {
                            return List.copyOf(sessions);
                        }
                    }, () -> {
                        sleep(); // a slow start: the next request must still see it
                        synchronized (sessions) {
                            return session(ALICE, SessionState.IDLE);
                        }
                    });
                } catch (CordonException e) {
                    refused.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(sessions).hasSize(3);
        assertThat(refused).hasValue(7);
    }

    @Test
    void aMembersSessionsMemoryLimitsTogetherStayWithinTheBoundNamingItTheMachineAndTheFix() { // Y2
        long each = SessionSpec.Limits.DEFAULT.maxMemoryBytes();
        MemberLimits limits = new MemberLimits(8, 4L << 30, 3 * each + (1L << 30)); // 3 sessions' limits and 1 GiB
        start(limits, ALICE, 1L << 30);
        start(limits, ALICE, 1L << 30);
        start(limits, ALICE, 1L << 30);
        start(limits, BOB, 1L << 30); // another member's sessions do not count
        assertThatThrownBy(() -> start(limits, ALICE, 1L << 30)).isInstanceOfSatisfying(CordonException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("alice (uid 1001) has 3 session(s) with a memory limit (memory.max) of"
                            + " 4.0 GiB each, 12.0 GiB together; one more of 4.0 GiB would make 16.0 GiB",
                    "more than a member's sessions may hold together: 13.0 GiB (cordon serve --member-max-memory 13G",
                    "this machine's memory is " + dev.cordon.core.ByteSize.format(MemberLimits.HOST_MEMORY));
            assertThat(e.fix()).contains("cordon session stop ID", "cordon serve --member-max-memory SIZE");
        });
        assertThat(sessions).hasSize(4);
        sessions.set(0, stopped(sessions.get(0)));
        start(limits, ALICE, 1L << 30); // a stopped session's limit no longer counts
    }

    @Test
    void aMembersFirstSessionIsNotRefusedForMemoryNorIsRoot() {
        MemberLimits limits = new MemberLimits(8, 4L << 30, 1L << 30); // less than one session's limit
        start(limits, ALICE, 1L << 30);
        assertThatThrownBy(() -> start(limits, ALICE, 1L << 30)).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.getMessage()).contains("--member-max-memory 1G"));
        start(limits, Caller.ROOT, 1L << 30);
        start(limits, Caller.ROOT, 1L << 30);
        assertThat(sessions).hasSize(3);
    }

    @Test
    void theDefaultBoundIsThreeQuartersOfTheMachinesMemory() {
        assertThat(MemberLimits.memoryShare(24L << 30)).isEqualTo(18L << 30);
        assertThat(MemberLimits.memoryShare((24L << 30) + 12345)).isEqualTo(18L << 30); // whole MiB
        assertThat(MemberLimits.memoryShare(24105L << 20)).isEqualTo(18078L << 20); // MemTotal 24105 MiB
        assertThat(MemberLimits.DEFAULT.maxMemoryBytes()).isEqualTo(MemberLimits.memoryShare(MemberLimits.HOST_MEMORY));
        assertThat(MemberLimits.HOST_MEMORY).isPositive();
        assertThat(MemberLimits.parseMaxMemory("12G")).isEqualTo(12L << 30);
        assertThatThrownBy(() -> MemberLimits.parseMaxMemory("lots")).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.getMessage()).contains("--member-max-memory 'lots' is not a size"));
    }

    @Test
    void limitsOutOfRangeAreUsageErrors() {
        assertThatThrownBy(() -> new MemberLimits(0, 1L << 30, NO_MEMORY_BOUND)).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> new MemberLimits(1, 1, NO_MEMORY_BOUND)).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.getMessage()).contains("--member-max-tmp-size"));
        assertThatThrownBy(() -> new MemberLimits(1, 1L << 30, 1000)).isInstanceOfSatisfying(CordonException.class,
                e -> assertThat(e.getMessage()).contains("--member-max-memory 1000 bytes"));
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
