package dev.cordon.app.network;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.ManualTicker;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSwitchViewModelTest {
    static final class FakeService implements SessionSwitchService {
        final Map<String, SessionInfo> sessions = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        Instant now;
        RuntimeException fail;

        void add(String id, String network) {
            sessions.put(id, new SessionInfo(id, SessionState.IDLE, network, "t-" + network, 100L, "/sys/fs/cgroup/x",
                    Path.of("/srv/work"), List.of(), Path.of("/h"), Path.of("/t"), now, null, null, List.of(), "clone3-into-cgroup", null, 1L << 30, new SessionInfo.Owner(dev.cordon.core.Principal.uid(0), "root")));
        }

        @Override
        public List<SessionInfo> live() {
            return List.copyOf(sessions.values());
        }

        @Override
        public SessionInfo setNetwork(String id, NetworkMode mode, Duration forOrNull, String reason) {
            calls.add(id + " " + mode.label() + " " + forOrNull + " " + reason);
            if (fail != null) {
                throw fail;
            }
            SessionInfo s = sessions.get(id);
            SessionInfo next = new SessionInfo(id, s.state(), mode.label(), "t-" + mode.label(), 101L, s.cgroup(),
                    s.workspace(), s.writable(), s.home(), s.tmp(), s.started(),
                    forOrNull == null ? null : now.plus(forOrNull), null, s.commands(), s.spawn(), s.protection(), s.tmpSizeBytes(), s.owner());
            sessions.put(id, next);
            return next;
        }

        /** What the broker does when a temporary switch is up. */
        void revert(String id, String network) {
            SessionInfo s = sessions.get(id);
            sessions.put(id, new SessionInfo(id, s.state(), network, "t-" + network, 102L, s.cgroup(), s.workspace(),
                    s.writable(), s.home(), s.tmp(), s.started(), null, null, s.commands(), s.spawn(), s.protection(), s.tmpSizeBytes(), s.owner()));
        }
    }

    private final Messages messages = Messages.load(Locale.ROOT);
    private final FakeService service = new FakeService();
    private final EventBus bus = new EventBus();
    private Instant now = Instant.parse("2025-06-02T08:00:00Z");
    private final ManualTicker ticker = new ManualTicker();

    private SessionSwitchViewModel vm(boolean elevated) {
        service.now = now;
        return new SessionSwitchViewModel(service, new DirectTaskExecutor(), bus, messages, ticker, () -> now,
                elevated);
    }

    @Test
    void theCountdownsMoveOnlyWhileThePageIsShown() {
        service.add("s1", "offline");
        SessionSwitchViewModel vm = vm(true);
        vm.shown(); // lists the sessions, then ticks each second
        assertThat(vm.sessions()).extracting(SessionInfo::id).containsExactly("s1");
        vm.select("s1");
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "fetch deps", "5")).isTrue();
        var countdown = vm.countdown(vm.selectedProperty().get());
        assertThat(ticker.running()).containsExactly(java.time.Duration.ofSeconds(1));

        vm.hidden();
        assertThat(ticker.running()).isEmpty();
        now = now.plusSeconds(61);
        ticker.tick();
        assertThat(countdown.get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "5:00"));

        vm.shown();
        ticker.tick();
        assertThat(countdown.get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "3:59"));
    }

    @Test
    void listsTheLiveSessionsAndSwitchesTheSelectedOneForSomeMinutesWithACountdown() {
        service.now = now;
        service.add("s1", "offline");
        service.add("s2", "offline");
        SessionSwitchViewModel vm = vm(true);
        List<Events.SessionsChanged> published = new ArrayList<>();
        bus.subscribe(Events.SessionsChanged.class, published::add);
        vm.reload();
        assertThat(vm.sessions()).extracting(SessionInfo::id).containsExactly("s1", "s2");
        assertThat(vm.switchDisabledProperty().get()).isTrue(); // nothing selected

        vm.select("s2");
        assertThat(vm.switchDisabledProperty().get()).isFalse();
        assertThat(vm.otherMode()).isEqualTo(NetworkMode.ONLINE);
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "  fetch deps ", "5")).isTrue();

        assertThat(service.calls).containsExactly("s2 online PT5M fetch deps");
        assertThat(vm.selectedProperty().get().network()).isEqualTo("online");
        assertThat(vm.otherMode()).isEqualTo(NetworkMode.OFFLINE);
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("sessions.network.switchedFor", "s2", "online", 5));
        assertThat(published).extracting(Events.SessionsChanged::liveCount).containsExactly(2);

        SessionInfo s2 = vm.selectedProperty().get();
        var countdown = vm.countdown(s2);
        assertThat(countdown.get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "5:00"));
        now = now.plusSeconds(61);
        vm.tick();
        assertThat(countdown.get()).isEqualTo(messages.get("sessions.network.reverts", "offline", "3:59"));
        assertThat(vm.countdown(vm.sessions().get(0)).get()).isEmpty();

        // due: the page reloads until the broker reports the session back offline
        now = now.plusSeconds(240);
        vm.tick();
        assertThat(countdown.get()).isEqualTo(messages.get("sessions.network.reverting", "offline"));
        service.revert("s2", "offline");
        vm.tick();
        assertThat(vm.selectedProperty().get().network()).isEqualTo("offline");
        assertThat(vm.selectedProperty().get().networkRevertsAt()).isNull();
    }

    @Test
    void aReasonIsRequiredAndMinutesMustBeInRange() {
        service.add("s1", "offline");
        SessionSwitchViewModel vm = vm(true);
        vm.reload();
        vm.select("s1");
        assertThat(vm.setNetwork(NetworkMode.ONLINE, " ", "")).isFalse();
        assertThat(vm.problemProperty().get().message()).isEqualTo(messages.get("sessions.network.noReason"));
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "why", "0")).isFalse();
        assertThat(vm.problemProperty().get().message()).isEqualTo(messages.get("sessions.network.badMinutes", "0"));
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "why", "1441")).isFalse();
        assertThat(service.calls).isEmpty();

        assertThat(vm.setNetwork(NetworkMode.ONLINE, "why", "")).isTrue();
        assertThat(service.calls).containsExactly("s1 online null why");
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("sessions.network.switched", "s1", "online"));
        assertThat(vm.countdown(vm.selectedProperty().get()).get()).isEmpty();
    }

    @Test
    void aFailedSwitchShowsTheProblemAndReadOnlyCannotSwitch() {
        service.add("s1", "offline");
        SessionSwitchViewModel vm = vm(true);
        vm.reload();
        vm.select("s1");
        service.fail = new CordonException(ExitCode.CONFLICT, "No session s1.", "Reload.");
        assertThat(vm.setNetwork(NetworkMode.ONLINE, "why", "")).isTrue();
        assertThat(vm.problemProperty().get().message()).isEqualTo("No session s1.");
        assertThat(vm.switchDisabledProperty().get()).isFalse();

        SessionSwitchViewModel readOnly = vm(false);
        readOnly.reload();
        readOnly.select("s1");
        assertThat(readOnly.switchDisabledProperty().get()).isTrue();
        assertThat(readOnly.setNetwork(NetworkMode.ONLINE, "why", "")).isFalse();
    }

    @Test
    void anotherPagesChangeReloadsTheList() {
        SessionSwitchViewModel vm = vm(true);
        vm.reload();
        assertThat(vm.sessions()).isEmpty();
        service.add("s1", "offline");
        bus.publish(new Events.SessionsChanged(1, this));
        assertThat(vm.sessions()).extracting(SessionInfo::id).containsExactly("s1");
    }
}
