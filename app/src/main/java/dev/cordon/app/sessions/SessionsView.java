package dev.cordon.app.sessions;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.NetworkDialog;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.Times;
import dev.cordon.app.ui.NetworkPill;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import dev.cordon.session.CommandRecord;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.feather.Feather;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Start a session, the sessions table, and the selected session's console with its network switch. */
public final class SessionsView implements PageView {
    private final SessionsViewModel vm;
    private final Messages messages;
    private final VBox root;
    private final TableView<SessionInfo> table = new TableView<>();
    private final ListView<ConsoleLine> output = new ListView<>();
    private final ListView<CommandRecord> commands = new ListView<>();
    private final TextField command = new TextField();
    /** Any number of changes to the console's lines ask for one scroll, in the next pulse. */
    private final ListChangeListener<ConsoleLine> followTail = c -> scrollToEndSoon();
    private boolean scrollPending;
    private boolean reselecting;

    public SessionsView(SessionsViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;

        Button reload = Ui.refreshButton(messages, "sessions.refresh.tooltip");
        reload.setId("sessions-reload");
        reload.disableProperty().bind(vm.loadingProperty());
        reload.setOnAction(e -> vm.reload());
        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.sessions"), vm.summaryProperty()), new Spacer(), reload);
        header.setAlignment(Pos.CENTER_LEFT);

        TitledPane form = startForm();
        Node sessionsTable = sessionsTable();
        Node console = console();
        VBox.setVgrow(console, Priority.ALWAYS);

        root = new VBox(Ui.GAP * 0.75, header, Ui.problemBanner(vm.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("sessions.notice.title"), vm.noticeProperty()), form, sessionsTable, console);
        root.setPadding(new Insets(Ui.PAGE_PADDING));
        root.setId("page-sessions");
    }

    // ------------------------------------------------------------------ start form

    private TitledPane startForm() {
        TextField workspace = new TextField();
        workspace.setId("sessions-workspace");
        workspace.textProperty().bindBidirectional(vm.workspaceProperty());
        workspace.setPromptText(messages.get("sessions.workspace.prompt"));
        Label workspaceLabel = label("sessions.workspace", workspace);
        Button browse = Ui.button(messages.get("sessions.workspace.browse"), Feather.FOLDER);
        browse.setId("sessions-workspace-browse");
        browse.setOnAction(e -> chooseDirectory(messages.get("sessions.workspace.choose")).ifPresent(p ->
                vm.workspaceProperty().set(p.toString())));

        ToggleGroup networkGroup = new ToggleGroup();
        RadioButton offline = new RadioButton(messages.get("sessions.network.offline"));
        offline.setId("sessions-network-offline");
        offline.setToggleGroup(networkGroup);
        offline.setUserData(NetworkMode.OFFLINE);
        RadioButton online = new RadioButton(messages.get("sessions.network.online"));
        online.setId("sessions-network-online");
        online.setToggleGroup(networkGroup);
        online.setUserData(NetworkMode.ONLINE);
        networkGroup.selectToggle(vm.networkProperty().get() == NetworkMode.ONLINE ? online : offline);
        networkGroup.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t != null) {
                vm.networkProperty().set((NetworkMode) t.getUserData());
            }
        });
        offline.setTooltip(Ui.tooltip(messages.get("sessions.network.offline.tooltip")));
        online.setTooltip(Ui.tooltip(messages.get("sessions.network.online.tooltip")));
        HBox network = new HBox(Ui.GAP, offline, online);
        network.setAlignment(Pos.CENTER_LEFT);

        ListView<Path> writable = new ListView<>(vm.writable());
        writable.setId("sessions-writable");
        writable.setPrefHeight(66);
        writable.getStyleClass().add(Styles.DENSE);
        writable.setPlaceholder(muted(messages.get("sessions.writable.none")));
        Button addWritable = Ui.iconButton(Feather.PLUS, messages.get("sessions.writable.add"));
        addWritable.setId("sessions-writable-add");
        addWritable.setOnAction(e -> chooseDirectory(messages.get("sessions.writable.choose")).ifPresent(p -> {
            if (!vm.writable().contains(p)) {
                vm.writable().add(p);
            }
        }));
        Button removeWritable = Ui.iconButton(Feather.MINUS, messages.get("sessions.writable.remove"));
        removeWritable.setId("sessions-writable-remove");
        removeWritable.disableProperty().bind(writable.getSelectionModel().selectedItemProperty().isNull());
        removeWritable.setOnAction(e -> vm.writable().remove(writable.getSelectionModel().getSelectedItem()));
        VBox writableButtons = new VBox(4, addWritable, removeWritable);
        Label writableLabel = label("sessions.writable", writable);
        writableLabel.setTooltip(Ui.tooltip(messages.get("sessions.writable.tooltip")));

        ListView<SecretChoice> secrets = new ListView<>(vm.secrets());
        secrets.setId("sessions-secrets");
        secrets.setPrefHeight(66);
        secrets.getStyleClass().add(Styles.DENSE);
        secrets.setPlaceholder(muted(messages.get("sessions.secrets.none")));
        secrets.setCellFactory(CheckBoxListCell.forListView(SecretChoice::chosenProperty, new javafx.util.StringConverter<>() {
            @Override
            public String toString(SecretChoice s) {
                return s == null ? "" : messages.get("sessions.secrets.item", s.name(), s.state());
            }

            @Override
            public SecretChoice fromString(String string) {
                throw new UnsupportedOperationException();
            }
        }));
        Label secretsLabel = label("sessions.secrets", secrets);
        secretsLabel.setTooltip(Ui.tooltip(messages.get("sessions.secrets.tooltip")));

        TextField tmpSize = new TextField();
        tmpSize.setId("sessions-tmp-size");
        tmpSize.setPrefColumnCount(6);
        tmpSize.textProperty().bindBidirectional(vm.tmpSizeProperty());
        Label tmpSizeLabel = label("sessions.tmpSize", tmpSize);
        tmpSizeLabel.setTooltip(Ui.tooltip(messages.get("sessions.tmpSize.tooltip")));
        tmpSize.setTooltip(Ui.tooltip(messages.get("sessions.tmpSize.tooltip")));

        Button start = Ui.button(messages.get("sessions.start"), Feather.PLAY);
        start.setId("sessions-start");
        start.getStyleClass().add(Styles.ACCENT);
        start.setDefaultButton(false);
        start.disableProperty().bind(vm.startingProperty().or(Bindings.createBooleanBinding(() -> !vm.elevated())));
        start.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "sessions.start.tooltip" : "readonly.disabled")));
        start.setOnAction(e -> vm.start());
        Label startingLabel = muted(messages.get("sessions.starting"));
        startingLabel.visibleProperty().bind(vm.startingProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        // the two wide columns share what is left, and may shrink to their fields' small minimum (no percentages:
        // a percent column makes the grid's minimum width its content's divided by the percentage)
        ColumnConstraints wide = new ColumnConstraints(120, 320, Double.MAX_VALUE);
        wide.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, wide, new ColumnConstraints(), new ColumnConstraints(), wide);
        shrinkable(workspace, writable, secrets);
        grid.add(workspaceLabel, 0, 0);
        grid.add(workspace, 1, 0);
        grid.add(browse, 2, 0);
        grid.add(label("sessions.network", offline), 3, 0);
        grid.add(network, 4, 0);
        grid.add(writableLabel, 0, 1);
        grid.add(writable, 1, 1);
        grid.add(writableButtons, 2, 1);
        grid.add(secretsLabel, 3, 1);
        Label secretsNote = muted(messages.get("sessions.secrets.note"));
        secretsNote.setWrapText(true);
        VBox secretsBox = new VBox(2, secrets, secretsNote);
        secretsBox.setMinWidth(0);
        grid.add(secretsBox, 4, 1);
        HBox actions = new HBox(Ui.GAP, start, startingLabel);
        actions.setAlignment(Pos.CENTER_LEFT);
        grid.add(tmpSizeLabel, 0, 2);
        grid.add(tmpSize, 1, 2);
        grid.add(actions, 1, 3, 4, 1);

        TitledPane pane = new TitledPane(messages.get("sessions.form.title"), grid);
        pane.setId("sessions-start-pane");
        pane.setAnimated(false);
        pane.expandedProperty().bindBidirectional(vm.formExpandedProperty());
        return pane;
    }

    /** Fields that may get as narrow as their column allows. */
    private static void shrinkable(Region... fields) {
        for (Region r : fields) {
            r.setMinWidth(0);
        }
    }

    private java.util.Optional<Path> chooseDirectory(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        File chosen = chooser.showDialog(root.getScene().getWindow());
        return java.util.Optional.ofNullable(chosen).map(File::toPath);
    }

    // ------------------------------------------------------------------ sessions table

    private Node sessionsTable() {
        table.setId("sessions-table");
        table.setItems(vm.sessions());
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(muted(messages.get("sessions.table.empty")));
        table.setPrefHeight(120);
        table.setMinHeight(90);
        table.getColumns().setAll(List.of(
                Ui.textColumn(messages.get("sessions.col.id"), SessionInfo::id, 100),
                Ui.textColumn(messages.get("sessions.col.state"), s -> s.state().name().toLowerCase(), 80),
                networkColumn(),
                Ui.textColumn(messages.get("sessions.col.account"), SessionInfo::account, 150),
                Ui.textColumn(messages.get("sessions.col.runner"), s -> s.runnerPid() == null ? "" : s.runnerPid().toString(), 100),
                Ui.textColumn(messages.get("sessions.col.started"), s -> Times.format(s.started()), 160),
                Ui.textColumn(messages.get("sessions.col.workspace"), s -> s.workspace().toString(), 260)));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null && !reselecting) {
                vm.select(s.id());
            }
        });
        // the list is replaced on each reload: keep the person's selection by session id
        vm.sessions().addListener((ListChangeListener<SessionInfo>) c -> reselect());
        vm.selectedIdProperty().addListener((obs, old, id) -> reselect());
        return table;
    }

    private void reselect() {
        String id = vm.selectedIdProperty().get();
        reselecting = true;
        try {
            for (int i = 0; i < vm.sessions().size(); i++) {
                if (vm.sessions().get(i).id().equals(id)) {
                    if (table.getSelectionModel().getSelectedIndex() != i) {
                        table.getSelectionModel().select(i);
                    }
                    return;
                }
            }
            table.getSelectionModel().clearSelection();
        } finally {
            reselecting = false;
        }
    }

    /** The offline/online pill, with the time left while a temporary switch runs (redrawn on each tick). */
    private TableColumn<SessionInfo, SessionInfo> networkColumn() {
        TableColumn<SessionInfo, SessionInfo> col = new TableColumn<>(messages.get("sessions.col.network"));
        col.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        col.setCellFactory(c -> new TableCell<>() {
            private final Label pill = new Label();

            @Override
            protected void updateItem(SessionInfo s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                NetworkPill.apply(pill, s.network(), s.networkRevertsAt(), vm.nowProperty().get(), messages);
                setGraphic(pill);
            }
        });
        col.setPrefWidth(130);
        vm.nowProperty().addListener((obs, old, t) -> {
            if (vm.sessions().stream().anyMatch(s -> s.networkRevertsAt() != null)) {
                table.refresh();
            }
        });
        return col;
    }

    // ------------------------------------------------------------------ console

    private Node console() {
        Label title = new Label();
        title.getStyleClass().add(Styles.TITLE_4);
        title.setGraphic(Ui.icon(Feather.TERMINAL));
        Label networkState = new Label();
        networkState.setId("sessions-network-state");
        Label countdown = new Label();
        countdown.setId("sessions-countdown");
        countdown.textProperty().bind(vm.countdownProperty());
        countdown.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
        countdown.setGraphic(Ui.icon(Feather.CLOCK));
        countdown.visibleProperty().bind(vm.countdownProperty().isNotEmpty());
        countdown.managedProperty().bind(countdown.visibleProperty());

        Button toggle = Ui.button("", Feather.GLOBE);
        toggle.setId("sessions-network-toggle");
        toggle.disableProperty().bind(vm.switchingProperty().or(vm.selectedProperty().isNull()));
        toggle.setTooltip(Ui.tooltip(messages.get("sessions.network.toggle.tooltip")));
        toggle.setOnAction(e -> askNetwork());
        vm.extendRequestProperty().addListener((obs, old, id) -> {
            if (id != null) {
                vm.extendRequestProperty().set(null);
                javafx.application.Platform.runLater(this::askNetwork); // once the page is on screen
            }
        });
        Button stop = Ui.button(messages.get("sessions.stop"), Feather.SQUARE);
        stop.setId("sessions-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.disableProperty().bind(vm.selectedProperty().isNull());
        stop.setOnAction(e -> confirmStop());

        vm.selectedProperty().addListener((obs, old, s) -> {
            title.setText(s == null ? messages.get("sessions.console.title.none") : messages.get("sessions.console.title", s.id()));
            networkState.setText(s == null ? "" : messages.get("sessions.console.network", s.network(), s.account()));
            networkState.setGraphic(s == null ? null : "online".equals(s.network())
                    ? Ui.colored(Feather.WIFI, "-color-accent-fg") : Ui.colored(Feather.WIFI_OFF, "-color-fg-muted"));
            toggle.setText(messages.get(s != null && "online".equals(s.network()) ? "sessions.network.goOffline"
                    : "sessions.network.goOnline"));
            commands.getItems().setAll(s == null ? List.of() : s.commands());
            if (!commands.getItems().isEmpty()) {
                commands.scrollTo(commands.getItems().size() - 1);
            }
        });
        title.setText(messages.get("sessions.console.title.none"));
        toggle.setText(messages.get("sessions.network.goOnline"));
        HBox bar = new HBox(10, title, networkState, countdown, new Spacer(), consoleTools(), toggle, stop);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 0, 8, 0));

        output.setId("sessions-output");
        output.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        output.setCellFactory(lv -> new ConsoleCell());
        output.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        output.setPlaceholder(muted(messages.get("sessions.console.empty")));
        output.setAccessibleText(messages.get("sessions.console.accessible"));
        output.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                ClipboardContent content = new ClipboardContent();
                content.putString(output.getSelectionModel().getSelectedItems().stream().map(ConsoleLine::text)
                        .collect(Collectors.joining("\n")));
                Clipboard.getSystemClipboard().setContent(content);
            }
        });

        commands.setId("sessions-history");
        commands.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        commands.setPlaceholder(muted(messages.get("sessions.history.empty")));
        commands.setCellFactory(lv -> new CommandCell());
        commands.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && commands.getSelectionModel().getSelectedItem() != null) {
                useFromHistory(commands.getSelectionModel().getSelectedItem());
            }
        });
        commands.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && commands.getSelectionModel().getSelectedItem() != null) {
                useFromHistory(commands.getSelectionModel().getSelectedItem());
            }
        });
        Label historyTitle = new Label(messages.get("sessions.history.title"));
        historyTitle.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        historyTitle.setLabelFor(commands);
        VBox history = new VBox(4, historyTitle, commands);
        VBox.setVgrow(commands, Priority.ALWAYS);
        history.setMinWidth(180);
        SplitPane center = new SplitPane(output, history);
        center.setDividerPositions(0.74);

        command.setId("sessions-command");
        command.setPromptText(messages.get("sessions.command.prompt"));
        command.setTooltip(Ui.tooltip(messages.get("sessions.console.quoting")));
        command.setAccessibleText(messages.get("sessions.command.accessible"));
        command.setStyle("-fx-font-family: monospace;");
        command.setOnAction(e -> runTyped());
        command.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.UP) {
                String previous = vm.historyPrevious(command.getText());
                if (previous != null) {
                    command.setText(previous);
                    command.end();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                String next = vm.historyNext();
                if (next != null) {
                    command.setText(next);
                    command.end();
                }
                e.consume();
            }
        });
        Label prompt = new Label(messages.get("sessions.command.label"));
        prompt.setLabelFor(command);
        prompt.setMnemonicParsing(true);
        Button run = Ui.button(messages.get("sessions.run"), Feather.PLAY);
        run.setId("sessions-run");
        run.setOnAction(e -> runTyped());
        Button kill = Ui.button(messages.get("sessions.kill"), Feather.X_OCTAGON);
        kill.setId("sessions-kill");
        kill.setTooltip(Ui.tooltip(messages.get("sessions.kill.tooltip")));
        kill.setOnAction(e -> vm.killCommand());
        Label status = new Label();
        status.setId("sessions-command-status");
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        HBox.setHgrow(command, Priority.ALWAYS);
        HBox inputRow = new HBox(8, prompt, command, run, kill);
        inputRow.setAlignment(Pos.CENTER_LEFT);
        Label argv = new Label();
        argv.setId("sessions-argv");
        argv.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        argv.setStyle("-fx-font-family: monospace;");
        argv.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> argvPreview(command.getText()), command.textProperty()));
        VBox bottom = new VBox(4, inputRow, argv, status);
        bottom.setPadding(new Insets(8, 0, 0, 0));

        vm.consoleProperty().addListener((obs, old, c) -> {
            if (old != null) {
                old.lines().removeListener(followTail);
            }
            output.setItems(c == null ? javafx.collections.FXCollections.observableArrayList() : c.lines());
            if (c != null) {
                c.lines().addListener(followTail);
                scrollToEnd();
            }
            run.disableProperty().unbind();
            kill.disableProperty().unbind();
            command.disableProperty().unbind();
            status.textProperty().unbind();
            if (c == null) {
                run.setDisable(true);
                kill.setDisable(true);
                command.setDisable(true);
                status.setText("");
            } else {
                run.disableProperty().bind(c.runningProperty());
                kill.disableProperty().bind(c.runningProperty().not());
                command.disableProperty().bind(vm.switchingProperty());
                status.textProperty().bind(c.statusProperty());
            }
        });
        run.setDisable(true);
        kill.setDisable(true);
        command.setDisable(true);

        BorderPane console = new BorderPane(center, bar, null, bottom, null);
        console.setId("sessions-console");
        console.setPadding(new Insets(0, 0, 0, 0));
        return new StackPane(console);
    }

    /** What the typed line runs, as the program and its arguments: the console is not a shell. */
    private String argvPreview(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        try {
            List<String> argv = CommandLine.split(text);
            return messages.get("sessions.argv", argv.stream().map(a -> "\u201c" + a + "\u201d")
                    .collect(Collectors.joining(" ")));
        } catch (IllegalArgumentException e) {
            return messages.get("sessions.console.badQuoting", e.getMessage());
        }
    }

    /** Copy all, save the whole output, clear: icon buttons for the selected console. */
    private Node consoleTools() {
        Button copy = Ui.iconButton(Feather.COPY, messages.get("sessions.console.copyAll"));
        copy.setId("sessions-copy-all");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(output.getItems().stream().map(ConsoleLine::text).collect(Collectors.joining("\n")));
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button save = Ui.iconButton(Feather.SAVE, messages.get("sessions.console.save"));
        save.setId("sessions-save-output");
        save.setOnAction(e -> saveOutput());
        Button clear = Ui.iconButton(Feather.TRASH_2, messages.get("sessions.console.clear"));
        clear.setId("sessions-clear");
        clear.setOnAction(e -> vm.clearConsole());
        for (Button b : List.of(copy, save, clear)) {
            b.disableProperty().bind(vm.consoleProperty().isNull());
            b.getStyleClass().add(Styles.FLAT);
        }
        return new HBox(2, copy, save, clear);
    }

    /** Saves the console's whole output (its log, not only the lines kept on screen) where the user chooses. */
    private void saveOutput() {
        SessionConsole c = vm.consoleProperty().get();
        if (c == null) {
            return;
        }
        c.log().flush();
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(messages.get("sessions.console.save"));
        chooser.setInitialFileName(c.log().file().getFileName().toString());
        File target = chooser.showSaveDialog(root.getScene().getWindow());
        if (target != null) {
            vm.saveOutput(c, target.toPath());
        }
    }

    /** The selected session's offline/online switch: asks for the reason (and minutes) first. */
    private void askNetwork() {
        SessionInfo s = vm.selectedProperty().get();
        if (s == null || root.getScene() == null) {
            return;
        }
        NetworkMode target = vm.otherMode();
        NetworkDialog.ask(root.getScene().getWindow(), messages, s, target)
                .ifPresent(r -> vm.setNetwork(target, r.reason(), r.minutes()));
    }

    private void runTyped() {
        if (vm.run(command.getText())) {
            command.clear();
        }
    }

    private void useFromHistory(CommandRecord r) {
        command.setText(CommandLine.join(r.argv()));
        command.requestFocus();
        command.end();
    }

    private void scrollToEndSoon() {
        if (!scrollPending) {
            scrollPending = true;
            javafx.application.Platform.runLater(() -> {
                scrollPending = false;
                scrollToEnd();
            });
        }
    }

    private void scrollToEnd() {
        if (!output.getItems().isEmpty()) {
            output.scrollTo(output.getItems().size() - 1);
        }
    }

    private void confirmStop() {
        SessionInfo s = vm.selectedProperty().get();
        if (s == null) {
            return;
        }
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION);
        confirm.initOwner(root.getScene().getWindow());
        confirm.setTitle(messages.get("sessions.stop.title"));
        confirm.setHeaderText(messages.get("sessions.stop.header", s.id()));
        confirm.setContentText(messages.get("sessions.stop.text"));
        confirm.getDialogPane().setId("confirm-dialog");
        ButtonType yes = new ButtonType(messages.get("sessions.stop.confirm"), ButtonBar.ButtonData.OK_DONE);
        confirm.getButtonTypes().setAll(yes, new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE));
        confirm.getDialogPane().lookupButton(yes).setId("confirm-ok");
        confirm.showAndWait().filter(b -> b == yes).ifPresent(b -> vm.stopSession());
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    private Label label(String key, Node target) {
        Label l = new Label(messages.get(key));
        l.setLabelFor(target);
        l.setMnemonicParsing(true);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    /** Monospaced lines: stderr in the danger colour, commands in the accent colour, exits green or red. */
    private static final class ConsoleCell extends ListCell<ConsoleLine> {
        ConsoleCell() {
            setTextOverrun(javafx.scene.control.OverrunStyle.CLIP); // long lines scroll sideways, never end in "…"
        }

        @Override
        protected void updateItem(ConsoleLine line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setText(null);
                setStyle("");
                return;
            }
            setText(line.text().isEmpty() ? " " : line.text());
            String color = switch (line.kind()) {
                case STDOUT -> "-color-fg-default";
                case STDERR -> "-color-danger-fg";
                case COMMAND -> "-color-accent-fg";
                case EXIT -> "-color-success-fg";
                case EXIT_FAILED -> "-color-warning-fg";
                case INFO -> "-color-fg-muted";
            };
            String weight = line.kind() == ConsoleLine.Kind.COMMAND ? "bold" : "normal";
            setStyle("-fx-font-family: monospace; -fx-padding: 0 8 0 8; -fx-text-fill: " + color
                    + "; -fx-font-weight: " + weight + ";");
            setAccessibleText(line.kind().name().toLowerCase() + ": " + line.text());
        }
    }

    /** "c3  exit 0  echo hello": one command of the session's record. */
    private final class CommandCell extends ListCell<CommandRecord> {
        CommandCell() {
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(CommandRecord r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            String exit = r.exitCode() == null ? messages.get("sessions.history.running")
                    : messages.get("sessions.history.exit", r.exitCode());
            setText(messages.get("sessions.history.item", exit, CommandLine.join(r.argv())));
            setGraphic(r.exitCode() == null ? Ui.colored(Feather.LOADER, "-color-accent-fg")
                    : r.exitCode() == 0 ? Ui.colored(Feather.CHECK_CIRCLE, "-color-success-fg")
                    : Ui.colored(Feather.X_CIRCLE, "-color-danger-fg"));
            setTooltip(Ui.tooltip(messages.get("sessions.history.tooltip", r.id(), Times.format(r.started()))));
        }
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        command.requestFocus();
        vm.shown();
    }

    @Override
    public void hidden() {
        vm.hidden();
    }

    @Override
    public void refresh() {
        vm.reload();
        vm.loadSecrets();
    }
}
