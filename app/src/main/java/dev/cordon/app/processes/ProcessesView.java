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

        var selected = table.getSelectionModel().selectedItemProperty();
        BooleanBinding noProcess = Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().getValue() == null || selected.get().getValue().process() == null, selected);
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
        HBox actions = new HBox(8, kill, killTree, stopSession, new Spacer(), hint);
        actions.setAlignment(Pos.CENTER_LEFT);

        // what System Informer users press: Delete ends the selected process, Shift+Delete its whole tree (confirmed)
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != javafx.scene.input.KeyCode.DELETE || e.isControlDown() || e.isAltDown()) {
                return;
            }
            Optional<ProcessRow> row = selectedRow().filter(r -> r.process() != null);
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
                ToastLayer.onEachValue(messages.get("processes.notice.title"), vm.noticeProperty()), actions, table);
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
        return dev.cordon.app.ui.Columns.treeText(messages.get(key), value, width);
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
            setText(row.kind() == ProcessRow.Kind.SESSION ? messages.get("processes.row.session", row.name())
                    : row.kind() == ProcessRow.Kind.RUNNER ? messages.get("processes.row.runner", row.name()) : row.name());
            setGraphic(switch (row.kind()) {
                case SESSION -> Ui.colored(Feather.TERMINAL, "-color-accent-fg");
                case RUNNER -> Ui.colored(Feather.SERVER, "-color-fg-muted");
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
