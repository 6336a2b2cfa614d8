package dev.cordon.session;

import dev.cordon.platform.linux.ProcStat;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HostIdentityTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void theRecordIsBootRelativeSoSettingTheClockCannotKillALiveHost() {
        HostIdentity me = HostIdentity.current();
        long ticks = ProcStat.of(SELF).orElseThrow().startTicks();
        // nothing in the record depends on the wall clock or on the boot time a JVM read when it started
        assertThat(me.start()).isEqualTo("boot:" + ProcStat.bootId() + ":" + ticks);
        assertThat(HostIdentity.parse(me.toString())).contains(me);
        assertThat(me.alive()).isTrue();
    }

    @Test
    void anotherStartTimeOrAnotherBootIsAnotherProcess() {
        long ticks = ProcStat.of(SELF).orElseThrow().startTicks();
        assertThat(new HostIdentity(SELF, "boot:" + ProcStat.bootId() + ":" + (ticks + 1)).alive()).isFalse();
        assertThat(new HostIdentity(SELF, "boot:00000000-0000-0000-0000-000000000000:" + ticks).alive()).isFalse();
    }

    @Test
    void olderInstantRecordsAreStillRead() {
        String instant = ProcessHandle.current().info().startInstant().orElseThrow().toString();
        assertThat(new HostIdentity(SELF, instant).alive()).isTrue();
        assertThat(new HostIdentity(SELF, "1970-01-01T00:00:00Z").alive()).isFalse();
    }

    @Test
    void anExitedHostIsDead() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new HostIdentity(pid, "boot:" + ProcStat.bootId() + ":1").alive()).isFalse();
    }
}
