package dev.cordon.app.ui;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What every page's view-model reports about its last action: the {@link Problem} (a banner; closing it clears it)
 * and the notice (a transient notification, "" for none).
 */
public abstract class PageModel {
    protected final ObjectProperty<Problem> problem = new SimpleObjectProperty<>();
    protected final StringProperty notice = new SimpleStringProperty("");

    /** A new action begins: the last one's problem and notice go. */
    protected void clearFeedback() {
        problem.set(null);
        notice.set("");
    }

    /** An action failed: its error as a person reads it. */
    protected void fail(Throwable error) {
        problem.set(Problem.of(error));
    }

    public ObjectProperty<Problem> problemProperty() {
        return problem;
    }

    public StringProperty noticeProperty() {
        return notice;
    }
}
