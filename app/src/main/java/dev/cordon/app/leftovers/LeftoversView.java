package dev.cordon.app.leftovers;

import dev.cordon.core.Age;
import dev.cordon.core.ByteSize;
import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.Times;
import dev.cordon.app.leftovers.LeftoversViewModel.Phase;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import dev.cordon.leftovers.CleanOutcome;
import dev.cordon.leftovers.Leftover;
import dev.cordon.leftovers.QuarantineEntry;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Scan, the filterable leftovers table, clean through the dry-run plan, and the quarantine with restore and purge. */
public final class LeftoversView implements PageView {
    private final LeftoversViewModel vm;
    private final Messages messages;
    private final ScrollPane root;
    private final TableView<Leftover> table = new TableView<>();
    private final TableView<QuarantineEntry> quarantine = new TableView<>();

    public LeftoversView(LeftoversViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;

        Button scan = Ui.refreshButton(messages, "leftovers.refresh.tooltip");
        scan.setId("leftovers-scan");
        scan.disableProperty().bind(vm.busyProperty());
        scan.setOnAction(e -> vm.scan());
        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.leftovers"), vm.summaryProperty()), new Spacer(),
                scan);
        header.setAlignment(Pos.CENTER_LEFT);

        VBox page = new VBox(Ui.GAP, header, Ui.problemBanner(vm.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("leftovers.notice.title"), vm.noticeProperty()), scanProgress(),
                cleanProgress(), leftovers(), lastClean(), warnings(), quarantineSection());
        page.setPadding(new Insets(Ui.PAGE_PADDING));
        page.setId("page-leftovers");
        root = new ScrollPane(page);
        root.setId("leftovers-scroll");
        root.setFitToWidth(true);

        vm.phaseProperty().addListener((obs, old, phase) -> {
            if (phase == Phase.CONFIRMING) {
                Platform.runLater(() -> new CleanPlanDialog(vm, messages, root.getScene().getWindow()).show());
            }
        });
    }

    private Node scanProgress() {
        Label what = new Label(messages.get("leftovers.scanning"));
        what.getStyleClass().add(Styles.TEXT_BOLD);
        ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, javafx.scene.layout.Priority.ALWAYS);
        Button cancel = Ui.button(messages.get("leftovers.scan.cancel"), Feather.X);
        cancel.setId("leftovers-scan-cancel");
        cancel.setOnAction(e -> vm.cancelScan());
        HBox row = new HBox(Ui.GAP, bar, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, what, row);
        box.setId("leftovers-scan-progress");
        box.visibleProperty().bind(vm.phaseProperty().isEqualTo(Phase.SCANNING));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node cleanProgress() {
        Label what = new Label();
        what.getStyleClass().add(Styles.TEXT_BOLD);
        what.textProperty().bind(Bindings.createStringBinding(() -> messages.get("leftovers.cleaning",
                vm.outcomes().size(), vm.cleanTotalProperty().get()), vm.outcomes(), vm.cleanTotalProperty()));
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(vm.cleanProgressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, javafx.scene.layout.Priority.ALWAYS);
        Button cancel = Ui.button(messages.get("leftovers.clean.cancel"), Feather.X);
        cancel.setId("leftovers-clean-cancel");
        cancel.setOnAction(e -> vm.cancelClean());
        HBox row = new HBox(Ui.GAP, bar, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, what, row);
        box.visibleProperty().bind(vm.phaseProperty().isEqualTo(Phase.CLEANING));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node leftovers() {
        CustomTextField filter = new CustomTextField();
        filter.setId("leftovers-filter");
        filter.setPromptText(messages.get("leftovers.filter.prompt"));
        filter.setLeft(Ui.icon(Feather.SEARCH));
        filter.setAccessibleText(messages.get("leftovers.filter.accessible"));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefWidth(320);
        Label filterLabel = new Label(messages.get("leftovers.filter.label"));
        filterLabel.setLabelFor(filter);
        filterLabel.setMnemonicParsing(true);
        Label count = new Label();
        count.textProperty().bind(vm.countProperty());
        count.getStyleClass().add(Styles.TEXT_MUTED);

        Button clean = Ui.button(messages.get("leftovers.clean"), Feather.TRASH_2);
        clean.setId("leftovers-clean");
        clean.getStyleClass().add(Styles.DANGER);
        clean.disableProperty().bind(vm.changesDisabledProperty().or(Bindings.isEmpty(vm.visible())));
        clean.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "leftovers.clean.tooltip" : "readonly.disabled")));
        clean.setOnAction(e -> {
            List<Leftover> selected = List.copyOf(table.getSelectionModel().getSelectedItems());
            vm.planClean(selected.isEmpty() ? List.copyOf(vm.visible()) : selected);
        });
        HBox bar = new HBox(10, filterLabel, filter, count, new Spacer(), clean);
        bar.setAlignment(Pos.CENTER_LEFT);

        table.setId("leftovers-table");
        SortedList<Leftover> sorted = new SortedList<>(vm.visible());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("leftovers.table.empty")));
        table.setPrefHeight(220);
        TableColumn<Leftover, Long> size = new TableColumn<>(messages.get("leftovers.col.size"));
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().sizeBytes()));
        size.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(empty || bytes == null ? null : ByteSize.rounded(bytes));
            }
        });
        size.setPrefWidth(90);
        TableColumn<Leftover, Instant> age = new TableColumn<>(messages.get("leftovers.col.age"));
        age.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().since()));
        age.setComparator(Comparator.nullsLast(Comparator.reverseOrder()));
        age.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Instant since, boolean empty) {
                super.updateItem(since, empty);
                setText(empty || since == null ? null : Age.words(Duration.between(since, Instant.now())));
                setTooltip(empty || since == null ? null : Ui.tooltip(Times.format(since)));
            }
        });
        age.setPrefWidth(80);
        table.getColumns().setAll(List.of(
                Ui.textColumn(messages.get("leftovers.col.kind"), l -> l.kind().label(), 90),
                Ui.textColumn(messages.get("leftovers.col.owner"), Leftover::owner, 160),
                Ui.textColumn(messages.get("leftovers.col.what"), vm::describe, 360),
                size, age,
                Ui.textColumn(messages.get("leftovers.col.inUse"), vm::inUse, 140)));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show
        return new VBox(10, bar, table);
    }

    private Node lastClean() {
        ListView<CleanOutcome> list = new ListView<>(vm.outcomes());
        list.setId("leftovers-outcomes");
        list.setPrefHeight(140);
        list.getStyleClass().add(Styles.DENSE);
        list.setCellFactory(lv -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(CleanOutcome o, boolean empty) {
                super.updateItem(o, empty);
                setText(empty || o == null ? null : messages.get("leftovers.outcome." + o.result().label()) + "  "
                        + vm.describe(o.item()) + (o.detail() == null ? "" : "  \u2014 " + o.detail()));
            }
        });
        TitledPane pane = new TitledPane();
        pane.textProperty().bind(Bindings.createStringBinding(() -> messages.get("leftovers.outcomes",
                vm.outcomes().size()), vm.outcomes()));
        pane.setContent(list);
        pane.setExpanded(false);
        pane.setAnimated(false);
        pane.visibleProperty().bind(Bindings.isNotEmpty(vm.outcomes()));
        pane.managedProperty().bind(pane.visibleProperty());
        return pane;
    }

    private Node warnings() {
        ListView<String> list = new ListView<>(vm.warnings());
        list.setPrefHeight(100);
        list.getStyleClass().add(Styles.DENSE);
        TitledPane pane = new TitledPane();
        pane.textProperty().bind(Bindings.createStringBinding(() -> messages.get("leftovers.warnings",
                vm.warnings().size()), vm.warnings()));
        pane.setContent(list);
        pane.setExpanded(false);
        pane.setAnimated(false);
        pane.visibleProperty().bind(Bindings.isNotEmpty(vm.warnings()));
        pane.managedProperty().bind(pane.visibleProperty());
        return pane;
    }

    private Node quarantineSection() {
        Label title = new Label(messages.get("leftovers.quarantine.title"), Ui.icon(Feather.ARCHIVE));
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label(vm.elevated() ? messages.get("leftovers.quarantine.hint")
                : messages.get("leftovers.quarantine.readonly"));
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.setWrapText(true);

        quarantine.setId("quarantine-table");
        quarantine.setItems(vm.quarantine());
        quarantine.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        quarantine.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        quarantine.setPlaceholder(new Label(messages.get("leftovers.quarantine.empty")));
        quarantine.setPrefHeight(160);
        quarantine.getColumns().setAll(List.of(
                Ui.textColumn(messages.get("leftovers.col.quarantinedAt"), q -> Times.format(q.quarantinedAt()), 160),
                Ui.textColumn(messages.get("leftovers.col.kind"), q -> q.kind().label(), 90),
                Ui.textColumn(messages.get("leftovers.col.owner"), QuarantineEntry::owner, 140),
                Ui.textColumn(messages.get("leftovers.col.originalPath"), q -> q.originalPath().toString(), 320),
                Ui.textColumn(messages.get("leftovers.col.size"), q -> ByteSize.rounded(q.sizeBytes()), 90),
                Ui.textColumn(messages.get("leftovers.col.id"), q -> q.id() + (q.payloadPresent() ? ""
                        : " " + messages.get("leftovers.quarantine.noPayload")), 200)));
        dev.cordon.app.ui.Columns.fitToContent(quarantine); // columns as wide as what they show

        Button restore = Ui.button(messages.get("leftovers.restore"), Feather.ROTATE_CCW);
        restore.setId("quarantine-restore");
        restore.disableProperty().bind(vm.changesDisabledProperty()
                .or(quarantine.getSelectionModel().selectedItemProperty().isNull()));
        restore.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "leftovers.restore.tooltip" : "readonly.disabled")));
        restore.setOnAction(e -> vm.restore(quarantine.getSelectionModel().getSelectedItem()));

        Spinner<Integer> days = new Spinner<>(0, 3650, vm.purgeDaysProperty().get());
        days.setId("quarantine-purge-days");
        days.setEditable(true);
        days.setPrefWidth(100);
        days.setAccessibleText(messages.get("leftovers.purge.days.accessible"));
        days.valueProperty().addListener((obs, old, v) -> vm.purgeDaysProperty().set(v == null ? 0 : v));
        Label daysLabel = new Label(messages.get("leftovers.purge.label"));
        daysLabel.setLabelFor(days);
        daysLabel.setMnemonicParsing(true);
        Label daysUnit = new Label(messages.get("leftovers.purge.unit"));
        Button purge = Ui.button(messages.get("leftovers.purge"), Feather.TRASH);
        purge.setId("quarantine-purge");
        purge.disableProperty().bind(vm.changesDisabledProperty().or(Bindings.isEmpty(vm.quarantine())));
        purge.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "leftovers.purge.tooltip" : "readonly.disabled")));
        purge.setOnAction(e -> confirmPurge());
        HBox actions = new HBox(10, restore, new Spacer(), daysLabel, days, daysUnit, purge);
        actions.setAlignment(Pos.CENTER_LEFT);
        return new VBox(10, title, hint, quarantine, actions);
    }

    private void confirmPurge() {
        int days = vm.purgeDaysProperty().get();
        int count = vm.purgeCandidates(days, Instant.now()).size();
        ButtonType purge = new ButtonType(messages.get("leftovers.purge.confirm.ok", count), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.get("leftovers.purge.confirm.text", count, days),
                purge, cancel);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle(messages.get("leftovers.purge.confirm.title"));
        alert.setHeaderText(messages.get("leftovers.purge.confirm.header", count));
        alert.getDialogPane().setId("purge-dialog");
        ((Button) alert.getDialogPane().lookupButton(purge)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        alert.showAndWait().filter(purge::equals).ifPresent(b -> vm.purge());
    }


    @Override
    public Node node() {
        return root;
    }


    @Override
    public void refresh() {
        vm.scan();
    }
}
