package dev.cordon.app.ui;

import javafx.scene.Node;

/**
 * One page of the main view. Its lifecycle: {@link #load} once, then {@link #shown} and {@link #hidden} in turn —
 * hidden when another page is selected or the window is hidden, shown again when it comes back.
 */
public interface PageView {
    Node node();

    /** Called once, when the page is first built and shown; by default it loads the data ({@link #refresh}). */
    default void load() {
        refresh();
    }

    /** Called each time the page is selected, after {@link #load} the first time; for per-visit work. */
    default void shown() {
    }

    /** Called when the page leaves the screen; periodic work stops here ({@link WhileShown}). */
    default void hidden() {
    }

    /** A Fix button brought the user here for {@code destination}; by default showing the page is all it takes. */
    default void go(Destination destination) {
    }

    /** F5: load the page's data again. */
    void refresh();
}
