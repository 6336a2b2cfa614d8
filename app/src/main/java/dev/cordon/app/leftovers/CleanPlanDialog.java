package dev.cordon.app.leftovers;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.leftovers.PlannedAction;
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

/** The clean's dry run: what happens to each item. "Clean" confirms it in the view-model, anything else cancels. */
final class CleanPlanDialog {
    private final Dialog<ButtonType> dialog = new Dialog<>();

    CleanPlanDialog(LeftoversViewModel vm, Messages messages, Window owner) {
        List<PlannedAction> plan = List.copyOf(vm.plan());
        long actionable = vm.actionable();
        long quarantine = plan.stream().filter(a -> a.action() == PlannedAction.Action.QUARANTINE).count();
        long kill = plan.stream().filter(a -> a.action() == PlannedAction.Action.KILL).count();
        long reap = plan.stream().filter(a -> a.action() == PlannedAction.Action.REAP).count();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle(messages.get("leftovers.plan.title"));
        dialog.setHeaderText(messages.get("leftovers.plan.header", quarantine, kill, plan.size() - actionable, reap));
        dialog.getDialogPane().setId("clean-plan-dialog");

        ListView<PlannedAction> list = new ListView<>();
        list.setId("clean-plan-list");
        list.getItems().setAll(plan);
        list.setCellFactory(lv -> new ActionCell(messages));
        list.setPrefSize(760, Math.min(400, 24 + plan.size() * 34));
        Label note = new Label(messages.get(kill + reap > 0 ? "leftovers.plan.note.kill" : "leftovers.plan.note"));
        note.setWrapText(true);
        note.setPrefWidth(760);
        note.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        dialog.getDialogPane().setContent(new VBox(12, list, note));

        ButtonType clean = new ButtonType(messages.get("leftovers.plan.clean", actionable), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().setAll(clean, cancel);
        Button cleanButton = (Button) dialog.getDialogPane().lookupButton(clean);
        cleanButton.setId("clean-plan-confirm");
        cleanButton.getStyleClass().add(Styles.DANGER);
        cleanButton.setDisable(actionable == 0);
        // a destructive action is never the default: Enter cancels
        cleanButton.setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        dialog.setResultConverter(type -> type);
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == clean) {
                vm.confirmClean();
            } else {
                vm.cancelPlan();
            }
        });
    }

    void show() {
        dialog.show();
    }

    private static final class ActionCell extends ListCell<PlannedAction> {
        private final Messages messages;

        ActionCell(Messages messages) {
            this.messages = messages;
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(PlannedAction a, boolean empty) {
            super.updateItem(a, empty);
            if (empty || a == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label action = new Label(messages.get("leftovers.action." + a.action().label()));
            action.setMinWidth(100);
            action.getStyleClass().addAll(Styles.TEXT_BOLD, switch (a.action()) {
                case QUARANTINE -> Styles.WARNING;
                case KILL, REMOVE, REAP -> Styles.DANGER;
                case SKIP -> Styles.TEXT_MUTED;
            });
            Label what = new Label(a.item().kind().label() + "  " + dev.cordon.core.TerminalSafeFilter.visible(a.item().describe())
                    + (a.reason() == null ? "" : "  \u2014 " + a.reason()));
            what.setMinWidth(0);
            HBox.setHgrow(what, Priority.ALWAYS);
            HBox row = new HBox(12, action, what);
            row.setMinWidth(0);
            setText(null);
            setGraphic(row);
        }
    }
}
