package dev.cordon.app.ui;

import atlantafx.base.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;

/**
 * Transient notifications over the window's lower right corner: results that need no answer go away by themselves
 * and never move a page's controls, unlike a banner inserted above them. One layer per window, in a stack pane over
 * the pages; pages reach it through {@link #onEachValue}, which finds it in their scene.
 */
public final class ToastLayer {
    /** How long a success stays up. */
    public static final Duration SUCCESS = Duration.seconds(6);
    /** How long a notice that offers an action stays up. */
    public static final Duration IMPORTANT = Duration.seconds(30);
    /** At most this many at once; the oldest goes first. */
    static final int MAX_SHOWN = 4;
    private static final String LAYER_ID = "toasts";

    public enum Kind { SUCCESS, WARNING }

    /** A button on a toast; running it also closes the toast. */
    public record Action(String label, Runnable run) {
    }

    private final VBox box = new VBox(8);
    private final String closeLabel;

    /** {@code closeLabel}: the close button's accessible text and tooltip. */
    public ToastLayer(String closeLabel) {
        this.closeLabel = closeLabel;
        box.setId(LAYER_ID);
        box.setAlignment(Pos.BOTTOM_RIGHT);
        box.setPickOnBounds(false); // clicks between toasts reach the page below
        box.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        box.setUserData(this);
        StackPane.setAlignment(box, Pos.BOTTOM_RIGHT);
        // above the bottom row of a page (the console's command line and its Run button stay reachable)
        StackPane.setMargin(box, new Insets(16, 16, 72, 16));
    }

    public Node node() {
        return box;
    }

    /** The toasts shown now, oldest first (for tests). */
    public List<Node> shown() {
        return List.copyOf(box.getChildren());
    }

    public void show(Kind kind, String title, String text, Duration hideAfter, List<Action> actions) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        Label body = new Label(text);
        body.setWrapText(true);
        body.setMaxWidth(360);
        VBox words = new VBox(4, heading, body);
        HBox.setHgrow(words, Priority.ALWAYS);
        Button close = Ui.iconButton(Feather.X, closeLabel);
        close.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        close.setId("toast-close");
        HBox top = new HBox(10, kind == Kind.SUCCESS ? Ui.colored(Feather.CHECK_CIRCLE, "-color-success-fg")
                : Ui.colored(Feather.ALERT_TRIANGLE, "-color-warning-fg"), words, close);
        VBox toast = new VBox(8, top);
        toast.getStyleClass().add("toast");
        toast.setId("toast-" + (box.getChildren().size() + 1));
        toast.setStyle("-fx-background-color: -color-bg-default; -fx-border-color: -color-border-default; "
                + "-fx-background-radius: 6; -fx-border-radius: 6; -fx-padding: 12; "
                + "-fx-effect: dropshadow(gaussian, rgba(0,0,0,0.25), 12, 0, 0, 3);");
        toast.setMaxWidth(440);
        if (!actions.isEmpty()) {
            HBox buttons = new HBox(8);
            buttons.setAlignment(Pos.CENTER_RIGHT);
            for (Action a : actions) {
                Button b = new Button(a.label());
                b.setId("toast-action-" + a.label().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
                b.setOnAction(e -> {
                    box.getChildren().remove(toast);
                    a.run().run();
                });
                buttons.getChildren().add(b);
            }
            toast.getChildren().add(buttons);
        }
        close.setOnAction(e -> box.getChildren().remove(toast));
        box.getChildren().add(toast);
        if (box.getChildren().size() > MAX_SHOWN) {
            box.getChildren().remove(0);
        }
        PauseTransition life = new PauseTransition(hideAfter);
        life.setOnFinished(e -> box.getChildren().remove(toast));
        toast.setOnMouseEntered(e -> life.pause()); // a toast being read or clicked stays
        toast.setOnMouseExited(e -> life.play());
        life.play();
    }

    /** The layer of the window {@code node} is shown in, if it has one. */
    public static java.util.Optional<ToastLayer> of(Node node) {
        if (node.getScene() == null) {
            return java.util.Optional.empty();
        }
        Node layer = node.getScene().lookup("#" + LAYER_ID);
        return layer != null && layer.getUserData() instanceof ToastLayer t ? java.util.Optional.of(t)
                : java.util.Optional.empty();
    }

    /**
     * A node that takes no room in its page and shows each new, non-blank value of {@code text} as a success toast
     * titled {@code title} in its window's layer.
     */
    public static Node onEachValue(String title, ObservableStringValue text) {
        Region anchor = new Region();
        anchor.setManaged(false);
        anchor.setVisible(false);
        text.addListener((obs, old, value) -> {
            if (value != null && !value.isBlank()) {
                of(anchor).ifPresent(layer -> layer.show(Kind.SUCCESS, title, value, SUCCESS, List.of()));
            }
        });
        return anchor;
    }
}
