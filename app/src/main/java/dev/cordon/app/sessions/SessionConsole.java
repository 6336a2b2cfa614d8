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

/**
 * One session's console: its lines (a bounded tail), the log of all of them, its typed history and the command running
 * in it (one at a time). UI thread.
 */
public final class SessionConsole {
    private final String sessionId;
    private final ConsoleModel model;
    private final ConsoleLog log;
    private final CommandHistory history = new CommandHistory();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    /** Counts commands, so a late callback of an earlier command is recognised. */
    int commandSeq;
    CommandHandle handle;
    Instant commandStarted;
    /** The log's failure was said once in the console. */
    boolean logFailureShown;

    SessionConsole(String sessionId, ConsoleModel model, ConsoleLog log) {
        this.sessionId = sessionId;
        this.model = model;
        this.log = log;
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

    /** Everything this console showed, in full: the model keeps only a bounded tail. */
    public ConsoleLog log() {
        return log;
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
