package dev.cordon.app;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.cordon.app.elevation.ElevationBanner;
import dev.cordon.app.ui.Messages;
import dev.cordon.app.ui.PageView;
import dev.cordon.app.ui.Problem;
import dev.cordon.app.ui.NetworkPill;
import dev.cordon.app.ui.ToastLayer;
import dev.cordon.app.ui.Ui;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The window's content: header (title, instance, theme), read-only banner when not elevated, sidebar with one entry
 * per page (Ctrl+1…8), the selected page, and the status bar. Pages are built on first selection, and told when
 * they are shown and hidden ({@link PageView}). The first page is built into the window's first frame, but it loads
 * its data (the Overview: the doctor) and is told it is shown only after that frame: nothing slow comes before the
 * window is on the screen, and the page shows its own progress (issue 13 part 4).
 */
public final class MainView {
    private final Messages messages;
    private final Function<Page, PageView> pageFactory;
    private final Map<Page, PageView> pages = new EnumMap<>(Page.class);
    /** The pages whose {@link PageView#load} ran. */
    private final java.util.Set<Page> loaded = java.util.EnumSet.noneOf(Page.class);
    /** The window has drawn its first frame (or this view was never attached): pages are loaded and told they are shown. */
    private boolean framed = true;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final ToastLayer toasts;
    private final Map<Page, javafx.beans.value.ObservableStringValue> badges = new EnumMap<>(Page.class);
    private final ListView<Page> sidebar = new ListView<>();
    private final ObjectProperty<Problem> problem = new SimpleObjectProperty<>();
    private final Button themeToggle;
    private boolean dark;
    /** The window was hidden while a page was shown: that page was told it is hidden. */
    private boolean hiddenWithWindow;

    public MainView(Messages messages, StatusInfo status, Stage stage, Function<Page, PageView> pageFactory) {
        this(messages, status, stage, pageFactory, java.util.Optional.empty());
    }

    /** {@code runas}: the platform's own elevation prompt for the read-only banner's relaunch (Windows: UAC). */
    public MainView(Messages messages, StatusInfo status, Stage stage, Function<Page, PageView> pageFactory,
                    java.util.Optional<dev.cordon.platform.ElevatedRelauncher> runas) {
        this.messages = messages;
        this.pageFactory = pageFactory;
        this.toasts = new ToastLayer(messages.get("toast.close"));

        themeToggle = Ui.iconButton(Feather.MOON, messages.get("theme.toDark"));
        themeToggle.setId("theme-toggle");
        themeToggle.setOnAction(e -> toggleTheme());

        Label app = new Label(messages.get("app.name"));
        app.getStyleClass().add(Styles.TITLE_3);
        FontIcon logo = Ui.colored(Feather.SHIELD, "-color-accent-fg");
        logo.setIconSize(22);
        Label instance = new Label(messages.get("header.instance", status.instance()));
        instance.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(10, logo, app, instance, new Spacer(), themeToggle);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(10, 16, 10, 16));
        header.setStyle("-fx-border-color: -color-border-default; -fx-border-width: 0 0 1 0;");

        VBox top = new VBox(header);
        if (!status.elevated()) {
            top.getChildren().add(ElevationBanner.create(messages, status.user(), status.instanceName(), stage,
                    problem::set, runas));
        }
        Node problemBanner = Ui.problemBanner(problem, messages);
        VBox.setMargin(problemBanner, new Insets(8, 16, 0, 16));
        top.getChildren().add(problemBanner);

        sidebar.setId("sidebar");
        sidebar.getItems().setAll(Page.values());
        sidebar.setCellFactory(lv -> new PageCell());
        sidebar.setPrefWidth(250);
        sidebar.getStyleClass().add(Styles.DENSE);
        sidebar.setAccessibleText(messages.get("nav.accessible"));
        // keyboard focus on the navigation is visible: a ring around the list, and the focused entry outlined
        sidebar.focusedProperty().addListener((obs, was, focused) -> {
            sidebar.setStyle(focused ? FOCUS_RING : "");
            sidebar.refresh();
        });
        sidebar.getSelectionModel().selectedItemProperty().addListener((obs, old, page) -> {
            if (old != null && framed && pages.containsKey(old)) {
                pages.get(old).hidden();
            }
            if (page != null) {
                show(page);
            }
        });
        // the shown page leaves the screen with the window (and comes back with it), while this view is its content
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            if (inWindow(stage) && framed && current() != null && !hiddenWithWindow) {
                hiddenWithWindow = true;
                current().hidden();
            }
        });
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
            if (inWindow(stage) && current() != null && hiddenWithWindow) {
                hiddenWithWindow = false;
                current().shown();
            }
        });

        // a Fix button anywhere in the window takes the user to its page
        root.addEventHandler(dev.cordon.app.ui.FixEvent.GO, e -> go(e.destination()));
        root.setTop(top);
        root.setLeft(sidebar);
        root.setCenter(new StackPane(content, toasts.node()));
        root.setBottom(statusBar(status));
    }

    /** Installs the keyboard shortcuts and selects the first page, which loads once the window has drawn a frame. */
    public void attach(Scene scene) {
        Page[] all = Page.values();
        for (int i = 0; i < all.length && i < 9; i++) {
            Page page = all[i];
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> select(page));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> current().refresh());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), this::toggleTheme);
        framed = false;
        select(Page.OVERVIEW);
        afterFirstFrame(() -> {
            framed = true;
            Page page = sidebar.getSelectionModel().getSelectedItem();
            if (page != null) {
                visit(page, pages.get(page));
            }
        });
    }

    /**
     * Runs {@code then} on the FX thread at the second pulse from now: the first one lays out and renders the window's
     * first frame (a pulse waits for the frame before it to be rendered).
     */
    private static void afterFirstFrame(Runnable then) {
        new javafx.animation.AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses == 2) {
                    stop();
                    then.run();
                }
            }
        }.start();
    }

    /** Goes where a Fix points: its page, told what to do there (Run setup… opens setup's plan). */
    public void go(dev.cordon.app.ui.Destination destination) {
        Page page = switch (destination) {
            case SETUP, OVERVIEW -> Page.OVERVIEW;
            case DOCTOR -> Page.DOCTOR;
            case LEFTOVERS -> Page.LEFTOVERS;
            case SESSIONS -> Page.SESSIONS;
            case SECRETS -> Page.ACCOUNTS;
            case PROCESSES -> Page.PROCESSES;
            case NETWORK -> Page.NETWORK;
            case AUDIT -> Page.AUDIT;
        };
        select(page);
        current().go(destination);
    }

    public void select(Page page) {
        sidebar.getSelectionModel().select(page);
    }

    public Parent root() {
        return root;
    }

    /** A pill beside {@code page}'s name in the navigation list, shown while {@code text} is not blank. */
    public void badge(Page page, javafx.beans.value.ObservableStringValue text) {
        badges.put(page, text);
        sidebar.refresh();
    }

    /** The window's transient notifications. */
    public ToastLayer toasts() {
        return toasts;
    }

    /** This view is the window's content (a stage may be given another scene later: then its events are not ours). */
    private boolean inWindow(Stage stage) {
        return stage.getScene() != null && stage.getScene().getRoot() == root;
    }

    private PageView current() {
        return pages.get(sidebar.getSelectionModel().getSelectedItem());
    }

    private void show(Page page) {
        PageView view = pages.computeIfAbsent(page, pageFactory);
        content.getChildren().setAll(view.node());
        if (framed) {
            visit(page, view);
        }
    }

    private void visit(Page page, PageView view) {
        if (loaded.add(page)) {
            view.load(); // a page loads its data when first shown, not when the window opens
        }
        view.shown();
    }

    private void toggleTheme() {
        dark = !dark;
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheetBSS()
                : new PrimerLight().getUserAgentStylesheetBSS());
        String description = messages.get(dark ? "theme.toLight" : "theme.toDark");
        ((FontIcon) themeToggle.getGraphic()).setIconCode(dark ? Feather.SUN : Feather.MOON);
        themeToggle.setAccessibleText(description);
        themeToggle.getTooltip().setText(description);
    }

    private Node statusBar(StatusInfo status) {
        Label platform = new Label(messages.get("status.platform", status.platform()), Ui.icon(Feather.MONITOR));
        Label elevation = status.elevated()
                ? new Label(messages.get("status.elevated", status.elevationName()), Ui.colored(Feather.UNLOCK, "-color-success-fg"))
                : new Label(messages.get("status.readonly"), Ui.colored(Feather.LOCK, "-color-warning-fg"));
        elevation.setId("status-elevation");
        Label version = new Label(messages.get("status.version", status.version()), Ui.icon(Feather.PACKAGE));
        Label instance = new Label(messages.get("status.instance", status.instance()), Ui.icon(Feather.LAYERS));
        HBox bar = new HBox(12, platform, separator(), elevation, separator(), instance, new Spacer(), version);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 16, 4, 16));
        bar.getStyleClass().addAll(Styles.TEXT_SMALL);
        bar.setStyle("-fx-border-color: -color-border-default; -fx-border-width: 1 0 0 0; -fx-background-color: -color-bg-subtle;");
        bar.getChildren().forEach(n -> n.getStyleClass().add(Styles.TEXT_SMALL));
        return bar;
    }

    private static Separator separator() {
        return new Separator(Orientation.VERTICAL);
    }

    static final String FOCUS_RING = "-fx-border-color: -color-accent-emphasis; -fx-border-width: 2; -fx-border-radius: 4;";

    /** Icon and name with its shortcut in the tooltip; the entry with keyboard focus is outlined while the list has it. */
    private final class PageCell extends ListCell<Page> {
        PageCell() {
            setPrefWidth(0);  // as wide as the list, no horizontal scrolling
            focusedProperty().addListener((obs, was, f) -> outline());
        }

        private void outline() {
            setStyle(isFocused() && getListView() != null && getListView().isFocused() && getItem() != null
                    ? "-fx-border-color: -color-accent-fg; -fx-border-width: 1; -fx-border-radius: 3;" : "");
        }

        @Override
        protected void updateItem(Page page, boolean empty) {
            super.updateItem(page, empty);
            if (empty || page == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                setStyle("");
                return;
            }
            Label name = new Label(messages.get(page.titleKey()), Ui.icon(page.icon()));
            HBox row = new HBox(8, name);
            if (badges.containsKey(page)) {
                row.getChildren().addAll(new Spacer(), NetworkPill.badge(badges.get(page)));
            }
            row.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(row);
            setAccessibleText(name.getText());
            setTooltip(Ui.tooltip(messages.get("nav.shortcut", name.getText(), page.ordinal() + 1)));
            outline();
        }
    }
}
