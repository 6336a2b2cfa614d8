package dev.cordon.app.sessions;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.SelectionMode;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.List;
import java.util.stream.Collectors;

import static dev.cordon.app.ui.Ui.muted;

/**
 * The selected session's output: monospaced, coloured by kind, following the tail with at most one scroll a pulse;
 * Ctrl+C copies the selected lines.
 */
final class ConsoleOutput {
    private final ListView<ConsoleLine> output = new ListView<>();
    /** Any number of changes to the console's lines ask for one scroll, in the next pulse. */
    private final ListChangeListener<ConsoleLine> followTail = c -> scrollToEndSoon();
    private boolean scrollPending;

    ConsoleOutput(Messages messages) {
        output.setId("sessions-output");
        output.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        output.setCellFactory(lv -> new ConsoleCell());
        output.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        output.setPlaceholder(muted(messages.get("sessions.console.empty")));
        output.setAccessibleText(messages.get("sessions.console.accessible"));
        output.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) {
                copy(output.getSelectionModel().getSelectedItems());
            }
        });
    }

    Node node() {
        return output;
    }

    /** Shows {@code now}'s lines (none for null) instead of {@code before}'s, and follows them. */
    void show(SessionConsole before, SessionConsole now) {
        if (before != null) {
            before.lines().removeListener(followTail);
        }
        output.setItems(now == null ? FXCollections.observableArrayList() : now.lines());
        if (now != null) {
            now.lines().addListener(followTail);
            scrollToEnd();
        }
    }

    /** Shows line {@code index} selected in the middle of the view (a Find match); the tail is not followed meanwhile. */
    void reveal(int index) {
        if (index < 0 || index >= output.getItems().size()) {
            return;
        }
        output.getSelectionModel().clearAndSelect(index);
        output.scrollTo(Math.max(0, index - 3));
    }

    /** The selected line's index, or -1: where Find goes on from. */
    int selectedIndex() {
        return output.getSelectionModel().getSelectedIndex();
    }

    /** Every line shown, to the clipboard. */
    void copyAll() {
        copy(output.getItems());
    }

    private static void copy(List<ConsoleLine> lines) {
        ClipboardContent content = new ClipboardContent();
        content.putString(lines.stream().map(ConsoleLine::text).collect(Collectors.joining("\n")));
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void scrollToEndSoon() {
        if (!scrollPending) {
            scrollPending = true;
            Platform.runLater(() -> {
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

    /** Monospaced lines: stderr in the danger colour, commands in the accent colour, exits green or red. */
    private static final class ConsoleCell extends ListCell<ConsoleLine> {
        ConsoleCell() {
            setTextOverrun(OverrunStyle.CLIP); // long lines scroll sideways, never end in "…"
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
}
