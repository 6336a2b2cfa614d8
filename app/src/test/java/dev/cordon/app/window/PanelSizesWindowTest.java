package dev.cordon.app.window;

import dev.cordon.app.Page;
import dev.cordon.session.SessionInfo;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.cordon.app.window.PanelWindow.fx;
import static dev.cordon.app.window.PanelWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page at the smallest and a large window size (1024×700 and 1920×1080), on the real backend with a live session:
 * every button the user can see lies inside the window, or inside a scroll pane that can bring it into view.
 */
class PanelSizesWindowTest extends WindowTestBase {
    private static final List<String> PAGES = List.of("overview", "accounts", "network", "leftovers", "processes",
            "sessions", "doctor", "audit");
    private static Stage stage;
    private final SessionsPage page = new SessionsPage(this);
    /** Pictures of every page at the smallest size, to look at; not the documentation's screenshots. */
    private final Screenshots screenshots = new Screenshots(Path.of("target", "screenshots", "sizes"));

    @BeforeAll
    static void open() throws Exception {
        window = PanelWindow.openWithWorkspace();
        stage = window.stage();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyButtonIsReachableAtBothSizes() throws Exception {
        TableView<SessionInfo> sessions = page.start(window.workspace());

        List<String> outside = new ArrayList<>();
        double[] before = fx(() -> new double[] {stage.getWidth(), stage.getHeight()});
        try {
            visitEveryPage(outside);
        } finally {
            // the primary stage is shared by the window test classes: leave it as found (a 1920 px window on the
            // 1280 px Xvfb screen puts later tests' buttons where the robot cannot click)
            fx(() -> {
                stage.setWidth(before[0]);
                stage.setHeight(before[1]);
                return null;
            });
        }
        assertThat(outside).as("buttons outside the window that no scroll pane can bring into view").isEmpty();
    }

    private void visitEveryPage(List<String> outside) throws Exception {
        for (int[] size : new int[][] {{1024, 700}, {1920, 1080}}) {
            fx(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                return null;
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(fx(() -> new int[] {(int) stage.getScene().getWidth(), (int) stage.getScene().getHeight()}))
                    .as("the scene takes the window's size (no window manager under Xvfb)").containsExactly(size);
            for (String page : PAGES) {
                go(Page.valueOf(page.toUpperCase(Locale.ROOT)));
                waitFor(20, () -> robot.lookup("#page-" + page).tryQuery().map(n -> fx(n::isVisible)).orElse(false));
                WaitForAsyncUtils.waitForFxEvents();
                Thread.sleep(300); // a page's first load may still lay out
                WaitForAsyncUtils.waitForFxEvents();
                outside.addAll(fx(() -> unreachableButtons(page, size)));
                if (size[0] == 1024) {
                    fx(() -> screenshots.take(stage.getScene(), "1024x700-" + page));
                }
            }
        }
    }

    /** Visible buttons whose bounds leave the scene, unless a scroll pane holds them. */
    private static List<String> unreachableButtons(String page, int[] size) {
        var scene = stage.getScene();
        List<String> out = new ArrayList<>();
        for (Node n : all(scene.getRoot())) {
            // a page that fits its width must not need a sideways scroll bar (its right-hand buttons would be off)
            if (n instanceof ScrollPane sp && sp.isFitToWidth() && showing(sp) && sp.getContent() != null
                    && sp.getContent().getLayoutBounds().getWidth() > sp.getViewportBounds().getWidth() + 1) {
                out.add(size[0] + "x" + size[1] + " " + page + ": content " + Math.round(sp.getContent()
                        .getLayoutBounds().getWidth()) + " px wide in a " + Math.round(sp.getViewportBounds().getWidth())
                        + " px scroll pane");
            }
            if (!(n instanceof ButtonBase b) || !showing(b) || insideScrollPane(b)) {
                continue;
            }
            Bounds bounds = b.localToScene(b.getBoundsInLocal());
            if (bounds.getMaxX() > scene.getWidth() + 0.5 || bounds.getMaxY() > scene.getHeight() + 0.5
                    || bounds.getMinX() < -0.5 || bounds.getMinY() < -0.5) {
                out.add(size[0] + "x" + size[1] + " " + page + ": " + describe(b) + " at " + Math.round(bounds.getMinX())
                        + "," + Math.round(bounds.getMinY()) + "-" + Math.round(bounds.getMaxX()) + ","
                        + Math.round(bounds.getMaxY()) + " in a " + Math.round(scene.getWidth()) + "x"
                        + Math.round(scene.getHeight()) + " scene");
            }
        }
        return out;
    }

    private static String describe(ButtonBase b) {
        return (b.getId() != null ? "#" + b.getId() : b.getClass().getSimpleName())
                + (b.getText() == null || b.getText().isBlank() ? "" : " '" + b.getText() + "'");
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static boolean insideScrollPane(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane || p.getStyleClass().contains("virtual-flow")) {
                return true;
            }
        }
        return false;
    }

    private static List<Node> all(Parent root) {
        List<Node> out = new ArrayList<>();
        for (Node child : root.getChildrenUnmodifiable()) {
            out.add(child);
            if (child instanceof Parent p) {
                out.addAll(all(p));
            }
        }
        return out;
    }
}
