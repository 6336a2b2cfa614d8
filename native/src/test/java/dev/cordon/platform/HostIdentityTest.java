package dev.cordon.platform;

import dev.cordon.platform.ProcessStarts;
import dev.cordon.platform.linux.ProcStat;
import dev.cordon.platform.linux.ProcStatStarts;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HostIdentityTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static final ProcessStarts STARTS = new ProcStatStarts();

    @Test
    void theRecordIsBootRelativeSoSettingTheClockCannotKillALiveHost() {
        HostIdentity me = HostIdentity.current(STARTS);
        long ticks = ProcStat.of(SELF).orElseThrow().startTicks();
        // nothing in the record depends on the wall clock or on the boot time a JVM read when it started
        assertThat(me.start()).isEqualTo("boot:" + ProcStat.bootId() + ":" + ticks);
        assertThat(HostIdentity.parse(me.toString())).contains(me);
        assertThat(me.alive(STARTS)).isTrue();
    }

    @Test
    void anotherStartTimeOrAnotherBootIsAnotherProcess() {
        long ticks = ProcStat.of(SELF).orElseThrow().startTicks();
        assertThat(new HostIdentity(SELF, "boot:" + ProcStat.bootId() + ":" + (ticks + 1)).alive(STARTS)).isFalse();
        assertThat(new HostIdentity(SELF, "boot:00000000-0000-0000-0000-000000000000:" + ticks).alive(STARTS)).isFalse();
    }

    @Test
    void olderInstantRecordsAreStillRead() {
        String instant = ProcessHandle.current().info().startInstant().orElseThrow().toString();
        assertThat(new HostIdentity(SELF, instant).alive(STARTS)).isTrue();
        assertThat(new HostIdentity(SELF, "1970-01-01T00:00:00Z").alive(STARTS)).isFalse();
    }

    @Test
    void anExitedHostIsDead() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new HostIdentity(pid, "boot:" + ProcStat.bootId() + ":1").alive(STARTS)).isFalse();
    }

    @Test
    void anyPlatformsStartFormIsComparedAsItIsNotTakenForAnOlderInstant() {
        ProcessStarts created = pid -> pid == 7 ? Optional.of("created:133") : Optional.empty();
        assertThat(new HostIdentity(7, "created:133").alive(created)).isTrue();
        assertThat(new HostIdentity(7, "created:134").alive(created)).isFalse();
        assertThat(new HostIdentity(8, "created:133").alive(created)).isFalse();
    }
}
