package dev.cordon.app.sessions;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.NetworkPill;
import dev.cordon.app.ui.Times;
import dev.cordon.app.ui.Ui;
import dev.cordon.session.SessionInfo;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.List;

import static dev.cordon.app.ui.Ui.muted;

/** The panel's sessions, one row each; selecting a row selects the session, and reloads keep that selection. */
final class SessionsTable {
    private final SessionsViewModel vm;
    private final Messages messages;
    private final TableView<SessionInfo> table = new TableView<>();
    private boolean reselecting;

    SessionsTable(SessionsViewModel vm, Messages messages) {
        this.vm = vm;
        this.messages = messages;
        table.setId("sessions-table");
        table.setItems(vm.sessions());
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(muted(messages.get("sessions.table.empty")));
        table.setPrefHeight(120);
        table.setMinHeight(90);
        table.getColumns().setAll(List.of(
                Ui.textColumn(messages.get("sessions.col.id"), SessionInfo::id, 100),
                stateColumn(),
                networkColumn(),
                Ui.textColumn(messages.get("sessions.col.account"), SessionInfo::account, 150),
                Ui.textColumn(messages.get("sessions.col.runner"), s -> s.runnerPid() == null ? "" : s.runnerPid().toString(), 100),
                Ui.textColumn(messages.get("sessions.col.started"), s -> Times.format(s.started()), 160),
                Ui.textColumn(messages.get("sessions.col.workspace"), s -> s.workspace().toString(), 260)));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null && !reselecting) {
                vm.select(s.id());
            }
        });
        // the list is replaced on each reload: keep the person's selection by session id
        vm.sessions().addListener((ListChangeListener<SessionInfo>) c -> reselect());
        vm.selectedIdProperty().addListener((obs, old, id) -> reselect());
    }

    Node node() {
        return table;
    }

    private void reselect() {
        String id = vm.selectedIdProperty().get();
        reselecting = true;
        try {
            for (int i = 0; i < vm.sessions().size(); i++) {
                if (vm.sessions().get(i).id().equals(id)) {
                    if (table.getSelectionModel().getSelectedIndex() != i) {
                        table.getSelectionModel().select(i);
                    }
                    return;
                }
            }
            table.getSelectionModel().clearSelection();
        } finally {
            reselecting = false;
        }
    }

    /** The session's state as a pill: STUCK and FAILED loud (red), with what it means in the tooltip. */
    private TableColumn<SessionInfo, SessionInfo> stateColumn() {
        return pillColumn("sessions.col.state", 100, (pill, s) -> {
            pill.setText(vm.stateText(s));
            pill.setId("sessions-state-" + s.id());
            pill.setStyle(SessionsViewModel.trouble(s)
                    ? "-fx-background-color: -color-danger-emphasis; -fx-text-fill: -color-fg-emphasis; "
                    + "-fx-background-radius: 9; -fx-padding: 0 8 0 8; -fx-font-weight: bold;"
                    : "-fx-background-color: -color-neutral-muted; -fx-text-fill: -color-fg-default; "
                    + "-fx-background-radius: 9; -fx-padding: 0 8 0 8;");
            return vm.stateExplained(s);
        });
    }

    /** The offline/online pill, with the time left while a temporary switch runs (redrawn on each tick). */
    private TableColumn<SessionInfo, SessionInfo> networkColumn() {
        TableColumn<SessionInfo, SessionInfo> col = pillColumn("sessions.col.network", 130, (pill, s) -> {
            NetworkPill.apply(pill, s.network(), s.networkRevertsAt(), vm.nowProperty().get(), messages);
            return "";
        });
        vm.nowProperty().addListener((obs, old, t) -> {
            if (vm.sessions().stream().anyMatch(s -> s.networkRevertsAt() != null)) {
                table.refresh();
            }
        });
        return col;
    }

    /**
     * A column that shows each session as one pill (a label in the cell): {@code fill} sets the pill for the row and
     * answers the cell's tooltip text ("" for none).
     */
    private TableColumn<SessionInfo, SessionInfo> pillColumn(String titleKey, double width,
                                                             java.util.function.BiFunction<Label, SessionInfo, String> fill) {
        TableColumn<SessionInfo, SessionInfo> col = new TableColumn<>(messages.get(titleKey));
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        col.setCellFactory(c -> new TableCell<>() {
            private final Label pill = new Label();

            {
                pill.setMinWidth(Label.USE_PREF_SIZE); // a state is read whole ("STUCK"), never as "…"
            }

            @Override
            protected void updateItem(SessionInfo s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                String tip = fill.apply(pill, s);
                setGraphic(pill);
                setTooltip(tip.isEmpty() ? null : Ui.tooltip(tip));
            }
        });
        col.setPrefWidth(width);
        col.setMinWidth(width); // the pill whole: the table scrolls sideways before a state is cut
        return col;
    }
}
