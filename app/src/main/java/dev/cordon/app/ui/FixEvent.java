package dev.cordon.app.ui;

import javafx.event.Event;
import javafx.event.EventType;

/** A Fix button was pressed: it bubbles up to the window, which goes to {@link #destination()}. */
public final class FixEvent extends Event {
    public static final EventType<FixEvent> GO = new EventType<>(Event.ANY, "CORDON_FIX_GO");
    private final Destination destination;

    public FixEvent(Destination destination) {
        super(GO);
        this.destination = destination;
    }

    public Destination destination() {
        return destination;
    }

    /** A button that takes the user to {@code destination} ("Open Leftovers", "Run setup"). */
    public static javafx.scene.control.Button button(Destination destination, Messages messages) {
        javafx.scene.control.Button b = Ui.button(messages.get(destination.buttonKey()),
                org.kordamp.ikonli.feather.Feather.ARROW_RIGHT_CIRCLE);
        b.setId("fix-go-" + destination.name().toLowerCase(java.util.Locale.ROOT));
        b.setOnAction(e -> b.fireEvent(new FixEvent(destination)));
        return b;
    }
}
