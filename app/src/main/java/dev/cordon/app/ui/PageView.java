package dev.cordon.app.ui;

import javafx.scene.Node;

/** One page of the main view. */
public interface PageView {
    Node node();

    /** Called once, when the page is first built and shown; by default it loads the data ({@link #refresh}). */
    default void load() {
        refresh();
    }

    /** Called each time the page is selected, after {@link #load} the first time; for per-visit work. */
    default void shown() {
    }

    /** F5: load the page's data again. */
    void refresh();
}
