package dev.cordon.app.overview;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.Reports;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.doctor.DoctorReport;
import dev.cordon.provision.PlannedChange;
import dev.cordon.provision.PlannedChange.Action;
import dev.cordon.provision.Provisioner.SetupResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static dev.cordon.app.overview.OverviewViewModel.Phase.CONFIRMING;
import static dev.cordon.app.overview.OverviewViewModel.Phase.IDLE;
import static org.assertj.core.api.Assertions.assertThat;

class OverviewViewModelTest {
    private static final List<PlannedChange> PLAN = List.of(
            new PlannedChange("group", Action.CREATE, "group t1-cordon-sandbox"),
            new PlannedChange("user-offline", Action.CREATE, "account t1-cordon-offline"));

    /** Records calls; the system is fresh until apply runs. */
    static final class FakeService implements OverviewService {
        DoctorReport report = Reports.fresh();
        List<PlannedChange> plan = PLAN;
        RuntimeException failApply;
        int checks;
        int applies;

        @Override
        public DoctorReport check() {
            checks++;
            return report;
        }

        @Override
        public SetupResult plan() {
            return new SetupResult(plan, false, List.of());
        }

        @Override
        public SetupResult apply(Consumer<String> progress) {
            applies++;
            if (failApply != null) {
                throw failApply;
            }
            plan.forEach(c -> progress.accept(c.action() + " " + c.description()));
            report = Reports.healthy();
            return new SetupResult(plan, !plan.isEmpty(), List.of("group ok", "account ok"));
        }
    }

    private final Messages messages = Messages.load(Locale.ROOT);
    private final FakeService service = new FakeService();
    private final EventBus bus = new EventBus();
    private final List<Object> published = new ArrayList<>();

    private OverviewViewModel vm(boolean elevated) {
        bus.subscribe(Events.SystemChanged.class, published::add);
        bus.subscribe(Events.ReportUpdated.class, published::add);
        return new OverviewViewModel(service, new DirectTaskExecutor(), bus, messages, elevated);
    }

    @Test
    void refreshShowsCardsAndPublishesTheReport() {
        OverviewViewModel vm = vm(true);
        vm.refresh();
        assertThat(vm.cards()).hasSize(HealthCard.Area.values().length);
        assertThat(vm.summaryProperty().get()).isEqualTo(messages.get("overview.summary.notSetUp")); // a fresh machine
        assertThat(vm.setupLabelProperty().get()).isEqualTo(messages.get("overview.setup"));
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
        assertThat(published).hasSize(1).first().isInstanceOf(Events.ReportUpdated.class);
    }

    @Test
    void setupShowsThePlanFirstAndAppliesOnlyWhenConfirmed() {
        OverviewViewModel vm = vm(true);
        vm.refresh();
        vm.planSetup();
        assertThat(vm.phaseProperty().get()).isEqualTo(CONFIRMING);
        assertThat(vm.plan()).containsExactlyElementsOf(PLAN);
        assertThat(service.applies).isZero();

        vm.confirmSetup();
        assertThat(service.applies).isEqualTo(1);
        assertThat(vm.progress()).containsExactly("CREATE group t1-cordon-sandbox", "CREATE account t1-cordon-offline");
        assertThat(vm.outcomeProperty().get()).isEqualTo(messages.get("overview.outcome.applied", 2, 2));
        // checks again after applying, and tells the other pages
        assertThat(service.checks).isEqualTo(2);
        assertThat(vm.summaryProperty().get()).isEqualTo(messages.get("overview.summary.healthy", 20));
        assertThat(vm.setupLabelProperty().get()).isEqualTo(messages.get("overview.repair"));
        assertThat(published).anyMatch(e -> e instanceof Events.SystemChanged);
        assertThat(vm.plan()).isEmpty();
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
    }

    @Test
    void cancelChangesNothing() {
        OverviewViewModel vm = vm(true);
        vm.planSetup();
        vm.cancelSetup();
        assertThat(service.applies).isZero();
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
        assertThat(vm.plan()).isEmpty();
    }

    @Test
    void emptyPlanIsNothingToChangeAndNeverApplies() {
        service.plan = List.of();
        OverviewViewModel vm = vm(true);
        vm.planSetup();
        assertThat(vm.phaseProperty().get()).isEqualTo(CONFIRMING);
        assertThat(vm.plan()).isEmpty();
        vm.confirmSetup();
        assertThat(service.applies).isZero();
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
    }

    @Test
    void notElevatedDisablesSetup() {
        OverviewViewModel vm = vm(false);
        assertThat(vm.setupDisabledProperty().get()).isTrue();
        vm.planSetup();
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
        assertThat(service.applies).isZero();
    }

    @Test
    void failedApplyShowsTheBackendMessageAndFixThenChecksAgain() {
        service.failApply = new CordonException(ExitCode.CONFLICT, "group t1-cordon-sandbox exists and was not created by Cordon",
                "Remove it or use --instance.");
        OverviewViewModel vm = vm(true);
        vm.planSetup();
        vm.confirmSetup();
        assertThat(vm.problemProperty().get().message()).contains("was not created by Cordon");
        // a fix naming a CLI option is not shown as such: the panel's sentence and a button to the doctor instead
        assertThat(vm.problemProperty().get().fix()).doesNotContain("--").isNotBlank();
        assertThat(vm.problemProperty().get().go()).isEqualTo(dev.cordon.app.ui.Destination.DOCTOR);
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
        assertThat(service.checks).isEqualTo(1);
        assertThat(vm.setupDisabledProperty().get()).isFalse();
    }

    @Test
    void reportsFromOtherPagesUpdateTheCards() {
        OverviewViewModel vm = vm(true);
        bus.publish(new Events.ReportUpdated(Reports.healthy(), new Object()));
        assertThat(vm.cards()).allMatch(c -> c.health() == HealthCard.Health.GOOD || c.health() == HealthCard.Health.NOT_YET);
        assertThat(vm.lastProbeProperty().get()).startsWith("Last probe: 2025-06-01");
        assertThat(service.checks).isZero();
    }

    @Test
    void aMachineNeverSetUpReadsNotSetUpYetNotAWallOfFailures() {
        OverviewViewModel vm = vm(true);
        vm.refresh(); // the fake starts with a fresh machine's report
        assertThat(vm.notSetUpProperty().get()).isTrue();
        assertThat(vm.summaryProperty().get()).isEqualTo(messages.get("overview.summary.notSetUp"));
        assertThat(vm.setupLabelProperty().get()).isEqualTo(messages.get("overview.setup"));

        bus.publish(new Events.ReportUpdated(Reports.healthy(), new Object()));
        assertThat(vm.notSetUpProperty().get()).isFalse();
        assertThat(vm.summaryProperty().get()).isNotEqualTo(messages.get("overview.summary.notSetUp"));
    }

    @Test
    void eachCardOpensThePageBehindIt() {
        assertThat(OverviewViewModel.destinationOf(HealthCard.Area.ACCOUNTS)).isEqualTo(dev.cordon.app.ui.Destination.SECRETS);
        assertThat(OverviewViewModel.destinationOf(HealthCard.Area.CREDENTIALS)).isEqualTo(dev.cordon.app.ui.Destination.SECRETS);
        assertThat(OverviewViewModel.destinationOf(HealthCard.Area.FIREWALL)).isEqualTo(dev.cordon.app.ui.Destination.NETWORK);
        assertThat(OverviewViewModel.destinationOf(HealthCard.Area.LEFTOVERS)).isEqualTo(dev.cordon.app.ui.Destination.LEFTOVERS);
        assertThat(OverviewViewModel.destinationOf(HealthCard.Area.SESSIONS)).isEqualTo(dev.cordon.app.ui.Destination.SESSIONS);
        assertThat(OverviewViewModel.destinationOf(HealthCard.Area.HOST)).isEqualTo(dev.cordon.app.ui.Destination.DOCTOR);
    }
}
