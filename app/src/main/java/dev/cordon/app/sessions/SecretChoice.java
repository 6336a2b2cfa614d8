package dev.cordon.app.sessions;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A vault secret in the start form's chooser: its name, its state and whether the new session gets it. */
public final class SecretChoice {
    private final String name;
    private final String state;
    private final BooleanProperty chosen = new SimpleBooleanProperty();

    public SecretChoice(String name, String state, boolean chosen) {
        this.name = name;
        this.state = state;
        this.chosen.set(chosen);
    }

    public String name() {
        return name;
    }

    public String state() {
        return state;
    }

    public BooleanProperty chosenProperty() {
        return chosen;
    }

    @Override
    public String toString() {
        return name;
    }
}
