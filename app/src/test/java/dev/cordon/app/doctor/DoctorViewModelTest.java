package dev.cordon.app.doctor;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.Reports;
import dev.cordon.app.task.DirectTaskExecutor;
import dev.cordon.core.CordonException;
import dev.cordon.core.ExitCode;
import dev.cordon.doctor.Check;
import dev.cordon.doctor.DoctorReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

import static dev.cordon.app.doctor.DoctorViewModel.Phase.IDLE;
import static dev.cordon.app.doctor.DoctorViewModel.Phase.PREVIEWING_BUNDLE;
import static org.assertj.core.api.Assertions.assertThat;

class DoctorViewModelTest {
    static final class FakeService implements DoctorService {
        int runs;
        DoctorReport bundledFrom;
        Path writtenTo;
        Map<String, String> written;
        RuntimeException failWrite;
        /** Called after this many checks of a run, as a person clicking Cancel meanwhile would (null: never). */
        Integer cancelAfter;
        Runnable onCancelPoint = () -> { };
        int checksRun;

        @Override
        public DoctorReport run(java.util.function.Consumer<String> each) {
            return run(each, () -> false);
        }

        /** As the backend's: asks {@code cancelled} after each check, and stops with a CancellationException. */
        @Override
        public DoctorReport run(java.util.function.Consumer<String> each, java.util.function.BooleanSupplier cancelled) {
            runs++;
            DoctorReport r = Reports.fresh();
            for (var c : r.checks()) {
                checksRun++;
                each.accept(c.title());
                if (cancelAfter != null && checksRun == cancelAfter) {
                    onCancelPoint.run();
                }
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("cancelled after " + c.id());
                }
            }
            return r;
        }

        @Override
        public Map<String, String> bundleContents(DoctorReport report) {
            bundledFrom = report;
            Map<String, String> files = new LinkedHashMap<>();
            files.put("doctor.json", "{}");
            files.put("versions.txt", "cordon dev\n");
            return files;
        }

        final List<Path> opened = new ArrayList<>();
        dev.cordon.platform.FolderOpener.Result openResult = new dev.cordon.platform.FolderOpener.Result(true, "");

        @Override
        public dev.cordon.platform.FolderOpener.Result openFolder(Path folder) {
            opened.add(folder);
            return openResult;
        }

        @Override
        public void writeBundle(Path zip, Map<String, String> contents) {
            if (failWrite != null) {
                throw failWrite;
            }
            writtenTo = zip;
            written = contents;
            if (Files.isDirectory(zip.getParent())) {
                try {
                    Files.writeString(zip, String.join(",", contents.keySet())); // a real file where the user will look
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    private final Messages messages = Messages.load(Locale.ROOT);
    private final FakeService service = new FakeService();
    private final EventBus bus = new EventBus();

    private DoctorViewModel vm(boolean elevated) {
        return new DoctorViewModel(service, new DirectTaskExecutor(), bus, messages, elevated);
    }

    @Test
    void aRunningDoctorCanBeCancelledAndTheShownReportStays() {
        DoctorViewModel vm = vm(true);
        vm.rerun();
        DoctorReport before = vm.reportProperty().get();
        assertThat(vm.cancellableProperty().get()).isFalse(); // nothing running

        service.checksRun = 0;
        service.cancelAfter = 3;
        boolean[] seen = new boolean[2];
        service.onCancelPoint = () -> {
            seen[0] = vm.cancellableProperty().get(); // Cancel is offered while the run is under way
            vm.cancelRun();
            seen[1] = vm.cancellableProperty().get(); // and not twice
            assertThat(vm.progressProperty().get()).isEqualTo(messages.get("doctor.progress.cancelling"));
        };
        vm.rerun();

        assertThat(seen[0]).isTrue();
        assertThat(seen[1]).isFalse();
        assertThat(service.checksRun).isEqualTo(3); // stopped after the check under way
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
        assertThat(vm.problemProperty().get()).isNull(); // a cancel is not a failure
        assertThat(vm.noticeProperty().get()).isEqualTo(messages.get("doctor.cancelled"));
        assertThat(vm.progressProperty().get()).isEmpty();
        assertThat(vm.reportProperty().get()).isSameAs(before);
        assertThat(vm.cancellableProperty().get()).isFalse();

        service.cancelAfter = null; // the next run runs to its end
        vm.rerun();
        assertThat(vm.reportProperty().get()).isNotSameAs(before);
        assertThat(vm.noticeProperty().get()).isEmpty();
    }

    @Test
    void rerunFillsTheTableAndSummary() {
        DoctorViewModel vm = vm(true);
        vm.rerun();
        assertThat(vm.checks()).hasSize(Reports.IDS.size());
        assertThat(vm.summaryProperty().get()).startsWith("16 passed, 3 failed, 1 could not run");
    }

    @Test
    void failuresComeFirstAndCanBeShownAlone() {
        DoctorViewModel vm = vm(true);
        vm.rerun();
        List<Check.Status> order = vm.checks().stream().map(Check::status).toList();
        assertThat(order.subList(0, 3)).containsOnly(Check.Status.FAIL);
        assertThat(order.get(3)).isEqualTo(Check.Status.SKIP);
        assertThat(order.subList(4, order.size())).containsOnly(Check.Status.PASS);
        vm.failedOnlyProperty().set(true);
        assertThat(vm.checks()).hasSize(3).allMatch(c -> c.status() == Check.Status.FAIL);
        vm.failedOnlyProperty().set(false);
        assertThat(vm.checks()).hasSize(Reports.IDS.size());
    }

    @Test
    void aRunSaysHowFarItIs() {
        DoctorViewModel vm = vm(true);
        List<String> seen = new ArrayList<>();
        vm.progressProperty().addListener((obs, old, p) -> seen.add(p));
        vm.rerun(); // the first run: how many there will be is not known yet
        assertThat(seen).anyMatch(p -> p.startsWith("Check 1: "));
        assertThat(vm.progressProperty().get()).isEmpty();
        seen.clear();
        vm.rerun(); // then "check 12 of 20"
        assertThat(seen).anyMatch(p -> p.startsWith("Check 12 of " + Reports.IDS.size()));
        assertThat(vm.progressProperty().get()).isEmpty();
    }

    @Test
    void theBundleGoesToTheInvokingUsersDownloadsWithDateAndTimeInItsName(@org.junit.jupiter.api.io.TempDir Path homes)
            throws Exception {
        Path alice = Files.createDirectories(homes.resolve("alice/Downloads")).getParent();
        Path root = Files.createDirectories(homes.resolve("root"));
        var aliceAccount = new dev.cordon.platform.Account("alice", dev.cordon.core.Principal.uid(1000),
                dev.cordon.core.Principal.gid(1000), alice.toString(), "/bin/sh", java.util.List.of());
        Path folder = BundleTarget.folder(java.util.Optional.of(aliceAccount), root);
        assertThat(folder).isEqualTo(alice.resolve("Downloads"));
        assertThat(BundleTarget.folder(java.util.Optional.empty(), root)).isEqualTo(root);
        String name = BundleTarget.name(java.time.LocalDateTime.of(2026, 12, 2, 15, 30, 12));
        assertThat(name).isEqualTo("cordon-support-2026-12-02-153012.zip");

        DoctorViewModel vm = vm(true);
        vm.rerun();
        vm.prepareBundle();
        vm.writeBundle(folder.resolve(name));
        assertThat(folder.resolve(name)).isRegularFile().hasContent("doctor.json,versions.txt");
        assertThat(vm.savedBundleProperty().get().message()).contains(folder.resolve(name).toString());
    }

    @Test
    void bundleIsPreviewedBeforeItIsWrittenAndGetsZipAppended() {
        DoctorViewModel vm = vm(true);
        vm.rerun();
        vm.prepareBundle();
        assertThat(service.runs).isEqualTo(1);  // reuses the report on screen
        assertThat(service.bundledFrom).isSameAs(vm.reportProperty().get());
        assertThat(vm.phaseProperty().get()).isEqualTo(PREVIEWING_BUNDLE);
        assertThat(vm.bundleProperty().get()).containsOnlyKeys("doctor.json", "versions.txt");
        assertThat(service.writtenTo).isNull();

        vm.writeBundle(Path.of("/tmp/support"));
        assertThat(service.writtenTo).isEqualTo(Path.of("/tmp/support.zip"));
        assertThat(service.written).containsEntry("versions.txt", "cordon dev\n");
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
        assertThat(vm.savedBundleProperty().get().zip()).isEqualTo(Path.of("/tmp/support.zip"));
        assertThat(vm.savedBundleProperty().get().message()).contains("/tmp/support.zip");
        assertThat(vm.bundleProperty().get()).isNull();
    }

    @Test
    void openFolderAsksForTheBundlesFolderAndSaysWhenItCannot() {
        DoctorViewModel vm = vm(true);
        vm.openBundleFolder(); // nothing saved yet: nothing to open
        assertThat(service.opened).isEmpty();
        vm.prepareBundle();
        vm.writeBundle(Path.of("/home/alice/Downloads/cordon-support-x.zip"));

        vm.openBundleFolder();
        assertThat(service.opened).containsExactly(Path.of("/home/alice/Downloads"));
        assertThat(vm.noticeProperty().get()).isEqualTo("Opened /home/alice/Downloads in the file manager.");
        assertThat(vm.folderWarningProperty().get()).isEmpty();

        service.openResult = new dev.cordon.platform.FolderOpener.Result(false,
                "xdg-open is not installed (package xdg-utils), so no file manager can be asked");
        vm.openBundleFolder();
        assertThat(vm.folderWarningProperty().get()).isEqualTo("The folder could not be opened: xdg-open is not "
                + "installed (package xdg-utils), so no file manager can be asked. The bundle is "
                + "/home/alice/Downloads/cordon-support-x.zip.");
    }

    @Test
    void bundleWithoutAReportRunsTheChecksFirst() {
        DoctorViewModel vm = vm(true);
        vm.prepareBundle();
        assertThat(service.runs).isEqualTo(1);
        assertThat(vm.checks()).hasSize(Reports.IDS.size());
    }

    @Test
    void closingThePreviewWritesNothing() {
        DoctorViewModel vm = vm(true);
        vm.prepareBundle();
        vm.closeBundle();
        assertThat(service.writtenTo).isNull();
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
    }

    @Test
    void refusedWriteIsShownWithItsFix() {
        service.failWrite = new CordonException(ExitCode.CONFLICT, "Bundle file /tmp/a.zip already exists; nothing was written.",
                "Choose a new file name or remove the old bundle.");
        DoctorViewModel vm = vm(true);
        vm.prepareBundle();
        vm.writeBundle(Path.of("/tmp/a.zip"));
        assertThat(vm.problemProperty().get().fix()).startsWith("Choose a new file name");
        assertThat(vm.phaseProperty().get()).isEqualTo(IDLE);
        assertThat(vm.exportDisabledProperty().get()).isFalse();
    }

    @Test
    void notElevatedCannotExport() {
        DoctorViewModel vm = vm(false);
        assertThat(vm.exportDisabledProperty().get()).isTrue();
        vm.prepareBundle();
        assertThat(service.runs).isZero();
    }

    @Test
    void takesReportsFromOtherPages() {
        DoctorViewModel vm = vm(true);
        bus.publish(new Events.ReportUpdated(Reports.healthy(), new Object()));
        assertThat(vm.checks()).hasSize(Reports.IDS.size());
        assertThat(service.runs).isZero();
    }
}
