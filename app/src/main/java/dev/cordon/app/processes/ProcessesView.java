package dev.cordon.app.processes;

import dev.cordon.core.ByteSize;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The live process tree (refreshed every second while shown) with its three modes and the kill actions. */
public final class ProcessesView implements PageView {
    private final ProcessesViewModel vm;
    private final Messages messages;
    private final VBox root;
    private final TreeTableView<ProcessRow> table = new TreeTableView<>();
    private final javafx.scene.control.TextField filter = new javafx.scene.control.TextField();
    private ContextMenu rowMenu;

    public ProcessesView(ProcessesViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;

        ToggleGroup modes = new ToggleGroup();
        HBox modeBar = new HBox();
        for (ProcessMode m : ProcessMode.values()) {
            ToggleButton b = new ToggleButton(messages.get(m.messageKey()));
            b.setId("processes-mode-" + m.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            b.setToggleGroup(modes);
            b.setUserData(m);
            b.setSelected(vm.modeProperty().get() == m);
            b.setTooltip(Ui.tooltip(messages.get(m.messageKey() + ".tooltip")));
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            modeBar.getChildren().add(b);
        }
        modeBar.getChildren().get(0).getStyleClass().add(Styles.LEFT_PILL);
        modeBar.getChildren().get(1).getStyleClass().add(Styles.CENTER_PILL);
        modeBar.getChildren().get(2).getStyleClass().add(Styles.RIGHT_PILL);
        modes.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t == null) {
                modes.selectToggle(old); // a segmented control: one is always on
            } else {
                vm.modeProperty().set((ProcessMode) t.getUserData());
            }
        });

        filter.setId("processes-filter");
        filter.setPromptText(messages.get("processes.filter.prompt"));
        filter.setTooltip(Ui.tooltip(messages.get("processes.filter.tooltip")));
        filter.setPrefColumnCount(22);
        filter.setMinWidth(160);
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                filter.clear();
                table.requestFocus();
                e.consume();
            }
        });

        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.processes"), vm.summaryProperty()), new Spacer(),
                modeBar);
        header.setAlignment(Pos.CENTER_LEFT);

        table.setId("processes-tree");
        table.setRoot(vm.root());
        table.setShowRoot(false);
        table.setFixedCellSize(28); // rows of one height: the virtual flow lays out only what is on screen, cheaply
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("processes.tree.empty")));
        table.getStylesheets().add(HIGHLIGHTS);
        table.setRowFactory(t -> new MarkedRow());
        TreeTableColumn<ProcessRow, String> name = text("processes.col.name", ProcessRow::name, 230);
        name.setCellFactory(c -> new NameCell());
        table.getColumns().setAll(List.of(
                name,
                withMin(text("processes.col.pid", r -> r.isSession() ? "" : Integer.toString(r.pid()), 80), 72),
                text("processes.col.user", ProcessRow::user, 170),
                withMin(number("processes.col.cpu", ProcessRow::cpuPercent, r -> String.format(Locale.ROOT, "%.1f", r.cpuPercent()), 75), 70),
                withMin(number("processes.col.memory", r -> (double) r.rssBytes(), r -> ByteSize.rounded(r.rssBytes()), 95), 90),
                withMin(text("processes.col.started", r -> r.started() == null ? "" : startTime(r.started()), 95), 85),
                text("processes.col.command", ProcessRow::commandLine, 300)));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show
        table.getColumns().forEach(col -> col.setSortable(false)); // rows keep the tree's order (pid), which the diff relies on
        VBox.setVgrow(table, Priority.ALWAYS);

        // the table's selection and the view-model's are one: a row that leaves the tree leaves nothing selected
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, item) ->
                vm.selectedProperty().set(item == null || item.getValue() == null ? null : item.getValue().key()));
        vm.selectedProperty().addListener((obs, old, key) -> {
            TreeItem<ProcessRow> item = key == null ? null : vm.tree().item(key);
            if (item == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != item) {
                table.getSelectionModel().select(item);
            }
        });

        var selected = table.getSelectionModel().selectedItemProperty();
        // a row marked exiting has left the process table: nothing to end any more (the details follow each refresh)
        BooleanBinding noProcess = Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().getValue() == null || selected.get().getValue().process() == null
                || !selected.get().getValue().isLive(), selected, vm.detailsProperty());
        BooleanBinding noSession = Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().getValue() == null || selected.get().getValue().sessionId() == null, selected);

        Button kill = Ui.button(messages.get("processes.kill"), Feather.X_CIRCLE);
        kill.setId("processes-kill");
        kill.disableProperty().bind(noProcess);
        kill.setTooltip(Ui.tooltip(messages.get("processes.kill.tooltip")));
        kill.setOnAction(e -> selectedRow().ifPresent(this::confirmTerminate));
        Button killTree = Ui.button(messages.get("processes.killTree"), Feather.GIT_BRANCH);
        killTree.setId("processes-kill-tree");
        killTree.disableProperty().bind(noProcess);
        killTree.setTooltip(Ui.tooltip(messages.get("processes.killTree.tooltip")));
        killTree.setOnAction(e -> selectedRow().ifPresent(this::confirmKillTree));
        Button stopSession = Ui.button(messages.get("processes.stopSession"), Feather.SQUARE);
        stopSession.setId("processes-stop-session");
        stopSession.getStyleClass().add(Styles.DANGER);
        stopSession.disableProperty().bind(noSession);
        stopSession.setOnAction(e -> selectedRow().ifPresent(this::confirmStopSession));
        Label hint = new Label(messages.get("processes.hint"));
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        HBox actions = new HBox(8, kill, killTree, stopSession, new Spacer(), hint, filter);
        actions.setAlignment(Pos.CENTER_LEFT);
        hint.setMinWidth(Label.USE_PREF_SIZE);
        hint.visibleProperty().bind(actions.widthProperty().greaterThan(1000)); // shown where it fits whole
        hint.managedProperty().bind(hint.visibleProperty());

        // right-click on a row: what System Informer offers (end, end tree, copy), each as the buttons and keys do
        MenuItem endItem = new MenuItem(messages.get("processes.menu.end"), Ui.icon(Feather.X_CIRCLE));
        endItem.setId("processes-menu-end");
        endItem.disableProperty().bind(noProcess);
        endItem.setAccelerator(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.DELETE));
        endItem.setOnAction(e -> selectedRow().ifPresent(this::confirmTerminate));
        MenuItem endTreeItem = new MenuItem(messages.get("processes.menu.endTree"), Ui.icon(Feather.GIT_BRANCH));
        endTreeItem.setId("processes-menu-end-tree");
        endTreeItem.disableProperty().bind(noProcess);
        endTreeItem.setAccelerator(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.DELETE,
                javafx.scene.input.KeyCombination.SHIFT_DOWN));
        endTreeItem.setOnAction(e -> selectedRow().ifPresent(this::confirmKillTree));
        MenuItem stopItem = new MenuItem(messages.get("processes.menu.stopSession"), Ui.icon(Feather.SQUARE));
        stopItem.setId("processes-menu-stop-session");
        stopItem.disableProperty().bind(noSession);
        stopItem.setOnAction(e -> selectedRow().ifPresent(this::confirmStopSession));
        MenuItem copyPid = new MenuItem(messages.get("processes.menu.copyPid"), Ui.icon(Feather.COPY));
        copyPid.setId("processes-menu-copy-pid");
        copyPid.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().getValue() == null || selected.get().getValue().isSession(), selected));
        copyPid.setOnAction(e -> selectedRow().ifPresent(r -> Ui.copyToClipboard(Integer.toString(r.pid()))));
        MenuItem copyCommand = new MenuItem(messages.get("processes.menu.copyCommand"), Ui.icon(Feather.COPY));
        copyCommand.setId("processes-menu-copy-command");
        copyCommand.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().getValue() == null || selected.get().getValue().isSession(), selected));
        copyCommand.setOnAction(e -> selectedRow().ifPresent(r -> Ui.copyToClipboard(r.commandLine())));
        MenuItem copyArgv = new MenuItem(messages.get("processes.menu.copyArgv"), Ui.icon(Feather.COPY));
        copyArgv.setId("processes-menu-copy-argv");
        copyArgv.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.detailsProperty().get() == null
                || vm.detailsProperty().get().argv().isEmpty(), vm.detailsProperty()));
        copyArgv.setOnAction(e -> {
            var d = vm.detailsProperty().get();
            if (d != null) {
                Ui.copyToClipboard(String.join("\n", d.argv()));
            }
        });
        rowMenu = new ContextMenu(endItem, endTreeItem, stopItem, new SeparatorMenuItem(), copyPid, copyCommand, copyArgv);
        rowMenu.setId("processes-menu");

        ProcessDetailsPane detailsPane = new ProcessDetailsPane(vm.detailsProperty(), messages);
        SplitPane split = new SplitPane(table, detailsPane.node());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        SplitPane.setResizableWithParent(detailsPane.node(), false);
        VBox.setVgrow(split, Priority.ALWAYS);

        // what System Informer users press: Delete ends the selected process, Shift+Delete its whole tree (confirmed)
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != javafx.scene.input.KeyCode.DELETE || e.isControlDown() || e.isAltDown()) {
                return;
            }
            Optional<ProcessRow> row = selectedRow().filter(r -> r.process() != null && r.isLive());
            if (row.isPresent()) {
                e.consume();
                if (e.isShiftDown()) {
                    confirmKillTree(row.get());
                } else {
                    confirmTerminate(row.get());
                }
            }
        });

        vm.forceKillOfferProperty().addListener((obs, old, row) -> {
            if (row != null) {
                javafx.application.Platform.runLater(() -> offerForceKill(row));
            }
        });

        root = new VBox(Ui.GAP * 0.75, header, Ui.problemBanner(vm.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("processes.notice.title"), vm.noticeProperty()), actions, split);
        // Ctrl+F anywhere on the page goes to the filter
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.F && e.isShortcutDown()) {
                filter.requestFocus();
                filter.selectAll();
                e.consume();
            }
        });
        root.setPadding(new Insets(Ui.PAGE_PADDING));
        root.setId("page-processes");
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(java.time.ZoneId.systemDefault());
    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(java.time.ZoneId.systemDefault());

    /** Today's starts by the clock, older ones by the day. */
    private static String startTime(java.time.Instant started) {
        boolean today = DAY.format(started).equals(DAY.format(java.time.Instant.now()));
        return today ? CLOCK.format(started) : DAY.format(started);
    }

    /** New rows flash green, exiting ones red, for {@link ProcessesViewModel#HIGHLIGHT}; selection keeps its colour. */
    private static final String HIGHLIGHTS = "data:text/css;base64," + java.util.Base64.getEncoder().encodeToString((
            ".tree-table-row-cell:process-new { -fx-background-color: -color-cell-border, -color-success-muted; }\n"
            + ".tree-table-row-cell:process-exiting { -fx-background-color: -color-cell-border, -color-danger-muted;"
            + " -color-cell-fg: -color-fg-muted; }\n"
            + ".tree-table-row-cell:process-new:selected, .tree-table-row-cell:process-exiting:selected {"
            + " -fx-background-color: -color-cell-border, -color-cell-bg-selected-focused; }\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final javafx.css.PseudoClass NEW = javafx.css.PseudoClass.getPseudoClass("process-new");
    private static final javafx.css.PseudoClass EXITING = javafx.css.PseudoClass.getPseudoClass("process-exiting");

    /** A row with its highlight and the row menu. */
    private final class MarkedRow extends javafx.scene.control.TreeTableRow<ProcessRow> {
        @Override
        protected void updateItem(ProcessRow row, boolean empty) {
            super.updateItem(row, empty);
            ProcessRow.Mark mark = empty || row == null ? ProcessRow.Mark.NONE : row.mark();
            pseudoClassStateChanged(NEW, mark == ProcessRow.Mark.NEW);
            pseudoClassStateChanged(EXITING, mark == ProcessRow.Mark.EXITING);
            setContextMenu(empty || row == null ? null : rowMenu);
        }
    }


    private Optional<ProcessRow> selectedRow() {
        TreeItem<ProcessRow> item = table.getSelectionModel().getSelectedItem();
        return Optional.ofNullable(item).map(TreeItem::getValue);
    }

    private static <T> TreeTableColumn<ProcessRow, T> withMin(TreeTableColumn<ProcessRow, T> col, double min) {
        col.setMinWidth(min);
        return col;
    }

    /** A text column with its full value in a tooltip and a Copy menu (pids, users, command lines). */
    private TreeTableColumn<ProcessRow, String> text(String key, Function<ProcessRow, String> value, double width) {
        return dev.cordon.app.ui.Columns.treeText(messages.get(key), value, width, false); // the row's menu copies
    }

    /** A right-aligned figure; the value is what it is compared by. */
    private TreeTableColumn<ProcessRow, ProcessRow> number(String key, Function<ProcessRow, Double> value,
                                                           Function<ProcessRow, String> format, double width) {
        TreeTableColumn<ProcessRow, ProcessRow> col = new TreeTableColumn<>(messages.get(key));
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        col.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(ProcessRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : format.apply(row));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        col.setPrefWidth(width);
        return col;
    }

    /** The name with an icon for the row's kind; the accessible text says what the row is. */
    private final class NameCell extends TreeTableCell<ProcessRow, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            ProcessRow row = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
            if (row == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(switch (row.kind()) {
                case SESSION -> messages.get("processes.row.session", row.name());
                case RUNNER -> messages.get("processes.row.runner", row.name());
                case NAMESPACE_KEEPER -> messages.get("processes.row.namespace_keeper", row.name());
                case NAMESPACE_INIT -> messages.get("processes.row.namespace_init", row.name());
                case COMMAND, PROCESS -> row.name();
            });
            setGraphic(switch (row.kind()) {
                case SESSION -> Ui.colored(Feather.TERMINAL, "-color-accent-fg");
                case RUNNER -> Ui.colored(Feather.SERVER, "-color-fg-muted");
                case NAMESPACE_KEEPER, NAMESPACE_INIT -> Ui.colored(Feather.LAYERS, "-color-fg-muted");
                case COMMAND -> Ui.colored(Feather.PLAY, "-color-success-fg");
                case PROCESS -> null;
            });
            setAccessibleText(messages.get("processes.row.kind." + row.kind().name().toLowerCase(Locale.ROOT)) + " " + getText());
        }
    }

    private boolean confirm(String header, String text, String okText) {
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION);
        confirm.initOwner(root.getScene().getWindow());
        confirm.setTitle(messages.get("processes.confirm.title"));
        confirm.setHeaderText(header);
        confirm.setContentText(text);
        confirm.getDialogPane().setId("confirm-dialog");
        ButtonType yes = new ButtonType(okText, ButtonBar.ButtonData.OK_DONE);
        confirm.getButtonTypes().setAll(yes, new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        confirm.getDialogPane().lookupButton(yes).setId("confirm-ok");
        return confirm.showAndWait().filter(b -> b == yes).isPresent();
    }

    private void confirmTerminate(ProcessRow row) {
        if (confirm(messages.get("processes.kill.header", row.pid(), row.name()),
                messages.get("processes.kill.text", row.commandLine(), row.user()), messages.get("processes.kill.ok"))) {
            vm.terminate(row);
        }
    }

    private void offerForceKill(ProcessRow row) {
        if (confirm(messages.get("processes.force.header", row.pid(), row.name()), messages.get("processes.force.text"),
                messages.get("processes.force.ok"))) {
            vm.forceKill(row);
        } else {
            vm.declineForceKill();
        }
    }

    private void confirmKillTree(ProcessRow row) {
        int count = vm.treeOf(row).size();
        if (confirm(messages.get("processes.killTree.header", row.pid(), row.name(), count),
                messages.get("processes.killTree.text"), messages.get("processes.killTree.ok", count))) {
            vm.killTree(row);
        }
    }

    private void confirmStopSession(ProcessRow row) {
        if (confirm(messages.get("processes.stopSession.header", row.sessionId()), messages.get("sessions.stop.text"),
                messages.get("sessions.stop.confirm"))) {
            vm.stopSession(row);
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void load() {
        // shown() takes a snapshot and starts the live refresh on every visit
    }

    @Override
    public void shown() {
        vm.shown();
    }

    @Override
    public void hidden() {
        vm.hidden();
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
