package dev.cordon.app.sessions;

import dev.cordon.session.SessionManager.CommandHandle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

import java.time.Instant;

/** One session's console: its lines, its typed history and the command running in it (one at a time). UI thread. */
public final class SessionConsole {
    private final String sessionId;
    private final ConsoleModel model = new ConsoleModel();
    private final CommandHistory history = new CommandHistory();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    /** Counts commands, so a late callback of an earlier command is recognised. */
    int commandSeq;
    CommandHandle handle;
    Instant commandStarted;

    SessionConsole(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }

    public ObservableList<ConsoleLine> lines() {
        return model.lines();
    }

    ConsoleModel model() {
        return model;
    }

    public CommandHistory history() {
        return history;
    }

    /** A command is running (Run is off, Kill is on). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    BooleanProperty running() {
        return running;
    }

    /** "Running … (pid N)" or how the last command ended. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    StringProperty status() {
        return status;
    }
}
