package dev.cordon.app.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;

/**
 * A {@link PageModel} that does one thing at a time, named by its phase: busy in every phase but the idle one and
 * those that wait for the user (a plan to confirm, a preview to save).
 */
public abstract class PhasedPageModel<P extends Enum<P>> extends PageModel {
    protected final ObjectProperty<P> phase;
    private final P idle;
    private final BooleanBinding busy;

    /** {@code waiting}: the phases that wait for the user, not busy though not idle. */
    @SafeVarargs
    protected PhasedPageModel(P idle, P... waiting) {
        this.idle = idle;
        this.phase = new SimpleObjectProperty<>(idle);
        List<P> notBusy = List.of(waiting);
        busy = Bindings.createBooleanBinding(() -> phase.get() != idle && !notBusy.contains(phase.get()), phase);
    }

    /** A new action begins in {@code p}: the last one's problem and notice go. */
    protected void begin(P p) {
        clearFeedback();
        phase.set(p);
    }

    /** The action failed: idle again, with its error as a person reads it. */
    @Override
    protected void fail(Throwable error) {
        phase.set(idle);
        super.fail(error);
    }

    public ReadOnlyObjectProperty<P> phaseProperty() {
        return phase;
    }

    public BooleanBinding busyProperty() {
        return busy;
    }
}
