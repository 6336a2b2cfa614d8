package dev.cordon.app.overview;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.provision.PlannedChange;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.List;

/** Shows setup's dry-run plan; "Apply" confirms it in the view-model, anything else cancels. */
final class PlanDialog {
    private final Dialog<ButtonType> dialog = new Dialog<>();

    PlanDialog(OverviewViewModel vm, Messages messages, Window owner) {
        List<PlannedChange> plan = List.copyOf(vm.plan());
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle(messages.get("plan.title"));
        dialog.setHeaderText(plan.isEmpty() ? messages.get("plan.empty")
                : messages.get("plan.header", plan.size()));
        dialog.getDialogPane().setId("plan-dialog");

        ButtonType apply = new ButtonType(messages.get("plan.apply", plan.size()), ButtonBar.ButtonData.OK_DONE);
        ButtonType close = new ButtonType(messages.get(plan.isEmpty() ? "dialog.close" : "dialog.cancel"),
                ButtonBar.ButtonData.CANCEL_CLOSE);
        if (plan.isEmpty()) {
            Label nothing = new Label(messages.get("plan.empty.detail"));
            nothing.setWrapText(true);
            nothing.setPrefWidth(520);
            dialog.getDialogPane().setContent(nothing);
            dialog.getDialogPane().getButtonTypes().setAll(close);
        } else {
            ListView<PlannedChange> list = new ListView<>();
            list.setId("plan-list");
            list.getItems().setAll(plan);
            list.setCellFactory(lv -> new ChangeCell(messages));
            list.setPrefSize(720, Math.min(440, 24 + plan.size() * 52));
            Label note = new Label(messages.get("plan.note"));
            note.setWrapText(true);
            note.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            dialog.getDialogPane().setContent(new VBox(12, list, note));
            dialog.getDialogPane().getButtonTypes().setAll(apply, close);
            Button applyButton = (Button) dialog.getDialogPane().lookupButton(apply);
            applyButton.getStyleClass().add(Styles.ACCENT);
            applyButton.setId("plan-apply");
            applyButton.setDefaultButton(true);
        }
        dialog.setResultConverter(type -> type);
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == apply) {
                vm.confirmSetup();
            } else {
                vm.cancelSetup();
            }
        });
    }

    void show() {
        dialog.show();
    }

    private static final class ChangeCell extends ListCell<PlannedChange> {
        private final Messages messages;

        ChangeCell(Messages messages) {
            this.messages = messages;
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(PlannedChange change, boolean empty) {
            super.updateItem(change, empty);
            if (empty || change == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label action = new Label(messages.get("plan.action." + change.action().name().toLowerCase()));
            action.setMinWidth(76);
            action.getStyleClass().addAll(Styles.TEXT_BOLD, switch (change.action()) {
                case CREATE -> Styles.SUCCESS;
                case REMOVE -> Styles.DANGER;
                case SKIP -> Styles.TEXT_MUTED;
                default -> Styles.WARNING;
            });
            Label description = new Label(change.description());
            description.setWrapText(true);
            description.setMinWidth(0);
            HBox.setHgrow(description, Priority.ALWAYS);
            HBox row = new HBox(12, action, description);
            row.setMinWidth(0);
            setText(null);
            setGraphic(row);
        }
    }
}
