package dev.cordon.app;

import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Ui;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** A page of the panel issue not in this build: says so plainly, shows no data. */
final class PlaceholderView implements PageView {
    private final VBox root;

    PlaceholderView(Page page, Messages messages) {
        FontIcon icon = Ui.icon(page.icon());
        icon.setIconSize(48);
        Ui.tint(icon, "-color-fg-subtle");
        Label title = new Label(messages.get(page.titleKey()));
        title.getStyleClass().add(Styles.TITLE_2);
        Label text = new Label(messages.get("placeholder.text"));
        text.getStyleClass().add(Styles.TEXT_MUTED);
        text.setWrapText(true);
        text.setMaxWidth(460);
        text.setStyle("-fx-text-alignment: center;");
        root = new VBox(Ui.GAP, icon, title, text);
        root.setAlignment(Pos.CENTER);
        root.setId("page-" + page.id());
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
    }

    @Override
    public void refresh() {
    }

}
