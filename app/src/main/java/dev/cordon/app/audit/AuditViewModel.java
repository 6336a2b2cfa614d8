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
    /** The kinds of action in the log ("secret", "session", "setup"…: what comes before the first dot), sorted. */
    private final ObservableList<String> kinds = FXCollections.observableArrayList();
    /** The kind shown, or "" for every kind (as {@code cordon audit --action PREFIX}). */
    private final StringProperty kind = new SimpleStringProperty("");
    private final Messages messages;

    public AuditViewModel(AuditService service, TaskExecutor executor, EventBus bus, Messages messages) {
        this.service = service;
        this.executor = executor;
        this.messages = messages;
        filter.addListener((obs, old, text) -> narrow());
        kind.addListener((obs, old, k) -> narrow());
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
                    kinds.setAll(list.stream().map(AuditViewModel::kindOf).distinct().sorted().toList());
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

    private void narrow() {
        String text = filter.get();
        String k = kind.get();
        visible.setPredicate(e -> e.matches(text) && (k == null || k.isEmpty() || kindOf(e).equals(k)));
    }

    static String kindOf(AuditEntry e) {
        int dot = e.action().indexOf('.');
        return dot < 0 ? e.action() : e.action().substring(0, dot);
    }

    /**
     * A result as a person reads it: GOOD ("ok", "verified", "done"…), BAD ("error", "refused", "failed"…), or
     * NEUTRAL for anything else — results have kinds, not "ok or error".
     */
    public enum Outcome { GOOD, BAD, NEUTRAL }

    public static Outcome outcome(String result) {
        String r = result == null ? "" : result.toLowerCase(java.util.Locale.ROOT);
        if (r.matches("ok|verified|done|applied|sealed|cleaned|restored|removed|started|stopped|switched|success.*")) {
            return Outcome.GOOD;
        }
        if (r.matches("error.*|fail.*|refused|denied|unsealable|rejected")) {
            return Outcome.BAD;
        }
        return Outcome.NEUTRAL;
    }

    /**
     * Writes the entries shown (filter and kind applied), newest first, to {@code target}: JSON lines when its name
     * ends in .jsonl, else CSV. Off the UI thread; the notice says where.
     */
    public void export(java.nio.file.Path target) {
        List<AuditEntry> rows = List.copyOf(visible);
        boolean jsonl = target.getFileName().toString().endsWith(".jsonl");
        BackgroundTask.of("audit export", () -> {
                    StringBuilder sb = new StringBuilder(jsonl ? "" : "time,actor,action,args,result,detail\n");
                    for (AuditEntry e : rows) {
                        sb.append(jsonl ? jsonLine(e) : csvLine(e)).append('\n');
                    }
                    service.save(target, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return target;
                })
                .onSuccess(p -> notice.set(messages.get("audit.exported", rows.size(), p)))
                .onFailure(this::fail)
                .executeWith(executor);
    }

    static String jsonLine(AuditEntry e) {
        var node = dev.cordon.core.Json.object();
        node.put("time", e.time());
        node.put("actor", e.actor());
        node.put("action", e.action());
        node.put("args", e.args());
        node.put("result", e.result());
        node.put("detail", e.detail());
        return node.toString();
    }

    static String csvLine(AuditEntry e) {
        return java.util.stream.Stream.of(e.time(), e.actor(), e.action(), e.args(), e.result(), e.detail())
                .map(v -> "\"" + v.replace("\"", "\"\"") + "\"").collect(java.util.stream.Collectors.joining(","));
    }

    public ObservableList<String> kinds() {
        return kinds;
    }

    public StringProperty kindProperty() {
        return kind;
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

    /**
     * The details pane's text for one entry: every field on its own line, whole (the table cuts long arguments and
     * details), in the columns' words. "" for none selected.
     */
    public String details(AuditEntry e) {
        if (e == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "audit.col.time", e.time());
        line(sb, "audit.col.actor", e.actor());
        line(sb, "audit.col.action", e.action());
        line(sb, "audit.col.result", e.result());
        line(sb, "audit.col.args", e.argsInWords());
        line(sb, "audit.col.detail", e.detail());
        return sb.toString().stripTrailing();
    }

    private void line(StringBuilder sb, String key, String value) {
        if (value != null && !value.isBlank() && !value.equals("{}")) {
            sb.append(messages.get(key)).append(": ")
                    .append(dev.cordon.core.TerminalSafeFilter.visible(value)).append('\n');
        }
    }
}
