package dev.cordon.app.window;

import dev.cordon.app.ui.Columns;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The tables' shared columns (Columns) in a real window: sized to their content, growing when wider rows arrive and
 * stopping at the cap; a cut cell's full value in its tooltip and on the clipboard through Copy; the same for a tree
 * table (Processes). No backend.
 */
class ColumnsWindowTest {
    private static final String LONG_PATH = "/home/developer/projects/cordon/app/src/main/java/dev/cordon/app/ui";
    private Stage stage;

    record Row(String id, String path) {
    }

    @AfterEach
    void close() throws Exception {
        if (stage != null) {
            FxToolkit.cleanupStages();
        }
    }

    @Test
    void columnsFitTheirContentAndCellsOfferTheirFullValue() throws Exception {
        assumeTrue(System.getenv("DISPLAY") != null, "the window test needs a display: run the build under xvfb-run -a");
        stage = FxToolkit.registerPrimaryStage();
        TableView<Row> table = new TableView<>();
        TableColumn<Row, String> id = Columns.text("Id", Row::id, 40);
        TableColumn<Row, String> path = Columns.text("Path", Row::path, 80);
        TreeTableView<Row> tree = new TreeTableView<>(new TreeItem<>(null));
        TreeTableColumn<Row, String> command = Columns.treeText("Command", Row::path, 60);
        fx(() -> {
            table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN); // as the pages' tables
            tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            table.getColumns().setAll(List.of(id, path, Columns.text("Last", r -> "x", 50)));
            table.getItems().setAll(new Row("s1", "/tmp/a"));
            Columns.fitToContent(table);
            tree.setShowRoot(false);
            tree.getColumns().setAll(List.of(command, Columns.treeText("Last", r -> "x", 50)));
            tree.getRoot().getChildren().add(new TreeItem<>(new Row("p1", "sh -c 'sleep 1'")));
            tree.getRoot().setExpanded(true);
            Columns.fitToContent(tree);
            stage.setScene(new Scene(new VBox(table, tree), 900, 700));
            stage.sizeToScene(); // the primary stage is shared: an earlier class's panel left it 1240 px wide
            stage.show();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        // a wider row arrives: its column grows (the room taken from the last column) until the row shows whole
        fx(() -> table.getItems().add(new Row("s2", LONG_PATH)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> table.lookupAll(".table-cell").stream()
                .map(n -> (TableCell<?, ?>) n).filter(c -> LONG_PATH.equals(c.getText())).anyMatch(ColumnsWindowTest::shownWhole)));
        // still inside the table: no sideways scrolling (the table's own width: the primary stage, shared by the window
        // test classes, may be wider than this scene asked for after an earlier class sized it)
        assertThat(fx(() -> table.getColumns().stream().mapToDouble(TableColumn::getWidth).sum()))
                .isLessThanOrEqualTo(fx(table::getWidth) + 0.5);
        assertThat(fx(() -> cellOf(table, LONG_PATH).getTooltip().getText())).isEqualTo(LONG_PATH);

        // a path longer than the cap: cut at the cap, whole in the tooltip, whole on the clipboard through Copy
        String huge = LONG_PATH.repeat(6);
        fx(() -> table.getItems().add(new Row("s3", huge)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(path::getWidth) >= 559
                && fx(() -> table.lookupAll(".table-cell").stream().anyMatch(n -> huge.equals(((TableCell<?, ?>) n).getText()))));
        assertThat(fx(path::getWidth)).isLessThanOrEqualTo(561); // no wider than the cap
        TableCell<?, ?> cut = fx(() -> cellOf(table, huge));
        assertThat(fx(() -> shownWhole(cut))).isFalse();
        assertThat(fx(() -> cut.getTooltip().getText())).isEqualTo(huge);
        fx(() -> {
            cut.getContextMenu().getItems().get(0).fire();
            return null;
        });
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(huge);

        // the tree table's text column: grown for a longer command, its full text in the tooltip, Copy offered
        fx(() -> tree.getRoot().getChildren().add(new TreeItem<>(new Row("p2", LONG_PATH))));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> tree.lookupAll(".tree-table-cell").stream()
                .map(n -> (TreeTableCell<?, ?>) n).filter(c -> LONG_PATH.equals(c.getText()))
                .anyMatch(ColumnsWindowTest::shownWhole)));
        TreeTableCell<?, ?> treeCell = fx(() -> tree.lookupAll(".tree-table-cell").stream()
                .map(n -> (TreeTableCell<?, ?>) n).filter(c -> LONG_PATH.equals(c.getText())).findFirst().orElseThrow());
        assertThat(fx(() -> treeCell.getTooltip().getText())).isEqualTo(LONG_PATH);
        assertThat(fx(treeCell::getContextMenu)).isNotNull();
    }

    /** The cell's text is drawn whole, not cut with an ellipsis. */
    private static boolean shownWhole(javafx.scene.control.Labeled cell) {
        return cell.lookupAll(".text").stream().filter(n -> n instanceof javafx.scene.text.Text)
                .map(n -> ((javafx.scene.text.Text) n).getText()).anyMatch(t -> t.equals(cell.getText()));
    }

    private static TableCell<?, ?> cellOf(TableView<?> table, String text) {
        return table.lookupAll(".table-cell").stream().map(n -> (TableCell<?, ?>) n)
                .filter(c -> text.equals(c.getText())).findFirst().orElseThrow();
    }
}
