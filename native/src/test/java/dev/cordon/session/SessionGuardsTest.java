package dev.cordon.session;

import dev.cordon.platform.RunnerSetup;
import dev.cordon.runner.ChannelGuard;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class SessionGuardsTest {
    @Test
    void anOfflineRunnerGetsANetworkOfItsOwnUnlessTheInstanceLetsItReachALocalProxy() {
        assertThat(SessionGuards.ALL.launchSteps(NetworkMode.OFFLINE, false)).contains(new RunnerSetup.PrivateNetwork());
        assertThat(SessionGuards.ALL.launchSteps(NetworkMode.ONLINE, false)).doesNotContain(new RunnerSetup.PrivateNetwork());
        assertThat(SessionGuards.ALL.launchSteps(NetworkMode.OFFLINE, true)).doesNotContain(new RunnerSetup.PrivateNetwork());
        SessionGuards off = SessionGuards.ALL.withChannels(EnumSet.complementOf(EnumSet.of(ChannelGuard.NETWORK)));
        assertThat(off.launchSteps(NetworkMode.OFFLINE, false)).doesNotContain(new RunnerSetup.PrivateNetwork())
                .contains(new RunnerSetup.PrivateIpc());
    }
}
