package dev.cordon.app.ui;

import javafx.scene.control.Label;

import java.time.Duration;
import java.time.Instant;

/**
 * The offline/online state as a coloured pill: amber "ONLINE 0:42" while a session can reach the network (with the
 * time left when the switch is temporary), a quiet grey "offline" otherwise. One look for the table, the navigation
 * list and the overview.
 */
public final class NetworkPill {
    private static final String ONLINE_STYLE = "-fx-background-color: -color-warning-emphasis; -fx-text-fill: "
            + "-color-fg-emphasis; -fx-background-radius: 9; -fx-padding: 0 8 0 8; -fx-font-weight: bold;";
    private static final String OFFLINE_STYLE = "-fx-background-color: -color-neutral-muted; -fx-text-fill: "
            + "-color-fg-default; -fx-background-radius: 9; -fx-padding: 0 8 0 8;";

    private NetworkPill() {
    }

    /** "ONLINE 0:42", "ONLINE" (until switched back), "offline"; {@code revertsAt} may be null. */
    public static String text(String network, Instant revertsAt, Instant now, Messages messages) {
        if (!"online".equals(network)) {
            return messages.get("pill.offline");
        }
        if (revertsAt == null || now == null) {
            return messages.get("pill.online");
        }
        long s = Math.max(0, (Duration.between(now, revertsAt).toMillis() + 999) / 1000);
        return messages.get("pill.online.left", String.format("%d:%02d", s / 60, s % 60));
    }

    /** Makes {@code label} the pill for this state. */
    public static void apply(Label label, String network, Instant revertsAt, Instant now, Messages messages) {
        label.setText(text(network, revertsAt, now, messages));
        label.setStyle("online".equals(network) ? ONLINE_STYLE : OFFLINE_STYLE);
    }

    /** A pill for a count of online sessions ("2 online"), hidden while {@code text} is blank. */
    public static Label badge(javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.textProperty().bind(text);
        l.setStyle(ONLINE_STYLE);
        l.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> text.get() != null && !text.get().isBlank(), text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
