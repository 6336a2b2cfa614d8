package dev.cordon.app.sessions;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.Ui;
import dev.cordon.session.NetworkMode;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.feather.Feather;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

import static dev.cordon.app.ui.Ui.muted;

/** The Sessions page's start form: workspace, network, writable places, secrets, the size of HOME and TMPDIR, Start. */
final class StartForm {
    private final SessionsViewModel vm;
    private final Messages messages;
    private final TitledPane pane;

    StartForm(SessionsViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;
        this.pane = build();
    }

    TitledPane node() {
        return pane;
    }

    private TitledPane build() {
        TextField workspace = new TextField();
        workspace.setId("sessions-workspace");
        workspace.textProperty().bindBidirectional(vm.workspaceProperty());
        workspace.setPromptText(messages.get("sessions.workspace.prompt"));
        workspace.setOnAction(e -> vm.start()); // Enter starts, as the Start button does
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

        TextField timeout = new TextField();
        timeout.setId("sessions-timeout");
        timeout.setPrefColumnCount(6);
        timeout.setPromptText(messages.get("sessions.timeout.prompt"));
        timeout.textProperty().bindBidirectional(vm.timeoutProperty());
        timeout.setTooltip(Ui.tooltip(messages.get("sessions.timeout.tooltip")));
        Label timeoutLabel = label("sessions.timeout", timeout);
        timeoutLabel.setTooltip(Ui.tooltip(messages.get("sessions.timeout.tooltip")));

        TextArea env = new TextArea();
        env.setId("sessions-env");
        env.setPrefRowCount(2);
        env.setPromptText(messages.get("sessions.env.prompt"));
        env.textProperty().bindBidirectional(vm.envProperty());
        env.setTooltip(Ui.tooltip(messages.get("sessions.env.tooltip")));
        env.setStyle("-fx-font-family: monospace;");
        Label envLabel = label("sessions.env", env);
        envLabel.setTooltip(Ui.tooltip(messages.get("sessions.env.tooltip")));

        Button start = Ui.button(messages.get("sessions.start"), Feather.PLAY);
        start.setId("sessions-start");
        start.getStyleClass().add(Styles.ACCENT);
        start.setDefaultButton(false);
        start.disableProperty().bind(vm.startingProperty().or(Bindings.createBooleanBinding(() -> !vm.canStart())));
        start.setTooltip(Ui.tooltip(vm.unavailable().orElseGet(() ->
                messages.get(vm.elevated() ? "sessions.start.tooltip" : "readonly.disabled"))));
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
        shrinkable(workspace, writable, secrets, env);
        grid.add(workspaceLabel, 0, 0);
        grid.add(withError(workspace, vm.workspaceErrorProperty(), "sessions-workspace-error"), 1, 0);
        grid.add(browse, 2, 0);
        GridPane.setValignment(browse, javafx.geometry.VPos.TOP);
        grid.add(label("sessions.network", offline), 3, 0);
        grid.add(network, 4, 0);
        grid.add(writableLabel, 0, 1);
        grid.add(withError(writable, vm.writableErrorProperty(), "sessions-writable-error"), 1, 1);
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
        grid.add(withError(tmpSize, vm.tmpSizeErrorProperty(), "sessions-tmp-size-error"), 1, 2);
        grid.add(timeoutLabel, 3, 2);
        grid.add(withError(timeout, vm.timeoutErrorProperty(), "sessions-timeout-error"), 4, 2);
        grid.add(envLabel, 0, 3);
        grid.add(withError(env, vm.envErrorProperty(), "sessions-env-error"), 1, 3, 4, 1);
        grid.add(actions, 1, 4, 4, 1);
        for (Label l : java.util.List.of(workspaceLabel, writableLabel, tmpSizeLabel, timeoutLabel, envLabel, secretsLabel)) {
            GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        }

        TitledPane titled = new TitledPane(messages.get("sessions.form.title"), grid);
        titled.setId("sessions-start-pane");
        titled.setAnimated(false);
        titled.expandedProperty().bindBidirectional(vm.formExpandedProperty());
        return titled;
    }

    /**
     * The field with its error under it, in the danger colour, shown only while {@code error} is not empty; the field
     * is marked as wrong meanwhile (inline validation: no banner, and the Start button stays where it was).
     */
    private static Node withError(Region field, javafx.beans.value.ObservableStringValue error, String id) {
        Label text = new Label();
        text.setId(id);
        text.textProperty().bind(error);
        text.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        text.setWrapText(true);
        text.setGraphic(Ui.colored(Feather.ALERT_CIRCLE, "-color-danger-fg"));
        text.visibleProperty().bind(Bindings.isNotEmpty(error));
        text.managedProperty().bind(text.visibleProperty());
        text.setMinWidth(0);
        error.addListener((obs, old, e) -> field.pseudoClassStateChanged(Styles.STATE_DANGER, e != null && !e.isEmpty()));
        VBox box = new VBox(2, field, text);
        box.setMinWidth(0);
        return box;
    }

    /** Fields that may get as narrow as their column allows. */
    private static void shrinkable(Region... fields) {
        for (Region r : fields) {
            r.setMinWidth(0);
        }
    }

    private Optional<Path> chooseDirectory(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        File chosen = chooser.showDialog(pane.getScene().getWindow());
        return Optional.ofNullable(chosen).map(File::toPath);
    }

    private Label label(String key, Node target) {
        Label l = new Label(messages.get(key));
        l.setLabelFor(target);
        l.setMnemonicParsing(true);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }
}
