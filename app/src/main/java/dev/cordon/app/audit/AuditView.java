package dev.cordon.app.audit;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.Ui;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;

/** The audit log in a sortable table, narrowed by a filter field (its label's mnemonic focuses it). */
public final class AuditView implements PageView {
    private final AuditViewModel vm;
    private final VBox root;
    private final CustomTextField filter = new CustomTextField();

    public AuditView(AuditViewModel vm, Messages messages) {
        this.vm = vm;
        filter.setId("audit-filter");
        filter.setPromptText(messages.get("audit.filter.prompt"));
        filter.setLeft(Ui.icon(Feather.SEARCH));
        filter.setAccessibleText(messages.get("audit.filter.accessible"));
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefWidth(320);
        Label filterLabel = new Label(messages.get("audit.filter.label"));
        filterLabel.setLabelFor(filter);
        filterLabel.setMnemonicParsing(true);

        Button reload = Ui.refreshButton(messages, "audit.refresh.tooltip");
        reload.setId("audit-reload");
        reload.disableProperty().bind(vm.loadingProperty());
        reload.setOnAction(e -> vm.reload());

        javafx.scene.control.ComboBox<String> kind = new javafx.scene.control.ComboBox<>();
        kind.setId("audit-kind");
        kind.setPromptText(messages.get("audit.kind.all"));
        kind.setTooltip(Ui.tooltip(messages.get("audit.kind.tooltip")));
        javafx.collections.ObservableList<String> choices = FXCollections.observableArrayList("");
        vm.kinds().addListener((javafx.collections.ListChangeListener<String>) c -> {
            choices.setAll("");
            choices.addAll(vm.kinds());
        });
        kind.setItems(choices);
        kind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String k) {
                return k == null || k.isEmpty() ? messages.get("audit.kind.all") : k;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        kind.valueProperty().addListener((obs, old, k) -> vm.kindProperty().set(k == null ? "" : k));
        Button export = Ui.button(messages.get("audit.export"), Feather.DOWNLOAD);
        export.setId("audit-export");
        export.setTooltip(Ui.tooltip(messages.get("audit.export.tooltip")));
        export.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(messages.get("audit.export"));
            chooser.setInitialFileName("cordon-audit.jsonl");
            chooser.getExtensionFilters().addAll(new javafx.stage.FileChooser.ExtensionFilter("JSON lines", "*.jsonl"),
                    new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"));
            java.io.File target = chooser.showSaveDialog(export.getScene().getWindow());
            if (target != null) {
                vm.export(target.toPath());
            }
        });
        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.audit"), vm.countProperty()), new Spacer(),
                filterLabel, filter, kind, reload, export);
        header.setAlignment(Pos.CENTER_LEFT);

        TableView<AuditEntry> table = new TableView<>();
        table.setId("audit-table");
        SortedList<AuditEntry> sorted = new SortedList<>(vm.visible());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("audit.table.empty")));
        TableColumn<AuditEntry, String> result = Ui.textColumn(messages.get("audit.col.result"), AuditEntry::result, 90);
        result.setMinWidth(80);
        result.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty ? null : r);
                setGraphic(empty || r == null ? null : switch (AuditViewModel.outcome(r)) {
                    case GOOD -> Ui.colored(Feather.CHECK_CIRCLE, "-color-success-fg");
                    case BAD -> Ui.colored(Feather.X_CIRCLE, "-color-danger-fg");
                    case NEUTRAL -> Ui.colored(Feather.INFO, "-color-fg-muted");
                });
            }
        });
        table.getColumns().setAll(List.of(
                Ui.textColumn(messages.get("audit.col.time"), AuditEntry::time, 175),
                Ui.textColumn(messages.get("audit.col.actor"), AuditEntry::actor, 170),
                Ui.textColumn(messages.get("audit.col.action"), AuditEntry::action, 140),
                Ui.textColumn(messages.get("audit.col.args"), AuditEntry::argsInWords, 280),
                result,
                Ui.textColumn(messages.get("audit.col.detail"), AuditEntry::detail, 240)));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show

        // the selected entry whole, below the table: long arguments and details are cut in their cells
        javafx.scene.control.TextArea details = new javafx.scene.control.TextArea();
        details.setId("audit-details");
        details.setEditable(false);
        details.setWrapText(true);
        details.setPromptText(messages.get("audit.details.none"));
        details.setPrefRowCount(5);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, e) -> details.setText(vm.details(e)));
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(table, details);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.75);
        VBox.setVgrow(split, Priority.ALWAYS);

        root = new VBox(Ui.GAP, header, Ui.problemBanner(vm.problemProperty(), messages),
                dev.cordon.app.ui.ToastLayer.onEachValue(messages.get("audit.exported.title"), vm.noticeProperty()), split);
        root.setPadding(new Insets(Ui.PAGE_PADDING));
        root.setId("page-audit");
    }

    @Override
    public Node node() {
        return root;
    }


    @Override
    public void refresh() {
        vm.reload();
    }
}
