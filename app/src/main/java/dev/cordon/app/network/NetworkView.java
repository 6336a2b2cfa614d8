package dev.cordon.app.network;

import atlantafx.base.controls.Card;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.network.NetworkViewModel.Health;
import dev.cordon.app.network.NetworkViewModel.RuleLine;
import dev.cordon.app.ui.NetworkDialog;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import dev.cordon.session.NetworkMode;
import dev.cordon.session.SessionInfo;
import dev.cordon.platform.NetworkProbe.Attempt;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/** The firewall table's state and rules in words, "Prove offline" with each attempt, and the raw rules. */
public final class NetworkView implements PageView {
    private final NetworkViewModel vm;
    private final SessionSwitchViewModel switches;
    private final Messages messages;
    private final ScrollPane root;
    private final VBox ruleLines = new VBox(6);

    public NetworkView(NetworkViewModel vm, SessionSwitchViewModel switches, Messages messages) {
        this.vm = vm;
        this.switches = switches;
        this.messages = messages;

        Button reload = Ui.refreshButton(messages, "network.refresh.tooltip");
        reload.setId("network-reload");
        reload.disableProperty().bind(vm.busyProperty());
        reload.setOnAction(e -> vm.load());
        Button prove = Ui.button(messages.get("network.prove"), Feather.ZAP);
        prove.setId("network-prove");
        prove.getStyleClass().add(Styles.ACCENT);
        prove.disableProperty().bind(vm.proveDisabledProperty());
        prove.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "network.prove.tooltip" : "readonly.disabled")));
        prove.setOnAction(e -> vm.proveOffline());
        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.network"), vm.summaryProperty()), new Spacer(),
                reload, prove);
        header.setAlignment(Pos.CENTER_LEFT);

        vm.rules().addListener((ListChangeListener<RuleLine>) c -> renderRules());
        renderRules();

        VBox page = new VBox(Ui.GAP, header, Ui.problemBanner(vm.problemProperty(), messages), stateCard(),
                rulesCard(), probeCard(), sessionsCard(), rawRules());
        page.setPadding(new Insets(Ui.PAGE_PADDING));
        page.setId("page-network");
        root = new ScrollPane(page);
        root.setFitToWidth(true);
    }

    /** Per session: its network mode, the countdown of a temporary switch, and the offline/online switch. */
    private Node sessionsCard() {
        Label title = new Label(messages.get("network.sessions.title"), Ui.icon(Feather.TERMINAL));
        title.getStyleClass().add(Styles.TITLE_4);
        Label explain = new Label(messages.get("network.sessions"));
        explain.setWrapText(true);
        explain.getStyleClass().add(Styles.TEXT_MUTED);

        TableView<SessionInfo> table = new TableView<>(switches.sessions());
        table.setId("network-sessions");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("network.sessions.empty")));
        table.setPrefHeight(150);
        TableColumn<SessionInfo, String> countdown = new TableColumn<>(messages.get("network.sessions.col.countdown"));
        countdown.setCellValueFactory(c -> switches.countdown(c.getValue()));
        countdown.setPrefWidth(220);
        table.getColumns().setAll(List.of(
                Ui.textColumn(messages.get("sessions.col.id"), SessionInfo::id, 110),
                Ui.textColumn(messages.get("sessions.col.network"), SessionInfo::network, 90),
                Ui.textColumn(messages.get("sessions.col.account"), SessionInfo::account, 180),
                countdown));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null) {
                switches.select(s.id());
            }
        });
        // the list is replaced on each reload: keep the selection by session id
        switches.sessions().addListener((ListChangeListener<SessionInfo>) c -> {
            String id = switches.selectedIdProperty().get();
            for (int i = 0; i < switches.sessions().size(); i++) {
                if (switches.sessions().get(i).id().equals(id) && table.getSelectionModel().getSelectedIndex() != i) {
                    table.getSelectionModel().select(i);
                }
            }
        });

        Button toggle = Ui.button(messages.get("sessions.network.goOnline"), Feather.GLOBE);
        toggle.setId("network-session-toggle");
        toggle.disableProperty().bind(switches.switchDisabledProperty());
        toggle.setTooltip(Ui.tooltip(messages.get("sessions.network.toggle.tooltip")));
        switches.selectedProperty().addListener((obs, old, s) -> toggle.setText(messages.get(
                s != null && "online".equals(s.network()) ? "sessions.network.goOffline" : "sessions.network.goOnline")));
        toggle.setOnAction(e -> {
            SessionInfo s = switches.selectedProperty().get();
            if (s == null) {
                return;
            }
            NetworkMode target = switches.otherMode();
            NetworkDialog.ask(root.getScene().getWindow(), messages, s, target)
                    .ifPresent(r -> switches.setNetwork(target, r.reason(), r.minutes()));
        });
        HBox bar = new HBox(Ui.GAP, explain, new Spacer(), toggle);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(explain, javafx.scene.layout.Priority.ALWAYS);

        Card card = new Card();
        card.setId("network-session-switch");
        card.setHeader(title);
        card.setBody(new VBox(10, Ui.problemBanner(switches.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("network.sessions.title"), switches.noticeProperty()), bar, table));
        return card;
    }

    private Node stateCard() {
        FontIcon icon = Ui.icon(Feather.HELP_CIRCLE);
        icon.setIconSize(32);
        Label headline = new Label();
        headline.setId("network-health");
        headline.textProperty().bind(vm.headlineProperty());
        headline.getStyleClass().add(Styles.TITLE_3);
        headline.setWrapText(true);
        Label probe = new Label();
        probe.setId("network-last-probe");
        probe.textProperty().bind(vm.probeLineProperty());
        probe.setGraphic(Ui.icon(Feather.CLOCK));
        probe.getStyleClass().add(Styles.TEXT_MUTED);
        probe.setWrapText(true);
        Label table = new Label();
        table.textProperty().bind(Bindings.createStringBinding(() -> vm.firewallProperty().get() == null
                ? messages.get("network.reading") : messages.get("network.table", vm.firewallProperty().get().rules()),
                vm.firewallProperty()));
        table.getStyleClass().add(Styles.TEXT_SMALL);
        vm.healthProperty().addListener((obs, old, h) -> style(icon, h));
        style(icon, vm.healthProperty().get());
        VBox text = new VBox(4, headline, table, probe);
        HBox row = new HBox(Ui.GAP, icon, text);
        row.setAlignment(Pos.CENTER_LEFT);
        Card card = new Card();
        card.setId("network-state");
        card.setBody(row);
        card.accessibleTextProperty().bind(vm.headlineProperty());
        return card;
    }

    private static void style(FontIcon icon, Health h) {
        icon.setIconCode(switch (h) {
            case PROVEN -> Feather.CHECK_CIRCLE;
            case PRESENT -> Feather.SHIELD;
            case MISSING, INEFFECTIVE -> Feather.X_CIRCLE;
            case UNKNOWN -> Feather.HELP_CIRCLE;
        });
        Ui.tint(icon, switch (h) {
            case PROVEN -> "-color-success-fg";
            case PRESENT -> "-color-accent-fg";
            case MISSING, INEFFECTIVE -> "-color-danger-fg";
            case UNKNOWN -> "-color-fg-muted";
        });
    }

    private Node rulesCard() {
        Label title = new Label(messages.get("network.rules.title"), Ui.icon(Feather.LIST));
        title.getStyleClass().add(Styles.TITLE_4);
        Card card = new Card();
        card.setId("network-rules");
        card.setHeader(title);
        card.setBody(ruleLines);
        return card;
    }

    private void renderRules() {
        ruleLines.getChildren().clear();
        if (vm.rules().isEmpty()) {
            Label waiting = new Label(messages.get("network.reading"));
            waiting.getStyleClass().add(Styles.TEXT_MUTED);
            ruleLines.getChildren().add(waiting);
        }
        for (RuleLine r : vm.rules()) {
            Label l = new Label(r.text(), r.problem() ? Ui.colored(Feather.ALERT_TRIANGLE, "-color-danger-fg")
                    : Ui.colored(Feather.CHEVRON_RIGHT, "-color-fg-muted"));
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            if (r.problem()) {
                l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
            }
            ruleLines.getChildren().add(l);
        }
    }

    private Node probeCard() {
        Label title = new Label(messages.get("network.probe.title"), Ui.icon(Feather.ZAP));
        title.getStyleClass().add(Styles.TITLE_4);
        Label explain = new Label(messages.get("network.probe.explain"));
        explain.setWrapText(true);
        explain.setMinHeight(Region.USE_PREF_SIZE);
        explain.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);

        ProgressBar bar = new ProgressBar();
        bar.setId("network-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> vm.attempts().size()
                / (double) NetworkViewModel.PROBE_TARGETS, vm.attempts()));
        Label running = new Label();
        running.textProperty().bind(Bindings.createStringBinding(() -> messages.get("network.probe.running",
                vm.attempts().size(), NetworkViewModel.PROBE_TARGETS), vm.attempts()));
        VBox progress = new VBox(4, running, bar);
        progress.visibleProperty().bind(vm.phaseProperty().isEqualTo(NetworkViewModel.Phase.PROBING));
        progress.managedProperty().bind(progress.visibleProperty());

        TableView<Attempt> table = new TableView<>(vm.attempts());
        table.setId("network-attempts");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("network.attempts.empty")));
        table.setPrefHeight(250); // five attempts: four to the firewall, one Unix socket
        TableColumn<Attempt, Attempt> result = new TableColumn<>(messages.get("network.col.result"));
        result.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        result.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Attempt a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : vm.result(a));
                setGraphic(empty || a == null ? null : a.connected()
                        ? Ui.colored(Feather.X_CIRCLE, "-color-danger-fg")
                        : Ui.colored(Feather.CHECK_CIRCLE, "-color-success-fg"));
            }
        });
        result.setPrefWidth(110);
        table.getColumns().setAll(List.of(
                Ui.textColumn(messages.get("network.col.target"), a -> a.target().toString(), 190),
                result,
                Ui.textColumn(messages.get("network.col.process"), a -> messages.get(a.reachedByProcess()
                        ? "network.attempt.process.through" : "network.attempt.process.blocked"), 170),
                Ui.textColumn(messages.get("network.col.detail"), Attempt::detail, 300)));
        dev.cordon.app.ui.Columns.fitToContent(table); // columns as wide as what they show

        Card card = new Card();
        card.setId("network-probe");
        card.setHeader(title);
        card.setBody(new VBox(10, explain, progress, table));
        return card;
    }

    private Node rawRules() {
        TextArea raw = new TextArea();
        raw.setId("network-raw");
        raw.setEditable(false);
        raw.setWrapText(true);
        raw.setPrefRowCount(8);
        raw.setStyle("-fx-font-family: monospace;");
        raw.textProperty().bind(Bindings.createStringBinding(() -> vm.firewallProperty().get() == null ? ""
                : vm.firewallProperty().get().state().raw(), vm.firewallProperty()));
        TitledPane pane = new TitledPane(messages.get("network.raw"), raw);
        pane.setExpanded(false);
        pane.setAnimated(false);
        return pane;
    }


    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        switches.shown();
    }

    @Override
    public void hidden() {
        switches.hidden();
    }

    @Override
    public void refresh() {
        vm.load();
    }
}
