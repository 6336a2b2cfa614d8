package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.app.ui.Messages;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.cordon.app.window.PanelWindow.fx;

/**
 * What every window test shares: the {@link PanelWindow} of the class (opened by the subclass, closed here after its
 * tests, even when they failed) and lookups that cannot meet a node the FX thread is taking away.
 *
 * <p>TestFX's own lookups ({@code robot.lookup}, {@code clickOn(String)}) walk every window's scene graph from the test
 * thread while the FX thread changes it, and match by text also inside hidden tooltips: a node removed meanwhile has no
 * scene, and TestFX's visibility check throws (NullPointerException in {@code NodeQueryUtils}). Here every lookup runs on
 * the FX thread, from the main window's root ({@link #node}) or from the root of a showing window ({@link #onScreen}),
 * a click goes to a point computed there, and pages are opened through the sidebar's selection model ({@link #go}).
 */
abstract class WindowTestBase {
    static final Messages MESSAGES = Messages.load(Locale.ROOT);
    /** The class's window; a subclass opens it (in {@code @BeforeAll} or {@code @BeforeEach}). */
    static PanelWindow window;
    final FxRobot robot = new FxRobot();

    @AfterAll
    static void closeWindow() throws Exception {
        PanelWindow w = window;
        window = null;
        if (w != null) {
            w.close();
        }
    }

    static Stage stage() {
        return window.stage();
    }

    /** The main window's root. */
    static Parent root() {
        return fx(() -> window.stage().getScene().getRoot());
    }

    /** Opens {@code page} as the sidebar would, and waits until it is the one shown. */
    void go(Page page) throws Exception {
        fx(() -> {
            @SuppressWarnings("unchecked")
            ListView<Page> sidebar = (ListView<Page>) window.stage().getScene().getRoot().lookup("#sidebar");
            sidebar.getSelectionModel().select(page);
            return null;
        });
        PanelWindow.waitFor(20, () -> find("#page-" + page.id()).isPresent());
    }

    /** The first node of the main window matching the CSS {@code query}; fails when there is none. */
    <T extends Node> T node(String query) {
        return this.<T>find(query).orElseThrow(() -> new AssertionError("nothing matches " + query));
    }

    /** The first node of the main window matching {@code query}, looked up on the FX thread. */
    @SuppressWarnings("unchecked")
    <T extends Node> Optional<T> find(String query) {
        return fx(() -> robot.from(window.stage().getScene().getRoot()).lookup(query).tryQuery().map(n -> (T) n));
    }

    /** The nodes matching {@code query} that are on screen now, in any showing window (dialogs too). */
    List<Node> onScreen(String query) {
        return fx(() -> showingRoots().flatMap(r -> robot.from(r).lookup(query).queryAll().stream())
                .filter(WindowTestBase::isOnScreen).toList());
    }

    /** Whether a node matching {@code query} is on screen: in a showing window, itself and every parent visible. */
    boolean visible(String query) {
        return !onScreen(query).isEmpty();
    }

    /**
     * Clicks the first on-screen node matching {@code query} (any showing window), at its centre as laid out now: a
     * field set just before may have shown or hidden an error label and moved the node, which the next pulse would lay
     * out only after the point was taken.
     */
    void click(String query) {
        WaitForAsyncUtils.waitForFxEvents();
        Point2D centre = fx(() -> {
            showingRoots().forEach(r -> {
                r.applyCss();
                r.layout();
            });
            Node n = showingRoots().flatMap(r -> robot.from(r).lookup(query).queryAll().stream())
                    .filter(WindowTestBase::isOnScreen).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing on screen matches " + query));
            Bounds b = n.localToScreen(n.getBoundsInLocal());
            return new Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
        });
        robot.clickOn(centre);
    }

    /** The text of the first node of the main window matching {@code query} (a label, a button, a text field). */
    String text(String query) {
        return fx(() -> {
            Node n = robot.from(window.stage().getScene().getRoot()).lookup(query).query();
            return n instanceof Labeled l ? l.getText() : ((TextInputControl) n).getText();
        });
    }

    /**
     * Sets the text of a field of the main window, on the FX thread, once it is there: a page just opened may not have
     * its controls' skins yet, and a field inside one is not in the scene graph until they are (CI on ea856e6 found no
     * {@code #sessions-workspace} right after the Sessions page showed).
     */
    void set(String query, String value) throws Exception {
        PanelWindow.waitFor(20, () -> find(query).isPresent());
        fx(() -> {
            ((TextInputControl) robot.from(window.stage().getScene().getRoot()).lookup(query).query()).setText(value);
            return null;
        });
    }

    /** The problem banners on screen, as their text says them (title, message, fix), for failure messages. */
    List<String> problemsShown() {
        return fx(() -> onScreen("#problem-banner").stream()
                .flatMap(b -> ((Parent) b).lookupAll("*").stream())
                .filter(n -> n instanceof atlantafx.base.controls.Message)
                .map(n -> ((atlantafx.base.controls.Message) n).getTitle() + ": "
                        + ((atlantafx.base.controls.Message) n).getDescription())
                .toList());
    }

    private static Stream<Parent> showingRoots() {
        return Window.getWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .filter(java.util.Objects::nonNull).map(Scene::getRoot).filter(java.util.Objects::nonNull);
    }

    static boolean isOnScreen(Node n) {
        Scene scene = n.getScene();
        if (scene == null || scene.getWindow() == null || !scene.getWindow().isShowing()) {
            return false;
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
