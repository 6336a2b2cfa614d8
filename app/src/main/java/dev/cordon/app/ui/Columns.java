package dev.cordon.app.ui;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Cell;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The panel's table columns, one way for every table (flat or tree): text cells that show their full value in a
 * tooltip when it does not fit and offer it to copy (right-click, Copy — ids, paths and commands are what people paste
 * elsewhere), and columns sized to their content instead of fixed widths ({@link #fitToContent}).
 */
public final class Columns {
    /** A column is never made wider than this by its content: a long path or command line is cut and has its tooltip. */
    static final double MAX_WIDTH = 560;
    /** Room for the cell's padding (and the header's sort arrow) around the text. */
    static final double PADDING = 26;
    /** Rows measured at most per fit: the first ones, enough to size by, cheap with thousands of rows. */
    static final int MEASURED_ROWS = 500;

    private Columns() {
    }

    /** A read-only text column of a table; its cells have the full text as a tooltip and a Copy menu. */
    public static <T> TableColumn<T, String> text(String title, Function<T, String> value, double width) {
        TableColumn<T, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(safe(value.apply(c.getValue()))));
        col.setCellFactory(c -> new TableCell<>() {
            private final ContextMenu menu = copyMenu(this);

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                show(this, menu, text, empty);
            }
        });
        col.setPrefWidth(width);
        return col;
    }

    /** As {@link #text}, for a tree table; a row without a value (a group row) shows nothing. */
    public static <T> TreeTableColumn<T, String> treeText(String title, Function<T, String> value, double width) {
        return treeText(title, value, width, true);
    }

    /**
     * As {@link #treeText(String, Function, double)}; with {@code cellMenu} false the cells have no menu of their
     * own, so a right-click opens the row's (a table whose rows have one, such as the process tree's).
     */
    public static <T> TreeTableColumn<T, String> treeText(String title, Function<T, String> value, double width,
                                                          boolean cellMenu) {
        TreeTableColumn<T, String> col = new TreeTableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().getValue() == null ? ""
                : safe(value.apply(c.getValue().getValue()))));
        col.setCellFactory(c -> new TreeTableCell<>() {
            private final ContextMenu menu = cellMenu ? copyMenu(this) : null;

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                show(this, menu, text, empty);
            }
        });
        col.setPrefWidth(width);
        return col;
    }

    /**
     * Sizes the table's text columns to their content (header and the widest of the first {@value #MEASURED_ROWS}
     * rows, at most {@value #MAX_WIDTH}), now and whenever its rows change. A column only grows: a width the person
     * chose by dragging wider stays; the last column still takes what is left of the table's width.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void fitToContent(TableView<?> table) {
        Runnable fit = coalesced(() -> fit(table, table.getColumns(), table.getItems().size(), table::lookup,
                (col, delta) -> table.resizeColumn((TableColumn) col, delta)));
        table.getItems().addListener((ListChangeListener<Object>) c -> fit.run());
        table.itemsProperty().addListener((obs, old, items) -> {
            items.addListener((ListChangeListener<Object>) c -> fit.run());
            fit.run();
        });
        table.sceneProperty().addListener((obs, old, scene) -> fit.run());
        fit.run();
    }

    /** As {@link #fitToContent(TableView)}, for a tree table's shown rows. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void fitToContent(TreeTableView<?> table) {
        Runnable fit = coalesced(() -> fit(table, table.getColumns(), table.getExpandedItemCount(), table::lookup,
                (col, delta) -> table.resizeColumn((TreeTableColumn) col, delta)));
        table.expandedItemCountProperty().addListener((obs, old, count) -> fit.run());
        table.sceneProperty().addListener((obs, old, scene) -> fit.run());
        fit.run();
    }

    /** The width the text needs in {@code font}, padding included. */
    static double width(String text, Font font) {
        Text t = new Text(text);
        t.setFont(font);
        return Math.ceil(t.getLayoutBounds().getWidth()) + PADDING;
    }

    private static void fit(Node table, List<? extends TableColumnBase<?, ?>> columns, int rows,
                            Function<String, Node> lookup,
                            java.util.function.BiConsumer<TableColumnBase<?, ?>, Double> resize) {
        if (table.getScene() == null) {
            return;
        }
        Font font = lookup.apply(".table-cell") instanceof Labeled cell ? cell.getFont()
                : lookup.apply(".tree-table-cell") instanceof Labeled tree ? tree.getFont() : Font.getDefault();
        int measured = Math.min(rows, MEASURED_ROWS);
        for (TableColumnBase<?, ?> col : columns) {
            IntFunction<Object> data = col::getCellData;
            if (!isText(data, measured)) {
                continue; // pills, icons, figures: the width the page gave them
            }
            double wanted = width(col.getText() == null ? "" : col.getText(), font);
            for (int i = 0; i < measured && wanted < MAX_WIDTH; i++) {
                Object v = data.apply(i);
                if (v != null) {
                    wanted = Math.max(wanted, width(v.toString(), font));
                }
            }
            wanted = Math.min(MAX_WIDTH, Math.max(col.getMinWidth(), wanted));
            if (wanted > col.getWidth() + 0.5) {
                if (col.getWidth() > 0) {
                    // laid out: through the table's resize policy, as a drag of the column's edge (a constrained
                    // policy ignores a new preferred width and takes the room from the last column)
                    resize.accept(col, wanted - col.getWidth());
                }
                col.setPrefWidth(Math.max(col.getPrefWidth(), wanted));
            }
        }
    }

    /** A column of strings: its first non-null value is one (a column without values is not measured). */
    private static boolean isText(IntFunction<Object> data, int rows) {
        for (int i = 0; i < Math.min(rows, 20); i++) {
            Object v = data.apply(i);
            if (v != null) {
                return v instanceof String;
            }
        }
        return false;
    }

    /** Runs {@code work} once on the next pulse however often it is asked before then. */
    private static Runnable coalesced(Runnable work) {
        boolean[] pending = {false};
        return () -> {
            if (pending[0]) {
                return;
            }
            pending[0] = true;
            Platform.runLater(() -> {
                pending[0] = false;
                work.run();
            });
        };
    }

    private static ContextMenu copyMenu(Cell<String> cell) {
        MenuItem copy = new MenuItem("Copy", Ui.icon(Feather.COPY));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(cell.getItem());
            Clipboard.getSystemClipboard().setContent(content);
        });
        return new ContextMenu(copy);
    }

    private static void show(Cell<String> cell, ContextMenu menu, String text, boolean empty) {
        boolean blank = empty || text == null || text.isEmpty();
        cell.setText(empty ? null : text);
        cell.setTooltip(blank ? null : Ui.tooltip(text));
        cell.setContextMenu(blank || menu == null ? null : menu);
    }

    /** Cells show what sandboxes made (paths, command lines, names): control characters inert, as in the console. */
    private static String safe(String v) {
        return v == null ? null : dev.cordon.core.TerminalSafeFilter.visible(v);
    }
}
