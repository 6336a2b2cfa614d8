package dev.cordon.app.audit;

import dev.cordon.app.ui.EventBus;
import dev.cordon.app.ui.Events;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageModel;
import dev.cordon.app.task.BackgroundTask;
import dev.cordon.app.task.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.List;

/** The audit log, newest first, narrowed by a free-text filter. Reloads when a privileged action changed the system. */
public final class AuditViewModel extends PageModel {
    private final AuditService service;
    private final TaskExecutor executor;

    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<AuditEntry> visible = new FilteredList<>(entries);
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringBinding count;

    public AuditViewModel(AuditService service, TaskExecutor executor, EventBus bus, Messages messages) {
        this.service = service;
        this.executor = executor;
        filter.addListener((obs, old, text) -> visible.setPredicate(e -> e.matches(text)));
        count = Bindings.createStringBinding(() -> messages.get("audit.count", visible.size(), entries.size()),
                visible, entries);
        bus.subscribe(Events.SystemChanged.class, e -> reload());
    }

    public void reload() {
        if (loading.get()) {
            return;
        }
        loading.set(true);
        BackgroundTask.of("audit", service::read)
                .onSuccess(list -> {
                    loading.set(false);
                    problem.set(null);
                    entries.setAll(newestFirst(list));
                })
                .onFailure(error -> {
                    loading.set(false);
                    fail(error);
                })
                .executeWith(executor);
    }

    private static List<AuditEntry> newestFirst(List<AuditEntry> oldestFirst) {
        List<AuditEntry> copy = new java.util.ArrayList<>(oldestFirst);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** The entries that match the filter, newest first. */
    public ObservableList<AuditEntry> visible() {
        return visible;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    /** "N of M entries". */
    public StringBinding countProperty() {
        return count;
    }
}
