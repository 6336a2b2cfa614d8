package dev.cordon.app.processes;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.Ui;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Polyline;

import java.util.List;
import java.util.Map;

/**
 * Under the process tree: the selected row's details ({@link ProcessesViewModel.RowDetails}) — its fields in words,
 * the whole argv one argument a line (selectable, so it can be copied), and for a row of a session that session's
 * CPU and memory over the last minute as two sparklines.
 */
final class ProcessDetailsPane {
    private static final double SPARK_WIDTH = 240;
    private static final double SPARK_HEIGHT = 34;

    private final Messages messages;
    private final Label title = new Label();
    private final Label none;
    private final GridPane fields = new GridPane();
    private final Label argvTitle;
    private final TextArea argv = new TextArea();
    private final VBox sparks = new VBox(6);
    private final VBox content;
    private final ScrollPane root;

    ProcessDetailsPane(ObservableValue<ProcessesViewModel.RowDetails> details, Messages messages) {
        this.messages = messages;
        title.getStyleClass().add(Styles.TITLE_4);
        title.setId("processes-details-title");
        none = Ui.muted(messages.get("processes.details.none"));
        fields.setHgap(12);
        fields.setVgap(4);
        fields.setId("processes-details-fields");
        argvTitle = new Label(messages.get("processes.details.argv.title"));
        argvTitle.getStyleClass().add(Styles.TEXT_MUTED);
        argv.setId("processes-details-argv");
        argv.setEditable(false);
        argv.setWrapText(false);
        argv.setPrefRowCount(4);
        argv.setStyle("-fx-font-family: monospace;");
        sparks.setId("processes-details-sparks");
        content = new VBox(8);
        content.setPadding(new Insets(8, 4, 8, 4));
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        root.setMinHeight(0);
        root.setId("processes-details");
        details.addListener((obs, old, d) -> show(d));
        show(details.getValue());
    }

    Node node() {
        return root;
    }

    private void show(ProcessesViewModel.RowDetails d) {
        if (d == null) {
            content.getChildren().setAll(none);
            return;
        }
        title.setText(d.title());
        fields.getChildren().clear();
        int row = 0;
        for (Map.Entry<String, String> f : d.fields()) {
            Label name = Ui.muted(f.getKey());
            name.setMinWidth(Label.USE_PREF_SIZE);
            Label value = new Label(f.getValue());
            value.setWrapText(true);
            value.setTooltip(Ui.tooltip(f.getValue()));
            fields.addRow(row++, name, value);
        }
        HBox top = new HBox(24, fields, sparks);
        HBox.setHgrow(fields, Priority.ALWAYS);
        sparks.getChildren().clear();
        if (!d.cpu().isEmpty()) {
            sparks.getChildren().addAll(Ui.muted(d.cpuCaption()), spark(d.cpu(), "-color-accent-fg", "processes-spark-cpu"),
                    Ui.muted(d.memoryCaption()), spark(d.memory(), "-color-success-fg", "processes-spark-memory"));
        }
        content.getChildren().setAll(title, top);
        if (!d.argv().isEmpty()) {
            String text = String.join("\n", d.argv());
            if (!text.equals(argv.getText())) {
                argv.setText(text);
            }
            argv.setPrefRowCount(Math.min(8, Math.max(2, d.argv().size())));
            content.getChildren().addAll(argvTitle, argv);
        }
    }

    /** The samples as a line, scaled to the largest (a flat line at the bottom when all are zero). */
    private static Node spark(List<Double> samples, String color, String id) {
        double max = samples.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        Polyline line = new Polyline();
        int n = samples.size();
        double step = n <= 1 ? 0 : SPARK_WIDTH / (ProcessesViewModel.SPARK_SAMPLES - 1);
        double x0 = SPARK_WIDTH - step * (n - 1); // the newest sample at the right edge
        for (int i = 0; i < n; i++) {
            double y = max <= 0 ? SPARK_HEIGHT : SPARK_HEIGHT - samples.get(i) / max * (SPARK_HEIGHT - 2);
            line.getPoints().addAll(x0 + i * step, y);
        }
        line.setStyle("-fx-stroke: " + color + "; -fx-stroke-width: 1.5;");
        Pane box = new Pane(line);
        box.setId(id);
        box.setMinSize(SPARK_WIDTH, SPARK_HEIGHT);
        box.setPrefSize(SPARK_WIDTH, SPARK_HEIGHT);
        box.setMaxSize(SPARK_WIDTH, SPARK_HEIGHT);
        box.setStyle("-fx-border-color: -color-border-muted; -fx-border-width: 0 0 1 0;");
        return box;
    }
}
