package dev.cordon.app.sessions;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.Times;
import dev.cordon.app.ui.Ui;
import dev.cordon.session.CommandRecord;
import dev.cordon.session.SessionInfo;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;
import java.util.function.Consumer;

import static dev.cordon.app.ui.Ui.muted;

/** The selected session's commands, newest last; a double click or Enter hands one to the command line. */
final class HistoryList {
    private final Messages messages;
    private final ListView<CommandRecord> commands = new ListView<>();
    private final Label title;
    private final VBox box;

    HistoryList(Messages messages, Consumer<CommandRecord> use) {
        this.messages = messages;
        commands.setId("sessions-history");
        commands.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        commands.setPlaceholder(muted(messages.get("sessions.history.empty")));
        commands.setCellFactory(lv -> new CommandCell());
        commands.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && commands.getSelectionModel().getSelectedItem() != null) {
                use.accept(commands.getSelectionModel().getSelectedItem());
            }
        });
        commands.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && commands.getSelectionModel().getSelectedItem() != null) {
                use.accept(commands.getSelectionModel().getSelectedItem());
            }
        });
        title = new Label(messages.get("sessions.history.title"));
        title.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        title.setLabelFor(commands);
        box = new VBox(4, title, commands);
        VBox.setVgrow(commands, Priority.ALWAYS);
        box.setMinWidth(180);
    }

    Node node() {
        return box;
    }

    /** The commands {@code s} ran (none for null), scrolled to the newest; the title counts those the host let go. */
    void show(SessionInfo s) {
        commands.getItems().setAll(s == null ? List.of() : s.commands());
        title.setText(s == null || s.earlierCommands() == 0 ? messages.get("sessions.history.title")
                : messages.get("sessions.history.titleEarlier", s.earlierCommands()));
        if (!commands.getItems().isEmpty()) {
            commands.scrollTo(commands.getItems().size() - 1);
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
}
