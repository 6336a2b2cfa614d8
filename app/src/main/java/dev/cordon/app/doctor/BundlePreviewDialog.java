package dev.cordon.app.doctor;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** What the support bundle holds, file by file, already redacted; "Save…" asks where and writes it. */
final class BundlePreviewDialog {
    private final Dialog<ButtonType> dialog = new Dialog<>();

    BundlePreviewDialog(Map<String, String> files, Messages messages, Window owner, Function<Window, Path> chooseTarget,
                        Runnable cancel, Consumer<Path> save) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setResizable(true);
        dialog.setTitle(messages.get("bundle.title"));
        dialog.setHeaderText(messages.get("bundle.header", files.size()));
        dialog.getDialogPane().setId("bundle-dialog");

        ListView<String> names = new ListView<>();
        names.setId("bundle-files");
        names.getItems().setAll(files.keySet());
        names.setCellFactory(lv -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                setText(empty || name == null ? null : messages.get("bundle.file", name,
                        files.get(name).getBytes(StandardCharsets.UTF_8).length));
            }
        });
        TextArea text = new TextArea();
        text.setId("bundle-text");
        text.setEditable(false);
        text.setStyle("-fx-font-family: monospace;");
        names.getSelectionModel().selectedItemProperty().addListener((obs, old, name) ->
                text.setText(name == null ? "" : files.get(name)));
        names.getSelectionModel().selectFirst();
        SplitPane split = new SplitPane(names, text);
        split.setDividerPositions(0.3);
        split.setPrefSize(900, 480);
        Label note = new Label(messages.get("bundle.note"));
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        dialog.getDialogPane().setContent(new VBox(12, split, note));

        ButtonType saveType = new ButtonType(messages.get("bundle.save"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancelType = new ButtonType(messages.get("dialog.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().setAll(saveType, cancelType);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(saveType);
        saveButton.getStyleClass().add(Styles.ACCENT);
        saveButton.setId("bundle-save");
        dialog.setResultConverter(type -> type);
        dialog.setOnHidden(e -> {
            Path target = dialog.getResult() == saveType ? chooseTarget.apply(owner) : null;
            if (target == null) {
                cancel.run();
            } else {
                save.accept(target);
            }
        });
    }

    void show() {
        dialog.show();
    }
}
