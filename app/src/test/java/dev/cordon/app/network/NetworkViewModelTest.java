package dev.cordon.app.network;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.Reports;
import dev.cordon.app.network.NetworkViewModel.Health;
import dev.cordon.app.network.NetworkViewModel.RuleLine;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.core.Principal;
import dev.cordon.doctor.Check;
import dev.cordon.platform.Firewall;
import dev.cordon.platform.FirewallSpec;
import dev.cordon.platform.FirewallState;
import dev.cordon.platform.NetworkProbe.Attempt;
import dev.cordon.platform.NetworkProbe.Target;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkViewModelTest {
    static final Instant PROBED = Instant.parse("2025-06-02T08:00:00Z");

    static final class FakeService implements NetworkService {
        FirewallState state = FirewallState.missing();
        Principal offlineUid = Principal.uid(1001);
        List<Firewall.Uncovered> notCovered = List.of();
        boolean leak;
        RuntimeException failProbe;
        final List<Integer> attemptsSeenDuringProbe = new ArrayList<>();
        NetworkViewModel vm;

        @Override
        public FirewallStatus read() {
            return new FirewallStatus("t1_cordon", "nftables table inet t1_cordon", "t1-cordon-offline", offlineUid,
                    "t1-cordon-online", state, notCovered);
        }

        @Override
        public ProbeRun proveOffline(Consumer<Attempt> each) {
            if (failProbe != null) {
                throw failProbe;
            }
            List<Attempt> attempts = new ArrayList<>();
            for (Target t : OFFLINE_TARGETS) {
                boolean through = leak && t.protocol() == dev.cordon.platform.NetworkProbe.Protocol.UDP;
                Attempt a = new Attempt(new Target(t.protocol(), t.address(), 40000 + attempts.size()), through, through,
                        through ? "" : "Connection refused");
                attempts.add(a);
                each.accept(a);
                attemptsSeenDuringProbe.add(vm.attempts().size());
            }
            return new ProbeRun("t1-cordon-offline", PROBED, attempts);
        }
    }

    private final Messages messages = Messages.load(Locale.ROOT);
    private final FakeService service = new FakeService();
    private final EventBus bus = new EventBus();

    private NetworkViewModel vm(boolean elevated) {
        NetworkViewModel vm = new NetworkViewModel(service, new DirectTaskExecutor(), bus, messages, elevated);
        service.vm = vm;
        return vm;
    }

    private static FirewallState present(int uid, List<Integer> ports, List<String> problems) {
        return new FirewallState(true, Optional.of(new FirewallSpec("t1_cordon", Principal.uid(uid), ports)), problems, "{\"nftables\":[]}");
    }

    @Test
    void aMissingTableIsMissing() {
        NetworkViewModel vm = vm(true);
        vm.load();
        assertThat(vm.healthProperty().get()).isEqualTo(Health.MISSING);
        assertThat(vm.rules()).extracting(RuleLine::problem).containsExactly(true);
        assertThat(vm.rules().get(0).text()).startsWith("There is no nftables table inet t1_cordon: t1-cordon-offline");
        assertThat(vm.summaryProperty().get()).isEqualTo("nftables table inet t1_cordon: Missing: the offline account is not cut off");
    }

    @Test
    void aPresentTableIsExplainedInWordsAndIsNotProvenUntilProbed() {
        service.state = present(1001, List.of(8080, 3128), List.of());
        NetworkViewModel vm = vm(true);
        vm.load();
        assertThat(vm.healthProperty().get()).isEqualTo(Health.PRESENT);
        assertThat(vm.rules()).extracting(RuleLine::text).containsExactly(
                "Every packet of uid 1001 (t1-cordon-offline) is rejected: IPv4 and IPv6, TCP (reset), UDP and ICMP, loopback included.",
                "Except loopback TCP to port(s) 3128, 8080 (proxies).",
                "The online account t1-cordon-online is not filtered.");
        assertThat(vm.probeLineProperty().get()).isEqualTo(messages.get("network.probe.never"));
    }

    @Test
    void whereTheRulesMissChannelsTheyAreNotSaidToStopEveryPacketAndEachIsListed() {
        service.state = present(1001, List.of(), List.of());
        service.notCovered = List.of(new Firewall.Uncovered("firewall.uncovered.icmp", "ICMP (ping)",
                "sent from the kernel, not matched by per-user rules"));
        NetworkViewModel vm = vm(true);
        vm.load();
        assertThat(vm.rules()).extracting(RuleLine::text).noneMatch(t -> t.contains("ICMP, loopback") || t.contains("Every packet"));
        assertThat(vm.rules().get(0).text()).startsWith("Every connection of uid 1001 (t1-cordon-offline) is blocked");
        assertThat(vm.rules()).contains(new RuleLine(
                "Not covered: ICMP (ping) (sent from the kernel, not matched by per-user rules).", true));
    }

    @Test
    void problemsOrAWrongUidMakeItIneffective() {
        service.state = present(1001, List.of(), List.of("a foreign rule accepts first"));
        NetworkViewModel vm = vm(true);
        vm.load();
        assertThat(vm.healthProperty().get()).isEqualTo(Health.INEFFECTIVE);
        assertThat(vm.rules()).contains(new RuleLine("a foreign rule accepts first", true));
        assertThat(vm.rules()).contains(new RuleLine("No exceptions: no loopback port is allowed.", false));

        service.state = present(1002, List.of(), List.of());
        vm.load();
        assertThat(vm.healthProperty().get()).isEqualTo(Health.INEFFECTIVE);
        assertThat(vm.rules()).extracting(RuleLine::text).contains(
                "The rules cut off uid 1002, but t1-cordon-offline has uid 1001: the account is not cut off.");
    }

    @Test
    void proveOfflineShowsEachAttemptAsItComesAndProvesTheTable() {
        service.state = present(1001, List.of(), List.of());
        NetworkViewModel vm = vm(true);
        vm.proveOffline();
        assertThat(service.attemptsSeenDuringProbe).containsExactly(1, 2, 3, 4);
        assertThat(vm.attempts()).hasSize(4).allMatch(a -> !a.connected());
        assertThat(vm.attempts()).extracting(vm::result).containsOnly("Refused");
        assertThat(vm.healthProperty().get()).isEqualTo(Health.PROVEN);
        assertThat(vm.lastProbeProperty().get()).isEqualTo(new NetworkViewModel.LastProbe(PROBED, true,
                NetworkViewModel.LastProbe.Source.PANEL));
        assertThat(vm.probeLineProperty().get()).contains("every attempt refused").contains("from this page");
        assertThat(vm.phaseProperty().get()).isEqualTo(NetworkViewModel.Phase.IDLE);
    }

    @Test
    void aProbeThatGetsThroughMakesItIneffective() {
        service.state = present(1001, List.of(), List.of());
        service.leak = true;
        NetworkViewModel vm = vm(true);
        vm.proveOffline();
        assertThat(vm.healthProperty().get()).isEqualTo(Health.INEFFECTIVE);
        assertThat(vm.attempts()).filteredOn(Attempt::connected).extracting(vm::result).containsOnly("Reached").hasSize(2);
        assertThat(vm.probeLineProperty().get()).contains("something got through");
    }

    @Test
    void aFailedProbeShowsTheMessageAndFix() {
        service.failProbe = new CordonException(ExitCode.NOT_SET_UP, "The offline account t1-cordon-offline does not exist.",
                "Set up Cordon on the Overview page.");
        NetworkViewModel vm = vm(true);
        vm.proveOffline();
        assertThat(vm.problemProperty().get().fix()).isEqualTo("Set up Cordon on the Overview page.");
        assertThat(vm.phaseProperty().get()).isEqualTo(NetworkViewModel.Phase.IDLE);
        assertThat(vm.lastProbeProperty().get()).isNull();
    }

    @Test
    void theDoctorsProbeCountsAsProof() {
        service.state = present(1001, List.of(), List.of());
        NetworkViewModel vm = vm(true);
        vm.load();
        bus.publish(new Events.ReportUpdated(Reports.healthy(), this));
        assertThat(vm.healthProperty().get()).isEqualTo(Health.PROVEN);
        assertThat(vm.lastProbeProperty().get().at()).isEqualTo(Instant.parse(Reports.PROBE_TIME));
        assertThat(vm.lastProbeProperty().get().source()).isEqualTo(NetworkViewModel.LastProbe.Source.DOCTOR);

        bus.publish(new Events.ReportUpdated(Reports.with(List.of(Check.fail("firewall.offline.proven", "t",
                "as x: tcp://127.0.0.1:1 reached at 2025-06-03T00:00:00Z", "fix"))), this));
        assertThat(vm.healthProperty().get()).isEqualTo(Health.INEFFECTIVE);

        // a skipped probe (nothing to probe) says nothing about the table
        bus.publish(new Events.ReportUpdated(Reports.fresh(), this));
        assertThat(vm.lastProbeProperty().get().cutOff()).isFalse();
    }

    @Test
    void notElevatedCannotProbe() {
        NetworkViewModel vm = vm(false);
        assertThat(vm.proveDisabledProperty().get()).isTrue();
        vm.proveOffline();
        assertThat(vm.attempts()).isEmpty();
    }

    @Test
    void everyHealthHasAText() {
        for (Health h : Health.values()) {
            assertThat(messages.get("network.health." + h.name().toLowerCase(Locale.ROOT))).isNotBlank();
        }
        for (NetworkViewModel.LastProbe.Source s : NetworkViewModel.LastProbe.Source.values()) {
            assertThat(messages.get("network.probe.source." + s.name().toLowerCase(Locale.ROOT))).isNotBlank();
        }
    }
}
