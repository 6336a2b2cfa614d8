package dev.cordon.app;

import javafx.scene.Node;

/** One page of the main view. */
public interface PageView {
    Node node();

    /** Called each time the page is selected; the first call loads its data. */
    void shown();

    /** F5: load again. */
    void refresh();
}
