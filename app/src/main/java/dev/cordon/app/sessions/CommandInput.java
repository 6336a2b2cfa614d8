package dev.cordon.app.sessions;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.Ui;
import dev.cordon.session.CommandRecord;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line of the selected session's console: the typed line with the argv it runs (the console is not a
 * shell), earlier commands on Up and Down, Run and Kill, and the running command's status.
 */
final class CommandInput {
    private final SessionsViewModel vm;
    private final Messages messages;
    private final TextField command = new TextField();
    private final Button run;
    private final Button kill;
    private final Label status = new Label();
    private final VBox box;

    CommandInput(SessionsViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;
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
        run = Ui.button(messages.get("sessions.run"), Feather.PLAY);
        run.setId("sessions-run");
        run.setTooltip(Ui.tooltip(messages.get("sessions.run.tooltip")));
        run.setOnAction(e -> runTyped());
        kill = Ui.button(messages.get("sessions.kill"), Feather.X_OCTAGON);
        kill.setId("sessions-kill");
        kill.setTooltip(Ui.tooltip(messages.get("sessions.kill.tooltip")));
        kill.setOnAction(e -> vm.killCommand());
        status.setId("sessions-command-status");
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        HBox.setHgrow(command, Priority.ALWAYS);
        CheckBox shell = new CheckBox(messages.get("sessions.throughShell"));
        shell.setId("sessions-through-shell");
        shell.setMnemonicParsing(true);
        shell.setMinWidth(CheckBox.USE_PREF_SIZE);
        shell.selectedProperty().bindBidirectional(vm.throughShellProperty());
        shell.setTooltip(Ui.tooltip(messages.get("sessions.throughShell.tooltip")));
        HBox inputRow = new HBox(8, prompt, command, shell, run, kill);
        inputRow.setAlignment(Pos.CENTER_LEFT);
        Label argv = new Label();
        argv.setId("sessions-argv");
        argv.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        argv.setStyle("-fx-font-family: monospace;");
        argv.textProperty().bind(Bindings.createStringBinding(() -> argvPreview(command.getText()),
                command.textProperty(), vm.throughShellProperty()));
        box = new VBox(4, inputRow, argv, status);
        box.setPadding(new Insets(8, 0, 0, 0));
        show(null);
    }

    Node node() {
        return box;
    }

    void focus() {
        command.requestFocus();
    }

    /** Run, Kill and the line follow {@code c}'s command; without a console there is nothing to run. */
    void show(SessionConsole c) {
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
    }

    /** An earlier command, to edit and run again. */
    void use(CommandRecord r) {
        command.setText(CommandLine.join(r.argv()));
        command.requestFocus();
        command.end();
    }

    private void runTyped() {
        if (vm.run(command.getText())) {
            command.clear();
        }
    }

    /** What the typed line runs, as the program and its arguments: the console is not a shell. */
    private String argvPreview(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        try {
            List<String> argv = vm.throughShellProperty().get() ? List.of("sh", "-c", text.trim()) : CommandLine.split(text);
            return messages.get("sessions.argv", argv.stream().map(a -> "\u201c" + a + "\u201d")
                    .collect(Collectors.joining(" ")));
        } catch (IllegalArgumentException e) {
            return messages.get("sessions.console.badQuoting", e.getMessage());
        }
    }
}
