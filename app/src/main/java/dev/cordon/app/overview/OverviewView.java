package dev.cordon.app.overview;

import atlantafx.base.controls.Card;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.NetworkPill;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import dev.cordon.app.overview.HealthCard.Area;
import dev.cordon.app.overview.HealthCard.Health;
import dev.cordon.app.overview.OverviewViewModel.Phase;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/** Health at a glance in cards, and the Set up / Repair action with its plan preview and progress. */
public final class OverviewView implements PageView {
    private static final int COLUMNS = 3;
    private final ObservableStringValue onlineSessions;
    private final OverviewViewModel vm;
    private final Messages messages;
    private final ScrollPane root;
    /** Three equal columns; each row as tall as its tallest card. */
    private final GridPane cards = new GridPane();
    private final StackPane hostCard = new StackPane();

    /** {@code onlineSessions}: "1 online" while sessions are online, shown as a pill on the Sessions card. */
    public OverviewView(OverviewViewModel vm, Messages messages, ObservableStringValue onlineSessions) {
        this.vm = vm;
        this.messages = messages;
        this.onlineSessions = onlineSessions;

        Button refresh = Ui.refreshButton(messages, "overview.refresh.tooltip");
        refresh.setId("overview-refresh");
        refresh.disableProperty().bind(vm.busyProperty());
        refresh.setOnAction(e -> vm.refresh());

        Button setup = Ui.button("", Feather.TOOL);
        setup.setId("overview-setup");
        setup.getStyleClass().add(Styles.ACCENT);
        setup.textProperty().bind(Bindings.createStringBinding(() -> "_" + vm.setupLabelProperty().get(),
                vm.setupLabelProperty()));
        setup.disableProperty().bind(vm.setupDisabledProperty());
        setup.setTooltip(Ui.tooltip(messages.get(vm.elevated() ? "overview.setup.tooltip" : "readonly.disabled")));
        setup.setOnAction(e -> vm.planSetup());

        HBox header = new HBox(Ui.GAP, Ui.pageHeader(messages.get("nav.overview"), vm.summaryProperty()), new Spacer(),
                refresh, setup);
        header.setAlignment(Pos.CENTER_LEFT);

        // the host card (many checks) gets the full width below the grid
        cards.setHgap(Ui.GAP);
        cards.setVgap(Ui.GAP);
        for (int i = 0; i < COLUMNS; i++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPercentWidth(100.0 / COLUMNS);
            cards.getColumnConstraints().add(column);
        }
        vm.cards().addListener((ListChangeListener<HealthCard>) c -> renderCards());
        renderCards();

        // a machine never set up: one sentence and the button, not every check failing
        Label notSetUpText = new Label(messages.get("overview.notSetUp"));
        notSetUpText.getStyleClass().add(Styles.TITLE_4);
        notSetUpText.setWrapText(true);
        Button setUpNow = Ui.button(messages.get("overview.notSetUp.button"), Feather.TOOL);
        setUpNow.setId("overview-not-set-up-setup");
        setUpNow.getStyleClass().add(Styles.ACCENT);
        setUpNow.disableProperty().bind(vm.setupDisabledProperty());
        setUpNow.setOnAction(e -> vm.planSetup());
        VBox notSetUp = new VBox(12, notSetUpText, Ui.muted(messages.get("overview.notSetUp.text")), setUpNow);
        notSetUp.setId("overview-not-set-up");
        notSetUp.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 8; -fx-padding: 24;");
        notSetUp.visibleProperty().bind(vm.notSetUpProperty());
        notSetUp.managedProperty().bind(notSetUp.visibleProperty());
        cards.visibleProperty().bind(vm.notSetUpProperty().not());
        cards.managedProperty().bind(cards.visibleProperty());
        hostCard.visibleProperty().bind(vm.notSetUpProperty().not());
        hostCard.managedProperty().bind(hostCard.visibleProperty());
        VBox page = new VBox(Ui.GAP, header, Ui.problemBanner(vm.problemProperty(), messages),
                ToastLayer.onEachValue(messages.get("overview.outcome.title"), vm.outcomeProperty()), activity(), notSetUp,
                cards, hostCard);
        page.setPadding(new Insets(Ui.PAGE_PADDING));
        page.setId("page-overview");
        root = new ScrollPane(page);
        root.setFitToWidth(true);

        vm.phaseProperty().addListener((obs, old, phase) -> {
            if (phase == Phase.CONFIRMING) {
                // after the current pulse, so the dialog opens from a settled scene
                Platform.runLater(() -> new PlanDialog(vm, messages, root.getScene().getWindow()).show());
            }
        });
    }

    /** What is running now; setup's progress lines stay in a folded pane after it finishes, until the next run. */
    private Node activity() {
        Label what = new Label();
        what.getStyleClass().add(Styles.TEXT_BOLD);
        what.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.phaseProperty().get()) {
            case CHECKING -> messages.get("overview.phase.checking");
            case PLANNING -> messages.get("overview.phase.planning");
            case APPLYING -> messages.get("overview.phase.applying");
            default -> "";
        }, vm.phaseProperty()));
        ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.setMaxWidth(Double.MAX_VALUE);
        VBox running = new VBox(6, what, bar);
        running.visibleProperty().bind(vm.busyProperty());
        running.managedProperty().bind(running.visibleProperty());

        ListView<String> lines = new ListView<>(vm.progress());
        lines.setId("overview-progress");
        lines.setPrefHeight(180);
        lines.getStyleClass().add(Styles.DENSE);
        TitledPane log = new TitledPane();
        log.setId("overview-setup-log");
        log.textProperty().bind(Bindings.createStringBinding(() -> messages.get("overview.phase.lastSetup",
                vm.progress().size()), vm.progress()));
        log.setContent(lines);
        log.setAnimated(false);
        log.visibleProperty().bind(Bindings.isNotEmpty(vm.progress()));
        log.managedProperty().bind(log.visibleProperty());
        vm.phaseProperty().addListener((obs, old, phase) -> log.setExpanded(phase == Phase.APPLYING));
        return new VBox(Ui.GAP, running, log);
    }

    private void renderCards() {
        cards.getChildren().clear();
        List<HealthCard> grid = vm.cards().stream().filter(c -> c.area() != Area.HOST).toList();
        for (int i = 0; i < grid.size(); i++) {
            Node card = card(grid.get(i));
            GridPane.setFillHeight(card, true);
            cards.add(card, i % COLUMNS, i / COLUMNS);
        }
        hostCard.getChildren().setAll(vm.cards().stream().filter(c -> c.area() == Area.HOST).map(this::card).toList());
        if (vm.cards().isEmpty()) {
            Label waiting = new Label(messages.get("overview.cards.waiting"));
            waiting.getStyleClass().add(Styles.TEXT_MUTED);
            cards.add(waiting, 0, 0, COLUMNS, 1);
        }
    }

    private Node card(HealthCard model) {
        FontIcon areaIcon = Ui.icon(icon(model.area()));
        areaIcon.setIconSize(20);
        Label title = new Label(messages.get("overview.card." + model.area().name().toLowerCase()), areaIcon);
        title.getStyleClass().add(Styles.TITLE_4);
        FontIcon healthIcon = healthIcon(model.health());
        healthIcon.setIconSize(20);
        HBox header = new HBox(8, title, new Spacer(), healthIcon);
        if (model.area() == Area.SESSIONS) {
            header.getChildren().add(2, NetworkPill.badge(onlineSessions));
        }
        header.setAlignment(Pos.CENTER_LEFT);

        Label headline = new Label(model.headline());
        headline.setWrapText(true);
        headline.setMinHeight(Region.USE_PREF_SIZE);
        headline.getStyleClass().add(Styles.TEXT_BOLD);

        List<Label> lines = new java.util.ArrayList<>();
        for (HealthCard.Line line : model.lines()) {
            Label l = new Label(line.label(), model.health() == Health.NOT_YET ? null : Ui.statusIcon(line.status()));
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.getStyleClass().add(Styles.TEXT_SMALL);
            if (model.health() == Health.NOT_YET) {
                l.getStyleClass().add(Styles.TEXT_MUTED);
            }
            if (!line.detail().isEmpty()) {
                l.setTooltip(Ui.tooltip(line.detail()));
            }
            lines.add(l);
        }
        Pane body = model.area() == Area.HOST ? twoColumns(lines) : new VBox(6);
        if (model.area() != Area.HOST) {
            body.getChildren().addAll(lines);
        }

        Card card = new Card();
        card.setId("card-" + model.area().name().toLowerCase());
        card.setHeader(header);
        card.setSubHeader(headline);
        card.setBody(body);
        if (model.area() == Area.FIREWALL) {
            Label probe = new Label();
            probe.textProperty().bind(vm.lastProbeProperty());
            probe.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            probe.setGraphic(Ui.icon(Feather.CLOCK));
            card.setFooter(probe);
        }
        card.setMaxHeight(Double.MAX_VALUE);  // cards of a row share its height
        card.setAccessibleText(title.getText() + ": " + model.headline());
        // a card is a way in: a click (or Enter on the focused card) opens the page behind it
        dev.cordon.app.ui.Destination to = OverviewViewModel.destinationOf(model.area());
        card.setCursor(javafx.scene.Cursor.HAND);
        card.setFocusTraversable(true);
        Tooltip.install(card, Ui.tooltip(messages.get(to.buttonKey())));
        card.setOnMouseClicked(e -> card.fireEvent(new dev.cordon.app.ui.FixEvent(to)));
        card.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                card.fireEvent(new dev.cordon.app.ui.FixEvent(to));
            }
        });
        return card;
    }

    /**
     * The host card's many lines in two halves side by side, each wrapping within its half: however many checks the
     * doctor has, the card never grows wider than the page.
     */
    private static Pane twoColumns(List<Label> lines) {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            grid.getColumnConstraints().add(half);
        }
        int rows = (lines.size() + 1) / 2;
        for (int i = 0; i < lines.size(); i++) {
            lines.get(i).setMinWidth(0);
            grid.add(lines.get(i), i / rows, i % rows);
        }
        return grid;
    }

    private static Ikon icon(Area area) {
        return switch (area) {
            case ACCOUNTS -> Feather.USERS;
            case CREDENTIALS -> Feather.KEY;
            case FIREWALL -> Feather.SHIELD;
            case LEFTOVERS -> Feather.ARCHIVE;
            case SESSIONS -> Feather.TERMINAL;
            case HOST -> Feather.SERVER;
        };
    }

    private static FontIcon healthIcon(Health health) {
        return switch (health) {
            case GOOD -> Ui.colored(Feather.CHECK_CIRCLE, "-color-success-fg");
            case BAD -> Ui.colored(Feather.X_CIRCLE, "-color-danger-fg");
            case UNKNOWN -> Ui.colored(Feather.HELP_CIRCLE, "-color-warning-fg");
            case NOT_YET -> Ui.colored(Feather.MINUS_CIRCLE, "-color-fg-subtle");
        };
    }

    @Override
    public Node node() {
        return root;
    }

    /** Run setup… from a Fix elsewhere: setup's plan, shown before anything changes. */
    @Override
    public void go(dev.cordon.app.ui.Destination destination) {
        if (destination == dev.cordon.app.ui.Destination.SETUP) {
            vm.planSetup();
        }
    }

    @Override
    public void refresh() {
        vm.refresh();
    }
}
