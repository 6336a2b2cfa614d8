package dev.cordon.app.doctor;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.FixEvent;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PanelWords;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import dev.cordon.doctor.Check;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.nio.file.Path;

/** The doctor's checks in a table with the selected check's full evidence and fix, re-run, and the support bundle. */
public final class DoctorView implements PageView {
    private final DoctorViewModel vm;
    private final Messages messages;
    private final PanelWords words;
    private final SaveDialog saveDialog;
    private final VBox root;

    public DoctorView(DoctorViewModel vm, Messages messages) {
        this(vm, messages, SaveDialog.fileChooser(messages));
    }

    public DoctorView(DoctorViewModel vm, Messages messages, SaveDialog saveDialog) {
        this.vm = vm;
        this.messages = messages;
        this.words = new PanelWords(messages);
        this.saveDialog = saveDialog;

        Button rerun = Ui.refreshButton(messages, "doctor.refresh.tooltip");
        rerun.setId("doctor-rerun");
        rerun.disableProperty().bind(vm.busyProperty());
        rerun.setOnAction(e -> vm.rerun());
        Button cancel = Ui.button(messages.get("doctor.cancel"), Feather.X);
        cancel.setId("doctor-cancel");
        cancel.setTooltip(Ui.tooltip(messages.get("doctor.cancel.tooltip")));
        cancel.visibleProperty().bind(vm.cancellableProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancelRun());
        Button export = Ui.button(messages.get("doctor.export"), Feather.DOWNLOAD);
        export.setId("doctor-export");
        export.disableProperty().bind(vm.exportDisabledProperty());
        export.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "doctor.export.tooltip" : "readonly.disabled")));
        export.setOnAction(e -> vm.prepareBundle());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(vm.busyProperty());
        Label progress = new Label();
        progress.setId("doctor-progress");
        progress.textProperty().bind(vm.progressProperty());
        progress.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        progress.visibleProperty().bind(vm.progressProperty().isNotEmpty());
        progress.managedProperty().bind(progress.visibleProperty());
        progress.setMaxWidth(260);
        javafx.scene.control.CheckBox failedOnly = new javafx.scene.control.CheckBox(messages.get("doctor.failedOnly"));
        failedOnly.setId("doctor-failed-only");
        failedOnly.setMnemonicParsing(true);
        failedOnly.setMinWidth(javafx.scene.control.CheckBox.USE_PREF_SIZE);
        failedOnly.selectedProperty().bindBidirectional(vm.failedOnlyProperty());
        failedOnly.setTooltip(Ui.tooltip(messages.get("doctor.failedOnly.tooltip")));

        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.doctor"), vm.summaryProperty()), new Spacer(),
                progress, spinner, cancel, failedOnly, rerun, export);
        header.setAlignment(Pos.CENTER_LEFT);

        TableView<Check> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        root = new VBox(Ui.GAP, header, Ui.problemBanner(vm.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("doctor.bundle.title"), vm.noticeProperty()), table, details(table));
        root.setPadding(new Insets(Ui.PAGE_PADDING));
        root.setId("page-doctor");

        // a bundle written: where it is, with Open folder (as the person at the desktop) and Copy path
        vm.savedBundleProperty().addListener((obs, old, saved) -> {
            if (saved != null) {
                ToastLayer.of(root).ifPresent(layer -> layer.show(ToastLayer.Kind.SUCCESS,
                        messages.get("doctor.bundle.title"), saved.message(), ToastLayer.IMPORTANT, java.util.List.of(
                                new ToastLayer.Action(messages.get("doctor.bundle.openFolder"), vm::openBundleFolder),
                                new ToastLayer.Action(messages.get("doctor.bundle.copyPath"),
                                        () -> Ui.copyToClipboard(saved.zip().toString())))));
            }
        });
        vm.folderWarningProperty().addListener((obs, old, warning) -> {
            var saved = vm.savedBundleProperty().get();
            if (warning != null && !warning.isBlank() && saved != null) {
                ToastLayer.of(root).ifPresent(layer -> layer.show(ToastLayer.Kind.WARNING,
                        messages.get("doctor.bundle.notOpened.title"), warning, ToastLayer.IMPORTANT, java.util.List.of(
                                new ToastLayer.Action(messages.get("doctor.bundle.copyPath"),
                                        () -> Ui.copyToClipboard(saved.zip().toString())))));
            }
        });

        vm.phaseProperty().addListener((obs, old, phase) -> {
            if (phase == DoctorViewModel.Phase.PREVIEWING_BUNDLE && old == DoctorViewModel.Phase.PREPARING_BUNDLE) {
                Platform.runLater(() -> new BundlePreviewDialog(vm.bundleProperty().get(), messages,
                        root.getScene().getWindow(), this::chooseTarget, vm::closeBundle, vm::writeBundle).show());
            }
        });
    }


    private TableView<Check> table() {
        TableView<Check> table = new TableView<>(vm.checks());
        table.setId("doctor-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("doctor.table.empty")));

        TableColumn<Check, Check.Status> status = new TableColumn<>(messages.get("doctor.col.status"));
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status()));
        status.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Check.Status s, boolean empty) {
                super.updateItem(s, empty);
                setGraphic(empty || s == null ? null : Ui.statusIcon(s));
                setText(empty || s == null ? null : messages.get("status." + s.name().toLowerCase()));
            }
        });
        status.setMinWidth(90);
        status.setPrefWidth(95);
        status.setMaxWidth(110);
        TableColumn<Check, String> id = Ui.textColumn(messages.get("doctor.col.id"), Check::id, 230);
        id.setStyle("-fx-font-family: monospace;");
        id.setMinWidth(220);
        TableColumn<Check, String> title = Ui.textColumn(messages.get("doctor.col.title"), Check::title, 240);
        TableColumn<Check, String> evidence = Ui.textColumn(messages.get("doctor.col.evidence"), Check::evidence, 300);
        TableColumn<Check, String> fix = Ui.textColumn(messages.get("doctor.col.fix"), c -> words.fix(c.fix()).text(), 260);
        table.getColumns().setAll(java.util.List.of(status, id, title, evidence, fix));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show
        return table;
    }

    /** The selected check in full: evidence and fix are often longer than a cell. */
    private Node details(TableView<Check> table) {
        Label heading = new Label();
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        Label evidence = new Label();
        evidence.setWrapText(true);
        Label fix = new Label();
        fix.setWrapText(true);
        fix.getStyleClass().add(Styles.WARNING);
        javafx.scene.layout.HBox go = new javafx.scene.layout.HBox();
        VBox box = new VBox(6, heading, evidence, fix, go);
        box.setId("doctor-details");
        box.getStyleClass().add("doctor-details");
        box.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 6; -fx-padding: 12;");
        box.visibleProperty().bind(table.getSelectionModel().selectedItemProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, c) -> {
            if (c == null) {
                return;
            }
            heading.setText(c.id() + " — " + c.title());
            heading.setGraphic(Ui.statusIcon(c.status()));
            evidence.setText(c.evidence());
            PanelWords.Fix f = words.fix(c.fix());
            fix.setText(f.text().isEmpty() ? "" : messages.get("doctor.fix", f.text()));
            fix.setVisible(!f.text().isEmpty());
            fix.setManaged(!f.text().isEmpty());
            // a fix is a button that goes there, never a command to type
            go.getChildren().setAll(f.go() == null || c.status() == Check.Status.PASS ? java.util.List.of()
                    : java.util.List.of(FixEvent.button(f.go(), messages)));
        });
        return box;
    }

    private Path chooseTarget(javafx.stage.Window owner) {
        return saveDialog.ask(owner, BundleTarget.name(java.time.LocalDateTime.now())).orElse(null);
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void load() {
        // the first visit is handled by shown(): it runs the checks only when no page has a report yet
    }

    @Override
    public void shown() {
        if (vm.reportProperty().get() == null && !vm.busyProperty().get()) {
            vm.rerun();
        }
    }

    @Override
    public void refresh() {
        vm.rerun();
    }

}
