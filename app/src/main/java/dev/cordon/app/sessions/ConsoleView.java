package dev.cordon.app.sessions;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.NetworkDialog;
import dev.cordon.app.ui.Ui;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

import java.io.File;
import java.util.List;

/**
 * The selected session's console: a bar with its name, network state, countdown, the output's tools, the network
 * switch and Stop; the output beside the command history; the command line.
 */
final class ConsoleView {
    private final SessionsViewModel vm;
    private final Messages messages;
    private final ConsoleOutput output;
    private final HistoryList history;
    private final CommandInput input;
    private final StackPane root;

    ConsoleView(SessionsViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;
        this.output = new ConsoleOutput(messages);
        this.input = new CommandInput(vm, messages);
        this.history = new HistoryList(messages, input::use);

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
                Platform.runLater(this::askNetwork); // once the page is on screen
            }
        });
        Button stop = Ui.button(messages.get("sessions.stop"), Feather.SQUARE);
        stop.setId("sessions-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.disableProperty().bind(vm.selectedProperty().isNull());
        stop.textProperty().bind(vm.stopTextProperty()); // "Retry hand-back" for a STUCK session
        stop.setOnAction(e -> confirmStop());

        vm.selectedProperty().addListener((obs, old, s) -> {
            title.setText(s == null ? messages.get("sessions.console.title.none") : messages.get("sessions.console.title", s.id()));
            networkState.setText(s == null ? "" : messages.get("sessions.console.network", s.network(), s.account()));
            networkState.setGraphic(s == null ? null : "online".equals(s.network())
                    ? Ui.colored(Feather.WIFI, "-color-accent-fg") : Ui.colored(Feather.WIFI_OFF, "-color-fg-muted"));
            toggle.setText(messages.get(s != null && "online".equals(s.network()) ? "sessions.network.goOffline"
                    : "sessions.network.goOnline"));
            history.show(s);
        });
        title.setText(messages.get("sessions.console.title.none"));
        toggle.setText(messages.get("sessions.network.goOnline"));
        HBox bar = new HBox(10, title, networkState, countdown, new Spacer(), tools(), toggle, stop);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 0, 8, 0));

        SplitPane center = new SplitPane(output.node(), history.node());
        center.setDividerPositions(0.74);

        vm.consoleProperty().addListener((obs, old, c) -> {
            output.show(old, c);
            input.show(c);
        });

        Label note = new Label();
        note.setId("sessions-state-note");
        note.textProperty().bind(vm.stateNoteProperty());
        note.setWrapText(true);
        note.getStyleClass().add(Styles.DANGER);
        note.setGraphic(Ui.colored(Feather.ALERT_TRIANGLE, "-color-danger-fg"));
        note.visibleProperty().bind(vm.stateNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        Node findBar = findBar();
        BorderPane console = new BorderPane(center, new javafx.scene.layout.VBox(4, bar, note, findBar), null, input.node(), null);
        // Ctrl+F anywhere in the console opens Find
        console.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (FIND_KEY.match(e)) {
                openFind();
                e.consume();
            }
        });
        console.setId("sessions-console");
        console.setPadding(new Insets(0, 0, 0, 0));
        root = new StackPane(console);
    }

    Node node() {
        return root;
    }

    private static final javafx.scene.input.KeyCombination FIND_KEY = new javafx.scene.input.KeyCodeCombination(
            javafx.scene.input.KeyCode.F, javafx.scene.input.KeyCombination.SHORTCUT_DOWN);
    private final javafx.scene.control.TextField findField = new javafx.scene.control.TextField();
    private HBox findBox;

    /** Find in the output: the text, previous and next (Shift+Enter, Enter), "3 of 12", close (Esc). */
    private Node findBar() {
        findField.setId("sessions-find");
        findField.setPromptText(messages.get("sessions.find.prompt"));
        findField.setPrefColumnCount(24);
        Button previous = Ui.iconButton(Feather.CHEVRON_UP, messages.get("sessions.find.previous"));
        previous.setId("sessions-find-previous");
        previous.setOnAction(e -> findNext(false));
        Button next = Ui.iconButton(Feather.CHEVRON_DOWN, messages.get("sessions.find.next"));
        next.setId("sessions-find-next");
        next.setOnAction(e -> findNext(true));
        Button close = Ui.iconButton(Feather.X, messages.get("sessions.find.close"));
        close.setOnAction(e -> closeFind());
        Label status = new Label();
        status.setId("sessions-find-status");
        status.textProperty().bind(vm.findStatusProperty());
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        findField.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                findNext(!e.isShiftDown());
                e.consume();
            } else if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                closeFind();
                e.consume();
            }
        });
        findField.textProperty().addListener((obs, old, q) -> output.reveal(vm.find(q, -1, true)));
        findBox = new HBox(6, Ui.icon(Feather.SEARCH), findField, previous, next, status, close);
        findBox.setAlignment(Pos.CENTER_LEFT);
        findBox.setId("sessions-find-bar");
        findBox.setVisible(false);
        findBox.setManaged(false);
        return findBox;
    }

    void openFind() {
        findBox.setVisible(true);
        findBox.setManaged(true);
        findField.requestFocus();
        findField.selectAll();
    }

    private void findNext(boolean forward) {
        output.reveal(vm.find(findField.getText(), output.selectedIndex(), forward));
    }

    private void closeFind() {
        findBox.setVisible(false);
        findBox.setManaged(false);
        input.focus();
    }

    /** The command line takes the keyboard. */
    void focus() {
        input.focus();
    }

    /** Find, copy all, save the whole output, clear: icon buttons for the selected console. */
    private Node tools() {
        Button find = Ui.iconButton(Feather.SEARCH, messages.get("sessions.find.open"));
        find.setId("sessions-find-open");
        find.setOnAction(e -> openFind());
        Button copy = Ui.iconButton(Feather.COPY, messages.get("sessions.console.copyAll"));
        copy.setId("sessions-copy-all");
        copy.setOnAction(e -> output.copyAll());
        Button save = Ui.iconButton(Feather.SAVE, messages.get("sessions.console.save"));
        save.setId("sessions-save-output");
        save.setOnAction(e -> saveOutput());
        Button clear = Ui.iconButton(Feather.TRASH_2, messages.get("sessions.console.clear"));
        clear.setId("sessions-clear");
        clear.setOnAction(e -> vm.clearConsole());
        for (Button b : List.of(find, copy, save, clear)) {
            b.disableProperty().bind(vm.consoleProperty().isNull());
            b.getStyleClass().add(Styles.FLAT);
        }
        return new HBox(2, find, copy, save, clear);
    }

    /** Saves the console's whole output (its log, not only the lines kept on screen) where the user chooses. */
    private void saveOutput() {
        SessionConsole c = vm.consoleProperty().get();
        if (c == null) {
            return;
        }
        c.log().flush();
        FileChooser chooser = new FileChooser();
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
}
