package dev.cordon.app.ui;

import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.session.SessionState;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Optional;

/** Asks why a session goes offline/online (for the audit log) and, optionally, for how many minutes. */
public final class NetworkDialog {
    /** What the person entered; {@code minutes} blank = until switched back. */
    public record Request(String reason, String minutes) {
    }

    private NetworkDialog() {
    }

    public static Optional<Request> ask(Window owner, Messages messages, SessionInfo session, NetworkMode target) {
        String sessionId = session.id();
        Dialog<Request> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(messages.get("sessions.network.dialog.title"));
        dialog.setHeaderText(messages.get("sessions.network.dialog.header", sessionId, target.label()));
        dialog.getDialogPane().setId("network-dialog");

        TextField reason = new TextField();
        reason.setId("network-reason");
        reason.setPromptText(messages.get("sessions.network.reason.prompt"));
        reason.setPrefColumnCount(32);
        TextField minutes = new TextField();
        minutes.setId("network-minutes");
        minutes.setPromptText(messages.get("sessions.network.minutes.prompt"));
        minutes.setPrefColumnCount(8);
        minutes.setTooltip(Ui.tooltip(messages.get("sessions.network.minutes.tooltip")));
        Label reasonLabel = new Label(messages.get("sessions.network.reason"));
        reasonLabel.setLabelFor(reason);
        reasonLabel.setMnemonicParsing(true);
        Label minutesLabel = new Label(messages.get("sessions.network.minutes"));
        minutesLabel.setLabelFor(minutes);
        minutesLabel.setMnemonicParsing(true);
        GridPane grid = new GridPane();
        grid.setHgap(Ui.GAP / 2);
        grid.setVgap(Ui.GAP / 2);
        grid.addRow(0, reasonLabel, reason);
        grid.addRow(1, minutesLabel, minutes);
        Label note = new Label(messages.get("sessions.network.dialog.note"));
        note.setWrapText(true);
        note.setMaxWidth(460);
        grid.add(note, 0, 2, 2, 1);
        if (session.state() == SessionState.RUNNING) {
            // the switch restarts the runner as the other account: what runs now is stopped
            Label running = new Label(messages.get("sessions.network.dialog.running"));
            running.setId("network-running-warning");
            running.setWrapText(true);
            running.setMaxWidth(460);
            running.setStyle("-fx-text-fill: -color-warning-fg;");
            running.setGraphic(Ui.colored(org.kordamp.ikonli.feather.Feather.ALERT_TRIANGLE, "-color-warning-fg"));
            grid.add(running, 0, 4, 2, 1);
        }
        dialog.getDialogPane().setContent(grid);

        ButtonType apply = new ButtonType(messages.get("sessions.network.apply", target.label()), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(apply, new ButtonType(messages.get("dialog.cancel"),
                ButtonBar.ButtonData.CANCEL_CLOSE));
        dialog.getDialogPane().lookupButton(apply).setId("network-apply");
        // a bad reason or minutes is said next to the fields and the dialog stays open, with what was typed
        Label error = new Label();
        error.setId("network-error");
        error.setWrapText(true);
        error.setMaxWidth(460);
        error.setStyle("-fx-text-fill: -color-danger-fg;");
        error.managedProperty().bind(error.visibleProperty());
        error.setVisible(false);
        grid.add(error, 0, 3, 2, 1);
        dialog.getDialogPane().lookupButton(apply).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            NetworkSwitch.Checked checked = NetworkSwitch.check(reason.getText(), minutes.getText(), messages);
            if (!checked.ok()) {
                e.consume();
                error.setText(checked.problem().message() + " " + checked.problem().fix());
                error.setVisible(true);
                (reason.getText() == null || reason.getText().isBlank() ? reason : minutes).requestFocus();
            }
        });
        dialog.setResultConverter(b -> b == apply ? new Request(reason.getText(), minutes.getText()) : null);
        Platform.runLater(reason::requestFocus);
        return dialog.showAndWait();
    }
}
